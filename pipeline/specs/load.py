"""Every spec the engine reads — the package's and an office's own — found, merged and checked here.

The package ships its specs in ``pipeline/specs/``. An office that cannot
(and should not) edit an installed package keeps its own in ``data/specs/``
(``--specs DIR`` or ``VP_SPECS_DIR`` elsewhere), read by every command and
notebook and merged over the package's:

- ``registers.toml``: a column entry whose ``key`` exists adds its
  ``aliases``; a ``[categories.X]`` entry adds variants to a code, or a new
  code; a register table that does not exist yet declares a whole register;
  ``[common_columns.body]`` adds aliases of the body column of every register.
- ``indicators.csv``: a row adds an indicator or replaces the one with its id
  (missing optional columns take their defaults); ``units.csv`` likewise.
- ``offices.toml``: more names of the office folders.
- ``draft_templates.toml``: the draft report's wording; a section or group
  whose id exists takes the keys given, a new id is added
  (:mod:`pipeline.draft.templates`, docs/draft.md).

Everything is checked when it loads (:mod:`pipeline.specs.checks`): a problem
is one line naming the file, the row or table, and the fix, and all of them
are raised together as :class:`SpecError` — never a traceback in the middle
of a run, never a figure silently missing. Nothing here runs at import time.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.figures.indicators import Catalogue
from pipeline.specs.files import (  # noqa: F401 (file names, SpecError and the folder: re-exported)
    CHECKS,
    DRAFT,
    INDICATORS,
    LINKS,
    LOCAL_SPEC_FILES,
    OFFICES,
    PERIODS,
    REGISTERS,
    UNITS,
    SpecError,
    local_specs_dir,
    merge_offices,
    spec_fingerprint,
)
from pipeline.specs.offices import OfficeNames, parse_offices
from pipeline.specs.periods import PERIOD_COLUMNS, Period, parse_periods
from pipeline.specs.registers import Schema, parse_schema

INDICATOR_COLUMNS = ("indicator", "register", "filter", "aggregation", "field", "distinct_scope", "unit_vi", "label_vi", "chart")
INDICATOR_REQUIRED = ("indicator", "register", "aggregation", "unit_vi", "label_vi")
UNIT_COLUMNS = ("indicator", "body", "unit_vi")
LINK_COLUMNS = ("indicator", "body", "kinds", "unit", "near", "context", "after", "not_near", "not_context",
                "not_after", "priority", "combine")
LINK_REQUIRED = ("indicator", "body", "kinds", "unit")
CHECK_COLUMNS = ("total", "relation", "parts", "why")
PERIOD_REQUIRED = ("period", "label_vi", "first_day", "first_month", "last_day", "last_month")
CHECK_REQUIRED = ("total", "relation", "parts")


@dataclass(frozen=True)
class Specs:
    """The merged, checked specs a run, a notebook or the report checker works with."""

    schema: Schema
    catalogue: Catalogue
    offices: OfficeNames
    local_dir: Path | None = None
    local_files: tuple[str, ...] = ()  # the local spec files merged in, as paths
    fingerprint: str = ""  # every spec file's bytes, package and local
    notes: tuple[str, ...] = field(default=())  # e.g. a file in data/specs/ that is no spec
    periods: tuple[Period, ...] = ()  # the reporting periods, "year" first
    report_links: pd.DataFrame | None = None  # how a report's figure is recognised (package rows, then local)
    report_checks: pd.DataFrame | None = None  # relations between indicators a report's figures must keep
    draft_templates: object = None  # the draft's wording (pipeline.draft.templates.Templates), checked


# --------------------------------------------------------------------------- finding the files


def _stamp(paths: list[Path]) -> tuple:
    """What makes a cached load stale: each file's size and modification time."""
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(p), None, None))
    return tuple(out)


def load_specs(local_dir: str | Path | None | bool = None) -> Specs:
    """The package's specs merged with the office's (``local_dir``; None = the default folder, False = none).

    Cached until a spec file changes (notebooks call this on every cell).
    Raises SpecError listing every problem found.
    """
    folder = None if local_dir is False else local_specs_dir(local_dir or None)
    paths = [config.SPECS_DIR / n for n in LOCAL_SPEC_FILES]
    if folder is not None:
        paths += [folder / n for n in LOCAL_SPEC_FILES]
    return _load(folder, _stamp(paths))


def package_specs() -> Specs:
    """The package's own specs only (tests, and the reference a local spec is merged over)."""
    return load_specs(False)


