"""Reading ahead in a thread: the same grids as a plain read, in any order asked, errors where they belong."""

from __future__ import annotations

import pytest
from builders import GOOD, petitions_sheet, write_xlsx

from pipeline.read.files import UnreadableFile, discover, read_grids
from pipeline.read.read_ahead import ReadAhead, start_reading, worker_count


@pytest.fixture
def raw(tmp_path):
    root = tmp_path / "raw"
    write_xlsx(root / GOOD, {"Đơn": petitions_sheet()})
    write_xlsx(root / "2020/doan-dbqh/So don 2020.xlsx", {"Đơn": petitions_sheet()[:4]})
    broken = root / "2020/hdnd/Hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    return root


def test_grids_read_ahead_are_those_of_a_plain_read_in_any_order(raw):
    files, _ = discover(raw)
    good = [f for f in files if f.path.name != "Hong.xlsx"]
    ahead = ReadAhead(good)
    try:
        for source in reversed(good):  # asked in another order than queued: still the right file
            assert [g.rows for g in ahead.grids(source)] == [g.rows for g in read_grids(source)]
    finally:
        ahead.close()
    assert ahead.seconds > 0


def test_an_unreadable_file_raises_when_asked_for_not_before(raw):
    files, _ = discover(raw)
    ahead = ReadAhead(files)
    try:
        broken = next(f for f in files if f.path.name == "Hong.xlsx")
        with pytest.raises(UnreadableFile, match="Hong.xlsx"):
            ahead.grids(broken)
        others = [f for f in files if f is not broken]
        assert all(ahead.grids(f) for f in others)
    finally:
        ahead.close()


def test_start_reading_skips_cached_files_and_leaves_many_to_workers(raw, tmp_path, monkeypatch):
    from pipeline.clean.cache import SheetCache
    from pipeline.clean.secret_key import load_or_create_key
    from pipeline.specs.files import spec_fingerprint

    monkeypatch.delenv("VP_WORKERS", raising=False)
    monkeypatch.delenv("VP_SPECS_DIR", raising=False)
    secrets, cache_dir = tmp_path / "secrets", tmp_path / "cache"
    ahead = start_reading(raw, None, cache_dir, secrets)
    files, _ = ahead.discovered
    assert list(ahead._pending) == [f.rel_path for f in files[:2]]  # the first file and one ahead
    ahead.close()

    cache = SheetCache(cache_dir, load_or_create_key(secrets) + spec_fingerprint(None).encode())
    cached = files[0]
    cache.put(cached, ([], []))
    ahead = start_reading(raw, None, cache_dir, secrets)
    assert cached.rel_path not in ahead._pending and cached not in ahead._queue
    ahead.close()

    monkeypatch.setenv("VP_WORKERS", "2")  # worker processes read: no thread competing with them here
    ahead = start_reading(raw, None, None, secrets)
    assert not ahead._pending and ahead.discovered[0]
    ahead.close()
    assert worker_count(3) == 2


def test_start_reading_leaves_a_wrong_folder_to_the_run(tmp_path):
    assert start_reading(tmp_path / "khong-co", None, None, tmp_path / "secrets") is None
