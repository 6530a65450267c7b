"""Wiring: raw folder → tidy tables → indicators → comparisons.

This module only connects the stages (Kedro-style: wiring apart from logic).
Reading files is :mod:`pipeline.read.files`'s job, writing them :mod:`pipeline.outputs.publish`'s;
everything called in between is a pure function on grids and DataFrames.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.clean.cache import SheetCache
from pipeline.clean.identity import link_same_petitions, load_or_create_key
from pipeline.clean.ingest import read_and_ingest
from pipeline.clean.sheet import SheetResult
from pipeline.figures.by_period import PERIOD_INDICATOR_COLUMNS, compute_period_indicators
from pipeline.figures.compare import (
    PERIOD_COMPARISON_COLUMNS,
    compare,
    compare_periods,
    default_year_pairs,
)
from pipeline.figures.indicators import Catalogue, compute_indicators
from pipeline.outputs.outdir import lineage_csv_fits
from pipeline.outputs.unchanged import input_fingerprint  # noqa: F401 (re-exported: run summaries record it)
from pipeline.read.files import Skipped, SourceFile, UnreadableFile, check_layout, discover
from pipeline.specs.load import Specs, load_specs
from pipeline.specs.periods import YEAR
from pipeline.specs.registers import Schema

REJECT_COLUMNS = ["file", "sheet", "row", "column", "value", "reason"]
NOTICE_COLUMNS = ["level", "file", "sheet", "row", "message"]
ACCOUNTING_COLUMNS = [
    "file", "sheet", "register", "year", "office", "rows_read", "accepted", "rejected",
    "total_rows", "blank_rows", "ignored_rows",
]


@dataclass
class RunResult:
    tables: dict[str, pd.DataFrame]
    indicators: pd.DataFrame
    comparisons: pd.DataFrame
    period_indicators: pd.DataFrame
    period_comparisons: pd.DataFrame
    lineage: pd.DataFrame
    rejects: pd.DataFrame
    notices: pd.DataFrame
    accounting: pd.DataFrame
    totals: pd.DataFrame
    sources: pd.DataFrame
    presence: pd.DataFrame
    failures: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    local_specs: list[str] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)  # seconds: read, clean (summed over files), ingest_wall, combine (sheets → tables), indicators
    seconds: float = 0.0
    cache_hits: int = 0
    fingerprint: str = ""


class UnreadInputs(Exception):
    """``--strict``: files under the raw folder that the run would not read (wrong folder, format)."""

    def __init__(self, skipped: list[Skipped]):
        self.skipped = skipped
        super().__init__(
            f"{len(skipped)} tệp trong thư mục dữ liệu gốc không được đọc (--strict): "
            + "; ".join(s.message for s in skipped[:3]) + (" …" if len(skipped) > 3 else "")
        )


def summarise(result: RunResult) -> dict:
    """The numbers the run summary prints (also saved as run_summary.json)."""
    rows = result.accounting[["rows_read", "accepted", "rejected", "total_rows", "blank_rows", "ignored_rows"]].sum()
    levels = result.notices["level"].value_counts().to_dict() if len(result.notices) else {}
    problems = result.notices[result.notices["level"].isin(["error", "warning"])]
    return {
        "seconds": round(result.seconds, 3),
        "files": len(result.sources) - len(result.failures),
        "files_found": len(result.sources),
        "cache_hits": result.cache_hits,
        "sheets": len(result.accounting),
        "years": sorted(int(y) for y in result.indicators["year"].unique()) if len(result.indicators) else [],
        "rows": {k: int(v) for k, v in rows.items()},
        "rejects": len(result.rejects),
        "notices": {level: int(levels.get(level, 0)) for level in ("error", "warning", "info")},
        "total_mismatches": len(result.totals),
        "indicators": len(result.indicators),
        "comparisons": len(result.comparisons),
        "period_indicators": len(result.period_indicators),
        "lineage_rows": len(result.lineage),
        "lineage_csv": lineage_csv_fits(len(result.lineage)),
        "failures": result.failures,
        "skipped": [{"path": s.path, "kind": s.kind, "group": s.group, "unread": s.unread} for s in result.skipped],
        "problems": [
            {"level": p.level, "file": p.file, "sheet": p.sheet, "message": p.message}
            for p in problems.itertuples(index=False)
        ],
        "local_specs": result.local_specs,
        "timing": result.timing,
        "input_fingerprint": result.fingerprint,
    }


def _notice(level, file, sheet, message, row=None) -> dict:
    return {"level": level, "file": file, "sheet": sheet, "row": row, "message": message}


def with_whole_year(
    period_figures: pd.DataFrame, indicators: pd.DataFrame, comparisons: pd.DataFrame, pairs: list[tuple[int, int]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The period tables with the whole year in them too (period ``year`` = the annual figures, unchanged),
    so a reader of the period files finds every period, the year included, in one place."""
    year_rows = indicators.assign(period=YEAR)[PERIOD_INDICATOR_COLUMNS]
    figures = pd.concat([year_rows, period_figures], ignore_index=True) if len(period_figures) else year_rows
    # a part of the year against the same part of the year before (the sentence reports print);
    # other pairs are a merge away for whoever wants them (page 02 does it from period_indicators)
    consecutive = [(year, base) for year, base in pairs if base == max(b for y, b in pairs if y == year)]
    period_comparisons = compare_periods(period_figures, consecutive) if len(period_figures) else None
    year_comparisons = comparisons.assign(period=YEAR)[PERIOD_COMPARISON_COLUMNS]
    both = [year_comparisons, period_comparisons] if period_comparisons is not None and len(period_comparisons) else [year_comparisons]
    return figures, pd.concat(both, ignore_index=True)


