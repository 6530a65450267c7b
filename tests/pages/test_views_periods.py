"""The pages for a part of the year (parameter PERIOD): figures of the period, "cùng kỳ" comparisons,
registers without dates said once, lineage by date, report check of a six-month report."""

import pandas as pd
import pytest

from pipeline.pages import views
from pipeline.pages.workbook import write_workbook
from pipeline.specs.periods import period_by_id


def _row(year, body, indicator, value, unit="đơn", period=None):
    row = {"year": year, "body": body, "indicator": indicator, "value": value, "unit_vi": unit,
           "label_vi": views.indicator_label(indicator)}
    return row if period is None else {"period": period, **row}


ANNUAL = pd.DataFrame([
    _row(2018, "doan-dbqh", "petitions.received", 150),
    *[_row(y, b, "petitions.received", v) for y, vals in ((2020, (195, 168, 357)), (2021, (189, 195, 378)))
      for b, v in zip(views.BODY_ORDER, vals)],
    _row(2020, "doan-dbqh", "laws.consulted", 25, "dự án luật"), _row(2021, "doan-dbqh", "laws.consulted", 21, "dự án luật"),
])

# six months of 2020 and 2021 only: 2018 kept no dated register
PERIODS = pd.DataFrame([
    *[_row(y, b, "petitions.received", v, period="h1") for y, vals in ((2020, (85, 70, 150)), (2021, (90, 81, 168)))
      for b, v in zip(views.BODY_ORDER, vals)],
    *[_row(y, "doan-dbqh", "petitions.received", v, period="q1") for y, v in ((2020, 40), (2021, 44))],
])


@pytest.fixture()
def outputs(tmp_path):
    ANNUAL.to_csv(tmp_path / "indicators.csv", index=False, encoding="utf-8-sig")
    PERIODS.to_csv(tmp_path / "period_indicators.csv", index=False, encoding="utf-8-sig")
    return tmp_path


def test_a_period_takes_its_own_years_and_says_cung_ky(outputs):
    sel = views.select(path=outputs, period="h1")
    assert (sel.year, sel.base_year, sel.years, sel.period_id) == (2021, 2020, (2020, 2021), "h1")
    assert sel.describe().startswith("6 tháng đầu năm 2021, so với cùng kỳ năm 2020")
    assert views.select(path=outputs).years == (2018, 2020, 2021)  # the year keeps its own
    assert views.select(path=outputs, period="H1").period_id == "h1"


@pytest.mark.parametrize("kwargs, words", [
    ({"period": "h 1"}, ["«h 1»", "PERIOD", "h1"]),
    ({"period": "h1", "year": 2018}, ["6 tháng đầu năm 2018", "YEAR", "2020, 2021"]),
])
def test_a_period_or_year_the_data_lacks_is_one_line(outputs, kwargs, words):
    sel = views.select(path=outputs, **kwargs)
    assert not sel.ok and "\n" not in sel.problem
    assert all(w in sel.problem for w in words), sel.problem
    assert views.year_table(sel) is None and views.years_tables(sel) is None and views.chart_frame(sel).empty


def test_outputs_of_a_run_before_periods_say_to_run_again(outputs):
    (outputs / "period_indicators.csv").unlink()
    sel = views.select(path=outputs, period="q1")
    assert not sel.ok and "chạy lại" in sel.problem
    assert views.select(path=outputs).ok  # the year still reads


def test_page01_of_six_months_compares_with_the_same_period(outputs):
    sel = views.select(path=outputs, period="h1")
    block = views.year_table(sel)
    table = block.frames["table"]
    assert table.columns[2] == ("Đoàn ĐBQH", "2021")
    row = table.iloc[0]
    assert (row[("Đoàn ĐBQH", "2021")], row[("Đoàn ĐBQH", "2020")], row[("Đoàn ĐBQH", "2021 so với 2020")]) == \
        ("90", "85", "+5")
    html_ = block._repr_html_()
    assert "Số liệu 6 tháng đầu năm 2021 so với cùng kỳ năm 2020" in html_
    # laws are kept without a date: said once, never a row of 0
    assert "Chỉ có số cả năm" in html_ and views.indicator_label("laws.consulted") in html_
    assert views.indicator_label("laws.consulted") not in table[("", "Chỉ tiêu")].tolist()
    text = views.report_paragraphs(sel).frames["paragraphs"].set_index("body").at["doan-dbqh", "text"]
    assert "90 đơn (tăng 05 đơn so với cùng kỳ năm 2020)" in text
    assert "Chỉ có số cả năm" not in views.year_table(views.select(path=outputs))._repr_html_()


def test_page02_compares_a_period_with_the_same_period_of_other_years(outputs):
    block = views.years_tables(views.select(path=outputs, period="q1", body="doan-dbqh"))
    shown = block.frames["doan-dbqh"].set_index("Chỉ tiêu")
    assert shown.columns.tolist() == ["Đơn vị", "2020", "2021", "2021 so với 2020"]
    assert shown.iloc[0]["2021 so với 2020"] == "+4 (+10,0%)"
    assert "các năm 2020, 2021 (quý I)" in block._repr_html_()
    frame = views.chart_frame(views.select(path=outputs, period="q1"), ["petitions.received"])
    assert frame["value"].tolist() == [40, 44]


