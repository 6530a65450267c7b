"""Wiring: raw folder → tidy tables → indicators → comparisons.

This module only connects the stages (Kedro-style: wiring apart from logic).
Reading files is :mod:`pipeline.read`'s job, writing them :mod:`pipeline.publish`'s;
everything called in between is a pure function on grids and DataFrames.
"""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.cache import SheetCache
from pipeline.clean import SheetResult, clean_sheet
from pipeline.compare import compare, default_year_pairs
from pipeline.identity import link_same_petitions, load_or_create_key, protect_sheet
from pipeline.indicators import Catalogue, compute_indicators, load_catalogue
from pipeline.locate import HeaderProblem, locate
from pipeline.read import Skipped, SourceFile, UnreadableFile, check_layout, discover, read_grids
from pipeline.schema import Schema, load_schema
from pipeline.text import decode_tcvn3_rows

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
    lineage: pd.DataFrame
    rejects: pd.DataFrame
    notices: pd.DataFrame
    accounting: pd.DataFrame
    totals: pd.DataFrame
    sources: pd.DataFrame
    presence: pd.DataFrame
    failures: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
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


def input_fingerprint(files: list[SourceFile], secrets_dir: Path, skipped: list[Skipped] = ()) -> str:
    """Everything a run's outputs depend on: input files, code, specs and the hashing secret.

    The files that are not read count too: renaming a folder or adding an
    .ods changes what the run summary must say.
    """
    from pipeline.cache import code_fingerprint

    digest = hashlib.sha256(code_fingerprint(full=True).encode())
    for source in files:
        digest.update(f"{source.rel_path}\x1f{source.sha256}\n".encode())
    for skip in skipped:
        digest.update(f"skip\x1f{skip.path}\x1f{skip.kind}\n".encode())
    digest.update(hashlib.sha256(load_or_create_key(Path(secrets_dir))).digest())
    return digest.hexdigest()


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
        "lineage_rows": len(result.lineage),
        "failures": result.failures,
        "skipped": [{"path": s.path, "kind": s.kind, "group": s.group, "unread": s.unread} for s in result.skipped],
        "problems": [
            {"level": p.level, "file": p.file, "sheet": p.sheet, "message": p.message}
            for p in problems.itertuples(index=False)
        ],
        "input_fingerprint": result.fingerprint,
    }


def _notice(level, file, sheet, message, row=None) -> dict:
    return {"level": level, "file": file, "sheet": sheet, "row": row, "message": message}


def ingest_grids(source: SourceFile, grids, schema: Schema, key: bytes) -> tuple[list[SheetResult], list[dict]]:
    """Locate and clean every sheet of one file; personal data is hashed away here.

    Pure: grids in, results out (nothing returned holds PII).
    """
    bodies = config.OFFICE_FOLDERS[source.office]
    results: list[SheetResult] = []
    notices: list[dict] = []
    for grid in grids:
        notices.extend(_notice("warning", source.rel_path, grid.sheet, n) for n in grid.notices)
        if not grid.rows:
            continue  # an empty sheet: read.py's notice says so
        rows, converted = decode_tcvn3_rows(grid.rows)
        if converted:
            notices.append(_notice("info", source.rel_path, grid.sheet,
                f"Văn bản gõ bằng bảng mã TCVN3 (ABC): đã chuyển {converted} ô sang Unicode."))
        found = locate(rows, grid.merged, schema)
        if found is None:
            notices.append(_notice("info", source.rel_path, grid.sheet, "Sheet không phải sổ theo dõi nào: bỏ qua."))
            continue
        if isinstance(found, HeaderProblem):
            label = schema.registers[found.register].label_vi
            notices.append(_notice(
                "warning", source.rel_path, grid.sheet,
                f"Sheet giống «{label}» nhưng thiếu cột bắt buộc: {', '.join(found.missing)}. Bỏ qua sheet.",
            ))
            continue
        row_numbers = grid.row_numbers or [grid.first_row + i for i in range(len(rows))]
        result = clean_sheet(
            rows, grid.merged, row_numbers, found, schema,
            file=source.rel_path, sheet=grid.sheet, folder_year=source.year,
            office=source.office, office_bodies=bodies, normalised=True,
        )
        result.records = protect_sheet(result.records, schema.registers[result.register], key)
        if found.extra_headers:
            result.notices.append(_notice("info", source.rel_path, grid.sheet,
                "Cột ngoài quy ước, không đưa vào bảng đã xử lý: " + ", ".join(found.extra_headers)))
        results.append(result)
    return results, notices


