"""Where the spec files are and what they are worth, without pandas: names, the office's folder,
their fingerprint and the office folder names.

:mod:`pipeline.specs.load` parses, merges and checks the specs (pandas); an
unchanged re-run (:mod:`pipeline.outputs.unchanged`) needs only to know that no spec
file changed since the last published run, and which folders are offices, so
it answers from here in a fraction of a second. Nothing here runs at import time.
"""

from __future__ import annotations

import copy
import hashlib
import os
import tomllib
from pathlib import Path

from pipeline import config

REGISTERS, INDICATORS, UNITS, OFFICES = "registers.toml", "indicators.csv", "units.csv", "offices.toml"
LINKS, CHECKS, PERIODS = "report_links.csv", "report_checks.csv", "periods.csv"
DRAFT = "draft_templates.toml"
LOCAL_SPEC_FILES = (REGISTERS, INDICATORS, UNITS, OFFICES, PERIODS, LINKS, CHECKS, DRAFT)
"""The spec files an office may keep in data/specs/ (others there are ignored, with a notice)."""

FIGURE_SPEC_FILES = (REGISTERS, OFFICES, INDICATORS, UNITS, LINKS, CHECKS, PERIODS)
"""The spec files a figure depends on, in fingerprint order (the draft's wording changes no figure)."""


class SpecError(ValueError):
    """One or more spec problems, each a line naming file, place and fix."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def local_specs_dir(explicit: str | Path | None = None) -> Path | None:
    """The office's spec folder: ``explicit`` (--specs), else VP_SPECS_DIR, else data/specs if it exists.

    An explicit folder or VP_SPECS_DIR that does not exist is an error (a typo
    must not silently drop the office's aliases); the default may be absent.
    """
    chosen = explicit or os.environ.get("VP_SPECS_DIR")
    if chosen:
        path = Path(chosen).expanduser().resolve()
        if not path.is_dir():
            source = "--specs" if explicit else "VP_SPECS_DIR"
            raise SpecError([f"{path}: thư mục đặc tả riêng ({source}) không tồn tại: kiểm tra lại đường dẫn"])
        return path
    default = config.LOCAL_SPECS_DIR
    return default if default.is_dir() else None


def spec_fingerprint(folder: Path | None) -> str:
    """The bytes of every figure spec file, the package's then the office's (``folder``), as one digest."""
    digest = hashlib.sha256()
    for where in (config.SPECS_DIR, folder):
        if where is None:
            continue
        for name in FIGURE_SPEC_FILES:
            path = where / name
            if path.is_file():
                digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def merge_offices(package: dict, local: dict) -> dict:
    """offices.toml of the office over the package's: more aliases per office, more parts to strip."""
    merged = copy.deepcopy(package)
    for office, names in local.get("aliases", {}).items():
        merged.setdefault("aliases", {}).setdefault(office, []).extend(names)
    merged["strip"] = [*merged.get("strip", []), *local.get("strip", [])]
    return merged


def office_names(folder: Path | None):
    """The office folder names (package and office offices.toml), or None when a file does not parse
    (the full spec load then says what is wrong)."""
    from pipeline.specs.offices import parse_offices

    try:
        package = tomllib.loads((config.SPECS_DIR / OFFICES).read_text(encoding="utf-8"))
        local_path = folder / OFFICES if folder is not None else None
        local = tomllib.loads(local_path.read_text(encoding="utf-8")) if local_path and local_path.is_file() else {}
        return parse_offices(merge_offices(package, local), OFFICES)
    except (OSError, ValueError):
        return None
