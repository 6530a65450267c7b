"""The output folder before a run: can it take the files, and is it whole after an interrupted publish.

Kept apart from :mod:`pipeline.outputs.publish` (which needs pandas) so a command knows
in a fraction of a second that ``--out`` is wrong, and an unchanged re-run
needs no pandas at all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

EXCEL_MAX_ROWS = 1_048_576
"""Rows of one Excel sheet, the header row included: a longer CSV opens cut off, without a word."""


def lineage_csv_fits(rows: int) -> bool:
    """lineage.csv is written for a person with Excel: only when it opens whole (its rows and a header)."""
    return rows + 1 <= EXCEL_MAX_ROWS


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
