"""Fixtures shared across test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import GOOD, petitions_sheet, write_xlsx


@pytest.fixture
def raw(tmp_path) -> Path:
    """A raw tree with one good petitions register (4 rows, HĐND 2020)."""
    root = tmp_path / "raw"
    write_xlsx(root / GOOD, {"Đơn 2020": petitions_sheet()})
    return root
