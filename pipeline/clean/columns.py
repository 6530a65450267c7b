"""Cleaning, step 2: what each cell of a record means, column by column.

Pure functions. Every Vietnamese parsing rule lives in :mod:`pipeline.vi.parsing`
and :mod:`pipeline.vi.text`; this module applies them to whole columns (values
repeat a lot, so each distinct raw value is parsed once per column), resolves
x-marked sub-columns and the combined "Phân loại đơn/Số người" cell, builds
the records frame and fills defaults, derivations and districts.

``cells`` below is the record rows × grid columns object array
(:func:`pipeline.clean.rows.cell_matrix` restricted to the records) and
``grid_rows`` the records' rows in the grid, in the same order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from pipeline.clean.checks import NUMERIC_TYPES, Note, Reject
from pipeline.clean.locate import ColumnMatch, Located
from pipeline.read.cells import ExcelError, column_letters
from pipeline.specs.registers import Column, Register, Schema
from pipeline.vi import parsing
from pipeline.vi.text import category_key, fold, nfc

_CATEGORY_PEOPLE = re.compile(r"^(?P<cat>.*?)\s*[/:]\s*(?P<n>\d+)\s*(nguoi)?\s*$")


# --------------------------------------------------------------------------- the header's columns


@dataclass(frozen=True)
class Layout:
    """How a located header's columns serve its register."""

    plain: tuple[ColumnMatch, ...]
    """Columns holding one value per cell, in sheet order."""
    marks: dict[str, tuple[ColumnMatch, ...]]
    """Key → its x-marked sub-columns, for keys the sheet has no plain column for."""
    headers: dict[str, str]
    """Key → its header as written (the first plain column of the key)."""
    required_index: tuple[int, ...]
    """Grid columns of the required plain values."""
    required_marks: tuple[int, ...]
    """Grid columns of the sub-columns standing for a required value."""


def header_layout(located: Located, register: Register) -> Layout:
    """The located header as the steps use it (see :class:`Layout`)."""
    plain = tuple(m for m in located.columns if m.mark_code is None)
    marks = mark_groups(located.columns, {m.key for m in plain})
    required = register.required_keys
    return Layout(
        plain=plain, marks=marks, headers=first_headers(plain),
        required_index=tuple(m.index for m in plain if m.key in required),
        required_marks=tuple(m.index for key in required for m in marks.get(key, ())),
    )


def mark_groups(columns: Sequence[ColumnMatch], plain_keys: set[str]) -> dict[str, tuple[ColumnMatch, ...]]:
    """Key → its x-marked sub-columns in sheet order (a key with a plain column ignores its marks)."""
    grouped: dict[str, list[ColumnMatch]] = {}
    for m in columns:
        if m.mark_code is not None:
            grouped.setdefault(m.key, []).append(m)
    return {key: tuple(subs) for key, subs in grouped.items() if key not in plain_keys}


def first_headers(columns: Sequence[ColumnMatch]) -> dict[str, str]:
    """Key → the header of its first column, as written (what rejects and notices name)."""
    headers: dict[str, str] = {}
    for m in columns:
        headers.setdefault(m.key, m.header)
    return headers


# --------------------------------------------------------------------------- cell parsers


