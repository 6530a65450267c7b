"""Cleaning, step 1: what each grid row below the header is.

Pure functions on a sheet grid (a list of rows of cell values, blank cells as
None). A row below the header is a *record*, a *total* row ("Cộng",
"Tổng cộng"…), a *blank* row (no required value), part of the signature block
(it and every row after it are *ignored*), or *empty* (not counted at all):

    rows read = records + total rows + blank rows + ignored rows

and records = accepted + rejected once the later steps have checked them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from pipeline.clean.locate import Located
from pipeline.specs.registers import Register
from pipeline.vi import parsing
from pipeline.vi.text import fold

TOTAL_LABELS = {"tong cong", "cong", "tong so", "tong"}
"""Folded whole-cell labels of a total row; 'cong' sums since the previous total row, the others the whole sheet."""

_SIGNATURE_TITLES = re.compile(
    r"^(nguoi lap bieu|nguoi lap|nguoi ghi so|thu truong don vi|thu truong co quan|"
    r"(pho )?chanh van phong|(kt|tl|tm|ttl|q)\s*\.|lanh dao van phong|xac nhan cua|giam doc|truong phong|"
    r"noi nhan\s*:|(pho )?truong ban\b|(pho )?chu tich\b|nguoi kiem tra|ke toan truong)"
)

ROW_KINDS = ("record", "total", "blank", "ignored", "empty")
RECORD, TOTAL, BLANK, IGNORED, EMPTY = range(len(ROW_KINDS))
_KIND = pd.CategoricalDtype(ROW_KINDS)


# --------------------------------------------------------------------------- cell rules


_TOTAL_INITIALS = frozenset("TtCc")
"""Every total label begins with T (Tổng…) or C (Cộng): a cheap test before folding the text."""


def is_total_label(value: Any) -> bool:
    """'Cộng', 'Tổng cộng:', ' TỔNG SỐ ' — the whole cell, not 'Cộng đồng dân cư'."""
    if not isinstance(value, str) or value.lstrip()[:1] not in _TOTAL_INITIALS:
        return False
    return total_label(value) in TOTAL_LABELS


def total_label(text: str) -> str:
    """'Tổng cộng:' → 'tong cong' (the key of TOTAL_LABELS)."""
    return fold(text).rstrip(":").strip()


def is_signature_marker(value: Any) -> bool:
    """A place-and-date line or a signer's title ('NGƯỜI LẬP BIỂU', 'KT. CHÁNH VĂN PHÒNG')."""
    if not isinstance(value, str) or not value.strip():
        return False
    if parsing.is_place_date_line(value):
        return True
    return bool(_SIGNATURE_TITLES.match(fold(value)))


# --------------------------------------------------------------------------- the grid


def normalise_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """Rectangular rows with blank text as None, so every later cell access is plain indexing."""
    width = max((len(r) for r in rows), default=0)
    return [
        [None if (type(v) is str and not v.strip()) else v for v in r] + [None] * (width - len(r))
        for r in rows
    ]


def fill_merged(rows: list[list[Any]], merged, located: Located, register: Register) -> list[list[Any]]:
    """Spread each merged block's first value down the block (not counts: those stay on the first row).

    Returns ``rows`` itself when no block is spread, else a copy; ranges are
    applied in order, so a block may spread a value an earlier block wrote.
    """
    blocks = spread_blocks(merged, located, register)
    if not blocks:
        return rows
    filled = [list(r) for r in rows]
    for r0, c0, r1 in blocks:
        value = filled[r0][c0] if c0 < len(filled[r0]) else None
        for r in range(r0 + 1, min(r1, len(filled) - 1) + 1):
            row = filled[r]
            if len(row) <= c0:
                row.extend([None] * (c0 + 1 - len(row)))
            row[c0] = value
    return filled


def spread_blocks(merged, located: Located, register: Register) -> list[tuple[int, int, int]]:
    """(first row, column, last row) of the merged ranges whose value fills their block.

    A range is spread when it is vertical, starts below the header, and covers a
    located plain column that is not a count (``merged_fill = "first"``).
    """
    first_only = {c.key for c in register.columns if c.merged_fill == "first"}
    col_of = {m.index: m for m in located.columns}
    blocks = []
    for r0, c0, r1, _c1 in merged:
        match = col_of.get(c0)
        if r1 <= r0 or r0 < located.data_start or match is None:
            continue
        if match.key not in first_only and match.mark_code is None:
            blocks.append((r0, c0, r1))
    return blocks


