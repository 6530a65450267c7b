"""RENDER layer, part 1: turn one clean table into a messy sheet *grid*.

A :class:`Sheet` declares how a register is written in one export (header
spelling, column order, title block, merges, totals, bad rows …). Calling
:func:`build_grid` lays it out as a :class:`Grid`: a list of rows of cell
values plus merged ranges, independent of the file format. The writers in
:mod:`.writers` put grids into ``.xlsx``, ``.xls`` or ``.csv`` files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from pipeline.read.cells import column_letters

from .tcvn3 import to_tcvn3
from .truth import rng_for
from .vni import to_vni


@dataclass(frozen=True)
class Formula:
    """An Excel formula with the value Excel cached for it."""

    formula: str
    value: Any


@dataclass
class Col:
    """One column of a rendered register.

    ``src`` is a field of the clean table or ``f(record, rng) -> value``.
    ``group``: the merged group header above it (two-row header).
    ``variants``: canonical value → spellings to pick from (first is likeliest).
    ``merge``: merge equal consecutive cells down (a date or district block).
    ``numtext``: share of numbers written as text (``3.372``, ``02``), ``unit`` appended.
    ``dates``: ``excel`` (real dates) or ``mixed`` (some typed as text in various forms).
    ``total``: summed in ``Cộng`` / ``Tổng cộng`` rows (``count`` = count non-blank marks).
    """

    header: str
    src: str | Callable[[dict, np.random.Generator], Any]
    group: str | None = None
    variants: dict | None = None
    merge: bool = False
    numtext: float = 0.0
    unit: str = ""
    dates: str = "excel"
    total: str | None = None
    nfd: float = 0.0
    width: float = 14


@dataclass
class BadRow:
    """A deliberately unreadable extra record: a copy of record ``like`` with raw overrides."""

    after: int  # insert after this many records
    like: int  # index of the record it copies
    raw: dict[str, Any]  # field (or header) → raw value written as-is
    reason: str
    column: str


@dataclass
class Sheet:
    """How one register (or part of one) is written on one sheet."""

    name: str
    df: pd.DataFrame | None
    cols: list[Col] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    number_row: str | None = None  # "plain" → 1 2 3 ; "paren" → (1) (2) (3)
    blank_every: int = 0
    subtotal_by: str | None = None  # field: a "Cộng" row after each group
    subtotal_label: str = "Cộng"
    grand_total: str | None = None  # "formula" | "number" | "text"
    grand_label: str = "Tổng cộng"
    subtotal_style: str = "number"  # "number" | "text" ("3.372", "154.000.000 đồng")
    label_col: int = 0
    mismatch: tuple[int, str, int] | None = None  # (total row #: -1 = grand, column header, delta)
    signature: bool = True
    sign_place: str = "Đồng Tháp, ngày 31 tháng 12 năm {year}"
    bad_rows: list[BadRow] = field(default_factory=list)
    tcvn3: bool = False
    vni: bool = False  # typed with VNI fonts: every text cell and the sheet name
    year: int = 2020
    seed: int = 2020
    static_rows: list[list[Any]] | None = None  # a non-register sheet (instructions, pivot)
    fmt: str = "xlsx"


@dataclass
class Grid:
    """A laid-out sheet: cell values by row (0-based), merged ranges, notes for the README."""

    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2 (inclusive)
    widths: list[float] = field(default_factory=list)
    header_rows: set[int] = field(default_factory=set)
    notes: list[dict] = field(default_factory=list)


# ---------------------------------------------------------------- value spelling

NUM_WORDS = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín", 10: "mười"}


def number_words(n: int) -> str:
    """Vietnamese words for 1..99 ("mười lăm", "hai mươi mốt")."""
    if n <= 10:
        return NUM_WORDS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else NUM_WORDS[tens] + " mươi"
    if unit == 0:
        return head
    tail = {5: "lăm", 1: "mốt" if tens > 1 else "một", 4: "tư" if tens > 1 else "bốn"}.get(unit, NUM_WORDS[unit])
    return f"{head} {tail}"


def roman(n: int) -> str:
    """Roman numeral (session numbers are sometimes written "XVI")."""
    out = ""
    for v, s in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]:
        while n >= v:
            out, n = out + s, n - v
    return out


def thousands(n: int) -> str:
    """3372 → "3.372" (dot groups thousands)."""
    return f"{n:,}".replace(",", ".")


def text_date(d: date, rng: np.random.Generator) -> str:
    """A date typed as text, in one of the forms clerks use."""
    style = int(rng.integers(0, 4))
    if style == 0:
        return f"{d:%d/%m/%Y}"
    if style == 1:
        return f"{d.day}/{d.month}/{d.year % 100:02d}"
    if style == 2:
        return f"{d:%d-%m-%Y}"
    return f"ngày {d:%d} tháng {d:%m} năm {d.year}"


def choose(variants: list[str], rng: np.random.Generator) -> str:
    """First spelling most of the time, the others now and then."""
    if len(variants) == 1 or rng.random() < 0.5:
        return variants[0]
    return variants[int(rng.integers(1, len(variants)))]


def _is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT or v == ""


def render_value(col: Col, rec: dict, rng: np.random.Generator, fmt: str) -> Any:
    """The cell a clerk would have typed for ``rec`` in column ``col``."""
    v = col.src(rec, rng) if callable(col.src) else rec.get(col.src)
    if _is_blank(v):
        return None
    if isinstance(v, pd.Timestamp):
        v = v.date()
    if col.variants is not None and v in col.variants:
        v = choose(col.variants[v], rng)
        return v if v != "" else None
    if isinstance(v, (bool, np.bool_)):
        return "Có" if v else "Không"
    if isinstance(v, (int, np.integer, float, np.floating)) and not isinstance(v, bool):
        v = int(v)
        if col.numtext and rng.random() < col.numtext:
            s = f"{v:02d}" if v < 10 else thousands(v)
            unit = col.unit if isinstance(col.unit, str) else choose(list(col.unit), rng)
            return f"{s}{unit}"
        return v
    if isinstance(v, date):
        if fmt == "csv" or (col.dates == "mixed" and rng.random() < 0.35):
            return text_date(v, rng) if fmt != "csv" or rng.random() < 0.2 else f"{v:%d/%m/%Y}"
        return v
    if isinstance(v, str) and col.nfd and rng.random() < col.nfd:
        return unicodedata.normalize("NFD", v)
    return v


# ---------------------------------------------------------------- layout


def build_grid(sheet: Sheet) -> Grid:
    """Lay ``sheet`` out row by row: title, header, records, totals, signature."""
    if sheet.static_rows is not None:
        return Grid(sheet.name, [list(r) for r in sheet.static_rows], widths=[40, 16, 16, 16])
    rng = rng_for(sheet.seed, "render", sheet.year, sheet.name, len(sheet.df))
    ncol = len(sheet.cols)
    g = Grid(sheet.name, [], widths=[c.width for c in sheet.cols])
    csv = sheet.fmt == "csv"
    for line in sheet.title:
        g.rows.append([line or None] + [None] * (ncol - 1))
        if line and not csv and ncol > 1:
            g.merges.append((len(g.rows) - 1, 0, len(g.rows) - 1, ncol - 1))
    if sheet.title:
        g.rows.append([None] * ncol)
    _header(sheet, g, csv)
    data_start = len(g.rows)
    records = sheet.df.to_dict("records")
    bad = {b.after: b for b in sheet.bad_rows}
    group_rows: list[int] = []  # grid rows of records in the current group
    sub_rows: list[int] = []  # grid rows of subtotal rows
    all_rows: list[int] = []
    keys: dict[int, dict] = {}  # grid row → canonical record (for merges)
    prev_group = object()
    for i, rec in enumerate(records + [None]):
        grp = rec.get(sheet.subtotal_by) if (rec is not None and sheet.subtotal_by) else None
        if sheet.subtotal_by and i > 0 and (rec is None or grp != prev_group):
            sub_rows.append(_total_row(sheet, g, group_rows, sheet.subtotal_label, len(sub_rows), rng))
            group_rows = []
        if i in bad:
            _bad_row(sheet, g, bad[i], records, rng)
        if rec is None:
            break
        prev_group = grp
        if sheet.blank_every and i and i % sheet.blank_every == 0 and not sheet.subtotal_by:
            g.rows.append([None] * ncol)
        g.rows.append([i + 1 if c.src == "#" else render_value(c, rec, rng, sheet.fmt) for c in sheet.cols])
        r = len(g.rows) - 1
        keys[r] = rec
        group_rows.append(r)
        all_rows.append(r)
    if not csv:
        _merge_down(sheet, g, keys)
    if sheet.grand_total:
        _total_row(sheet, g, all_rows, sheet.grand_label, -1, rng, sub_rows=sub_rows)
    if sheet.signature:
        _signature(sheet, g)
    if sheet.tcvn3:
        g.rows = [[to_tcvn3(v) if isinstance(v, str) else v for v in row] for row in g.rows]
        g.notes.append(dict(kind="tcvn3", sheet=sheet.name))
    if sheet.vni:
        g.rows = [[to_vni(v) if isinstance(v, str) else v for v in row] for row in g.rows]
        g.name = to_vni(g.name)
        g.notes.append(dict(kind="vni", sheet=g.name))
    g.notes.append(dict(kind="records", sheet=sheet.name, first=data_start + 1, count=len(records)))
    return g


def _header(sheet: Sheet, g: Grid, csv: bool) -> None:
    """One header row, or two with merged group cells; then the column-number row."""
    cols = sheet.cols
    two = any(c.group for c in cols) and not csv
    if not two:
        g.rows.append([c.header if not csv else c.header.replace("\n", " ") for c in cols])
        g.header_rows.add(len(g.rows) - 1)
    else:
        top = len(g.rows)
        g.rows.append([c.group or c.header for c in cols])
        g.rows.append([c.header if c.group else None for c in cols])
        g.header_rows.update({top, top + 1})
        j = 0
        while j < len(cols):
            if cols[j].group:
                k = j
                while k + 1 < len(cols) and cols[k + 1].group == cols[j].group:
                    k += 1
                if k > j:
                    g.merges.append((top, j, top, k))
                j = k + 1
            else:
                g.merges.append((top, j, top + 1, j))
                j += 1
    if sheet.number_row:
        g.rows.append([(f"({j + 1})" if sheet.number_row == "paren" else j + 1) for j in range(len(cols))])
        g.header_rows.add(len(g.rows) - 1)


def _bad_row(sheet: Sheet, g: Grid, bad: BadRow, records: list[dict], rng: np.random.Generator) -> None:
    """Write a deliberately unreadable record and note where it landed."""
    rec = dict(records[bad.like])
    raw = {k: v for k, v in bad.raw.items()}
    rec.update({k: v for k, v in raw.items() if k in rec})
    row = []
    for c in sheet.cols:
        if c.header in raw:
            row.append(raw[c.header])
        elif isinstance(c.src, str) and c.src in raw:
            row.append(raw[c.src])
        elif c.src == "#":
            row.append(None)
        else:
            v = render_value(Col(c.header, c.src, variants=c.variants), rec, rng, sheet.fmt)
            row.append(v)
    g.rows.append(row)
    g.notes.append(dict(kind="reject", sheet=sheet.name, row=len(g.rows), column=bad.column, reason=bad.reason))


def _sum(g: Grid, rows: list[int], j: int, mode: str) -> int:
    """What the clerk's total should say: sum of numbers (or count of marks) over ``rows``."""
    total = 0
    for r in rows:
        v = g.rows[r][j]
        if mode == "count":
            total += v is not None
        elif isinstance(v, (int, np.integer)):
            total += int(v)
        elif isinstance(v, str):
            digits = v.split(" ")[0].rstrip("đ").replace(".", "")
            total += int(digits) if digits.isdigit() else 0
    return total