def text_value(value: Any) -> str | None:
    """A cell as NFC text: 12.0 → '12', a date → '03/07/2020', blank → None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    text = nfc(str(value))
    return text or None


def category_people_parser(matcher: parsing.CategoryMatcher) -> Callable[[Any], tuple[Any, int | None]]:
    """'Khiếu nại / 1' → ('complaint', 1); 'Tập thể: 5' → ('collective', 5); 'Không đơn' → ('no_petition', None)."""
    def parse(value: Any):
        text = text_value(value)
        if text is None:
            return (None, None)
        m = _CATEGORY_PEOPLE.match(fold(text))
        if m:
            # keep the original spelling of the category part for the matcher
            head = re.split(r"[/:]", text)[0]
            return (matcher.match(head) if head.strip() else None, int(m.group("n")))
        return (matcher.match(text), None)

    return parse


VALUE_PARSERS: dict[str, Callable[[Any], Any]] = {
    "date": parsing.parse_date,
    "whole": parsing.parse_whole_number,
    "money": parsing.parse_money,
    "session": parsing.parse_session,
    "round": parsing.parse_round,
    "district": parsing.normalise_district,
    "flag": parsing.parse_plan_flag,
    "presence": parsing.result_present,
}
"""Column type → parser; text, symbol, body and pii columns are kept as (NFC) text."""


def cell_parser(column: Column, schema: Schema) -> Callable[[Any], Any]:
    """The parser of a declared column type; raises parsing.ParseError on a bad value."""
    if column.type in ("category", "category_people"):
        matcher = parsing.CategoryMatcher(schema.variants(column.categories), column.categories)
        return matcher.match if column.type == "category" else category_people_parser(matcher)
    return VALUE_PARSERS.get(column.type, text_value)


# --------------------------------------------------------------------------- parse columns


class ParsedColumn(NamedTuple):
    values: list
    failed: list[tuple[int, Any, str]]
    """(position, raw value, reason) of the cells that reject their row."""
    blanked: list[int]
    """Positions of Excel error cells read as blank (a column no figure adds up)."""
    unknown: list[tuple[int, str]]
    """(position, text) of values outside an optional category, kept as written."""


def parse_distinct(raws: list[Any], parse: Callable[[Any], Any]) -> tuple[dict[Any, Any], dict[Any, str]]:
    """Each distinct non-blank raw value parsed once: (raw → value, raw → reason for those that fail).

    A failing raw value maps to None in the first dict. An Excel error cell
    (:class:`pipeline.read.cells.ExcelError`) fails with its own reason.
    """
    values: dict[Any, Any] = {}
    failures: dict[Any, str] = {}
    plain_text = parse is text_value
    for raw in set(raws):
        if raw is None:
            continue
        kind = type(raw)
        if plain_text and kind is str:
            values[raw] = nfc(raw) or None  # text_value of a str / an int, without the call
        elif plain_text and kind is int:
            values[raw] = str(raw)
        elif isinstance(raw, ExcelError):
            values[raw], failures[raw] = None, raw.reason_vi
        else:
            try:
                values[raw] = parse(raw)
            except parsing.ParseError as exc:
                values[raw], failures[raw] = None, str(exc)
    return values, failures


def parse_column(raws: list[Any], parse: Callable[[Any], Any], column: Column) -> ParsedColumn:
    """One column's raw cells → values (blank → None; a blank ``presence`` cell → False).

    A value that fails its parser rejects the row — except an Excel error cell
    in a column that is neither required nor added up (blanked, listed in a
    notice) and an unknown value in an optional category (kept as written).
    """
    parsed, failures = parse_distinct(raws, parse)
    blank = False if column.type == "presence" else None
    values = [blank if raw is None else parsed[raw] for raw in raws]
    if not failures:
        return ParsedColumn(values, [], [], [])
    return settle_failures(raws, failures, values, column, blank)


def settle_failures(raws: list[Any], failures: dict[Any, str], values: list[Any],
                    column: Column, blank: Any) -> ParsedColumn:
    """The cells whose value failed its parser (``failures``: raw → reason), in row order,
    each as :func:`failure_handling` says."""
    values = list(values)
    failed, blanked, unknown = [], [], []
    for pos in [p for p, raw in enumerate(raws) if raw is not None and raw in failures]:
        raw = raws[pos]
        how = failure_handling(raw, column)
        if how == "blank":
            blanked.append(pos)
            values[pos] = blank
        elif how == "keep":
            values[pos] = text_value(raw)
            unknown.append((pos, values[pos]))
        else:
            failed.append((pos, raw, failures[raw]))
            values[pos] = None
    return ParsedColumn(values, failed, blanked, unknown)


def failure_handling(raw: Any, column: Column) -> str:
    """What a value that fails its parser does: "blank" (an error cell where no figure needs it),
    "keep" (as written: an optional category), else "reject" its row."""
    if isinstance(raw, ExcelError) and not (column.required or column.type in NUMERIC_TYPES):
        return "blank"
    if column.type == "category" and not column.required:
        return "keep"
    return "reject"


def parse_columns(cells: np.ndarray, columns: Sequence[ColumnMatch], parsers: Sequence[Callable[[Any], Any]],
                  register: Register, grid_rows: Sequence[int],
                  row_numbers: Sequence[int]) -> tuple[dict[str, list], list[Reject], list[Note]]:
    """Parse every plain column: (key → values, rejects, notes).

    ``parsers[k]`` parses ``columns[k]``. Notes: one warning per column naming
    its error cells read as blank (A1-style, the first ten), one info per value
    kept outside an optional category.
    """
    data: dict[str, list] = {}
    rejects: list[Reject] = []
    blanked_errors: dict[str, list[str]] = {}  # header → cells whose formula error is read as blank
    unknown_optional: dict[tuple[str, str], int] = {}
    for m, parse in zip(columns, parsers):
        raws = cells[:, m.index].tolist()
        parsed = parse_column(raws, parse, register.column(m.key))
        data[m.key] = parsed.values
        rejects.extend(Reject(grid_rows[pos], m.header, raw, reason, m.key) for pos, raw, reason in parsed.failed)
        for pos in parsed.blanked:
            blanked_errors.setdefault(m.header, []).append(
                f"{column_letters(m.index)}{row_numbers[grid_rows[pos]]} {raws[pos].code}")
        for _pos, text in parsed.unknown:
            unknown_optional[(m.header, text)] = unknown_optional.get((m.header, text), 0) + 1
    notes = [Note("warning", error_cells_message(header, cells_)) for header, cells_ in blanked_errors.items()]
    notes += [Note("info", f"Cột «{header}»: giá trị ngoài danh mục «{text}» ({n} dòng), giữ nguyên như ghi.")
              for (header, text), n in unknown_optional.items()]
    return data, rejects, notes


def error_cells_message(header: str, cells: list[str]) -> str:
    return (f"Cột «{header}»: {len(cells)} ô lỗi công thức Excel, coi như trống ({', '.join(cells[:10])}"
            + (" …" if len(cells) > 10 else "") + "): sửa công thức trong tệp rồi chạy lại.")


# --------------------------------------------------------------------------- x-marks and combined cells


def resolve_marks(cells: np.ndarray, groups: dict[str, tuple[ColumnMatch, ...]], register: Register,
                  grid_rows: Sequence[int]) -> tuple[dict[str, list], list[Reject]]:
    """x-marked sub-columns → one category code per record (key → codes, rejects).

    Exactly one tick (parsing.is_mark) gives the sub-column's code; none or
    several reject the row, showing every sub-column's cell.
    """
    data: dict[str, list] = {}
    rejects: list[Reject] = []
    for key, subs in groups.items():
        header = register.column(key).header
        ticks = np.array([[parsing.is_mark(v) for v in cells[:, s.index].tolist()] for s in subs], dtype=bool)
        ticks = ticks.reshape(len(subs), len(cells))
        counts = ticks.sum(axis=0)
        codes = np.array([s.mark_code for s in subs], dtype=object)
        data[key] = np.where(counts == 1, codes[ticks.argmax(axis=0)], None).tolist()
        for pos in np.flatnonzero(counts != 1).tolist():
            shown = ", ".join(f"{s.header}={cells[pos, s.index] or ''}" for s in subs)
            reason = "không có ô nào được đánh dấu" if not counts[pos] else f"đánh dấu {counts[pos]} ô, chỉ được một"
            rejects.append(Reject(grid_rows[pos], header, shown, reason, key))
    return data, rejects


def split_category_people(data: dict[str, list], register: Register) -> dict[str, list]:
    """The combined "Phân loại đơn/Số người" values ((code, people) pairs) → its two target keys.

    A target the sheet also has its own column for keeps that column's value where it is filled.
    """
    out = dict(data)
    for col in register.columns:
        if col.type == "category_people" and col.key in out:
            pairs = out.pop(col.key)
            for pos, target in enumerate(col.targets):
                values = [p[pos] if isinstance(p, tuple) else None for p in pairs]
                if target in out:
                    out[target] = [a if a is not None else b for a, b in zip(out[target], values)]
                else:
                    out[target] = values
    return out


# --------------------------------------------------------------------------- the records frame


def build_frame(data: dict[str, list], grid_rows: Sequence[int], row_numbers: Sequence[int],
                file: str, sheet: str) -> pd.DataFrame:
    """Columns ``_file, _sheet, _row`` (Excel row as shown), the keys (object), ``_grid_index``."""
    index = pd.RangeIndex(len(grid_rows))
    place = pd.DataFrame({"_file": file, "_sheet": sheet, "_row": [row_numbers[i] for i in grid_rows]}, index=index)
    grid = pd.DataFrame({"_grid_index": list(grid_rows)}, index=index)
    return pd.concat([place, object_frame(data, index), grid], axis=1)


def object_frame(data: dict[str, list], index: pd.RangeIndex) -> pd.DataFrame:
    """Columns of ``data`` as one object block: values are already typed by the parsers,
    so no costly dtype inference (a cell may hold a tuple: it stays one value)."""
    if not data:
        return pd.DataFrame(data, index=index, dtype=object)
    block = np.empty((len(data), len(index)), dtype=object)  # pandas' own layout: one row per column
    for k, values in enumerate(data.values()):
        block[k] = np.fromiter(values, dtype=object, count=len(index))
    return pd.DataFrame(block.T, columns=pd.Index(list(data)), index=index, dtype=object, copy=False)


def apply_defaults(frame: pd.DataFrame, register: Register) -> pd.DataFrame:
    """Every register column present (blank when the sheet lacks it); blank cells take the column's default."""
    out = frame.copy(deep=False)
    for column in register.columns:
        if column.key not in out.columns:
            if column.targets:
                continue
            out[column.key] = None
        if column.default is not None:
            out[column.key] = out[column.key].where(out[column.key].notna(), column.default)
    return out


