"""Deterministic sample-data generator: messy Excel/CSV registers of the two offices.

Two layers: :mod:`.truth` builds CLEAN record tables (pandas DataFrames) per
year, body and register; :mod:`.registers`, :mod:`.render` and :mod:`.writers`
render them into messy workbooks following ``/work/shared/data-contract.md``;
:mod:`.plan` says which file holds which register and which mess.

>>> from pathlib import Path
>>> files = generate(Path("data/raw"))  # doctest: +SKIP
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .plan import FileSpec, plan_year
from .render import build_grid
from .truth import build_year
from .writers import write_csv, write_xls, write_xlsx

__all__ = ["generate", "years_for", "build_plan"]


def years_for(scale: int) -> list[int]:
    """Years written: 2019-2021 at scale 1, 2015-2024 beyond."""
    return [2019, 2020, 2021] if scale <= 1 else list(range(2015, 2025))


def build_plan(scale: int = 1, seed: int = 2020) -> list[FileSpec]:
    """All file specs (clean tables already rendered into sheet declarations)."""
    specs: list[FileSpec] = []
    for year in years_for(scale):
        tables = build_year(year, seed, scale)
        specs += plan_year(year, tables, seed, big_split=max(1, scale // 2))
    return specs


def write_file(spec: FileSpec, out_dir: Path) -> tuple[Path, list[dict]]:
    """Render one file spec; returns its path and the grids' notes (rejects, mismatches)."""
    folder = out_dir / str(spec.year) / spec.office
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / spec.name
    grids = [build_grid(s) for s in spec.sheets]
    if spec.fmt == "xlsx":
        write_xlsx(path, grids)
    elif spec.fmt == "xls":
        write_xls(path, grids)
    else:
        write_csv(path, grids[0], sep=spec.csv_sep, bom=spec.csv_bom, encoding=spec.csv_encoding)
    notes = [dict(n, file=str(path.relative_to(out_dir))) for g in grids for n in g.notes]
    return path, notes


def generate(out_dir: Path, scale: int = 1, seed: int = 2020, notes: list | None = None) -> list[Path]:
    """Write every sample file under ``out_dir/<year>/<office>/``; returns the paths.

    Same ``seed`` and ``scale`` → byte-identical files. Existing year folders
    written by this generator are replaced. ``notes``, if given, receives the
    deliberate rejects and total mismatches (file, sheet, Excel row).
    """
    out_dir = Path(out_dir)
    for year in years_for(scale):
        if (out_dir / str(year)).exists():
            shutil.rmtree(out_dir / str(year))
    paths = []
    for spec in build_plan(scale, seed):
        path, n = write_file(spec, out_dir)
        paths.append(path)
        if notes is not None:
            notes.extend(n)
    return paths