def _total_row(sheet: Sheet, g: Grid, rows: list[int], label: str, index: int, rng: np.random.Generator,
               sub_rows: list[int] | None = None) -> int:
    """A "Cộng" (index ≥ 0) or final "Tổng cộng" (index -1) row; returns its grid row."""
    row: list[Any] = [None] * len(sheet.cols)
    row[sheet.label_col] = label
    for j, c in enumerate(sheet.cols):
        if not c.total:
            continue
        over = sub_rows if sub_rows else rows
        # A grand total states the records' figure even when a subtotal above is wrong.
        value = _sum(g, rows, j, c.total)
        if sheet.mismatch and sheet.mismatch[0] == index and sheet.mismatch[1] == c.header:
            value += sheet.mismatch[2]
            g.notes.append(dict(kind="mismatch", sheet=sheet.name, row=len(g.rows) + 1, column=c.header,
                                stated=value, computed=value - sheet.mismatch[2]))
        style = sheet.grand_total if index == -1 else sheet.subtotal_style
        if style == "formula" and sheet.fmt != "csv" and over:
            L = column_letters(j)
            if sub_rows:
                f = "=" + "+".join(f"{L}{r + 1}" for r in sub_rows)
            elif c.total == "count":
                f = f"=COUNTA({L}{over[0] + 1}:{L}{over[-1] + 1})"
            else:
                f = f"=SUM({L}{over[0] + 1}:{L}{over[-1] + 1})"
            row[j] = Formula(f, value)
        elif style == "text":
            row[j] = thousands(value) + (c.unit if isinstance(c.unit, str) else c.unit[0])
        else:
            row[j] = value
    g.rows.append(row)
    return len(g.rows) - 1


