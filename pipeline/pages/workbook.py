"""The office's Excel workbook (xlsxwriter), set up to print on A4.

Sheets, each with a title row, a header repeated on every printed page, A4
landscape fitted to the page width, widths and row heights that fit their
wrapped text, the header frozen and filterable:

- «Ba bộ phận»: page 01's table — indicators in report order × Đoàn ĐBQH / HĐND /
  Cả hai for the latest year and its base year with the difference, and a note
  where Cả hai is not the sum of the two bodies;
- «Đoàn ĐBQH», «HĐND», «Cả hai»: page 02's tables — the years side by side, the
  difference and % change of every consecutive pair (and of the base year), and
  the report's sentence;
- «Thông tin»: the export's details.

Numbers are written as numbers (not text) so the office can add them up, with
number formats that print them in the house style: counts ``#,##0``, shares
``0.0%``, differences signed, a share's change in "điểm %". Text is written with
``write_string`` so a label starting with = + - @ is never run as a formula.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from pipeline.bodies import BODY_ORDER, BODY_TINTS, SHORT_BODY_LABELS_VI
from pipeline.figures.compare import comparison_pairs, delta_column, pct_column
from pipeline.pages.views import (
    body_label,
    year_frame,
    years_frame,
)
from pipeline.specs.periods import part_of_year, when
from pipeline.vi.formatting import MINUS, POINTS_UNIT, difference_label, is_share

SHEET_BODIES = "Ba bộ phận"
SHEETS = tuple((body, SHORT_BODY_LABELS_VI[body]) for body in BODY_ORDER)
FONT = "Times New Roman"

# Excel stores number formats in the en-US notation: "#,##0" means "group thousands".
# A Vietnamese-locale Excel (or LibreOffice) *displays* it with its own separators,
# i.e. 3.372 — the "#.##0" the office asks for. Writing "#.##0" literally would be
# read as "no thousands separator, no decimals" and show 3372.
COUNT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0.0%"
DELTA_FORMAT = f'+#,##0;"{MINUS}"#,##0;0'
CHANGE_FORMAT = f'+0.0%;"{MINUS}"0.0%;0.0%'
POINTS_FORMAT = f'+0.0" {POINTS_UNIT}";"{MINUS}"0.0" {POINTS_UNIT}";0.0" {POINTS_UNIT}"'

WIDTHS = {"label": 40, "unit": 13, "number": 11, "delta": 12, "sentence": 46, "note": 34}
LINE_HEIGHT = 15.0  # points per line of 11-pt Times New Roman


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of ``width`` (Excel character units) needs for ``text``."""
    per_line = max(1.0, width * 1.3 - 2)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


class _Sheet:
    """One worksheet: formats, page setup, and row heights that fit the wrapped cells."""

    def __init__(self, book, name: str, formats: dict, widths: list[float]):
        self.sheet, self.f, self.widths = book.add_worksheet(name), formats, widths
        for c, w in enumerate(widths):
            self.sheet.set_column(c, c, w)
        self.heights: dict[int, int] = {}

    def text(self, r: int, c: int, value, fmt: str = "text") -> None:
        value = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
        self.sheet.write_string(r, c, value, self.f[fmt])
        self.heights[r] = max(self.heights.get(r, 1), _lines(value, self.widths[c]) if value else 1)

    def number(self, r: int, c: int, value, fmt: str) -> None:
        if value is None or pd.isna(value):
            self.sheet.write_blank(r, c, None, self.f["text"])
        else:
            self.sheet.write_number(r, c, float(value), self.f[fmt])

    def title(self, title: str, subtitle: str, last_col: int) -> None:
        self.sheet.merge_range(0, 0, 0, last_col, title, self.f["title"])
        self.sheet.merge_range(1, 0, 1, last_col, subtitle, self.f["subtitle"])
        self.sheet.set_row(0, 22)
        self.sheet.set_row(1, LINE_HEIGHT * max(1, _lines(subtitle, sum(self.widths[: last_col + 1]))))

    def finish(self, header_first: int, header_last: int, last_row: int, last_col: int, header_title: str,
               table: bool = True) -> None:
        for r, lines in self.heights.items():
            if r > 1:
                self.sheet.set_row(r, LINE_HEIGHT * lines + 2)
        sheet = self.sheet
        if table:
            sheet.freeze_panes(header_last + 1, 1)
            sheet.autofilter(header_last, 0, max(last_row, header_last + 1), last_col)
            sheet.repeat_rows(header_first, header_last)
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)  # the width of one page, as many pages down as needed
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.center_horizontally()
        sheet.set_footer(f'&L&"{FONT}"&8{header_title}&R&"{FONT}"&8Trang &P/&N')


