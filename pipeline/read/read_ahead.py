"""Reading ahead: the next file is parsed in a thread while the run does its Python work.

calamine parses a workbook with the GIL released, so on two cores the parse of
one file runs beside the Python work of the run: importing pandas and loading
the specs at start-up (:func:`start_reading`, called before either), cleaning
the file before. A file's grids are the same whether read ahead or not; at most
one file waits ready beside the one being cleaned, so memory stays that of two.

Nothing here imports pandas: the thread must start before pandas is imported.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pipeline.read.files import Grid, Skipped, SourceFile, UnreadableInput, discover, read_grids

DEPTH = 1
"""Files read beyond the one asked for: one is enough to keep the second core busy."""


def worker_count(n_files: int) -> int:
    """Processes for reading: VP_WORKERS if set, else one per core for larger batches."""
    env = os.environ.get("VP_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return min(int(env), max(n_files, 1))
    return min(os.cpu_count() or 1, n_files) if n_files >= 8 else 1


class ReadAhead:
    """Grids of ``sources`` read in one thread, in the order the run will ask for them.

    ``discovered`` (files, skipped) is what :func:`start_reading` found, so the
    run does not hash the files twice. :meth:`grids` of a file it was not given
    reads that file in the thread too; ``seconds`` sums the thread's reading time.
    """

    def __init__(self, sources: list[SourceFile] = (), discovered: tuple[list[SourceFile], list[Skipped]] | None = None):
        self.discovered = discovered
        self.seconds = 0.0
        self._queue = list(sources)
        self._pending: dict[str, Future] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vp-read-ahead")
        self._keep_ahead(DEPTH + 1)

    def _read(self, source: SourceFile) -> list[Grid]:
        started = time.perf_counter()
        try:
            return read_grids(source)
        finally:
            self.seconds += time.perf_counter() - started

    def _keep_ahead(self, depth: int) -> None:
        while self._queue and len(self._pending) < depth:
            source = self._queue.pop(0)
            if source.rel_path not in self._pending:
                self._pending[source.rel_path] = self._pool.submit(self._read, source)

    def grids(self, source: SourceFile) -> list[Grid]:
        """The file's grids (raises its UnreadableFile as read_grids does), the next file started meanwhile."""
        future = self._pending.pop(source.rel_path, None)
        if future is None:
            self._queue = [s for s in self._queue if s.rel_path != source.rel_path]
            future = self._pool.submit(self._read, source)
        self._keep_ahead(DEPTH)
        return future.result()

    def close(self) -> None:
        """Drop what was not asked for (Ctrl-C, a strict stop); a parse under way finishes on its own."""
        self._queue.clear()
        self._pending.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)


def start_reading(raw_dir: Path, specs_dir: str | Path | None, cache_dir: Path | None, secrets_dir: Path) -> ReadAhead | None:
    """Begin parsing the files a run will read, before it imports pandas and loads its specs.

    Only when the run will read in this process (few files; many go to worker
    processes, which would compete with a thread here) and only files the sheet
    cache does not hold. None when the folder or the specs are wrong: the run
    itself then says what is wrong, in its usual order.
    """
    from pipeline.clean.cache import SheetCache
    from pipeline.clean.secret_key import load_or_create_key
    from pipeline.specs.files import SpecError, local_specs_dir, office_names, spec_fingerprint

    try:
        folder = local_specs_dir(specs_dir)
        offices = office_names(folder)
        if offices is None:
            return None
        files, skipped = discover(Path(raw_dir), offices)
    except (UnreadableInput, SpecError, OSError):
        return None
    cache = SheetCache(cache_dir, load_or_create_key(Path(secrets_dir)) + spec_fingerprint(folder).encode()) if cache_dir else None
    seen: set[str] = set()
    misses = []
    for source in files:
        if source.sha256 not in seen and not (cache and cache.has(source)):
            misses.append(source)
        seen.add(source.sha256)
    return ReadAhead(misses if worker_count(len(misses)) == 1 else [], discovered=(files, skipped))
