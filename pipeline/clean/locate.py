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

from pipeline.specs.registers import Register, Schema
from pipeline.vi.text import category_key, header_key

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
    missing_keys: tuple[str, ...] = field(default=())
    unmatched: tuple[tuple[int, str], ...] = field(default=())  # (column index, header as written) matching no key


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


@dataclass(frozen=True)
class Candidate:
    """One register tried at one header position: what matched, what is missing."""

    register: Register
    row: int
    depth: int
    matches: tuple[ColumnMatch, ...]
    extras: tuple[str, ...]
    keys: frozenset[str]
    missing: tuple[str, ...]

    @property
    def score(self) -> tuple:
        # most keys, most columns, a one-row header and the earliest row on a tie
        return (len(self.keys), len(self.matches), -self.depth, -self.row)

    @property
    def partial_score(self) -> tuple:
        """For a header lacking required columns: most required ones present, then as ``score``."""
        return (len(self.keys) - len(self.missing), len(self.keys), -self.depth, -self.row)


def header_candidates(rows: list[list[Any]], merged, schema: Schema) -> list[Candidate]:
    """Every (register, header row, depth) of the first 16 rows that matches at least one column."""
    limit = min(len(rows), HEADER_SEARCH_ROWS + 1)
    band = _header_band(rows, merged, limit)
    # rows that hold at least one known header name: only they can start a header
    known = _all_header_keys(schema)
    hits = [sum(1 for v in row if _text(v) and header_key(v) in known) for row in band]
    starts = [r for r in range(min(limit, HEADER_SEARCH_ROWS)) if hits[r] or (r + 1 < limit and hits[r + 1])]
    found = []
    for register in schema.registers.values():
        index = _index(schema, register)
        for r in starts:
            for depth in (1, 2):
                if r + depth > limit:
                    continue
                matches, extras = _match_columns(band, r, depth, register, index)
                keys, missing = _satisfied(register, matches)
                if keys:
                    found.append(Candidate(register, r, depth, tuple(matches), tuple(extras), frozenset(keys), tuple(missing)))
    return found


def header_band(rows: list[list[Any]], merged) -> list[list[Any]]:
    """The rows a header can be in, merged header cells spread over their range (for explaining a sheet)."""
    return _header_band(rows, merged, min(len(rows), HEADER_SEARCH_ROWS + 1))


def locate(
    rows: list[list[Any]], merged, schema: Schema
) -> Located | HeaderProblem | None:
    """Find the register whose header appears in the first 16 rows.

    Returns the best full match (every required column present; most columns
    matched; a one-row header preferred on a tie), else the closest partial
    match as a HeaderProblem (so the analyst learns which column is missing),
    else None (no register: the sheet is skipped with a notice).
    """
    candidates = header_candidates(rows, merged, schema)
    full = [c for c in candidates if not c.missing]
    if full:
        best = max(full, key=lambda c: c.score)
        start = best.row + best.depth
        if start < len(rows) and is_column_number_row(rows[start]):
            start += 1
        return Located(best.register.name, best.row, best.depth, start, best.matches, best.extras)
    partial = [c for c in candidates if len(c.keys) >= 2 and len(c.missing) < len(c.register.required_keys)]
    if partial:
        best = max(partial, key=lambda c: c.partial_score)  # first best wins a tie, as registers are declared
        return problem_of(best, header_band(rows, merged))
    return None


def problem_of(candidate: Candidate, band: list[list[Any]]) -> HeaderProblem:
    """A partial match as the HeaderProblem a warning is written from."""
    register = candidate.register
    names = tuple(register.column(k).header for k in candidate.missing)
    unmatched = _unmatched_cells(band, candidate.row, candidate.depth, list(candidate.matches))
    return HeaderProblem(register.name, candidate.row, names, tuple(sorted(candidate.keys)), candidate.missing, unmatched)


ROW_NUMBER_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu"})
"""The row-number column: in every register, never a near miss of anything."""


def _unmatched_cells(band, r: int, depth: int, matches: list[ColumnMatch]) -> tuple[tuple[int, str], ...]:
    """Header cells of rows r..r+depth-1 that map to no key: where a near-miss name would be."""
    taken = {m.index for m in matches}
    cells = []
    for c in range(max(len(row) for row in band[r : r + depth])):
        if c in taken:
            continue
        texts = [_text(band[i][c]) for i in range(r, r + depth) if c < len(band[i])]
        text = next((t for t in reversed(texts) if t), None)
        if text and header_key(text) not in ROW_NUMBER_HEADERS:
            cells.append((c, " ".join(text.split())))
    return tuple(cells)


def missing_column_hint(
    problem: HeaderProblem, schema: Schema, header_row: int | None = None, specs_file: str = "data/specs/registers.toml"
) -> str:
    """The warning for a sheet skipped for a missing required column, with the near-miss headers it has
    and the exact line that declares one of them as the column's other name (``header_row``: as Excel shows it)."""
    from pipeline.read.cells import column_letters
    from pipeline.vi.nearest import closest

    register = schema.registers[problem.register]
    by_text = {text: c for c, text in problem.unmatched}
    row = header_row if header_row is not None else problem.header_row + 1
    parts, fixes = [], []
    for key, header in zip(problem.missing_keys, problem.missing):
        near = list(dict.fromkeys(t for name in register.column(key).names for t in closest(name, by_text, limit=2)))[:2]
        if near:
            where = ", ".join(f"«{t}» (ô {column_letters(by_text[t])}{row})" for t in near)
            parts.append(f"{header} — sheet có {where}")
            fixes.append(f'registers.{register.name}.columns = [{{ key = "{key}", aliases = ["{near[0]}"] }}]')
        else:
            parts.append(header)
    if problem.unmatched and len(fixes) < len(problem.missing):
        shown = ", ".join(f"«{t}»" for _, t in problem.unmatched[:6])
        parts[-1] += f" (các ô tiêu đề chưa khớp cột nào: {shown})"
    text = f"Sheet giống «{register.label_vi}» nhưng thiếu cột bắt buộc: {'; '.join(parts)}. Bỏ qua sheet."
    if fixes:
        text += (f" Nếu đó chính là cột cần, thêm vào {specs_file} dòng: " + " ; ".join(fixes)
                 + " rồi chạy lại (xem: python -m pipeline inspect TỆP).")
    else:
        text += f" Thêm cột này vào sổ, hoặc khai báo tên cột của văn phòng trong {specs_file} (xem: python -m pipeline inspect TỆP)."
    return text
