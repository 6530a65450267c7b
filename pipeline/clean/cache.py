"""Parsed sheets cached by file content, so an unchanged re-run skips Excel parsing.

The key is the file's SHA-256 plus a fingerprint of everything that shapes the
result: the package's own source, the register spec and the hashing secret.
A changed file gets a new key and is re-read alone; entries of deleted files
are simply never asked for. Cached results hold no personal data (they are
taken after :func:`pipeline.clean.identity.protect_sheet`).
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

INGEST_ROOTS = ("clean.ingest", "clean.cache")
"""Where the code that shapes a cached sheet result starts: the per-file ingest, and this key's own logic."""


def module_path(name: str) -> Path | None:
    """The source file of package module ``name`` ("clean.ingest", "vi", …), or None for a name that is not one."""
    base = config.PACKAGE_DIR.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported(node: ast.AST) -> list[str]:
    """The package modules one import statement names (dotted, without the leading ``pipeline.``)."""
    if isinstance(node, ast.ImportFrom) and node.module and (node.module == "pipeline" or node.module.startswith("pipeline.")):
        base = node.module.removeprefix("pipeline").removeprefix(".")
        # ``from pipeline.vi import parsing`` may name a module or a function: both are tried.
        return [name for alias in node.names for name in (f"{base}.{alias.name}".lstrip("."), base) if name]
    if isinstance(node, ast.Import):
        return [a.name.removeprefix("pipeline.") for a in node.names if a.name.startswith("pipeline.")]
    return []


@lru_cache(maxsize=1)
def ingest_modules() -> tuple[str, ...]:
    """The package modules the ingest code imports, directly or through others (any import statement,
    function-level ones too, and the packages they sit in): a change to any of them must re-read every
    file. Derived, not kept by hand."""
    seen: set[str] = set()
    todo = list(INGEST_ROOTS)
    while todo:
        name = todo.pop()
        path = module_path(name)
        if name in seen or path is None:
            continue
        seen.add(name)
        if "." in name:
            todo.append(name.rsplit(".", 1)[0])  # the package's __init__ runs first
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            todo.extend(_imported(node))
    return tuple(sorted(seen))


def package_sources() -> list[Path]:
    """Every module of the package, in every subfolder, in a stable order."""
    return sorted(config.PACKAGE_DIR.rglob("*.py"), key=lambda p: p.relative_to(config.PACKAGE_DIR).as_posix())


def spec_data_files() -> list[Path]:
    """The package's spec data (the .toml/.csv of pipeline/specs/, not its code)."""
    return sorted(p for p in config.SPECS_DIR.glob("*.*") if p.suffix != ".py")


@lru_cache(maxsize=2)
def code_fingerprint(full: bool = False) -> str:
    """Hash of the ingest code and package specs; ``full`` adds every module (whole-run outputs).

    Local specs (data/specs/) are not files of the package: their fingerprint
    comes with the loaded specs (``Specs.fingerprint``) and is added by the callers.
    """
    digest = hashlib.sha256()
    if full:
        paths = package_sources() + spec_data_files()
    else:
        paths = [module_path(name) for name in ingest_modules()] + spec_data_files()
    for path in paths:
        digest.update(path.relative_to(config.PACKAGE_DIR).as_posix().encode())
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