@lru_cache(maxsize=8)
def _load(folder: Path | None, _stamp: tuple) -> Specs:
    from pipeline.specs.checks import (
        check_catalogue,
        check_duplicate_ids,
        check_periods,
        check_registers,
        check_units,
    )

    problems: list[str] = []
    package = SpecFiles.read(config.SPECS_DIR, problems, label="pipeline/specs")
    local = SpecFiles.read(folder, problems, label=str(folder)) if folder is not None else SpecFiles.empty()
    if problems:
        raise SpecError(problems)

    registers = merge_registers(package.registers, local.registers, local.name(REGISTERS), problems)
    problems += check_registers(registers, package.name(REGISTERS), local.name(REGISTERS), set(local.registers.get("registers", {})))
    if problems:
        raise SpecError(problems)
    schema = parse_schema(registers)

    problems += check_duplicate_ids(package.indicators) + check_duplicate_ids(local.indicators)
    table = merge_rows(package.indicators, local.indicators, "indicator", INDICATOR_COLUMNS)
    problems += check_catalogue(table, schema)
    units = merge_rows(package.units, local.units, ["indicator", "body"], UNIT_COLUMNS)
    problems += check_units(units, table)
    try:
        offices = parse_offices(merge_offices(package.offices, local.offices), local.name(OFFICES) or package.name(OFFICES))
    except ValueError as exc:
        problems.append(str(exc))
    problems += check_duplicate_ids(package.periods, "period") + check_duplicate_ids(local.periods, "period")
    period_table = merge_rows(package.periods, local.periods, "period", PERIOD_COLUMNS)
    problems += check_periods(period_table)
    if problems:
        raise SpecError(problems)
    templates = _draft_templates(package, local, table, period_table, problems)
    if problems:
        raise SpecError(problems)
    return Specs(
        schema=schema,
        catalogue=Catalogue(table=table.drop(columns=["_source", "_line"]), units=units.drop(columns=["_source", "_line"])),
        offices=offices,
        local_dir=folder,
        local_files=tuple(local.names),
        fingerprint=spec_fingerprint(folder),  # the same digest an unchanged re-run computes (specfiles)
        notes=tuple(local.notes),
        periods=parse_periods(period_table),
        # checked (patterns compiled, indicators known) by pipeline.report.linking, the only reader
        report_links=pd.concat([package.links, local.links], ignore_index=True),
        report_checks=pd.concat([package.checks, local.checks], ignore_index=True),
        draft_templates=templates,
    )


def _draft_templates(package: SpecFiles, local: SpecFiles, catalogue: pd.DataFrame, periods: pd.DataFrame,
                     problems: list[str]):
    """draft_templates.toml, the office's merged over the package's, checked against the catalogue and periods."""
    from pipeline.draft.templates import load_templates

    shares = set(catalogue.loc[catalogue["aggregation"] == "share", "indicator"])
    return load_templates(package.draft_templates, local.draft_templates, package.name(DRAFT), local.name(DRAFT),
                          set(catalogue["indicator"]), shares, set(periods["period"]), problems)