def _formats(book) -> dict:
    base = {"font_name": FONT, "font_size": 11, "valign": "top"}

    def fmt(**extra):
        return book.add_format({**base, **extra})

    formats = {
        "title": fmt(bold=True, font_size=14, valign="vcenter"),
        "subtitle": fmt(italic=True, font_size=10, text_wrap=True),
        "header": fmt(bold=True, bg_color="#DDE6F0", border=1, text_wrap=True, align="center", valign="vcenter"),
        "text": fmt(text_wrap=True),
        "sentence": fmt(text_wrap=True, indent=1),
        "count": fmt(num_format=COUNT_FORMAT),
        "decimal": fmt(num_format=DECIMAL_FORMAT),
        "percent": fmt(num_format=PERCENT_FORMAT),
        "delta": fmt(num_format=DELTA_FORMAT),
        "points": fmt(num_format=POINTS_FORMAT),
        "change": fmt(num_format=CHANGE_FORMAT),
    }
    for body in BODY_ORDER:
        formats[f"header:{body}"] = fmt(bold=True, bg_color=BODY_TINTS[body], border=1, text_wrap=True,
                                        align="center", valign="vcenter")
    return formats


def _value_format(value, unit: str) -> str:
    if is_share(unit):
        return "percent"
    return "count" if pd.isna(value) or float(value).is_integer() else "decimal"


def _write_delta(sheet: _Sheet, r: int, c: int, delta, unit: str) -> None:
    if is_share(unit):
        sheet.number(r, c, None if pd.isna(delta) else round(float(delta) * 100, 1), "points")
    else:
        sheet.number(r, c, delta, "delta")


def _years_sheet(book, formats, name: str, body: str, indicators: pd.DataFrame, years: list[int],
                 base_year: int | None, period=None) -> None:
    same = part_of_year(period)
    wide = years_frame(indicators, years, body, base_year, same_period=same)
    pairs = [p for p in comparison_pairs(years, base_year) if delta_column(*p) in wide.columns]
    last, base = years[-1], (base_year if base_year is not None else (years[-2] if len(years) >= 2 else None))
    columns = ["Chỉ tiêu", "Đơn vị", *map(str, years)]
    for later, earlier in pairs:
        columns += [f"Chênh lệch {difference_label(later, earlier)}", f"% thay đổi {difference_label(later, earlier)}"]
    columns.append("Câu trong báo cáo")
    widths = [WIDTHS["label"], WIDTHS["unit"], *[WIDTHS["number"]] * len(years),
              *[WIDTHS["delta"]] * (2 * len(pairs)), WIDTHS["sentence"]]
    sheet = _Sheet(book, name, formats, widths)
    title = (f"Số liệu báo cáo — {body_label(body, short=False)}, các năm {', '.join(map(str, years))}"
             + (f" ({period.label_vi})" if same else ""))
    sentence_note = (f"Câu trong báo cáo: {when(period, last)} so với {'cùng kỳ ' if same else ''}năm {base}."
                     if base else "")
    sheet.title(title, f"Chênh lệch: năm sau so với năm trước; tỷ lệ thay đổi tính bằng {POINTS_UNIT}. "
                       f"Ô trống: không có số liệu (không phải 0). {sentence_note}", len(columns) - 1)
    header = 3
    for c, col in enumerate(columns):
        sheet.text(header, c, col, "header")
    for r, row in enumerate(wide.to_dict("records"), start=header + 1):
        unit = row["unit_vi"]
        sheet.text(r, 0, row["label_vi"])
        sheet.text(r, 1, unit)
        for c, y in enumerate(years, start=2):
            sheet.number(r, c, row[y], _value_format(row[y], unit))
        c = 2 + len(years)
        for later, earlier in pairs:
            _write_delta(sheet, r, c, row[delta_column(later, earlier)], unit)
            sheet.number(r, c + 1, None if is_share(unit) else row[pct_column(later, earlier)], "change")
            c += 2
        sheet.text(r, c, row["sentence_vi"], "sentence")
    sheet.finish(header, header, header + len(wide), len(columns) - 1, title)


