"""How the pipeline reads one file, sheet by sheet — ``python -m pipeline inspect FILE``.

For each sheet: the register recognised (or the closest one and what it
lacks), the header row(s) as Excel shows them, every header cell as written
and the column key it maps to (or "không khớp", with the closest known
headers), the first rows as parsed values, and the rejects the sheet would
produce. The same steps as a run (read, legacy text, locate, clean), so what
``inspect`` says is what ``run`` does. Personal data is masked: a report made
to be pasted into an e-mail must not carry a citizen's name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline import config
from pipeline.clean.identity import strip_personal_data
from pipeline.clean.locate import (
    Candidate,
    header_band,
    header_candidates,
    locate,
    missing_column_hint,
    problem_of,
)
from pipeline.clean.sheet import clean_sheet
from pipeline.read.cells import ExcelError, column_letters
from pipeline.read.files import Grid, read_grids
from pipeline.specs.registers import Register, Schema
from pipeline.vi import parsing
from pipeline.vi.legacy_text import decode_legacy_rows
from pipeline.vi.nearest import closest

SHOWN_ROWS = 5
SHOWN_REJECTS = 10
MASK = "***"


@dataclass
class HeaderCell:
    column: str  # Excel letter
    written: str  # the header as written in the sheet
    key: str | None  # the column key it maps to, None = "không khớp"
    closest: list[str] = field(default_factory=list)  # known headers it nearly matches


@dataclass
class MissingColumn:
    key: str
    header: str
    closest: list[str] = field(default_factory=list)  # header cells of the sheet it nearly matches


@dataclass
class SheetReport:
    sheet: str
    status: str  # nhận ra | thiếu cột | không phải sổ | trống
    register: str | None = None
    register_label: str | None = None
    header_rows: list[int] = field(default_factory=list)  # as Excel shows them
    cells: list[HeaderCell] = field(default_factory=list)
    missing: list[MissingColumn] = field(default_factory=list)
    year: int | None = None
    year_source: str = ""
    office: str | None = None
    first_rows: list[dict[str, Any]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    rejects_total: int = 0
    notices: list[str] = field(default_factory=list)
    hint: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- the reports


def inspect_file(path: Path, schema: Schema, sheet: str | None = None, year: int | None = None,
                 office: str | None = None) -> list[SheetReport]:
    """One report per sheet of ``path`` (only ``sheet`` if named). Reads the file; the rest is pure."""
    path = Path(path)
    grids = read_grids(path, _place(path))
    if sheet is not None:
        names = [g.sheet for g in grids]
        grids = [g for g in grids if g.sheet == sheet]
        if not grids:
            raise KeyError(f"{path.name}: không có sheet «{sheet}» (các sheet: {', '.join(names)})")
    folder_year, folder_office = _from_folders(path)
    return [inspect_grid(g, schema, year or folder_year, office or folder_office) for g in grids]


def _place(path: Path) -> str:
    """The file's place under data/raw when it is there (messages name it so), else its name."""
    try:
        return path.resolve().relative_to(config.RAW_DIR).as_posix()
    except ValueError:
        return path.name


def _from_folders(path: Path) -> tuple[int | None, str | None]:
    """<year>/<office>/… in the path, as a run would read it."""
    from pipeline.specs.load import load_specs

    offices = load_specs().offices
    parts = path.resolve().parts[:-1]
    for i in range(len(parts) - 1, 0, -1):
        if re.fullmatch(r"\d{4}", parts[i - 1]):
            office, _ = offices.office_of(parts[i])
            if office:
                return int(parts[i - 1]), office
    return None, None


