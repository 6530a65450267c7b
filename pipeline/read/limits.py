"""Size limits for reading raw files: refuse a file before it can hang the
run or exhaust memory (a huge export, a zip bomb, a sheet whose cells reach
far beyond its data).

Defaults are generous for a real office (the largest real register, the
document register, holds thousands of rows a year; a workbook of a whole
year is a few MB). Each limit can be raised or lowered with an environment
variable, read at every check so a test or a scheduled job can set it:

=================================  =========================  ===============
limit                              environment variable       default
=================================  =========================  ===============
file size on disk                  ``VP_MAX_FILE_MB``         200 (MB)
uncompressed size of an .xlsx      ``VP_MAX_UNCOMPRESSED_MB`` 2048 (MB = 2 GB)
compression ratio of an .xlsx      ``VP_MAX_ZIP_RATIO``       200 (:1)
cells of one sheet (rows × cols)   ``VP_MAX_SHEET_CELLS``     20000000
=================================  =========================  ===============

A value that is not a positive number is ignored (the default holds), so a
typo never switches a limit off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Limits", "current_limits", "ENV_VARS"]

MB = 1 << 20

ENV_VARS = {
    "max_file_bytes": "VP_MAX_FILE_MB",
    "max_uncompressed_bytes": "VP_MAX_UNCOMPRESSED_MB",
    "max_ratio": "VP_MAX_ZIP_RATIO",
    "max_sheet_cells": "VP_MAX_SHEET_CELLS",
}


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * MB
    max_uncompressed_bytes: int = 2048 * MB
    max_ratio: float = 200.0
    max_sheet_cells: int = 20_000_000


def _env_number(name: str) -> float | None:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return None
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value > 0 else None


def current_limits() -> Limits:
    """The defaults, overridden by any of the environment variables."""
    base = Limits()
    file_mb = _env_number(ENV_VARS["max_file_bytes"])
    unzipped_mb = _env_number(ENV_VARS["max_uncompressed_bytes"])
    ratio = _env_number(ENV_VARS["max_ratio"])
    cells = _env_number(ENV_VARS["max_sheet_cells"])
    return Limits(
        max_file_bytes=int(file_mb * MB) if file_mb else base.max_file_bytes,
        max_uncompressed_bytes=int(unzipped_mb * MB) if unzipped_mb else base.max_uncompressed_bytes,
        max_ratio=ratio or base.max_ratio,
        max_sheet_cells=int(cells) if cells else base.max_sheet_cells,
    )


def human_bytes(n: float) -> str:
    """'200 MB', '2 GB', '1,5 KB' — for messages."""
    for unit, size in (("GB", 1 << 30), ("MB", MB), ("KB", 1 << 10)):
        if n >= size:
            value = n / size
            text = f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}".replace(".", ",")
            return f"{text} {unit}"
    return f"{int(n)} byte"
