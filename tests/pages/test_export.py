"""``python -m pipeline export`` end to end on the sample: one export shared by every test."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline import config
from pipeline.pages import export

pytestmark = pytest.mark.slow


def _export(out: Path, show_code: bool = False, years=None, period=None) -> tuple[int, Path | None]:
    args = argparse.Namespace(years=years, raw=str(config.RAW_DIR), out=str(out), show_code=show_code)
    rc = export.main(args, period=period)
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    return rc, folders[-1] if folders else None


@pytest.fixture(scope="session")
def export_run(tmp_path_factory) -> tuple[Path, str]:
    """One export as the nightly job runs it (a process of its own, its log captured)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("exports")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "export", "--raw", str(config.RAW_DIR), "--out", str(out)],
                          capture_output=True, text=True, cwd=config.PROJECT_ROOT)
    assert proc.returncode == 0, proc.stderr
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    return folder, proc.stdout + proc.stderr


@pytest.fixture(scope="session")
def exported(export_run) -> Path:
    return export_run[0]


def test_export_log_has_no_kernel_noise(export_run):
    _, log = export_run
    assert "without encryption" not in log and "KeyboardInterrupt" not in log
    assert "Unable to parse" not in log and "WARNING" not in log
    assert "index.html" in log


def test_index_links_every_page_with_one_line_each(exported: Path):
    import html as html_lib

    text = (exported / "index.html").read_text(encoding="utf-8")
    for page in exported.glob("[0-9][0-9]-*.html"):
        assert f'href="{page.name}"' in text, page.name
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1)
        assert html_lib.unescape(title) != "Notebook" and html_lib.unescape(title) in html_lib.unescape(text)
    assert text.count("<li>") == len(list(exported.glob("[0-9][0-9]-*.html"))) + 2  # + workbook, manifest
    assert re.search(r'href="so-lieu-bao-cao-[\d-]+\.xlsx"', text)


def test_pages_print_on_a4_offline_and_read_like_the_office(exported: Path):
    for page in exported.glob("[0-9][0-9]-*.html"):
        text = page.read_text(encoding="utf-8")
        assert "@page { size: A4" in text and "break-before: page" in text and "table-header-group" in text
        assert not re.search(r"<script[^>]+src=\"https?://", text), f"{page.name}: a script from the internet"
        assert "widget-view+json" not in text, f"{page.name}: a widget in the static page"
        assert not re.search(r">\s*(True|False)\s*<", text), f"{page.name}: a boolean in English"
        assert "VP_YEAR" not in text or page.name.startswith("04"), f"{page.name}: parameters belong on page 04"
        assert "Traceback" not in text
    one = (exported / "01-tong-quan-nam.html").read_text(encoding="utf-8")
    assert "Số liệu năm 2021 so với năm 2020" in one and "2021 so với 2020" in one
    assert "Phiên bản gói" not in one and "Lần chạy pipeline" not in one  # moved to page 04
    assert "chỉ tính một lần" in one  # the footnote where Cả hai is not the sum
    assert "Lần chạy pipeline" in (exported / "04-chat-luong-du-lieu.html").read_text(encoding="utf-8")
    five = (exported / "05-kiem-tra-bao-cao.html").read_text(encoding="utf-8")
    assert "petitions.received" not in five and "laws.by_conference" not in five
    assert "<img" not in five  # the chart that repeated a 5-row table is gone