def inspect_grid(grid: Grid, schema: Schema, year: int | None, office: str | None) -> SheetReport:
    """How one sheet is read: header mapping, then (if a register is recognised) the cleaned rows."""
    report = SheetReport(sheet=grid.sheet, status="trống")
    report.notices.extend(grid.notices)
    if not grid.rows:
        return report
    legacy = decode_legacy_rows(grid.rows, grid.sheet)
    rows = legacy.rows
    if legacy.notice:
        report.notices.append(legacy.notice)
    candidates = header_candidates(rows, grid.merged, schema)
    found = locate(rows, grid.merged, schema)
    best = _explained_candidate(candidates, found)
    if best is None:
        report.status = "không phải sổ"
        report.hint = "Không dòng nào trong 16 dòng đầu giống tiêu đề của sổ nào: kiểm tra tiêu đề cột, hoặc khai báo sổ mới trong data/specs/registers.toml."
        return report
    register = best.register
    report.register, report.register_label = register.name, register.label_vi
    report.header_rows = [grid.row_number(best.row + i) for i in range(best.depth)]
    report.cells = _header_cells(header_band(rows, grid.merged), best, register)
    if found is None:  # as a run sees it: no register, only the closest one for the reader's information
        report.status = "không phải sổ"
        report.hint = (f"Không giống sổ nào đã khai báo (gần nhất: «{register.label_vi}», chỉ khớp {len(best.keys)} cột). "
                       "Nếu đây là một sổ mới, khai báo nó trong data/specs/registers.toml (xem docs/adding-a-register.md).")
        return report
    problem = problem_of(best, header_band(rows, grid.merged)) if best.missing else None
    if problem is not None:
        by_text = {text: c for c, text in problem.unmatched}
        report.missing = [
            MissingColumn(k, register.column(k).header,
                          list(dict.fromkeys(t for n in register.column(k).names for t in closest(n, by_text, limit=2)))[:3])
            for k in best.missing
        ]
    if problem is not None:
        report.status = "thiếu cột"
        report.hint = missing_column_hint(problem, schema, report.header_rows[0]) if problem else ""
        return report
    report.status = "nhận ra"
    _clean_preview(report, grid, rows, found, schema, register, year, office)
    return report


def _explained_candidate(candidates: list[Candidate], found) -> Candidate | None:
    """The candidate locate chose (full match), else the closest one (most keys matched)."""
    if not candidates:
        return None
    if found is not None and not hasattr(found, "missing"):
        return next(c for c in candidates if c.register.name == found.register and c.row == found.header_row
                    and c.depth == found.depth and not c.missing)
    return max(candidates, key=lambda c: c.partial_score)


def _header_cells(band, candidate: Candidate, register: Register) -> list[HeaderCell]:
    by_index: dict[int, list] = {}
    for m in candidate.matches:
        by_index.setdefault(m.index, []).append(m)
    names = {n: c.key for c in register.columns for n in c.names}
    width = max(len(r) for r in band[candidate.row : candidate.row + candidate.depth])
    cells = []
    for c in range(width):
        texts = [band[r][c] for r in range(candidate.row, candidate.row + candidate.depth) if c < len(band[r])]
        texts = [" ".join(t.split()) for t in texts if isinstance(t, str) and t.strip()]
        if not texts:
            continue
        written = " / ".join(dict.fromkeys(texts))
        matched = by_index.get(c)
        if matched:
            m = matched[0]
            key = f"{m.key}={m.mark_code}" if m.mark_code else m.key
            cells.append(HeaderCell(column_letters(c), " ".join(m.header.split()), key))
        else:
            cells.append(HeaderCell(column_letters(c), written, None, closest(texts[-1], names, limit=2)))
    return cells


def _sheet_year(rows, located, register: Register) -> int | None:
    """The year most dates of the register's year column are in (for a file outside <year>/ folders)."""
    column = next((m for m in located.columns if m.key == register.year_column and m.mark_code is None), None)
    if column is None:
        return None
    years = Counter()
    for row in rows[located.data_start :]:
        try:
            value = parsing.parse_date(row[column.index]) if column.index < len(row) else None
        except (parsing.ParseError, TypeError):
            continue
        if isinstance(value, dt.date):
            years[value.year] += 1
    return years.most_common(1)[0][0] if years else None


