"""`check-report --period`: a six-month report against the six-month figures, "cùng kỳ" against the same
period of the base year; an unknown period is one line listing the ids. The run's tables are written here."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.report import STATUS_MATCH, STATUS_MISMATCH, STATUS_UNLINKED, check_report

COLUMNS = ["year", "body", "indicator", "value", "unit_vi", "label_vi"]
ANNUAL = [
    (2020, "doan-dbqh", "petitions.received", 195, "đơn", "Số đơn đã nhận"),
    (2019, "doan-dbqh", "petitions.received", 114, "đơn", "Số đơn đã nhận"),
    (2020, "doan-dbqh", "laws.consulted", 25, "dự án luật", "Số dự án luật đã lấy ý kiến"),
]
SIX_MONTHS = [
    (2020, "doan-dbqh", "petitions.received", 107, "đơn", "Số đơn đã nhận"),
    (2019, "doan-dbqh", "petitions.received", 53, "đơn", "Số đơn đã nhận"),
]
REPORT = (
    "BÁO CÁO\n\nKết quả công tác 6 tháng đầu năm 2020\n\n"
    "* Đối với Văn phòng Đoàn ĐBQH Tỉnh:\n\n"
    "- Công tác tiếp công dân: Trong 6 tháng đầu năm 2020, Văn phòng đã nhận được 107 đơn "
    "(tăng 54 đơn so với cùng kỳ năm 2019); tổ chức lấy ý kiến 25 dự án luật.\n"
)


def _table(rows, period=None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame if period is None else frame.assign(period=period)[["year", "period", *COLUMNS[1:]]]


@pytest.fixture
def run_dir(tmp_path):
    """A published run: indicators.csv and period_indicators.csv (period year = the annual rows)."""
    out = tmp_path / "processed"
    out.mkdir()
    _table(ANNUAL).to_csv(out / "indicators.csv", index=False, encoding="utf-8-sig")
    pd.concat([_table(ANNUAL, "year"), _table(SIX_MONTHS, "h1")]).to_csv(
        out / "period_indicators.csv", index=False, encoding="utf-8-sig")
    return out


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "bao-cao-6-thang-2020.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def check(report, out, *extra):
    csv = out.parent / "check.csv"
    rc = main(["check-report", str(report), "--year", "2020", "--out", str(out), "--csv", str(csv), *extra])
    return rc, pd.read_csv(csv, encoding="utf-8-sig") if rc == 0 else None


def _row(table, printed, row_type="figure"):
    rows = table[(table["printed"].astype(str) == printed) & (table["row_type"] == row_type)]
    assert len(rows) == 1, table[["printed", "row_type", "status"]]
    return rows.iloc[0]


def test_a_six_month_report_against_the_six_month_figures(report, run_dir, capsys):
    rc, table = check(report, run_dir, "--period", "h1")
    assert rc == 0
    received = _row(table, "107")
    assert (received["indicator"], received["status"]) == ("petitions.received", STATUS_MATCH)
    delta = _row(table, "tăng 54 đơn so với cùng kỳ năm 2019", "delta")
    assert delta["status"] == STATUS_MATCH and delta["base_computed"] == 53  # the same six months of 2019
    assert received["expected_sentence"] == "107 đơn (tăng 54 đơn so với cùng kỳ năm 2019)"
    assert "Kỳ báo cáo: 6 tháng đầu năm (h1)" in capsys.readouterr().out


def test_a_register_without_dates_says_it_has_the_whole_year_only(report, run_dir):
    _, table = check(report, run_dir, "--period", "h1")
    laws = _row(table, "25")
    assert laws["status"] == STATUS_UNLINKED and laws["indicator"] == "laws.consulted"
    assert "chỉ có số cả năm 2020" in laws["note"] and "6 tháng đầu năm" in laws["note"]


def test_the_same_report_against_the_year_is_wrong(report, run_dir):
    rc, table = check(report, run_dir)  # default: the whole year, as before
    assert rc == 0
    assert _row(table, "107")["status"] == STATUS_MISMATCH  # the year has 195
    assert _row(table, "25")["status"] == STATUS_MATCH


def test_the_table_is_named_after_the_period(report, run_dir):
    assert main(["check-report", str(report), "--year", "2020", "--out", str(run_dir), "--period", "h1"]) == 0
    assert (run_dir / "report-check-2020-h1.csv").exists() and not (run_dir / "report-check-2020.csv").exists()


def test_an_unknown_period_is_one_line_listing_the_ids(report, run_dir, capsys):
    rc = main(["check-report", str(report), "--out", str(run_dir), "--period", "h3",
               "--raw", str(run_dir / "no-such-raw")])  # told before --raw runs anything
    err = capsys.readouterr().err
    assert rc == 2 and len(err.strip().splitlines()) == 1
    assert err.startswith("lỗi: không có kỳ báo cáo «h3»") and "year, q1, q2, q3, q4, h1, h2, m9, m01" in err
    assert "pipeline/specs/periods.csv" in err


def test_a_near_miss_period_is_offered_and_case_does_not_matter(report, run_dir, capsys):
    assert main(["check-report", str(report), "--out", str(run_dir), "--period", "m1"]) == 2
    assert "có phải «m01»?" in capsys.readouterr().err
    rc, table = check(report, run_dir, "--period", "H1")
    assert rc == 0 and _row(table, "107")["status"] == STATUS_MATCH


def test_a_run_from_before_periods_says_to_run_again(report, run_dir, capsys):
    (run_dir / "period_indicators.csv").unlink()
    assert main(["check-report", str(report), "--out", str(run_dir), "--period", "h1"]) == 1
    err = capsys.readouterr().err
    assert "period_indicators.csv: chưa có" in err and "python -m pipeline run" in err


def test_without_a_run_the_report_is_checked_against_itself(report, tmp_path, capsys):
    assert main(["check-report", str(report), "--out", str(tmp_path / "none"), "--period", "h1",
                 "--csv", str(tmp_path / "c.csv")]) == 0
    assert "không có period_indicators.csv" in capsys.readouterr().out


def test_check_report_says_same_period_in_the_expected_sentences():
    six = _table(SIX_MONTHS).assign(value=lambda t: t["value"].where(t["year"] == 2019, 110))
    result = check_report(REPORT, six, 2020, 2019, same_period=True, period_label="6 tháng đầu năm")
    row = result[(result["printed"].astype(str) == "107") & (result["row_type"] == "figure")].iloc[0]
    assert row["status"] == STATUS_MISMATCH and row["expected_sentence"] == "110 đơn (tăng 57 đơn so với cùng kỳ năm 2019)"


SIX_MONTHS_MORE = [
    (2020, "doan-dbqh", "petitions.forwarded", 8, "đơn", "Số đơn chuyển cơ quan có thẩm quyền"),
    (2019, "doan-dbqh", "petitions.forwarded", 3, "đơn", "Số đơn chuyển cơ quan có thẩm quyền"),
]


@pytest.mark.parametrize("sentence, printed, status", [
    # a change said roughly, as six-month reports often do: 107 against 53 is +101,9%
    ("đã nhận được 107 đơn (tăng gần 102% so với cùng kỳ).", "tăng gần 102% so với cùng kỳ", STATUS_MATCH),
    ("đã nhận được 107 đơn (tăng khoảng 80% so với cùng kỳ).", "tăng khoảng 80% so với cùng kỳ", STATUS_MISMATCH),
    ("đã nhận được 107 đơn, tăng hơn 50 đơn so với cùng kỳ năm 2019.", "tăng hơn 50 đơn so với cùng kỳ năm 2019", STATUS_MATCH),
    ("đã nhận được 107 đơn, giảm gần 50 đơn so với cùng kỳ năm 2019.", "giảm gần 50 đơn so với cùng kỳ năm 2019",
     STATUS_MISMATCH),
])
def test_a_change_said_roughly(sentence, printed, status):
    six = _table(SIX_MONTHS)
    text = f"* Đối với Văn phòng Đoàn ĐBQH Tỉnh:\n\n- Đơn thư: Trong 6 tháng đầu năm 2020, {sentence}\n"
    result = check_report(text, six, 2020, 2019, same_period=True)
    assert _row(result, printed, "delta")["status"] == status


def test_the_same_period_value_printed_beside_a_figure():
    six = _table(SIX_MONTHS + SIX_MONTHS_MORE)
    text = ("* Đối với Văn phòng Đoàn ĐBQH Tỉnh:\n\n- Đơn thư: Trong 6 tháng đầu năm 2020, đã nhận được 107 đơn, "
            "chuyển 08 đơn đến cơ quan có thẩm quyền (cùng kỳ năm 2019: 04 đơn).\n")
    result = check_report(text, six, 2020, 2019, same_period=True)
    base = _row(result, "04")
    assert (base["role"], base["indicator"], base["status"]) == ("same_period", "petitions.forwarded", STATUS_MISMATCH)
    assert base["expected_printed"] == "03" and "năm 2019" in base["note"]