def test_lineage_of_a_period_is_the_rows_dated_in_it_even_from_the_year_before():
    lineage = pd.DataFrame({
        "year": [2020, 2020, 2021, 2021, 2021], "body": "hdnd", "indicator": "petitions.received",
        "file": ["a.xlsx", "a.xlsx", "b.xlsx", "b.xlsx", "b.xlsx"], "sheet": "Đơn", "row": [5, 6, 5, 6, 7],
        "date": ["2020-12-20", "2020-11-02", "2021-03-01", "2021-06-14", "2021-06-20"],
    })
    periods = views._specs().periods
    calendar = views.lineage_frame(lineage, "petitions.received", 2021, "hdnd", period=period_by_id("h1", periods))
    assert calendar[["file", "row"]].values.tolist() == [["b.xlsx", 5], ["b.xlsx", 6], ["b.xlsx", 7]]  # 1/1–30/6
    cutoff = views.lineage_frame(lineage, "petitions.received", 2021, "hdnd", period=period_by_id("nd09.h1", periods))
    assert cutoff[["file", "row"]].values.tolist() == [["a.xlsx", 5], ["b.xlsx", 5], ["b.xlsx", 6]]  # 15/12–14/6
    assert len(views.lineage_frame(lineage, "petitions.received", 2021, "hdnd")) == 3  # the year: its own rows


def test_page05_checks_a_six_month_report_against_the_six_months(outputs):
    report = outputs / "bao-cao-6-thang.txt"
    report.write_text("Báo cáo 6 tháng đầu năm 2021. Văn phòng tiếp nhận 168 đơn, "
                      "tăng 18 đơn so với cùng kỳ năm 2020.\n", encoding="utf-8")
    result = views.report_check(report, path=outputs, period="h1")
    assert result.attrs["when"] == "6 tháng đầu năm 2021"
    assert result["printed"].tolist() == ["168", "tăng 18 đơn so với cùng kỳ năm 2020"]
    assert set(result["status"]) == {"khớp"}, result[["status", "printed", "note"]]
    # the same report read as an annual one is wrong against the year's 378
    assert "lệch" in set(views.report_check(report, path=outputs)["status"])
    assert "Kết quả kiểm tra báo cáo 6 tháng đầu năm 2021" in views.report_check_summary(result)._repr_html_()


def test_workbook_of_a_period_names_it(tmp_path):
    from openpyxl import load_workbook

    h1 = PERIODS[PERIODS["period"] == "h1"].drop(columns="period")
    path = write_workbook(h1, tmp_path / "h1.xlsx", [2020, 2021], period=period_by_id("h1", views._specs().periods))
    book = load_workbook(path)
    first = book.worksheets[0]
    assert first["A1"].value.startswith("Số liệu 6 tháng đầu năm 2021 so với cùng kỳ năm 2020")
    cells = [c.value for row in book["Cả hai"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("so với cùng kỳ năm 2020" in c for c in cells)
    info = {r[0].value: r[1].value for r in book["Thông tin"].iter_rows() if r[0].value}
    assert info["Kỳ báo cáo"] == "6 tháng đầu năm (h1)"


def test_page03_explores_the_rows_dated_in_the_period(outputs):
    tables = outputs / "tables"
    tables.mkdir()
    dates = ["2020-02-03", "2020-06-30", "2020-07-01", "2020-12-20", "2021-01-05"]
    pd.DataFrame({
        "year": [2020, 2020, 2020, 2020, 2021], "body": ["hdnd", "hdnd", "doan-dbqh", "hdnd", "hdnd"],
        "received_date": pd.to_datetime(dates), "_file": "a.xlsx", "_sheet": "Đơn", "_row": range(5, 10),
    }).to_parquet(tables / "petitions.parquet")
    pd.DataFrame({"year": [2020], "body": ["doan-dbqh"], "_file": "l.xlsx", "_sheet": "Luật", "_row": [5]}) \
        .to_parquet(tables / "law_consultations.parquet")

    def rows(register, period):
        counts = views.RegisterExplorer(register, path=outputs, period=period).render("summary").frames["counts"]
        return counts[counts["Đếm"] == "Số dòng trong sổ"].set_index("Năm")["Cả hai"].to_dict()

    assert rows("petitions", "year") == {2020: 4, 2021: 1}
    assert rows("petitions", "h1") == {2020: 2, 2021: 1}  # 1/1–30/6 of each year
    assert rows("petitions", "nd09.h1") == {2020: 1, 2021: 2}  # 20/12/2020 is reported in 2021's six months
    block = views.RegisterExplorer("law_consultations", path=outputs, period="q1").render("summary")
    assert block.frames["counts"].empty and "không ghi ngày" in " ".join(block.notes)
    explorer = views.RegisterExplorer("petitions", path=outputs, period="h 1")
    assert "PERIOD" in explorer.problem and explorer.render("summary") is None
