"""The sample-data generator is deterministic and the committed data/raw is its output."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.samplegen import generate

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".gitkeep"}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("raw1")
    generate(out)
    return out


def test_same_seed_gives_identical_bytes(fresh, tmp_path):
    generate(tmp_path)
    assert _digests(fresh) == _digests(tmp_path)


def test_committed_raw_equals_fresh_generation(fresh):
    committed = {k: v for k, v in _digests(RAW).items() if k.split("/")[0] in {"2019", "2020", "2021"}}
    assert committed == _digests(fresh), "data/raw was edited by hand or is stale: rerun python -m pipeline.samplegen"


def test_layout_and_formats(fresh):
    folders = {str(p.relative_to(fresh)) for p in fresh.glob("*/*") if p.is_dir()}
    assert folders == {"2019/doan-dbqh", "2019/hdnd", "2020/doan-dbqh", "2020/hdnd", "2021/doan-dbqh-hdnd"}
    suffixes = {p.suffix for p in fresh.rglob("*") if p.is_file()}
    assert {".xlsx", ".xls", ".csv", ".txt"} <= suffixes
    sizes = [p.stat().st_size for p in fresh.rglob("*") if p.is_file()]
    assert max(sizes) < 2_000_000 and sum(sizes) < 5_000_000