@dataclass
class SpecFiles:
    """The raw contents of one spec folder (parsed, not yet merged or checked)."""

    folder: Path | None
    label: str
    registers: dict
    indicators: pd.DataFrame
    units: pd.DataFrame
    offices: dict
    links: pd.DataFrame
    checks: pd.DataFrame
    periods: pd.DataFrame
    names: list[str]
    notes: list[str]
    draft_templates: dict = field(default_factory=dict)

    @classmethod
    def empty(cls) -> SpecFiles:
        def empty(columns):
            return _rows(pd.DataFrame(columns=list(columns)), "")

        return cls(None, "", {}, empty(INDICATOR_COLUMNS), empty(UNIT_COLUMNS), {}, empty(LINK_COLUMNS),
                   empty(CHECK_COLUMNS), empty(PERIOD_COLUMNS), [], [])

    def name(self, file: str) -> str:
        """How messages name one of this folder's files ('' if the folder does not have it)."""
        path = f"{self.label}/{file}"
        return path if path in self.names or self.folder == config.SPECS_DIR else ""

    @classmethod
    def read(cls, folder: Path, problems: list[str], label: str) -> SpecFiles:
        names = []
        is_package = folder == config.SPECS_DIR

        def blob(name: str) -> bytes | None:
            path = folder / name
            if not path.is_file():
                return None
            names.append(f"{label}/{name}")
            return path.read_bytes()

        registers = _toml(blob(REGISTERS), f"{label}/{REGISTERS}", problems)
        offices = _toml(blob(OFFICES), f"{label}/{OFFICES}", problems)
        indicators = _csv(blob(INDICATORS), f"{label}/{INDICATORS}", INDICATOR_COLUMNS, INDICATOR_REQUIRED, problems)
        units = _csv(blob(UNITS), f"{label}/{UNITS}", UNIT_COLUMNS, UNIT_COLUMNS, problems)
        links = _csv(blob(LINKS), f"{label}/{LINKS}", LINK_COLUMNS, LINK_REQUIRED, problems)
        checks = _csv(blob(CHECKS), f"{label}/{CHECKS}", CHECK_COLUMNS, CHECK_REQUIRED, problems)
        periods = _csv(blob(PERIODS), f"{label}/{PERIODS}", PERIOD_COLUMNS, PERIOD_REQUIRED, problems)
        drafts = _toml(blob(DRAFT), f"{label}/{DRAFT}", problems)
        notes = [] if is_package else [
            f"{label}/{p.name}: không phải tệp đặc tả (chỉ đọc {', '.join(LOCAL_SPEC_FILES)}), bỏ qua"
            for p in sorted(folder.iterdir()) if p.is_file() and p.name not in LOCAL_SPEC_FILES
            and not p.name.startswith((".", "~$")) and p.suffix.lower() in (".toml", ".csv")
        ]
        names = names if not is_package else [f"{label}/{n}" for n in LOCAL_SPEC_FILES]
        return cls(folder, label, registers, indicators, units, offices, links, checks, periods, names, notes,
                   draft_templates=drafts)


def _toml(data: bytes | None, name: str, problems: list[str]) -> dict:
    if data is None:
        return {}
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems.append(f"{name}: không phải văn bản UTF-8: hãy lưu lại tệp với bảng mã UTF-8")
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{name}: sai cú pháp TOML ({exc}): sửa dòng đó (chuỗi trong ngoặc kép, danh sách trong [ ])")
    return {}


def _csv(data: bytes | None, name: str, columns: tuple, required: tuple, problems: list[str]) -> pd.DataFrame:
    """A spec table as text, with its source file and line; missing optional columns take their default ('')."""
    if data is None:
        return _rows(pd.DataFrame(columns=list(columns)), name)
    import io

    try:
        ragged = _ragged_lines(data.decode("utf-8-sig"))
        if ragged:
            problems.extend(f"{name} › dòng {line}: {n} ô, trong khi dòng đầu có {width}: ô có dấu phẩy phải nằm trong "
                            "ngoặc kép, ví dụ \"kind in ['a', 'b']\"" for line, n, width in ragged)
            return _rows(pd.DataFrame(columns=list(columns)), name)
        table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig", index_col=False)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problems.append(f"{name}: không đọc được bảng CSV ({' '.join(str(exc).split())[:120]}): lưu lại dạng CSV UTF-8")
        return _rows(pd.DataFrame(columns=list(columns)), name)
    table.columns = [c.strip() for c in table.columns]
    missing = [c for c in required if c not in table.columns]
    if missing:
        problems.append(f"{name}: thiếu cột {', '.join(missing)}: dòng đầu phải là {','.join(columns)}")
    unknown = [c for c in table.columns if c not in columns]
    if unknown:
        problems.append(f"{name}: cột lạ {', '.join(unknown)}: chỉ được {','.join(columns)}")
    for col in columns:
        if col not in table.columns:
            table[col] = ""
    table = table[list(columns)].apply(lambda s: s.str.strip())
    return _rows(table, name)


def _ragged_lines(text: str) -> list[tuple[int, int, int]]:
    """(line, fields, header fields) of each row whose field count differs from the header's.

    pandas would silently take the extra leading fields as an index, so an
    unquoted "kind in ['a', 'b']" would shift every column of its row.
    """
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    out = []
    for record in reader:
        if record and any(f.strip() for f in record) and len(record) != len(header):
            out.append((reader.line_num, len(record), len(header)))
    return out


def _rows(table: pd.DataFrame, name: str) -> pd.DataFrame:
    # line 1 is the header: row i of the frame is line i + 2 of the file, as a text editor shows it
    return table.assign(_source=name, _line=range(2, len(table) + 2))


# --------------------------------------------------------------------------- merging


