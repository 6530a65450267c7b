"""The office's Excel workbook of summary tables (xlsxwriter).

One sheet per body ("Đoàn ĐBQH", "HĐND") plus both together ("Cả hai"), columns
Chỉ tiêu | Đơn vị | <years…> | Chênh lệch | % thay đổi | Câu trong báo cáo, in
report order. Numbers are written as numbers (not text) so the office can
add them up; text is written with ``write_string`` so a label starting with
= + - @ is never run as a formula.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.views import SHORT_BODY_LABELS_VI, wide_frame

SHEETS = (("doan-dbqh", "Đoàn ĐBQH"), ("hdnd", "HĐND"), ("all", "Cả hai"))

# Excel stores number formats in the en-US notation: "#,##0" means "group thousands".
# A Vietnamese-locale Excel (or LibreOffice) *displays* it with its own separators,
# i.e. 3.372 — the "#.##0" the office asks for. Writing "#.##0" literally would be
# read as "no thousands separator, no decimals" and show 3372.
COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0.0%"


def workbook_tables(indicators: pd.DataFrame, years: list[int]) -> dict[str, pd.DataFrame]:
    """Sheet name → wide table (numbers) for each body with data, in report order."""
    tables = {}
    for body, sheet in SHEETS:
        rows = indicators[indicators["body"] == body]
        if rows.empty:
            continue
        present = [y for y in years if y in set(rows["year"])]
        if not present:
            continue
        tables[sheet] = wide_frame(rows, years, body)
    return tables


def write_workbook(indicators: pd.DataFrame, path: str | Path, years: list[int] | None = None,
                   notes: dict[str, str] | None = None) -> Path:
    """Write the workbook; returns its path. ``notes`` (label → text) fill a 'Thông tin' sheet."""
    import xlsxwriter

    years = sorted(int(y) for y in (years or indicators["year"].unique()))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    header = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True,
                              "valign": "vcenter", "align": "center", "font_name": "Times New Roman"})
    text = book.add_format({"text_wrap": True, "valign": "top", "font_name": "Times New Roman"})
    count = book.add_format({"num_format": COUNT_FORMAT, "valign": "top", "font_name": "Times New Roman"})
    decimal = book.add_format({"num_format": DECIMAL_FORMAT, "valign": "top", "font_name": "Times New Roman"})
    percent = book.add_format({"num_format": PERCENT_FORMAT, "valign": "top", "font_name": "Times New Roman"})
    up = book.add_format({"font_color": "#1A7F37"})
    down = book.add_format({"font_color": "#C62828"})
    title = book.add_format({"bold": True, "font_size": 13, "font_name": "Times New Roman"})

    for sheet_name, wide in workbook_tables(indicators, years).items():
        sheet = book.add_worksheet(sheet_name)
        columns = ["Chỉ tiêu", "Đơn vị", *[str(y) for y in years]]
        if len(years) >= 2:
            columns += [f"Chênh lệch {years[-1]}/{years[-2]}", "% thay đổi"]
        columns += ["Câu trong báo cáo"]
        for c, name in enumerate(columns):
            sheet.write_string(0, c, name, header)
        for r, row in enumerate(wide.itertuples(index=False), start=1):
            values = dict(zip(wide.columns, row))
            unit = values["unit_vi"]
            sheet.write_string(r, 0, str(values["label_vi"]), text)
            sheet.write_string(r, 1, str(unit), text)
            c = 2
            numbers = [*years] + (["chênh lệch"] if len(years) >= 2 else [])
            for key in numbers:
                value = values[key]
                if pd.isna(value):
                    sheet.write_blank(r, c, None, text)
                else:
                    fmt = percent if unit == "%" else (count if float(value).is_integer() else decimal)
                    sheet.write_number(r, c, float(value), fmt)
                c += 1
            if len(years) >= 2:
                pct = values["% thay đổi"]
                if pd.isna(pct) or unit == "%":
                    sheet.write_blank(r, c, None, text)
                else:
                    sheet.write_number(r, c, float(pct), percent)
                c += 1
            sheet.write_string(r, c, str(values["sentence_vi"] or ""), text)
        last_row = len(wide)
        if len(years) >= 2 and last_row:
            first_delta = 2 + len(years)
            for col in (first_delta, first_delta + 1):
                sheet.conditional_format(1, col, last_row, col, {"type": "cell", "criteria": ">", "value": 0, "format": up})
                sheet.conditional_format(1, col, last_row, col, {"type": "cell", "criteria": "<", "value": 0, "format": down})
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(last_row, 1), len(columns) - 1)
        sheet.set_row(0, 32)
        sheet.set_column(0, 0, 52)
        sheet.set_column(1, 1, 16)
        sheet.set_column(2, len(columns) - 2, 12)
        sheet.set_column(len(columns) - 1, len(columns) - 1, 70)

    info = book.add_worksheet("Thông tin")
    info.write_string(0, 0, "Số liệu báo cáo Văn phòng Đoàn ĐBQH và HĐND tỉnh", title)
    lines = {"Các năm": ", ".join(map(str, years)),
             "Các sheet": "; ".join(f"{s}: {SHORT_BODY_LABELS_VI[b]}" for b, s in SHEETS), **(notes or {})}
    for r, (label, value) in enumerate(lines.items(), start=2):
        info.write_string(r, 0, str(label), text)
        info.write_string(r, 1, str(value), text)
    info.set_column(0, 0, 28)
    info.set_column(1, 1, 100)
    book.close()
    return path