def _ingest_file(source: SourceFile, schema: Schema, key: bytes):
    """Read and ingest one file; an unreadable file comes back as its error (not raised)."""
    try:
        return ingest_grids(source, read_grids(source), schema, key)
    except UnreadableFile as exc:
        return exc


def _ingest_in_worker(source: SourceFile, key: bytes):
    return _ingest_file(source, load_schema(), key)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops them (no traceback per worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C: drop queued files and end the workers at once instead of waiting for their files."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public handle on the workers
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def worker_count(n_files: int) -> int:
    """Processes for reading: VP_WORKERS if set, else one per core for larger batches."""
    env = os.environ.get("VP_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return min(int(env), max(n_files, 1))
    return min(os.cpu_count() or 1, n_files) if n_files >= 8 else 1


def _read_and_ingest(files: list[SourceFile], schema: Schema, key: bytes, strict: bool) -> dict:
    """rel_path → (sheet results, notices) or the UnreadableFile; files read in parallel processes
    when there are many (parsing is CPU-bound Python; each file is independent)."""
    workers = worker_count(len(files))
    if workers > 1 and schema is load_schema():
        # largest files first, so no worker is left with a big one at the end
        files = sorted(files, key=lambda f: f.size, reverse=True)
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
        try:
            outcomes = list(pool.map(_ingest_in_worker, files, [key] * len(files), chunksize=1))
        except KeyboardInterrupt:
            _stop_now(pool)
            raise
        pool.shutdown()
    else:
        outcomes = [_ingest_file(source, schema, key) for source in files]
    if strict:
        for outcome in outcomes:
            if isinstance(outcome, UnreadableFile):
                raise outcome
    return {source.rel_path: outcome for source, outcome in zip(files, outcomes)}


def _content_hash(frame: pd.DataFrame) -> str:
    data = frame.drop(columns=[c for c in ("_file", "_sheet", "_row") if c in frame.columns])
    return hashlib.sha256(pd.util.hash_pandas_object(data.astype(str), index=False).values.tobytes()).hexdigest()


def run_pipeline(
    raw_dir: Path = config.RAW_DIR,
    *,
    secrets_dir: Path = config.SECRETS_DIR,
    cache_dir: Path | None = config.CACHE_DIR,
    schema: Schema | None = None,
    catalogue: Catalogue | None = None,
    strict: bool = False,
) -> RunResult:
    """Run every stage on a raw folder. Raises read.UnreadableInput if the folder is missing."""
    started = time.perf_counter()
    schema = schema or load_schema()
    catalogue = catalogue or load_catalogue()
    files, skipped = discover(Path(raw_dir))
    check_layout(Path(raw_dir), files, skipped)
    if strict and any(s.unread for s in skipped):
        raise UnreadInputs([s for s in skipped if s.unread])
    notices = [_notice("warning" if s.unread or s.kind == "open_in_excel" else "info", s.path, None, s.group)
               for s in skipped]
    key = load_or_create_key(Path(secrets_dir))
    cache = SheetCache(cache_dir, key) if cache_dir else None
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
    fresh = _read_and_ingest(misses, schema, key, strict)
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
        for source, result in items:
            digest = _content_hash(result.records) if len(result.records) else None
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

    presence = pd.DataFrame(presence_rows, columns=["year", "register", "body"]).drop_duplicates()
    indicators, lineage = compute_indicators(tables, presence, catalogue)
    comparisons = compare(indicators, default_year_pairs(indicators["year"].unique().tolist()))
    return RunResult(
        tables=tables,
        indicators=indicators,
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
        fingerprint=input_fingerprint(files, secrets_dir, skipped),
    )