def merge_registers(package: dict, local: dict, local_name: str, problems: list[str]) -> dict:
    """The package's registers.toml data with an office's merged over it (see the module doc)."""
    merged = copy.deepcopy(package)
    if not local:
        return merged
    for key in local:
        if key not in ("registers", "categories", "common_columns", "body_words"):
            problems.append(f"{local_name}: bảng [{key}] không có: chỉ được [registers.*], [categories.*], [common_columns.*], [body_words]")
    for name, spec in local.get("registers", {}).items():
        if name in merged["registers"]:
            _merge_columns(merged["registers"][name], spec, f"{local_name} › [registers.{name}]", problems)
        else:
            merged["registers"][name] = spec
    for key, spec in local.get("common_columns", {}).items():
        target = merged.setdefault("common_columns", {}).get(key)
        if target is None:
            merged["common_columns"][key] = spec
        else:
            target["aliases"] = [*target.get("aliases", []), *spec.get("aliases", [])]
    for set_name, codes in local.get("categories", {}).items():
        target = merged.setdefault("categories", {}).setdefault(set_name, {})
        for code, spec in codes.items():
            if code in target:
                target[code] = {**target[code], "variants": [*target[code]["variants"], *spec.get("variants", [])]}
            else:
                target[code] = spec
    for body, words in local.get("body_words", {}).items():
        merged.setdefault("body_words", {})[body] = [*merged.get("body_words", {}).get(body, []), *words]
    return merged


def _merge_columns(register: dict, local: dict, where: str, problems: list[str]) -> None:
    """An existing register: entries with a known key add aliases; a new key with header and type adds a column."""
    from pipeline.vi.nearest import suggestion

    keys = {c["key"]: c for c in register["columns"]}
    for entry in local.get("columns", []):
        key = entry.get("key")
        if key in keys:
            extra = sorted(set(entry) - {"key", "aliases"})
            if extra:
                problems.append(f"{where}: cột «{key}» đã có; ở đây chỉ được thêm aliases (bỏ {', '.join(extra)})")
            keys[key]["aliases"] = [*keys[key].get("aliases", []), *entry.get("aliases", [])]
        elif key and "header" in entry and "type" in entry:
            register["columns"].append(entry)  # a new, optional column of an existing register
        else:
            known = [*keys, "body"]
            problems.append(
                f"{where}: cột «{key}» không có trong sổ này{suggestion(str(key), known)} "
                f"(các cột: {', '.join(known)}); cột mới thì ghi thêm header và type"
            )
    for group in local.get("mark_groups", []):
        target = next((g for g in register.get("mark_groups", []) if g["key"] == group.get("key")), None)
        if target is None:
            register.setdefault("mark_groups", []).append(group)
        else:
            target["aliases"] = [*target.get("aliases", []), *group.get("aliases", [])]
    for attr in sorted(set(local) - {"columns", "mark_groups"}):
        problems.append(f"{where}: «{attr}» của sổ có sẵn không đổi được ở đặc tả riêng; chỉ thêm columns (aliases) hoặc mark_groups")


def merge_rows(package: pd.DataFrame, local: pd.DataFrame, key: str | list[str], columns: tuple) -> pd.DataFrame:
    """Package rows with the local rows added; a local row replaces the package row with its key, in place."""
    keys = [key] if isinstance(key, str) else key
    if local.empty:
        return package.reset_index(drop=True)

    def key_of(row: dict) -> tuple:
        return tuple(row[k] for k in keys)

    mine = {key_of(r): r for r in local.to_dict("records")}  # a repeated local id: the last wins (and is reported)
    rows = [mine.pop(key_of(r), r) for r in package.to_dict("records")]
    rows += list(mine.values())  # the new ones, in the local file's order
    return pd.DataFrame(rows, columns=[*columns, "_source", "_line"])


def catalogue_from_files(path: Path, units: Path | None = None) -> Catalogue:
    """A catalogue read from one indicators.csv (and units.csv beside it), checked against the package's registers."""
    from pipeline.specs.checks import check_catalogue, check_duplicate_ids, check_units

    problems: list[str] = []
    table = _csv(Path(path).read_bytes(), str(path), INDICATOR_COLUMNS, INDICATOR_REQUIRED, problems)
    units_path = Path(units) if units else Path(path).with_name(UNITS)
    unit_table = _csv(units_path.read_bytes() if units_path.is_file() else None, str(units_path), UNIT_COLUMNS, UNIT_COLUMNS, problems)
    if not problems:
        problems += check_duplicate_ids(table) + check_catalogue(table, package_specs().schema) + check_units(unit_table, table)
    if problems:
        raise SpecError(problems)
    return Catalogue(table=table.drop(columns=["_source", "_line"]), units=unit_table.drop(columns=["_source", "_line"]))
