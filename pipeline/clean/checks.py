"""Cleaning, step 3: is each record whole, attributable and in the folder's year; do the totals add up?

Pure functions. A failed check is data: a :class:`Reject` naming the grid row,
the header as written, the value and a Vietnamese reason; a remark for the
analyst is a :class:`Note`. :func:`pipeline.clean.sheet.clean_sheet` turns both
into the rejects and notices tables.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any, NamedTuple

import pandas as pd

from pipeline.clean.locate import ColumnMatch, Located
from pipeline.read.cells import ExcelError
from pipeline.specs.registers import Column, Register, Schema
from pipeline.vi import parsing
from pipeline.vi.text import fold

NUMERIC_TYPES = ("whole", "money")
"""Column types whose values are added up: a formula error there is never read as blank (0)."""


class Reject(NamedTuple):
    """One reason a record row cannot be read."""

    grid_index: int
    column: str
    value: Any
    reason: str
    key: str | None = None
    """The column key when the cell itself failed (a personal cell's value is then masked)."""


class Note(NamedTuple):
    """A notice for the analyst (level: info / warning)."""

    level: str
    message: str
    row: int | None = None


def reject_records(rejects: Sequence[Reject], register: Register, row_numbers: Sequence[int],
                   file: str, sheet: str) -> list[dict]:
    """The rejects table rows: by grid row, a row's rejects in the order the steps found them.

    A reject names the cell but never shows a citizen's data (pii and scrubbed columns → '***').
    """
    personal = {c.key for c in register.columns if c.pii or c.scrub}
    records = []
    for r in sorted(rejects, key=lambda r: r.grid_index):
        value = r.value
        if r.key in personal and value is not None and not isinstance(value, ExcelError):
            value = "***"
        records.append({"file": file, "sheet": sheet, "row": row_numbers[r.grid_index], "column": r.column,
                        "value": "" if value is None else str(value), "reason": r.reason})
    return records


# --------------------------------------------------------------------------- required values


def merge_covered(merged, columns: Sequence[ColumnMatch]) -> set[tuple[int, str]]:
    """(grid row, key) of the cells under a vertically merged block's first row.

    A merged count belongs to its block's first row: the other rows of the
    block are not "missing" it.
    """
    key_of = {m.index: m.key for m in columns}
    covered: set[tuple[int, str]] = set()
    for r0, c0, r1, _c1 in merged:
        if r1 > r0 and c0 in key_of:
            covered.update((r, key_of[c0]) for r in range(r0 + 1, r1 + 1))
    return covered


def excused_rows(data: dict[str, list], blank_when: Sequence[tuple[str, Sequence[str]]], n: int) -> list[bool]:
    """Per record: may the column be blank here (``blank_when``: another column holds one of the codes)?"""
    excused = [False] * n
    for other, codes in blank_when:
        if other in data:
            excused = [e or v in codes for e, v in zip(excused, data[other])]
    return excused


def check_required(data: dict[str, list], grid_rows: Sequence[int], register: Register,
                   headers: dict[str, str], excused_cells: set[tuple[int, str]]) -> list[Reject]:
    """A blank required value rejects its row, unless the column has a default, the row is excused
    by ``blank_when``, or the cell is in ``excused_cells`` (under a merged block, or already rejected).

    ``data``: key → parsed values of the records (before defaults); ``headers``: key → header as written.
    """
    rejects = []
    for column in register.columns:
        if column.required and column.key in data and column.default is None:
            header = headers.get(column.key, column.header)
            rejects += [
                Reject(grid_rows[pos], header, None, f"thiếu giá trị bắt buộc ở cột «{header}»")
                for pos in missing_values(data, column, grid_rows, excused_cells)
            ]
    return rejects


def missing_values(data: dict[str, list], column: Column, grid_rows: Sequence[int],
                   excused_cells: set[tuple[int, str]]) -> list[int]:
    """Positions of the records whose ``column`` is blank and not excused."""
    blank = [pos for pos, v in enumerate(data[column.key]) if v is None]
    if not blank:
        return []
    excused = excused_rows(data, column.blank_when, len(grid_rows))
    return [pos for pos in blank if not excused[pos] and (grid_rows[pos], column.key) not in excused_cells]


def failed_cells(rejects: Sequence[Reject]) -> set[tuple[int, str]]:
    """(grid row, key) of the cells whose own value was rejected."""
    return {(r.grid_index, r.key) for r in rejects if r.key is not None}


def rejected_rows(rejects: Sequence[Reject]) -> set[int]:
    return {r.grid_index for r in rejects}


# --------------------------------------------------------------------------- bodies


_BODY_CACHE: dict[tuple[int, str], str | None] = {}


def body_from_text(text: Any, schema: Schema) -> str | None:
    """'Thường trực HĐND' → 'hdnd'; 'Đoàn ĐBQH' → 'doan-dbqh'; both or neither → None.

    Whole words, any case, with or without diacritics (contract §5).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    key = (id(schema), text)
    if key not in _BODY_CACHE:
        _BODY_CACHE[key] = _body_from_text(text, schema)
    return _BODY_CACHE[key]


def _body_from_text(text: str, schema: Schema) -> str | None:
    folded = " " + re.sub(r"[^a-z0-9]+", " ", fold(text)) + " "
    found = set()
    for body, words in schema.body_words.items():
        for word in words:
            key = " " + re.sub(r"[^a-z0-9]+", " ", fold(word)).strip() + " "
            if key in folded:
                found.add(body)
                break
    return found.pop() if len(found) == 1 else None


def sheet_body(sheet: str, schema: Schema, office_bodies: tuple[str, ...]) -> str | None:
    """The body a sheet belongs to: the office's only body, else the one its name says ('Đơn thư - ĐBQH')."""
    return body_from_text(sheet, schema) if len(office_bodies) > 1 else office_bodies[0]


NO_BODY_COLUMN = (
    "Sổ không ghi bộ phận (cột «Bộ phận» hay tên sheet): chỉ tính cho cả hai bộ phận (all); "
    "muốn có số liệu riêng từng bộ phận, hãy thêm cột «Bộ phận» hoặc đặt tên sheet «Đoàn ĐBQH» / «HĐND»."
)


def attribute_bodies(frame: pd.DataFrame, schema: Schema, office_bodies: tuple[str, ...], body: str | None,
                     body_header: str | None, rejected: set[int]) -> tuple[pd.DataFrame, tuple[str, ...], list[Reject], list[Note]]:
    """Fill ``body`` of every record; returns (frame, the bodies the sheet counts for, rejects, notes).

    An office of one body: that body. The merged office: the ``body`` column
    (``body_header`` is its header as written, None when the sheet has none)
    wins, a blank cell takes the sheet's ``body``; a cell naming no body, or a
    blank one on a sheet whose name names none, rejects the row (unless it is
    already in ``rejected``). A sheet with neither counts only for "all".
    Columns: ``_grid_index``, ``body``.
    """
    if len(office_bodies) == 1:
        return frame.assign(body=office_bodies[0]), office_bodies, [], []
    n = len(frame)
    if body_header is None:
        if body is None:
            return frame.assign(body=["all"] * n), ("all",), [], [Note("warning", NO_BODY_COLUMN)]
        return frame.assign(body=[body] * n), (body,), [], []
    bodies, rejects = [], []
    for i, raw in zip(frame["_grid_index"].tolist(), frame["body"].tolist()):
        found = body_from_text(raw, schema) if raw is not None else body
        if found is None and i not in rejected:
            reason = ("không xác định được bộ phận (Đoàn ĐBQH hay HĐND)" if raw is not None
                      else "không xác định được bộ phận: ô «Bộ phận» trống và tên sheet không nói rõ")
            rejects.append(Reject(i, body_header, raw, reason))
        bodies.append(found)
    return frame.assign(body=bodies), office_bodies, rejects, []


# --------------------------------------------------------------------------- year


def check_year(frame: pd.DataFrame, register: Register, folder_year: int, header: str,
               rejected: set[int]) -> list[Reject]:
    """A record dated outside its folder's year is rejected (the register's ``year_column`` decides).

    Columns: ``_grid_index`` and the year column (parsed dates). Rows already in ``rejected`` are skipped.
    """
    key = register.year_column
    if not key or key not in frame.columns:
        return []
    return [
        Reject(i, header, value.strftime("%d/%m/%Y"), f"ngày ngoài năm {folder_year} của thư mục")
        for i, value in zip(frame["_grid_index"].tolist(), frame[key].tolist())
        if isinstance(value, dt.date) and value.year != folder_year and i not in rejected
    ]


# --------------------------------------------------------------------------- accepted records and totals


def drop_rejected(frame: pd.DataFrame, rejected: set[int]) -> pd.DataFrame:
    """The records whose ``_grid_index`` is not in ``rejected``, renumbered 0…n-1."""
    positions = [pos for pos, i in enumerate(frame["_grid_index"].tolist()) if i in rejected]
    return frame.drop(index=positions).reset_index(drop=True) if positions else frame


def total_note(total: dict) -> Note:
    """The warning for a total row that does not add up."""
    return Note(
        "warning",
        f"Dòng tổng ở dòng {total['row']}, cột «{total['column']}»: ghi {total['stated']:g}, "
        f"cộng các dòng được {total['computed']:g}"
        + (" (có dòng bị loại trong phạm vi cộng)" if total["rejected_inside"] else "")
        + ": kiểm tra lại công thức dòng tổng và các dòng nó cộng",
        row=total["row"],
    )




def reconcile_totals(rows: list[list[Any]], row_numbers: Sequence[int], totals: Sequence[tuple[int, str]],
                     grid_rows: Sequence[int], rejected: set[int], accepted: pd.DataFrame,
                     located: Located, register: Register) -> list[dict]:
    """Compare each total row with the sum of the accepted records it covers.

    'Cộng' covers the records since the previous total row; 'Tổng cộng'/'Tổng
    số'/'Tổng' covers every record of the sheet. Blank cells count 0 (as
    Excel's SUM); x-mark columns count their marks. ``totals``: (grid row,
    folded label); ``grid_rows``: the records' grid rows, ascending;
    ``accepted``: the accepted records with ``_grid_index``. Returns one dict
    per mismatch: row (Excel), column (header), stated, computed, rejected_inside.
    """
    if not totals:
        return []
    columns = summed_columns(located, register)
    position = dict(zip(accepted["_grid_index"], range(len(accepted))))
    mismatches = []
    previous = -1
    for i, label in totals:
        covered = covered_records(grid_rows, -1 if label != "cong" else previous, i)
        for m, stated, computed in total_row_mismatches(rows, i, covered, columns, position, accepted):
            mismatches.append({"row": row_numbers[i], "column": m.header, "stated": float(stated),
                               "computed": float(computed),
                               "rejected_inside": any(g in rejected for g in covered)})
        previous = i
    return mismatches


def summed_columns(located: Located, register: Register) -> list[ColumnMatch]:
    """The columns a total row adds up: numbers (whole, money), then x-marked sub-columns."""
    numbers = [m for m in located.columns if m.mark_code is None and register.column(m.key).type in NUMERIC_TYPES]
    return numbers + [m for m in located.columns if m.mark_code is not None]


def total_row_mismatches(rows: list[list[Any]], i: int, covered: Sequence[int], columns: Sequence[ColumnMatch],
                         position: dict, accepted: pd.DataFrame) -> list[tuple[ColumnMatch, Any, Any]]:
    """(column, stated, computed) where total row ``i`` states a number the covered accepted records do not add up to."""
    positions = [position[g] for g in covered if g in position]
    out = []
    for m in columns:
        stated = stated_total(rows[i][m.index])
        if stated is None:
            continue
        computed = (count_marks(rows, covered, position, m.index) if m.mark_code is not None
                    else sum_accepted(accepted, m.key, positions))
        if abs(float(stated) - float(computed)) > 1e-9:
            out.append((m, stated, computed))
    return out


def covered_records(grid_rows: Sequence[int], after: int, before: int) -> Sequence[int]:
    """The records strictly between grid rows ``after`` and ``before`` (``grid_rows`` ascending)."""
    return grid_rows[bisect_right(grid_rows, after):bisect_left(grid_rows, before)]


def stated_total(raw: Any) -> float | int | None:
    """A total cell's number; None for a blank or unreadable cell (not checked)."""
    if raw is None:
        return None
    try:
        return parsing.parse_number(raw)
    except parsing.ParseError:
        return None


def count_marks(rows: list[list[Any]], covered: Sequence[int], position: dict, index: int) -> int:
    """Ticks in grid column ``index`` over the covered records that were accepted."""
    return sum(1 for g in covered if g in position and parsing.is_mark(rows[g][index]))


def sum_accepted(accepted: pd.DataFrame, key: str, positions: list[int]) -> float:
    """Excel's SUM of column ``key`` over the accepted records at ``positions`` (text and blanks count 0)."""
    col = accepted[key].iloc[positions] if positions else pd.Series(dtype=float)
    return float(pd.to_numeric(col, errors="coerce").fillna(0).sum())
