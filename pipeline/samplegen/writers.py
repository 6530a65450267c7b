"""RENDER layer, part 2: write grids into .xlsx (xlsxwriter), .xls (xlwt), .csv and .txt files.

Every writer is byte-for-byte deterministic: fixed document properties, no
clock, no random state.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date, datetime
from pathlib import Path

import numpy as np

from .render import Formula, Grid

FIXED_TIME = datetime(2021, 1, 15, 8, 0, 0)


def _covered(grid: Grid) -> tuple[dict[tuple[int, int], tuple[int, int, int, int]], set[tuple[int, int]]]:
    """Top-left cell → merged range, and the set of cells hidden under a merge."""
    tops, hidden = {}, set()
    for r1, c1, r2, c2 in grid.merges:
        tops[r1, c1] = (r1, c1, r2, c2)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    hidden.add((r, c))
    return tops, hidden


def write_xlsx(path: Path, grids: list[Grid], author: str = "VP") -> None:
    """One workbook, one worksheet per grid."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"created": FIXED_TIME, "author": author, "company": "Đồng Tháp"})
    f_date = wb.add_format({"num_format": "dd/mm/yyyy", "border": 1})
    f_cell = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    f_head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"})
    f_title = wb.add_format({"bold": True, "align": "center"})
    f_plain = wb.add_format({})
    for grid in grids:
        ws = wb.add_worksheet(grid.name)
        for j, w in enumerate(grid.widths):
            ws.set_column(j, j, w)
        tops, hidden = _covered(grid)
        first_header = min(grid.header_rows) if grid.header_rows else len(grid.rows)
        for r, row in enumerate(grid.rows):
            for c, v in enumerate(row):
                if (r, c) in hidden:
                    continue
                fmt = f_head if r in grid.header_rows else (f_title if r < first_header else f_cell)
                if v is None and (r, c) not in tops and r >= first_header and r not in grid.header_rows:
                    continue
                if isinstance(v, date):
                    fmt = f_date
                if (r, c) in tops:
                    r1, c1, r2, c2 = tops[r, c]
                    if isinstance(v, date):
                        ws.merge_range(r1, c1, r2, c2, None, fmt)
                        ws.write_datetime(r1, c1, datetime(v.year, v.month, v.day), fmt)
                    elif isinstance(v, Formula):
                        ws.merge_range(r1, c1, r2, c2, None, fmt)
                        ws.write_formula(r1, c1, v.formula, fmt, v.value)
                    else:
                        ws.merge_range(r1, c1, r2, c2, "" if v is None else v, fmt)
                    continue
                _write_cell(ws, r, c, v, fmt if v is not None else f_plain)
    wb.close()


def _write_cell(ws, r: int, c: int, v, fmt) -> None:
    if v is None:
        return
    if isinstance(v, Formula):
        ws.write_formula(r, c, v.formula, fmt, v.value)
    elif isinstance(v, date):
        ws.write_datetime(r, c, datetime(v.year, v.month, v.day), fmt)
    elif isinstance(v, (int, np.integer, float, np.floating)):
        ws.write_number(r, c, float(v) if isinstance(v, (float, np.floating)) else int(v), fmt)
    else:
        ws.write_string(r, c, str(v), fmt)


def write_xls(path: Path, grids: list[Grid]) -> None:
    """Legacy .xls via xlwt (formulas are written as their values)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    s_date = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    s_head = xlwt.easyxf("font: bold on; align: wrap on, horiz center, vert center")
    s_plain = xlwt.Style.default_style
    for grid in grids:
        ws = wb.add_sheet(grid.name[:31])
        for j, w in enumerate(grid.widths):
            ws.col(j).width = int(w * 300)
        tops, hidden = _covered(grid)
        for r, row in enumerate(grid.rows):
            for c, v in enumerate(row):
                if (r, c) in hidden:
                    continue
                if isinstance(v, Formula):
                    v = v.value
                style = s_date if isinstance(v, date) else (s_head if r in grid.header_rows else s_plain)
                if isinstance(v, date):
                    v = datetime(v.year, v.month, v.day)
                elif isinstance(v, np.integer):
                    v = int(v)
                if (r, c) in tops:
                    r1, c1, r2, c2 = tops[r, c]
                    ws.write_merge(r1, r2, c1, c2, "" if v is None else v, style)
                elif v is not None:
                    ws.write(r, c, v, style)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_windows1258(text: str) -> bytes:
    """Encode text as Windows does for code page 1258: a letter the code page has
    is one byte ("á", "â", "ơ", "đ"); any other is its letter without the tone
    ("â" for "ấ", "a" for "ạ") followed by the tone as a combining byte."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in parts if m in _TONE_MARKS)
            letter = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONE_MARKS))
            out += letter.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def write_csv(path: Path, grid: Grid, sep: str = ",", bom: bool = False, encoding: str = "utf-8") -> None:
    """A flat export: one grid, text cells, dates already typed as text.

    ``encoding``: ``utf-8`` (``bom`` adds the UTF-8 BOM), ``cp1258`` (Excel's
    "CSV" on Vietnamese Windows) or ``utf-16`` (Excel's "Unicode Text": UTF-16
    little-endian with its BOM, use ``sep="\\t"``).
    """
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    for row in grid.rows:
        out = []
        for v in row:
            if isinstance(v, Formula):
                v = v.value
            if isinstance(v, date):
                v = f"{v:%d/%m/%Y}"
            out.append("" if v is None else str(v))
        w.writerow(out)
    text = buf.getvalue()
    if encoding == "cp1258":
        data = to_windows1258(text)
    elif encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    path.write_bytes(data)