_SYMBOL_YEAR = re.compile(r"/\s*(?:19|20)\d{2}\s*/")


def _resolution_kind_from_symbol(frame: pd.DataFrame, schema: Schema, register: Register) -> pd.Series:
    """Blank Loại: a symbol with a year segment (12/2020/NQ-HĐND) is normative."""
    symbols = frame["symbol"].astype("string").fillna("")
    return symbols.str.contains(_SYMBOL_YEAR).map({True: "normative", False: "individual"})


def _award_target_from_name(frame: pd.DataFrame, schema: Schema, register: Register) -> pd.Series:
    """Blank Đối tượng: collective when the name or the title starts 'Tập thể'.

    The title is already a category code here, so its Vietnamese label is read
    ('advanced_collective' → 'Tập thể lao động tiên tiến').
    """
    def starts_collective(texts: pd.Series) -> pd.Series:
        return texts.map(lambda s: isinstance(s, str) and fold(s).startswith("tap the"))

    title_set = register.column("title").categories
    title_labels = frame["title"].map(lambda code: schema.label(title_set, code) if isinstance(code, str) else None)
    collective = starts_collective(frame["name"]) | starts_collective(title_labels)
    return collective.map({True: "collective", False: "individual"})


DERIVATIONS: dict[str, Callable[[pd.DataFrame, Schema, Register], pd.Series]] = {
    "resolution_kind_from_symbol": _resolution_kind_from_symbol,
    "award_target_from_name": _award_target_from_name,
}
"""Named rules (``derive = "…"`` in the register spec) filling a column's blanks from other columns."""