def _bodies_sheet(book, formats, indicators: pd.DataFrame, year: int, base_year: int | None, period=None) -> None:
    wide = year_frame(indicators, year, base_year)
    bodies = [b for b in BODY_ORDER if wide[(b, "value")].notna().any() or wide[(b, "base_value")].notna().any()]
    per_body = [str(year)] + ([str(base_year), difference_label(year, base_year)] if base_year is not None else [])
    widths = [WIDTHS["label"], WIDTHS["unit"], *[WIDTHS["number"]] * (len(per_body) * len(bodies)), WIDTHS["note"]]
    sheet = _Sheet(book, SHEET_BODIES, formats, widths)
    last_col = len(widths) - 1
    same = part_of_year(period)
    title = (f"Số liệu {when(period, year)}" + (f" so với {'cùng kỳ ' if same else ''}năm {base_year}" if base_year else "")
             + " — ba bộ phận cạnh nhau")
    sheet.title(title, "Ô trống: bộ phận không có số liệu này (không phải 0). Ghi chú: vì sao Cả hai không bằng "
                       "tổng của Đoàn ĐBQH và HĐND.", last_col)
    top, sub = 3, 4
    sheet.sheet.merge_range(top, 0, sub, 0, "Chỉ tiêu", formats["header"])
    sheet.sheet.merge_range(top, 1, sub, 1, "Đơn vị", formats["header"])
    for i, body in enumerate(bodies):
        first = 2 + i * len(per_body)
        if len(per_body) > 1:
            sheet.sheet.merge_range(top, first, top, first + len(per_body) - 1, SHORT_BODY_LABELS_VI[body],
                                    formats[f"header:{body}"])
        else:
            sheet.text(top, first, SHORT_BODY_LABELS_VI[body], f"header:{body}")
        for j, head in enumerate(per_body):
            sheet.text(sub, first + j, head, f"header:{body}")
    sheet.sheet.merge_range(top, last_col, sub, last_col, "Ghi chú", formats["header"])
    for r, (_, row) in enumerate(wide.iterrows(), start=sub + 1):
        units = [row[(b, "unit_vi")] for b in bodies if isinstance(row[(b, "unit_vi")], str)]
        unit = row[("all", "unit_vi")] if isinstance(row[("all", "unit_vi")], str) else (units[0] if units else "")
        sheet.text(r, 0, row[("label_vi", "")])
        sheet.text(r, 1, unit)
        for i, body in enumerate(bodies):
            first = 2 + i * len(per_body)
            body_unit = row[(body, "unit_vi")] if isinstance(row[(body, "unit_vi")], str) else unit
            sheet.number(r, first, row[(body, "value")], _value_format(row[(body, "value")], body_unit))
            if base_year is not None:
                sheet.number(r, first + 1, row[(body, "base_value")], _value_format(row[(body, "base_value")], body_unit))
                _write_delta(sheet, r, first + 2, row[(body, "delta")], body_unit)
        note = row[("note", "")]
        other_units = sorted({u for u in units if u != unit})
        if other_units:
            note = "; ".join(filter(None, [note, "Đơn vị riêng: " + ", ".join(
                f"{body_label(b)}: {row[(b, 'unit_vi')]}" for b in bodies if row[(b, "unit_vi")] in other_units)]))
        sheet.text(r, last_col, note, "sentence")
    sheet.finish(top, sub, sub + len(wide), last_col, title)


def workbook_tables(indicators: pd.DataFrame, years: list[int], base_year: int | None = None) -> dict[str, pd.DataFrame]:
    """Sheet name → the body's years table (numbers) for each body with data, in report order."""
    tables = {}
    for body, sheet in SHEETS:
        rows = indicators[indicators["body"] == body]
        if rows.empty or not set(years) & set(rows["year"]):
            continue
        tables[sheet] = years_frame(indicators, years, body, base_year)
    return tables


def write_workbook(indicators: pd.DataFrame, path: str | Path, years: list[int] | None = None,
                   notes: dict[str, object] | None = None, base_year: int | None = None, period=None) -> Path:
    """Write the workbook; returns its path. ``notes`` (label → text or number) fill a 'Thông tin' sheet.

    ``period`` (a :class:`pipeline.specs.periods.Period` other than the year): ``indicators`` are that
    period's figures, titles name it and sentences compare with the same period ("cùng kỳ")."""
    import xlsxwriter

    years = sorted(int(y) for y in (years or indicators["year"].unique()))
    year = years[-1]
    base = base_year if base_year is not None else (years[-2] if len(years) >= 2 else None)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    formats = _formats(book)
    _bodies_sheet(book, formats, indicators, year, base, period)
    tables = workbook_tables(indicators, years, base_year)
    for body, sheet_name in SHEETS:
        if sheet_name in tables:
            _years_sheet(book, formats, sheet_name, body, indicators, years, base_year, period)

    info = _Sheet(book, "Thông tin", formats, [28, 90])
    info.title("Số liệu báo cáo Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Thông tin về bản xuất này.", 1)
    lines = {"Các năm": ", ".join(map(str, years)),
             **({"Kỳ báo cáo": f"{period.label_vi} ({period.id})"} if part_of_year(period) else {}),
             "Các sheet": "; ".join([f"{SHEET_BODIES}: {when(period, year)}" + (f" so với {base}" if base else ""),
                                     *[f"{s}: {SHORT_BODY_LABELS_VI[b]} qua các năm" for b, s in SHEETS if s in tables]]),
             **(notes or {})}
    for r, (label, value) in enumerate(lines.items(), start=3):
        info.text(r, 0, label)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            info.number(r, 1, value, "count" if float(value).is_integer() else "decimal")
        else:
            info.text(r, 1, value)
    info.finish(2, 2, 3 + len(lines), 1, "Thông tin", table=False)
    book.close()
    return path
