"""Find a register's header in a sheet grid and map its columns to keys.

A sheet's register is told by its header row, found anywhere in the first 16
rows, whatever the column order, by whole-cell match of header names and
aliases after normalisation (case, spaces, line breaks, diacritics, Unicode
form). Two-row headers with merged group cells, x-marked sub-columns under a
group header and a row of column numbers under the header are recognised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.schema import Register, Schema
from pipeline.text import category_key, header_key

HEADER_SEARCH_ROWS = 16
_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


@dataclass(frozen=True)
class ColumnMatch:
    index: int
    key: str
    header: str
    mark_code: str | None = None


@dataclass(frozen=True)
class Located:
    register: str
    header_row: int
    depth: int
    data_start: int
    columns: tuple[ColumnMatch, ...]
    extra_headers: tuple[str, ...] = ()

    def by_key(self) -> dict[str, ColumnMatch]:
        return {c.key: c for c in self.columns if c.mark_code is None}

    def marks(self, key: str) -> list[ColumnMatch]:
        return [c for c in self.columns if c.key == key and c.mark_code is not None]


@dataclass(frozen=True)
class HeaderProblem:
    """A header that looks like a register's but lacks required columns."""

    register: str
    header_row: int
    missing: tuple[str, ...]
    found: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Index:
    names: dict[str, tuple[str, int]]  # header key → (column key, 0 = main header / 1 = alias)
    groups: dict[str, str]  # header key of a mark-group header → column key
    sub_columns: dict[str, dict[str, str]]  # column key → {category key of variant → code}


_INDEX_CACHE: dict[tuple[int, str], _Index] = {}


def _index(schema: Schema, register: Register) -> _Index:
    cache_key = (id(schema), register.name)
    if cache_key in _INDEX_CACHE:
        return _INDEX_CACHE[cache_key]
    names: dict[str, tuple[str, int]] = {}
    for col in register.columns:
        for rank, name in enumerate(col.names):
            hk = header_key(name)
            if hk not in names or names[hk][1] > min(rank, 1):
                names[hk] = (col.key, min(rank, 1))
    groups: dict[str, str] = {}
    sub_columns: dict[str, dict[str, str]] = {}
    for group in register.mark_groups:
        for name in group.names:
            groups[header_key(name)] = group.key
        col = register.column(group.key)
        subs: dict[str, str] = {}
        for code, variants in schema.variants(col.categories).items():
            for variant in variants:
                subs[category_key(variant.rstrip("*"))] = code
        sub_columns[group.key] = subs
    _INDEX_CACHE[cache_key] = index = _Index(names, groups, sub_columns)
    return index


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    return None


