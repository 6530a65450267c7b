"""Parsed sheets cached by file content, so an unchanged re-run skips Excel parsing.

The key is the file's SHA-256 plus a fingerprint of everything that shapes the
result: the package's own source, the register spec and the hashing secret.
A changed file gets a new key and is re-read alone; entries of deleted files
are simply never asked for. Cached results hold no personal data (they are
taken after :func:`pipeline.identity.protect_sheet`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from pipeline import config


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(config.PACKAGE_DIR.glob("*.py")) + sorted(config.SPECS_DIR.glob("*.toml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class SheetCache:
    def __init__(self, directory: Path, secret: bytes = b""):
        self.directory = Path(directory)
        self.salt = hashlib.sha256(code_fingerprint().encode() + secret).hexdigest()[:16]

    def _path(self, source) -> Path:
        return self.directory / f"{source.sha256}-{self.salt}.pkl"

    def get(self, source):
        path = self._path(source)
        if not path.exists():
            return None
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # a damaged cache entry is just a miss
            return None

    def put(self, source, value) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self._path(source))