def cell_matrix(rows: list[list[Any]], start: int) -> np.ndarray:
    """The rectangular rows from ``start`` on as a 2-D object array (rules then run column-wise)."""
    body = rows[start:]
    cells = np.empty((len(body), len(rows[0]) if rows else 0), dtype=object)
    if body:
        cells[:] = body
    return cells


# --------------------------------------------------------------------------- classify rows


def classify_rows(cells: np.ndarray, first_row: int, required: Sequence[int], required_marks: Sequence[int]) -> pd.DataFrame:
    """Each row of ``cells`` (grid rows from ``first_row`` on) → its kind.

    ``required``: grid columns of the register's required values; ``required_marks``:
    x-marked sub-columns standing for a required value. Columns of the result:
    ``grid_index`` (row in the grid), ``kind`` (one of ROW_KINDS), ``label``
    (a total row's folded label, else None).
    """
    filled = np.not_equal(cells, None)
    nonempty = filled.any(axis=1)
    n_required = filled[:, list(required)].sum(axis=1) if len(required) else np.zeros(len(cells), dtype=int)
    few = nonempty & (n_required <= 1)  # only such rows can be blank or a signature
    marked = any_marked(cells, required_marks, few)
    end = signature_start(cells, required, few & ~marked)
    labels = total_labels(cells, filled)
    position = np.arange(len(cells))
    code = np.where(nonempty, RECORD, EMPTY)
    code[nonempty & (n_required == 0) & ~marked] = BLANK
    code[nonempty & np.not_equal(labels, None)] = TOTAL  # a total row is never blank
    code[nonempty & (position >= end)] = IGNORED
    labels[code != TOTAL] = None
    return pd.DataFrame({
        "grid_index": position + first_row,
        "kind": pd.Categorical.from_codes(code, dtype=_KIND),
        "label": pd.Series(labels, dtype=object),
    })


def any_marked(cells: np.ndarray, columns: Sequence[int], rows: np.ndarray) -> np.ndarray:
    """Per row: is any of ``columns`` ticked (parsing.is_mark)? Only the rows flagged in ``rows`` are looked at."""
    out = np.zeros(len(cells), dtype=bool)
    if len(columns):
        for k in np.flatnonzero(rows):
            out[k] = any(parsing.is_mark(cells[k, j]) for j in columns)
    return out


def signature_start(cells: np.ndarray, required: Sequence[int], candidates: np.ndarray) -> int:
    """Position of the first signature row, else ``len(cells)``.

    A signature row holds a signature marker and no required value besides,
    possibly, the marker cell itself; ``candidates`` flags the rows holding at
    most one required value and no required x-mark.
    """
    for k in np.flatnonzero(candidates):
        row = cells[k]
        markers = [j for j, v in enumerate(row) if is_signature_marker(v)]
        if markers and not any(row[j] is not None for j in required if j not in markers):
            return int(k)
    return len(cells)


def total_labels(cells: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Per row: the folded total label when the first filled cell of the first three columns is one, else None."""
    labels = np.full(len(cells), None, dtype=object)
    if not cells.shape[1]:
        return labels
    head = filled[:, :3]
    rows = np.flatnonzero(head.any(axis=1))
    firsts = cells[rows, head[rows].argmax(axis=1)]
    known: dict[str, str | None] = {}
    for k, value in zip(rows, firsts):
        if type(value) is str and value.lstrip()[:1] in _TOTAL_INITIALS:
            if value not in known:
                known[value] = total_label(value) if is_total_label(value) else None
            labels[k] = known[value]
    return labels


def record_rows(kinds: pd.DataFrame) -> list[int]:
    """Grid rows of the records, in order."""
    return kinds["grid_index"].to_numpy()[kinds["kind"].array.codes == RECORD].tolist()


def total_rows(kinds: pd.DataFrame) -> list[tuple[int, str]]:
    """(grid row, folded label) of each total row, in order."""
    is_total = kinds["kind"].array.codes == TOTAL
    return list(zip(kinds["grid_index"].to_numpy()[is_total].tolist(), kinds["label"].to_numpy()[is_total].tolist()))


def row_accounting(kinds: pd.DataFrame, rejected: int) -> dict[str, int]:
    """rows_read = accepted + rejected + total_rows + blank_rows + ignored_rows (empty rows are not read)."""
    count = np.bincount(kinds["kind"].array.codes, minlength=len(ROW_KINDS))
    records, totals, blank, ignored = (int(count[k]) for k in (RECORD, TOTAL, BLANK, IGNORED))
    return {
        "rows_read": records + totals + blank + ignored, "accepted": records - rejected, "rejected": rejected,
        "total_rows": totals, "blank_rows": blank, "ignored_rows": ignored,
    }