_PLACE_COLUMNS = ("_file", "_sheet", "_row")


def _without_place(frame: pd.DataFrame) -> pd.DataFrame:
    """A sheet's records without where they came from (file, sheet, Excel row): what a repeat repeats."""
    return frame.drop(columns=[c for c in _PLACE_COLUMNS if c in frame.columns])


def _content_hash(frame: pd.DataFrame) -> str:
    """Digest of a sheet's records, where they came from left out: equal digests, the same rows."""
    data = _without_place(frame)
    return hashlib.sha256(pd.util.hash_pandas_object(data.astype(str), index=False).values.tobytes()).hexdigest()


def _sample_key(frame: pd.DataFrame) -> tuple[int, str]:
    """Row count and the first, middle and last record: a cheap pre-filter of :func:`_content_hash`
    (sheets that differ here cannot be row-for-row repeats; those that agree are hashed in full).
    Compared as text, as the hash compares them, so the filter never hides a repeat the hash would find."""
    data = _without_place(frame)
    n = len(data)
    return n, repr(data.iloc[[0, n // 2, n - 1]].astype(str).to_numpy().tolist())


def run_pipeline(
    raw_dir: Path = config.RAW_DIR,
    *,
    secrets_dir: Path = config.SECRETS_DIR,
    cache_dir: Path | None = config.CACHE_DIR,
    specs: Specs | None = None,
    schema: Schema | None = None,
    catalogue: Catalogue | None = None,
    strict: bool = False,
    progress=None,
    read_ahead=None,
) -> RunResult:
    """Run every stage on a raw folder.

    ``specs``: the merged specs (default: the package's and data/specs/);
    ``schema`` / ``catalogue`` replace parts of them (tests); ``progress`` wraps
    the files read as they finish (the console's bar); ``read_ahead``: the
    :class:`~pipeline.read.read_ahead.ReadAhead` the command started before loading
    the specs (its discovery is reused, its grids are read by then). Raises
    read.UnreadableInput if the folder is missing or holds no register,
    specset.SpecError if a spec is wrong.
    """
    started = time.perf_counter()
    specs = specs or load_specs()
    worker_specs = (specs.local_dir or False) if schema is None else None  # workers reload the same specs
    schema = schema or specs.schema
    catalogue = catalogue or specs.catalogue
    discovered = read_ahead.discovered if read_ahead is not None and read_ahead.discovered else None
    files, skipped = discovered or discover(Path(raw_dir), specs.offices)
    check_layout(Path(raw_dir), files, skipped, specs.offices)
    if strict and any(s.unread for s in skipped):
        raise UnreadInputs([s for s in skipped if s.unread])
    notices = [_notice("warning" if s.unread or s.kind == "open_in_excel" else "info", s.path, None, s.group)
               for s in skipped]
    notices += [_notice("warning", None, None, note) for note in specs.notes]
    key = load_or_create_key(Path(secrets_dir))
    cache = SheetCache(cache_dir, key + specs.fingerprint.encode()) if cache_dir else None
    failures: list[str] = []
    seen_hashes: dict[str, str] = {}
    sheet_results: list[tuple[SourceFile, SheetResult]] = []
    sources = []
    hits = 0
    unique: list[SourceFile] = []
    for source in files:
        sources.append({"file": source.rel_path, "year": source.year, "office": source.office,
                        "sha256": source.sha256, "size": source.size})
        if source.sha256 in seen_hashes:
            notices.append(_notice("warning", source.rel_path, None,
                f"Tệp trùng nội dung với «{seen_hashes[source.sha256]}»: chỉ tính một lần."))
            continue
        seen_hashes[source.sha256] = source.rel_path
        unique.append(source)
    cached = {s.rel_path: cache.get(s) for s in unique} if cache else {}
    misses = [s for s in unique if cached.get(s.rel_path) is None]
    timing: dict[str, float] = {}
    ingest_started = time.perf_counter()
    fresh = read_and_ingest(misses, schema, key, strict, worker_specs, progress, timing, read_ahead)
    timing["ingest_wall"] = time.perf_counter() - ingest_started
    for source in unique:
        outcome = cached.get(source.rel_path)
        if outcome is not None:
            hits += 1
        else:
            outcome = fresh[source.rel_path]
            if isinstance(outcome, UnreadableFile):
                failures.append(str(outcome))
                notices.append(_notice("error", source.rel_path, None, str(outcome)))
                continue
            if cache:
                cache.put(source, outcome)
        results, file_notices = outcome
        notices.extend(file_notices)
        sheet_results.extend((source, r) for r in results)

    if cache:
        cache.prune(files)

    # one register in several places: combine, say where; drop sheets repeating another row for row
    by_place: dict[tuple, list[tuple[SourceFile, SheetResult]]] = {}
    for source, result in sheet_results:
        by_place.setdefault((source.year, source.office, result.register), []).append((source, result))
    kept: list[tuple[SourceFile, SheetResult]] = []
    for (year, office, register), items in sorted(by_place.items()):
        digests: dict[str, str] = {}
        # a sheet can repeat another only with as many rows and the same sampled rows: only such sheets are hashed
        keys = [_sample_key(result.records) if len(result.records) else None for _, result in items]
        shared = Counter(keys)
        for (source, result), key in zip(items, keys):
            digest = _content_hash(result.records) if key is not None and shared[key] > 1 else None
            if digest and digest in digests:
                notices.append(_notice("warning", result.file, result.sheet,
                    f"Sheet lặp lại nguyên văn sheet «{digests[digest]}»: chỉ tính một lần."))
                continue
            if digest:
                digests[digest] = f"{result.file} › {result.sheet}"
            kept.append((source, result))
        places = [f"{r.file} › {r.sheet}" for _, r in items]
        if len(places) > 1:
            label = schema.registers[register].label_vi
            notices.append(_notice("info", None, None,
                f"{year} {office}: «{label}» ghép từ {len(places)} nơi: " + "; ".join(places)))

    tables: dict[str, pd.DataFrame] = {}
    presence_rows = []
    rejects, accounting, totals = [], [], []
    for source, result in kept:
        for body in result.body_scope:
            presence_rows.append({"year": source.year, "register": result.register, "body": body})
        rejects.extend(result.rejects)
        notices.extend(result.notices)
        totals.extend(result.totals)
        accounting.append({"file": result.file, "sheet": result.sheet, "register": result.register,
                           "year": source.year, "office": source.office, **result.accounting})
    for register_name, register in schema.registers.items():
        frames = [r.records for _, r in kept if r.register == register_name and len(r.records)]
        if not frames:
            continue
        frame = pd.concat(frames, ignore_index=True)
        frame = link_same_petitions(frame, register)
        tables[register_name] = frame.drop(columns=[c for c in ("_identity",) if c in frame.columns])

    timing["combine"] = time.perf_counter() - ingest_started - timing["ingest_wall"]
    presence = pd.DataFrame(presence_rows, columns=["year", "register", "body"]).drop_duplicates()
    year_columns = {name: register.year_column for name, register in schema.registers.items()}
    figures_started = time.perf_counter()
    selected: dict = {}  # each (register, filter) selected once, for the year and every period
    indicators, lineage = compute_indicators(tables, presence, catalogue, year_columns, selected)
    pairs = default_year_pairs(indicators["year"].unique().tolist())
    comparisons = compare(indicators, pairs)
    period_indicators, period_comparisons = with_whole_year(
        compute_period_indicators(tables, presence, catalogue, year_columns, specs.periods, selected),
        indicators, comparisons, pairs,
    )
    timing["indicators"] = time.perf_counter() - figures_started
    return RunResult(
        tables=tables,
        indicators=indicators,
        period_indicators=period_indicators,
        period_comparisons=period_comparisons,
        comparisons=comparisons,
        lineage=lineage,
        rejects=pd.DataFrame(rejects, columns=REJECT_COLUMNS),
        notices=pd.DataFrame(notices, columns=NOTICE_COLUMNS),
        accounting=pd.DataFrame(accounting, columns=ACCOUNTING_COLUMNS),
        totals=pd.DataFrame(totals, columns=["file", "sheet", "row", "column", "stated", "computed", "rejected_inside"]),
        sources=pd.DataFrame(sources, columns=["file", "year", "office", "sha256", "size"]),
        presence=presence,
        failures=failures,
        skipped=skipped,
        seconds=time.perf_counter() - started,
        cache_hits=hits,
        fingerprint=input_fingerprint(files, secrets_dir, skipped, specs.fingerprint),
        local_specs=list(specs.local_files),
        timing={stage: round(seconds, 3) for stage, seconds in timing.items()},
    )
