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


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", "check-report", *map(str, args)],
                          capture_output=True, text=True, cwd=config.PROJECT_ROOT)


def test_no_data_mode_checks_the_report_against_itself(tmp_path):
    empty = tmp_path / "no-run"
    csv = tmp_path / "check.csv"
    proc = run_cli(config.SEED_REPORT, "--out", empty, "--csv", csv)  # no --year: the text names 2020
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Không có số liệu đã chạy trong") and "kiểm tra báo cáo với chính nó" in lines[0]
    assert lines[1].startswith("Năm báo cáo: 2020")
    assert lines[2].startswith("Đã đọc ") and "số liệu" in lines[2]  # no-data mode prints the checks only
    assert not any(line.startswith("không liên kết được") for line in lines)
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert (table["status"] == "mâu thuẫn nội bộ").sum() == 5 and (table["status"] == "sai định dạng").sum() == 1
    assert (table["status"] == "lệch").sum() == 0


def test_no_data_mode_on_a_six_month_report_of_another_office(tmp_path):
    report = tmp_path / "bao-cao-6-thang.md"
    report.write_text(
        "# Kết quả tiếp công dân 6 tháng đầu năm 2021\n\n"
        "Trong 6 tháng đầu năm 2021, đã tiếp 412 lượt/455 lượt người. So với cùng kỳ năm trước giảm 38 lượt tiếp, "
        "45 lượt người (6 tháng đầu năm 2020 đã tiếp 450 lượt/496 lượt người). Đã giải quyết 45/60 vụ việc, "
        "đạt tỷ lệ 75%, còn lại 15 vụ việc. (Trích Báo cáo số 12/BC-TTT ngày 09/6/2021)\n",
        encoding="utf-8")
    proc = run_cli(report, "--out", tmp_path / "none", "--csv", tmp_path / "c.csv")
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")
    alarms = table[table["status"].isin(["mâu thuẫn nội bộ", "sai định dạng"])]
    assert alarms["printed"].astype(str).tolist() == ["45 lượt người"]  # 496 − 455 = 41
    assert alarms.iloc[0]["expected_printed"] == "giảm 41"
    assert (table.loc[table["row_type"] == "internal", "status"] == "khớp").sum() == 3


def test_a_report_without_a_year_needs_year(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Đã tiếp 30 lượt công dân.", encoding="utf-8")
    proc = run_cli(report, "--out", tmp_path)
    assert proc.returncode == 1
    assert "--year" in proc.stderr and "--indicators" not in proc.stderr
