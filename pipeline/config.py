"""Every path the project uses, in one place (cookiecutter-data-science style).

Environment variables override the defaults so notebooks and scheduled exports
can point at another data folder without edits:
``VP_RAW_DIR``, ``VP_PROCESSED_DIR``, ``VP_CACHE_DIR``, ``VP_EXPORT_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
SPECS_DIR = PACKAGE_DIR / "specs"

REGISTERS_SPEC = SPECS_DIR / "registers.toml"
INDICATORS_SPEC = SPECS_DIR / "indicators.csv"


def _dir(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


RAW_DIR = _dir("VP_RAW_DIR", PROJECT_ROOT / "data" / "raw")
PROCESSED_DIR = _dir("VP_PROCESSED_DIR", PROJECT_ROOT / "data" / "processed")
CACHE_DIR = _dir("VP_CACHE_DIR", PROJECT_ROOT / "data" / "cache")
EXPORT_DIR = _dir("VP_EXPORT_DIR", PROJECT_ROOT / "data" / "exports")
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
# An office's own specs (aliases, categories, registers, indicators), merged over
# the package's (pipeline/specs/) by pipeline.specs.load; --specs DIR or VP_SPECS_DIR
# (read when the specs load, so a notebook kernel can set it) point elsewhere.
LOCAL_SPECS_DIR = PROJECT_ROOT / "data" / "specs"
# Narrative reports to check against the data (the 2020 report is the seed).
REPORTS_DIR = _dir("VP_REPORTS_DIR", PROJECT_ROOT / "data" / "reports")
SEED_REPORT = REPORTS_DIR / "bao-cao-130-BC-VP-2020.txt"
# Each figure the seed report quotes (indicator, body, value, difference, quote):
# data derived from the report, the reference the end-to-end tests hold the sample to.
SEED_REPORT_FIGURES = REPORTS_DIR / "bao-cao-130-BC-VP-2020.figures.csv"
# The keyed-hash secret lives outside version control (git-ignored folder).
SECRETS_DIR = _dir("VP_SECRETS_DIR", PROJECT_ROOT / ".secrets")

OFFICE_FOLDERS = {
    "doan-dbqh": ("doan-dbqh",),
    "hdnd": ("hdnd",),
    "doan-dbqh-hdnd": ("doan-dbqh", "hdnd"),
}
"""Office folder → bodies it serves. The merged office serves both from 2021."""

# The bodies themselves (ids, order, labels, colours) are one table: pipeline/bodies.py.
