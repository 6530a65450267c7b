"""Parsed sheets cached by file content, so an unchanged re-run skips Excel parsing.

The key is the file's SHA-256 plus a fingerprint of everything that shapes the
result: the package's own source, the register spec and the hashing secret.
A changed file gets a new key and is re-read alone; entries of deleted files
are simply never asked for. Cached results hold no personal data (they are
taken after :func:`pipeline.identity.protect_sheet`).
"""

from __future__ import annotations

import ast
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline import config

INGEST_ROOTS = ("ingest", "cache")
"""Where the code that shapes a cached sheet result starts: the per-file ingest, and this key's own logic."""


@lru_cache(maxsize=1)
def ingest_modules() -> tuple[str, ...]:
    """The package modules the ingest code imports, directly or through others (any import statement,
    function-level ones too): a change to any of them must re-read every file. Derived, not kept by hand."""
    seen: set[str] = set()
    todo = list(INGEST_ROOTS)
    while todo:
        name = todo.pop()
        path = config.PACKAGE_DIR / f"{name}.py"
        if name in seen or not path.exists():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "pipeline":
                todo.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline."):
                todo.append(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                todo.extend(a.name.split(".")[1] for a in node.names if a.name.startswith("pipeline."))
    return tuple(sorted(seen))


@lru_cache(maxsize=2)
def code_fingerprint(full: bool = False) -> str:
    """Hash of the ingest code and package specs; ``full`` adds every module (whole-run outputs).

    Local specs (data/specs/) are not files of the package: their fingerprint
    comes with the loaded specs (``Specs.fingerprint``) and is added by the callers.
    """
    digest = hashlib.sha256()
    if full:
        paths = sorted(config.PACKAGE_DIR.glob("*.py")) + sorted(config.SPECS_DIR.glob("*.*"))
    else:
        paths = [config.PACKAGE_DIR / f"{name}.py" for name in ingest_modules()] + sorted(config.SPECS_DIR.glob("*.*"))
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class SheetCache:
    def __init__(self, directory: Path, secret: bytes = b""):
        self.directory = Path(directory)
        self.salt = hashlib.sha256(code_fingerprint().encode() + secret).hexdigest()[:16]

    def _path(self, source) -> Path:
        # The place counts as much as the bytes: a result carries its file name,
        # year and office (bodies), so a file moved to another folder is re-read.
        place = hashlib.sha256(f"{source.rel_path}\x1f{source.year}\x1f{source.office}".encode()).hexdigest()[:12]
        return self.directory / f"{source.sha256}-{place}-{self.salt}.pkl"

    def has(self, source) -> bool:
        """Is the file's result kept? (a look at the folder, no unpickling: the read-ahead asks before pandas is imported)"""
        return self._path(source).exists()

    def get(self, source):
        path = self._path(source)
        if not path.exists():
            return None
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # a damaged cache entry is just a miss
            return None

    def prune(self, keep: list) -> int:
        """Delete entries of files no longer in the raw folder (or of older code); returns how many."""
        wanted = {self._path(source).name for source in keep}
        removed = 0
        for path in self.directory.glob("*.pkl") if self.directory.exists() else []:
            if path.name not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def put(self, source, value) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self._path(source))
