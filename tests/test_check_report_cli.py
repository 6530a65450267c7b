"""`python -m pipeline check-report` on the 2020 report, as .txt and as a .docx made from it."""

import subprocess
import sys

import pandas as pd
import pytest

from pipeline import config


def check(report, out, csv, *extra):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "check-report", str(report), "--year", "2020", "--base-year", "2019",
         "--out", str(out), "--csv", str(csv), *extra],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, pd.read_csv(csv, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def txt_result(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    stdout, table = check(config.SEED_REPORT, out, out / "check.csv", "--raw", str(config.RAW_DIR))
    return out, stdout, table


def test_seed_report_checked_against_the_sample(txt_result):
    _, stdout, table = txt_result
    counts = table["status"].value_counts().to_dict()
    assert counts.get("mâu thuẫn nội bộ", 0) >= 4 and counts.get("sai định dạng", 0) == 1
    internal = " ".join(table.loc[table["status"] == "mâu thuẫn nội bộ", "note"].astype(str))
    assert "168" in internal and "163" in internal  # 17 + 05 + 146 = 168, not 163
    assert "86%" in internal  # 168/195 is 86%, not 82%
    wrong = table[table["status"] == "lệch"]
    assert set(wrong["printed"].astype(str)) == {"163", "82%"}
    assert "Tổng:" in stdout


def test_docx_version_gives_the_same_table(txt_result, tmp_path):
    docx = pytest.importorskip("docx")
    out, _, txt_table = txt_result
    document = docx.Document()
    for line in config.SEED_REPORT.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "bao-cao-2020.docx"
    document.save(path)
    _, docx_table = check(path, out, tmp_path / "check-docx.csv")
    assert docx_table["status"].value_counts().to_dict() == txt_table["status"].value_counts().to_dict()
    assert docx_table["printed"].astype(str).tolist() == txt_table["printed"].astype(str).tolist()
