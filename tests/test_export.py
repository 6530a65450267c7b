"""``python -m pipeline export`` end to end on the sample: one export shared by every test."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline import config, export

pytestmark = pytest.mark.slow


def _export(out: Path, show_code: bool = False, years=None) -> tuple[int, Path | None]:
    args = argparse.Namespace(years=years, raw=str(config.RAW_DIR), out=str(out), show_code=show_code)
    rc = export.main(args)
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    return rc, folders[-1] if folders else None


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> Path:
    rc, folder = _export(tmp_path_factory.mktemp("exports"))
    assert rc == 0
    return folder


def test_dated_folder_with_one_html_per_notebook(exported: Path):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{6}(-\d+)?", exported.name)
    names = {p.stem for p in exported.glob("*.html")}
    assert names == {p.stem for p in export.notebooks()}
    for html in exported.glob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "data:image/png;base64," in text, f"{html.name}: no embedded chart"
        assert 'class="jp-Cell jp-CodeCell' not in text or "jp-mod-noInput" in text
        assert "from pipeline import" not in text, f"{html.name}: code shown without --show-code"
        assert "Traceback" not in text and 'data-mime-type="application/vnd.jupyter.stderr"' not in text


def test_manifest_has_inputs_version_commit_parameters_and_times(exported: Path):
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    for key in ("started", "finished", "seconds", "package_version", "git", "parameters", "inputs", "notebooks", "outputs"):
        assert key in manifest
    sources = pd.read_csv(exported / "data" / "sources.csv", encoding="utf-8-sig")
    assert {i["sha256"] for i in manifest["inputs"]} == set(sources["sha256"])
    assert manifest["parameters"]["years"] == [2019, 2020, 2021]
    assert all(n["status"] == "ok" for n in manifest["notebooks"])
    assert manifest["git"] == {} or re.fullmatch(r"[0-9a-f]{40}", manifest["git"]["commit"])


def test_workbook_figures_match_indicators(exported: Path):
    indicators = pd.read_csv(exported / "data" / "indicators.csv", encoding="utf-8-sig")
    [path] = exported.glob("*.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Đoàn ĐBQH", "HĐND", "Cả hai"]
    bodies = {"Đoàn ĐBQH": "doan-dbqh", "HĐND": "hdnd", "Cả hai": "all"}
    checked = 0
    for sheet_name, body in bodies.items():
        sheet = book[sheet_name]
        header = [c.value for c in sheet[1]]
        assert header[:2] == ["Chỉ tiêu", "Đơn vị"] and header[-1] == "Câu trong báo cáo"
        assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
        year_cols = {int(h): i for i, h in enumerate(header) if isinstance(h, str) and h.isdigit()}
        expected = indicators[indicators["body"] == body]
        labels = dict(zip(expected["label_vi"], expected["unit_vi"]))
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(rows) == expected["indicator"].nunique()
        by_label = {}
        for r in expected.itertuples():
            by_label.setdefault((r.label_vi, r.unit_vi), {})[r.year] = r.value
        for row in rows:
            assert (row[0], row[1]) in by_label and labels[row[0]] == row[1]
            for year, col in year_cols.items():
                want = by_label[(row[0], row[1])].get(year)
                if want is None or pd.isna(want):
                    assert row[col] is None
                else:
                    assert row[col] == pytest.approx(want), (sheet_name, row[0], year)
                    checked += 1
        counts = [c for c in sheet.iter_rows(min_row=2, min_col=3, max_col=3) for c in c if c.value is not None]
        assert any(c.number_format == "#,##0" for c in counts)
    assert checked > 300


def test_show_code_keeps_code_and_missing_year_fails(tmp_path: Path, exported: Path):
    from pipeline import excel  # noqa: F401  (import check only)

    rc, folder = _export(tmp_path / "bad", years=[1999])
    assert rc == 2
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["status"] == "failed"
    executed = exported / "notebooks" / "01-tong-quan-nam.ipynb"
    html = export.to_html(executed, tmp_path / "code.html", show_code=True).read_text(encoding="utf-8")
    assert "year_overview" in html


def test_failing_cell_names_notebook_and_cell(tmp_path: Path, exported: Path, monkeypatch, capsys):
    import nbformat

    book = nbformat.read(export.notebooks()[0], as_version=4)
    book.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('hỏng')"))
    folder = tmp_path / "nb"
    folder.mkdir()
    nbformat.write(book, folder / "01-hong.ipynb")
    monkeypatch.setattr(export, "notebooks", lambda: [folder / "01-hong.ipynb"])
    rc, out = _export(tmp_path / "fail")
    assert rc == 1
    err = capsys.readouterr().err
    assert f"01-hong.ipynb, ô số {len(book.cells)}" in err and "RuntimeError: hỏng" in err
    assert (out / "01-hong.LOI.html").exists()
