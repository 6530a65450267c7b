"""Write a run's outputs — the only module besides :mod:`pipeline.read` that touches files.

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
from pathlib import Path

import pandas as pd

from pipeline import __version__

FORMULA_PREFIXES = ("=", "+", "-", "@")
SUMMARY_NAME = "run_summary.json"
"""Moved into place last: its presence says the outputs beside it are one whole run."""


class UnwritableOutput(Exception):
    """The output folder cannot take the run's files (a file, under a file, read-only)."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        super().__init__(f"Không ghi được vào thư mục kết quả {self.path}: {reason}")


def check_output_dir(out_dir: Path) -> None:
    """Fail before any work if ``out_dir`` cannot be created or written (raises UnwritableOutput)."""
    out_dir = Path(out_dir)
    for parent in [out_dir, *out_dir.parents]:
        if parent.exists():
            if not parent.is_dir():
                where = "là một tệp" if parent == out_dir else f"nằm dưới tệp {parent}"
                raise UnwritableOutput(out_dir, f"{where}, không phải thư mục: hãy chọn --out khác")
            break
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnwritableOutput(out_dir, f"không có quyền ghi ({reason}): hãy chọn --out khác hoặc cấp quyền ghi") from None


def recover_interrupted(out_dir: Path) -> list[str]:
    """Undo what an interrupted publish left: restore outputs it had moved aside, drop its staging.

    A publish killed mid-move (power cut, kill -9) leaves ``.old-*`` holding the
    previous versions of the files it had already replaced, and ``.staging-*``.
    The previous outputs come back (so the folder is one whole run again) and
    both folders go. Returns what was done, for a notice.
    """
    out_dir = Path(out_dir)
    done = []
    if not out_dir.is_dir():
        return done
    for backup in sorted(out_dir.glob(".old-*")):
        for old in sorted(backup.iterdir()):
            target = out_dir / old.name
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            elif target.exists():
                target.unlink()
            os.replace(old, target)
        shutil.rmtree(backup, ignore_errors=True)
        done.append(f"khôi phục kết quả trước từ lần ghi bị ngắt ({backup.name})")
    for staging in sorted(out_dir.glob(".staging-*")):
        shutil.rmtree(staging, ignore_errors=True)
        done.append(f"xóa thư mục tạm còn sót ({staging.name})")
    return done


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text starting with = + - @ by an apostrophe (no formula injection in Excel)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
            )
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    escape_formulas(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


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
            "indicators.csv": result.indicators,
            "comparisons.csv": result.comparisons,
            "rejects.csv": result.rejects,
            "lineage.csv": result.lineage,
            "notices.csv": result.notices,
            "row_accounting.csv": result.accounting,
            "total_checks.csv": result.totals,
            "sources.csv": result.sources,
        }
        for name, frame in csvs.items():
            _write_csv(frame, staging / name)
        result.lineage.to_parquet(staging / "lineage.parquet", index=False)
        tables = staging / "tables"
        tables.mkdir()
        for register, frame in result.tables.items():
            _to_parquet(frame, tables / f"{register}.parquet")
        from pipeline.run import summarise

        summary = {"package_version": __version__, **summarise(result), **(extra or {})}
        (staging / SUMMARY_NAME).write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
        written = []
        moved: list[tuple[Path, Path | None]] = []
        backup = Path(tempfile.mkdtemp(prefix=".old-", dir=out_dir))
        # the summary last: a re-run trusts the outputs only if it is there and current
        order = sorted(staging.iterdir(), key=lambda p: (p.name == SUMMARY_NAME, p.name))
        try:
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


def _to_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Mixed object columns (dates beside None, codes beside raw text) are stored as text or dates."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            sample = out[col].dropna()
            if len(sample) and all(hasattr(v, "year") and hasattr(v, "day") for v in sample.head(50)):
                out[col] = pd.to_datetime(out[col], errors="coerce")
            elif len(sample) and sample.map(lambda v: isinstance(v, bool)).all():
                out[col] = out[col].astype("boolean")
            else:
                out[col] = out[col].map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)).astype("string")
    out.to_parquet(path, index=False)