def _merge_down(sheet: Sheet, g: Grid, keys: dict[int, dict]) -> None:
    """Merge runs of equal values in ``merge`` columns (consecutive record rows only)."""
    for j, c in enumerate(sheet.cols):
        if not c.merge:
            continue
        rows = sorted(keys)
        start = 0
        for k in range(1, len(rows) + 1):
            same = (k < len(rows) and rows[k] == rows[k - 1] + 1
                    and _canon(c, keys[rows[k]]) == _canon(c, keys[rows[start]]))
            if not same:
                a, b = rows[start], rows[k - 1]
                if b > a and g.rows[a][j] is not None:
                    g.merges.append((a, j, b, j))
                    for r in range(a + 1, b + 1):
                        g.rows[r][j] = None
                start = k


def _canon(c: Col, rec: dict) -> Any:
    return rec.get(c.src) if isinstance(c.src, str) else None


def _signature(sheet: Sheet, g: Grid) -> None:
    """Place-and-date line and signature titles below the data."""
    n = len(sheet.cols)
    right = max(n - 3, 0)
    blank = [None] * n
    place = list(blank)
    place[right] = sheet.sign_place.format(year=sheet.year)
    titles = list(blank)
    titles[0] = "NGƯỜI LẬP BIỂU"
    titles[right] = "CHÁNH VĂN PHÒNG"
    names = list(blank)
    names[0] = "Lê Thị Kim Thoa"
    names[right] = "Nguyễn Văn Phước"
    g.rows += [list(blank), place, titles, list(blank), list(blank), names]