def _header_band(grid_rows: list[list[Any]], merged, limit: int) -> list[list[Any]]:
    """The first `limit` rows with merged header cells spread over their whole range."""
    band = [list(row) for row in grid_rows[:limit]]
    for r0, c0, r1, c1 in merged:
        if r0 >= limit:
            continue
        value = band[r0][c0] if c0 < len(band[r0]) else None
        for r in range(r0, min(r1, limit - 1) + 1):
            row = band[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value
    return band


def _all_header_keys(schema: Schema) -> frozenset[str]:
    cache_key = (id(schema), "*")
    if cache_key not in _KEYS_CACHE:
        keys = set()
        for register in schema.registers.values():
            index = _index(schema, register)
            keys |= set(index.names) | set(index.groups)
        _KEYS_CACHE[cache_key] = frozenset(keys)
    return _KEYS_CACHE[cache_key]


_KEYS_CACHE: dict[tuple[int, str], frozenset[str]] = {}


def _match_columns(band, r: int, depth: int, register: Register, index: _Index):
    """Map the columns of header rows r..r+depth-1 to register keys."""
    top = band[r]
    bottom = band[r + depth - 1] if r + depth - 1 < len(band) else top
    width = max(len(top), len(bottom))
    matches: list[ColumnMatch] = []
    extras: list[str] = []
    best_rank: dict[str, int] = {}
    for c in range(width):
        top_text = _text(top[c]) if c < len(top) else None
        bottom_text = _text(bottom[c]) if c < len(bottom) else None
        if depth == 2 and top_text and bottom_text and top_text != bottom_text:
            group_key = index.groups.get(header_key(top_text))
            if group_key is not None:
                code = index.sub_columns[group_key].get(category_key(bottom_text))
                if code is not None:
                    matches.append(ColumnMatch(c, group_key, f"{top_text.strip()} / {bottom_text.strip()}", code))
                    continue
        matched = None
        for text in (bottom_text, top_text) if depth == 2 else (top_text,):
            if text is None:
                continue
            hit = index.names.get(header_key(text))
            if hit is not None:
                matched = (hit, text)
                break
        if matched is None:
            label = bottom_text or top_text
            if label:
                extras.append(label.strip())
            continue
        (key, rank), text = matched
        if key in best_rank and best_rank[key] <= rank:
            continue  # an earlier column, or the main header name, already holds this key
        if key in best_rank:
            matches = [m for m in matches if not (m.key == key and m.mark_code is None)]
        best_rank[key] = rank
        matches.append(ColumnMatch(c, key, text.strip()))  # rejects name the header as written
    matches.sort(key=lambda m: m.index)
    return matches, extras


def _satisfied(register: Register, matches: list[ColumnMatch]) -> tuple[set[str], list[str]]:
    keys = {m.key for m in matches if m.mark_code is None}
    marks: dict[str, int] = {}
    for m in matches:
        if m.mark_code is not None:
            marks[m.key] = marks.get(m.key, 0) + 1
    keys |= {k for k, n in marks.items() if n >= 2}
    missing = [k for k in register.required_keys if k not in keys]
    return keys, missing


def is_column_number_row(row: list[Any]) -> bool:
    """'1 2 3 …' or '(1) (2) (3) …' under a header."""
    values = [v for v in row if v is not None and v != ""]
    if len(values) < 2:
        return False
    numbers = []
    for v in values:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)) and float(v).is_integer():
            numbers.append(int(v))
        elif isinstance(v, str) and _COLUMN_NUMBER.match(v.strip()):
            numbers.append(int(re.sub(r"\D", "", v)))
        else:
            return False
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers) and numbers[0] <= 2


def locate(
    rows: list[list[Any]], merged, schema: Schema
) -> Located | HeaderProblem | None:
    """Find the register whose header appears in the first 16 rows.

    Returns the best full match (every required column present; most columns
    matched; a one-row header preferred on a tie), else the closest partial
    match as a HeaderProblem (so the analyst learns which column is missing),
    else None (no register: the sheet is skipped with a notice).
    """
    limit = min(len(rows), HEADER_SEARCH_ROWS + 1)
    band = _header_band(rows, merged, limit)
    best: tuple | None = None
    partial: tuple | None = None
    # rows that hold at least one known header name: only they can start a header
    known = _all_header_keys(schema)
    hits = [sum(1 for v in row if _text(v) and header_key(v) in known) for row in band]
    candidates = [r for r in range(min(limit, HEADER_SEARCH_ROWS)) if hits[r] or (r + 1 < limit and hits[r + 1])]
    for register in schema.registers.values():
        index = _index(schema, register)
        for r in candidates:
            for depth in (1, 2):
                if r + depth > limit:
                    continue
                matches, extras = _match_columns(band, r, depth, register, index)
                keys, missing = _satisfied(register, matches)
                if not keys:
                    continue
                score = (len(keys), len(matches), -depth, -r)
                if not missing:
                    if best is None or score > best[0]:
                        best = (score, register, r, depth, matches, extras)
                elif len(keys) >= 2 and len(missing) < len(register.required_keys):
                    pscore = (len(keys) - len(missing), len(keys))
                    if partial is None or pscore > partial[0]:
                        partial = (pscore, register, r, missing, keys)
    if best is not None:
        _, register, r, depth, matches, extras = best
        start = r + depth
        if start < len(rows) and is_column_number_row(rows[start]):
            start += 1
        return Located(register.name, r, depth, start, tuple(matches), tuple(extras))
    if partial is not None:
        _, register, r, missing, keys = partial
        names = tuple(register.column(k).header for k in missing)
        return HeaderProblem(register.name, r, names, tuple(sorted(keys)))
    return None
