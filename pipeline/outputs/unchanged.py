"""Is a run needed at all? Answered without pandas, so an unchanged re-run takes a fraction of a second.

A published run records the fingerprint of everything its outputs depend on
(:func:`input_fingerprint`: input files, package code, figure specs, the
hashing secret, and the files it did not read). A new ``run`` whose inputs give
the same fingerprint keeps the outputs and prints the last summary. The specs
are not parsed for that: their bytes are in the fingerprint, and specs that
were valid for the same code are valid again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.clean.secret_key import load_or_create_key
from pipeline.outputs import catalog
from pipeline.read.files import Skipped, SourceFile, check_layout, discover
from pipeline.specs.files import local_specs_dir, office_names, spec_fingerprint


def input_fingerprint(files: list[SourceFile], secrets_dir: Path, skipped: list[Skipped] = (),
                      specs_fingerprint: str = "") -> str:
    """Everything a run's outputs depend on: input files, code, specs (local ones too) and the hashing secret.

    The files that are not read count too: renaming a folder or adding an
    .ods changes what the run summary must say.
    """
    from pipeline.clean.cache import code_fingerprint

    digest = hashlib.sha256(code_fingerprint(full=True).encode())
    digest.update(specs_fingerprint.encode())
    for source in files:
        digest.update(f"{source.rel_path}\x1f{source.sha256}\n".encode())
    for skip in skipped:
        digest.update(f"skip\x1f{skip.path}\x1f{skip.kind}\n".encode())
    digest.update(hashlib.sha256(load_or_create_key(Path(secrets_dir))).digest())
    return digest.hexdigest()


def previous_summary(out: Path) -> dict | None:
    """The last published run's summary, if its outputs are all still there."""
    summary = Path(out) / catalog.SUMMARY
    if not summary.exists() or not all((Path(out) / name).exists() for name in catalog.PUBLISHED):
        return None
    try:
        previous = json.loads(summary.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return previous if "skipped" in previous else None  # a summary from before skipped files were kept


def unchanged_summary(raw: Path, out: Path, secrets_dir: Path, specs_dir: str | Path | None = None) -> dict | None:
    """The last run's summary when nothing it depends on has changed, else None (run again).

    Raises read.UnreadableInput for a raw folder laid out wrong (as a run would),
    specfiles.SpecError for a --specs / VP_SPECS_DIR folder that does not exist.
    """
    previous = previous_summary(out)
    if previous is None:
        return None
    folder = local_specs_dir(specs_dir)
    offices = office_names(folder)
    if offices is None:  # an offices.toml that does not parse: the full load names the problem
        return None
    files, skipped = discover(Path(raw), offices)
    check_layout(Path(raw), files, skipped, offices)
    now = input_fingerprint(files, secrets_dir, skipped, spec_fingerprint(folder))
    return previous if previous.get("input_fingerprint") == now else None
