"""One raw file → its sheets located, cleaned and stripped of personal data (the part the cache keeps).

:func:`ingest_file` is the unit of work: a file in, sheet results and notices
out (or the file's UnreadableFile). :func:`read_and_ingest` runs it over many
files, in worker processes when there are enough of them. Everything this
module imports shapes what the sheet cache stores, so the cache's code
fingerprint is derived from its imports (:func:`pipeline.clean.cache.ingest_modules`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from pipeline import config
from pipeline.clean.identity import protect_sheet
from pipeline.clean.locate import HeaderProblem, locate, missing_column_hint
from pipeline.clean.sheet import SheetResult, clean_sheet
from pipeline.read.files import SourceFile, UnreadableFile, read_grids
from pipeline.read.read_ahead import ReadAhead, worker_count
from pipeline.specs.registers import Schema
from pipeline.vi.legacy_text import decode_legacy_rows


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
        legacy = decode_legacy_rows(grid.rows, grid.sheet)  # VNI / TCVN3 cells and sheet name → Unicode
        grid, rows = replace(grid, rows=legacy.rows, sheet=legacy.sheet), legacy.rows
        if legacy.notice:
            notices.append(_notice("info", source.rel_path, grid.sheet, legacy.notice))
        found = locate(rows, grid.merged, schema)
        if found is None:
            notices.append(_notice("info", source.rel_path, grid.sheet, "Sheet không phải sổ theo dõi nào: bỏ qua."))
            continue
        if isinstance(found, HeaderProblem):
            hint = missing_column_hint(found, schema, grid.row_number(found.header_row))
            notices.append(_notice("warning", source.rel_path, grid.sheet, hint))
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


def ingest_file(source: SourceFile, schema: Schema, key: bytes, timing: dict[str, float] | None = None,
                read: Callable[[SourceFile], list] = read_grids):
    """Read and ingest one file; an unreadable file comes back as its error (not raised).

    ``read`` gives the file's grids (a :class:`~pipeline.read.read_ahead.ReadAhead` hands over
    those parsed ahead); ``timing`` (if given) gains the seconds spent getting them
    (``read``) and cleaning (the rest).
    """
    started = time.perf_counter()
    try:
        grids = read(source)
    except UnreadableFile as exc:
        return exc
    finally:
        read_done = time.perf_counter()
        if timing is not None:
            timing["read"] = timing.get("read", 0.0) + read_done - started
    try:
        return ingest_grids(source, grids, schema, key)
    finally:
        if timing is not None:
            timing["clean"] = timing.get("clean", 0.0) + time.perf_counter() - read_done


def _ingest_in_worker(source: SourceFile, key: bytes, specs_dir: Path | bool):
    from pipeline.specs.load import load_specs

    timing: dict[str, float] = {}
    return ingest_file(source, load_specs(specs_dir).schema, key, timing), timing


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


def read_and_ingest(
    files: list[SourceFile], schema: Schema, key: bytes, strict: bool, specs_dir: Path | bool | None = None,
    progress: Callable[[Iterable, int], Iterable] | None = None, timing: dict[str, float] | None = None,
    read_ahead: ReadAhead | None = None,
) -> dict:
    """rel_path → (sheet results, notices) or the UnreadableFile; files read in parallel processes
    when there are many (parsing is CPU-bound Python; each file is independent).

    ``specs_dir`` says where the workers load the same schema from (False: the
    package's only); None, for a schema built by hand, keeps the work in this process.
    ``progress(iterable, total)`` wraps the outcomes as they arrive (a console bar);
    ``timing`` gains the seconds of reading and of cleaning, summed over files.
    In this process the next file is parsed in a thread while one is cleaned
    (``read_ahead``: one already started by :func:`pipeline.read.read_ahead.start_reading`);
    ``timing["read"]`` is then the thread's reading time, ``read_wait`` the time cleaning waited for it.
    """
    progress = progress or (lambda items, total: items)
    timing = timing if timing is not None else {}
    workers = worker_count(len(files))
    if workers > 1 and specs_dir is not None:
        if read_ahead is not None:
            read_ahead.close()
        # largest files first, so no worker is left with a big one at the end
        files = sorted(files, key=lambda f: f.size, reverse=True)
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
        try:
            n = len(files)
            pairs = list(progress(pool.map(_ingest_in_worker, files, [key] * n, [specs_dir] * n, chunksize=1), n))
        except KeyboardInterrupt:
            _stop_now(pool)
            raise
        pool.shutdown()
        outcomes = [outcome for outcome, _ in pairs]
        for _, spent in pairs:  # seconds of work in the workers, summed (not wall time)
            for stage, seconds in spent.items():
                timing[stage] = timing.get(stage, 0.0) + seconds
    else:
        ahead = read_ahead if read_ahead is not None else ReadAhead(files)
        waited: dict[str, float] = {}
        try:
            outcomes = list(progress((ingest_file(source, schema, key, waited, ahead.grids) for source in files), len(files)))
        finally:
            ahead.close()
        timing["read"] = timing.get("read", 0.0) + ahead.seconds
        timing["read_wait"] = timing.get("read_wait", 0.0) + waited.get("read", 0.0)
        timing["clean"] = timing.get("clean", 0.0) + waited.get("clean", 0.0)
    if strict:
        for outcome in outcomes:
            if isinstance(outcome, UnreadableFile):
                raise outcome
    return {source.rel_path: outcome for source, outcome in zip(files, outcomes)}