def apply_derivations(frame: pd.DataFrame, register: Register, schema: Schema) -> pd.DataFrame:
    """Column by column, in the register's order: ``derive`` fills blanks, ``own_key`` adds a case key,
    ``key_normalised`` adds ``<key>_key``."""
    out = frame.copy(deep=False)
    for column in register.columns:
        if column.derive:
            derived = DERIVATIONS[column.derive](out, schema, register)
            out[column.key] = out[column.key].where(out[column.key].notna(), derived)
        if column.own_key:
            out[column.own_key] = own_keys(out, column.key)
        if column.key_normalised:
            out[f"{column.key}_key"] = out[column.key].map(lambda v: category_key(v) if isinstance(v, str) else None)
    return out


def own_keys(frame: pd.DataFrame, key: str) -> pd.Series:
    """'id|<folded value>' where the cell is filled, else the row's own place (file|sheet|row): its own case."""
    own = frame["_file"] + "|" + frame["_sheet"] + "|" + frame["_row"].astype(str)
    given = frame[key].map(lambda v: f"id|{fold(v)}" if isinstance(v, str) else None)
    return given.where(given.notna(), own)


def settle_districts(frame: pd.DataFrame, register: Register) -> tuple[pd.DataFrame, list[Note]]:
    """District cells parse to (name, bare) pairs → the name; a bare name ('Cao Lãnh') is kept as written, with a note."""
    out = frame.copy(deep=False)
    notes = []
    for column in register.columns:
        if column.type == "district" and column.key in out.columns:
            out[column.key], bare = district_names(out[column.key])
            if bare:
                notes.append(Note("info", "Tên địa bàn không ghi rõ cấp (huyện/thị xã/thành phố), giữ nguyên: "
                                  + ", ".join(bare)))
    return out, notes


def district_names(pairs: pd.Series) -> tuple[list, list[str]]:
    """(the names, the sorted distinct bare names) of parsed district cells."""
    bare = sorted({p[0] for p in pairs if isinstance(p, tuple) and p[1] and p[0]})
    return [p[0] if isinstance(p, tuple) else p for p in pairs], bare