def _clean_preview(report, grid, rows, located, schema, register, year, office) -> None:
    """Clean the sheet as a run would; keep the counts, the first rows (masked) and the rejects."""
    if year is None:
        year = _sheet_year(rows, located, register)
        report.year_source = "theo ngày trong sổ" if year else "không rõ (dùng --year)"
    else:
        report.year_source = "theo thư mục hoặc --year"
    office = office or "doan-dbqh-hdnd"
    report.year, report.office = year, office
    row_numbers = grid.row_numbers or [grid.first_row + i for i in range(len(rows))]
    result = clean_sheet(
        rows, grid.merged, row_numbers, located, schema, file=grid.file, sheet=grid.sheet,
        folder_year=year or 0, office=office, office_bodies=config.OFFICE_FOLDERS[office], normalised=True,
    )
    report.rows = dict(result.accounting)
    report.rejects_total = len(result.rejects)
    report.rejects = result.rejects[:SHOWN_REJECTS]
    report.notices.extend(n["message"] for n in result.notices)
    records = result.records.head(SHOWN_ROWS)
    shown = strip_personal_data(records, register)
    columns = [c.key for c in register.columns if c.key in records.columns]
    for pos in range(len(records)):
        row = {"dòng": int(records["_row"].iloc[pos])}
        for key in columns:
            value = MASK if key in register.pii_keys and records[key].iloc[pos] is not None else (
                shown[key].iloc[pos] if key in shown.columns else None)
            row[key] = _shown(value)
        report.first_rows.append(row)


def _shown(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, ExcelError):
        return str(value)
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value


# --------------------------------------------------------------------------- the terminal


def format_reports(path: Path, reports: list[SheetReport]) -> str:
    """The reports as aligned text with Vietnamese labels."""
    lines = [f"Tệp: {path}"]
    for rep in reports:
        closest_only = rep.status == "không phải sổ"
        named = f" — {'gần nhất: ' if closest_only else ''}{rep.register_label} ({rep.register})" if rep.register else ""
        lines += ["", f"Sheet «{rep.sheet}»: {rep.status}{named}"]
        if rep.header_rows:
            lines.append(f"  Dòng tiêu đề: {', '.join(map(str, rep.header_rows))}")
        if rep.cells:
            lines.append("  Tiêu đề cột (như trong sổ → cột của sổ theo dõi):")
            width = max(len(c.written) for c in rep.cells)
            for cell in rep.cells:
                target = cell.key or "không khớp"
                near = f"   gần giống: {', '.join(f'«{n}»' for n in cell.closest)}" if cell.closest else ""
                lines.append(f"    {cell.column:>3}  {cell.written.ljust(width)}  → {target}{near}")
        for miss in rep.missing:
            near = f"; ô gần giống: {', '.join(f'«{n}»' for n in miss.closest)}" if miss.closest else ""
            lines.append(f"  Thiếu cột bắt buộc: {miss.header} ({miss.key}){near}")
        if rep.hint:
            lines.append(f"  Gợi ý: {rep.hint}")
        if rep.rows:
            r = rep.rows
            lines.append(f"  Năm: {rep.year or '?'} ({rep.year_source}); văn phòng: {rep.office}")
            lines.append(f"  Dòng: {r['rows_read']} đọc = {r['accepted']} nhận + {r['rejected']} loại + {r['total_rows']} dòng tổng"
                         f" + {r['blank_rows']} dòng trống + {r['ignored_rows']} dòng chữ ký/ghi chú")
        if rep.first_rows:
            lines.append(f"  {len(rep.first_rows)} dòng đầu (giá trị đã đọc; dữ liệu cá nhân che {MASK}):")
            lines += ["    " + line for line in _table(rep.first_rows)]
        if rep.rejects_total:
            lines.append(f"  Dòng bị loại: {rep.rejects_total}" + (f" (in {len(rep.rejects)} dòng đầu)" if rep.rejects_total > len(rep.rejects) else ""))
            for rej in rep.rejects:
                lines.append(f"    dòng {rej['row']}, cột «{rej['column']}», giá trị «{rej['value']}»: {rej['reason']}")
        for note in rep.notices:
            lines.append(f"  Ghi chú: {note}")
    return "\n".join(lines)


def _table(rows: list[dict]) -> list[str]:
    keys = list(rows[0])
    texts = [[("" if r[k] is None else str(r[k]))[:28] for k in keys] for r in rows]
    widths = [max(len(k), *(len(t[i]) for t in texts)) for i, k in enumerate(keys)]
    out = ["  ".join(k.ljust(w) for k, w in zip(keys, widths))]
    for t in texts:
        out.append("  ".join(v.rjust(w) if _numeric(v) else v.ljust(w) for v, w in zip(t, widths)))
    return out


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"-?[\d.,]+", text))

