"""Write a run's outputs — the only module besides :mod:`pipeline.read.files` that touches files.

Everything is first written to a staging folder beside the outputs, then
moved into place file by file with ``os.replace``: a run that fails before
publishing leaves the previous outputs as they were. Text cells that begin
with ``= + - @`` are escaped so a spreadsheet never runs them as formulas.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from pipeline import __version__
from pipeline.outputs import catalog
from pipeline.outputs.outdir import (  # noqa: F401 (re-exported)
    UnwritableOutput,
    check_output_dir,
    lineage_csv_fits,
    recover_interrupted,
)

FORMULA_PREFIXES = ("=", "+", "-", "@")


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text starting with = + - @ by an apostrophe (no formula injection in Excel).

    Column by column with vectorised string tests: only the cells that need it
    change, and a frame with none is returned as it is (no copy).
    """
    out = frame
    for col in frame.columns:
        series = frame[col]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series)):
            continue
        try:
            risky = series.str.startswith(FORMULA_PREFIXES, na=False).astype(bool)
        except AttributeError:  # an object column holding no text at all (dates, numbers)
            continue
        if risky.any():
            if out is frame:
                out = frame.copy()
            out.loc[risky, col] = "'" + series[risky].astype(str)
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    escape_formulas(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def _write_lineage(lineage: pd.DataFrame, folder: Path) -> None:
    """lineage.parquet and lineage.csv from one Arrow table (the largest output: every counted row of
    every figure), written by Arrow's C++ writers. The Parquet is what the pages and the draft read; the
    CSV is for a person with Excel, so it is written only when Excel can open it whole."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(escape_formulas(lineage), preserve_index=False)
    pq.write_table(table, folder / catalog.LINEAGE)
    if not lineage_csv_fits(table.num_rows):
        return
    with open(folder / catalog.LINEAGE_CSV, "wb") as fh:
        fh.write(b"\xef\xbb\xbf")  # as the other CSVs: Excel reads them as UTF-8
        pa_csv.write_csv(table, fh, pa_csv.WriteOptions(quoting_style="needed"))


def publish(result, out_dir: Path, extra: dict | None = None) -> list[Path]:
    """Write indicators, comparisons, rejects, lineage, notices, accounting and tidy tables.

    Returns the paths written (final locations).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    recover_interrupted(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        csvs = {
            catalog.INDICATORS: result.indicators,
            catalog.COMPARISONS: result.comparisons,
            catalog.PERIOD_INDICATORS: result.period_indicators,
            catalog.PERIOD_COMPARISONS: result.period_comparisons,
            catalog.REJECTS: result.rejects,
            catalog.NOTICES: result.notices,
            catalog.ACCOUNTING: result.accounting,
            catalog.TOTALS: result.totals,
            catalog.SOURCES: result.sources,
        }
        # Arrow's writers release the GIL: the lineage and the tables are written while the CSVs are
        with ThreadPoolExecutor(max_workers=2) as pool:
            background = [pool.submit(_write_lineage, result.lineage, staging),
                          pool.submit(_write_tables, result.tables, staging / catalog.TABLES)]
            for name, frame in csvs.items():
                _write_csv(frame, staging / name)
            for job in background:
                job.result()
        from pipeline.run import summarise

        summary = {"package_version": __version__, **summarise(result), **(extra or {})}
        (staging / catalog.SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        written = []
        moved: list[tuple[Path, Path | None]] = []
        backup = Path(tempfile.mkdtemp(prefix=".old-", dir=out_dir))
        # the summary last: a re-run trusts the outputs only if it is there and current
        order = sorted(staging.iterdir(), key=lambda p: (p.name == catalog.SUMMARY, p.name))
        try:
            for name in catalog.OPTIONAL:  # an earlier run's file this run did not write would not match it
                if not (staging / name).exists() and (out_dir / name).exists():
                    moved.append((out_dir / name, backup / name))
                    os.replace(out_dir / name, backup / name)
            for path in order:
                target = out_dir / path.name
                old = None
                if target.exists():
                    old = backup / path.name
                    os.replace(target, old)
                moved.append((target, old))
                os.replace(path, target)
                written.append(target)
        except BaseException:
            for target, old in reversed(moved):  # roll back: the previous outputs come back
                if target.is_dir():
                    shutil.rmtree(target, ignore_errors=True)
                elif target.exists():
                    target.unlink()
                if old is not None:
                    os.replace(old, target)
            raise
        finally:
            shutil.rmtree(backup, ignore_errors=True)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """One Parquet file per register: ``tables/<register>.parquet``."""
    folder.mkdir()
    for register, frame in tables.items():
        _to_parquet(frame, folder / f"{register}.parquet")


def _to_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Mixed object columns (dates beside None, codes beside raw text) are stored as text or dates.

    Each column's kind is inferred once in C (``infer_dtype``), not tested cell by cell.
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype != object:
            continue
        kind = pd.api.types.infer_dtype(out[col], skipna=True)
        if kind in ("date", "datetime", "datetime64"):
            out[col] = pd.to_datetime(out[col], errors="coerce")
        elif kind == "boolean":
            out[col] = out[col].astype("boolean")
        elif kind != "empty" or len(out[col]):
            out[col] = out[col].astype("string")
    out.to_parquet(path, index=False)
