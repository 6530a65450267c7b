"""The hashing secret of personal data: one key per installation, in git-ignored ``data/secrets/``."""

from __future__ import annotations

import os
from pathlib import Path


def load_or_create_key(secrets_dir: Path) -> bytes:
    """The hashing secret: generated on first run into a git-ignored file, then reused."""
    path = secrets_dir / "hash-key"
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    secrets_dir.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(key.hex())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return key