def test_dated_folder_with_one_html_per_notebook(exported: Path):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{6}(-\d+)?", exported.name)
    names = {p.stem for p in exported.glob("[0-9][0-9]-*.html")}
    assert names == {p.stem for p in export.notebooks()}
    for html in exported.glob("[0-9][0-9]-*.html"):
        text = html.read_text(encoding="utf-8")
        if not html.name.startswith("05"):
            assert re.search(r"<img[^>]+src=\"data:image/png;base64,", text), f"{html.name}: no embedded chart"
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
    assert book.sheetnames == ["Ba bộ phận", "Đoàn ĐBQH", "HĐND", "Cả hai", "Thông tin"]
    bodies = {"Đoàn ĐBQH": "doan-dbqh", "HĐND": "hdnd", "Cả hai": "all"}
    checked = 0
    for sheet_name, body in bodies.items():
        sheet = book[sheet_name]
        header = [c.value for c in sheet[4]]
        assert header[:2] == ["Chỉ tiêu", "Đơn vị"] and header[-1] == "Câu trong báo cáo"
        assert sheet.freeze_panes == "B5" and sheet.auto_filter.ref and sheet.page_setup.orientation == "landscape"
        year_cols = {int(h): i for i, h in enumerate(header) if isinstance(h, str) and h.isdigit()}
        expected = indicators[indicators["body"] == body]
        said = expected.groupby("indicator")["value"].apply(lambda v: v.fillna(0).ne(0).any())
        rows = list(sheet.iter_rows(min_row=5, values_only=True))
        assert len(rows) == int(said.sum())  # every indicator with something to say, the others left out
        by_label = {}
        for r in expected.itertuples():
            by_label.setdefault((r.label_vi, r.unit_vi), {})[r.year] = r.value
        for row in rows:
            assert (row[0], row[1]) in by_label
            for year, col in year_cols.items():
                want = by_label[(row[0], row[1])].get(year)
                if want is None or pd.isna(want):
                    assert row[col] is None
                else:
                    assert row[col] == pytest.approx(want), (sheet_name, row[0], year)
                    checked += 1
        counts = [c for c in sheet.iter_rows(min_row=5, min_col=3, max_col=3) for c in c if c.value is not None]
        assert any(c.number_format == "#,##0" for c in counts)
    assert checked > 300
    three = book["Ba bộ phận"]
    assert [c.value for c in three[4]][2] == "Đoàn ĐBQH" and [c.value for c in three[5]][2:5] == ["2021", "2020", "2021 so với 2020"]


def test_show_code_keeps_code_and_missing_year_fails(tmp_path: Path, exported: Path):
    from pipeline.pages import workbook as excel  # noqa: F401  (import check only)

    rc, folder = _export(tmp_path / "bad", years=[1999])
    assert rc == 2
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["status"] == "failed"
    executed = exported / "notebooks" / "01-tong-quan-nam.ipynb"
    html = export.to_html(executed, tmp_path / "code.html", show_code=True).read_text(encoding="utf-8")
    assert "year_table" in html and "select" in html


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


def test_export_of_six_months_names_the_period_everywhere(tmp_path: Path):
    from pipeline.specs.load import load_specs
    from pipeline.specs.periods import period_by_id

    rc, folder = _export(tmp_path / "h1", years=[2020, 2021], period=period_by_id("h1", load_specs().periods))
    assert rc == 0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["period"] == "h1" and manifest["parameters"]["notebook_parameters"]["PERIOD"] == "h1"
    assert "local_specs" in manifest
    [workbook] = folder.glob("*.xlsx")
    assert workbook.name == "so-lieu-bao-cao-2020-2021-h1.xlsx"
    first = openpyxl.load_workbook(workbook).worksheets[0]
    assert first["A1"].value.startswith("Số liệu 6 tháng đầu năm 2021 so với cùng kỳ năm 2020")
    assert "Kỳ báo cáo: 6 tháng đầu năm (h1)" in (folder / "index.html").read_text(encoding="utf-8")
    page = (folder / "01-tong-quan-nam.html").read_text(encoding="utf-8")
    assert "6 tháng đầu năm 2021, so với cùng kỳ năm 2020" in page


def test_unknown_export_period_stops_before_any_work(tmp_path: Path, capsys):
    from pipeline.cli import main

    assert main(["export", "--period", "h3", "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "«h3»" in err and "h1" in err
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())
