"""Shaping functions behind the notebooks (pure: frames in, frames out)."""

import pandas as pd
import pytest

from pipeline import views

IND = pd.DataFrame([
    {"year": 2019, "body": "doan-dbqh", "indicator": "petitions.received", "value": 114.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "petitions.received", "value": 195.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "laws.consulted", "value": 25.0, "unit_vi": "dự án luật", "label_vi": "Số dự án luật"},
    {"year": 2019, "body": "all", "indicator": "petitions.handled_share", "value": 0.8, "unit_vi": "%", "label_vi": "Tỷ lệ"},
    {"year": 2020, "body": "all", "indicator": "petitions.handled_share", "value": 0.855, "unit_vi": "%", "label_vi": "Tỷ lệ"},
    {"year": 2020, "body": "hdnd", "indicator": "petitions.received", "value": 3372.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
])


def test_param_reads_environment_with_the_defaults_type(monkeypatch):
    monkeypatch.delenv("VP_TEST", raising=False)
    assert views.param("VP_TEST", 2020) == 2020
    monkeypatch.setenv("VP_TEST", "2021")
    assert views.param("VP_TEST", 2020) == 2021
    monkeypatch.setenv("VP_TEST", "2019, 2020 2021")
    assert views.param("VP_TEST", [2019]) == [2019, 2020, 2021]
    monkeypatch.setenv("VP_TEST", "hdnd")
    assert views.param("VP_TEST", "all") == "hdnd"
    monkeypatch.setenv("VP_TEST", "  ")
    assert views.param("VP_TEST", "all") == "all"


def test_overview_is_in_report_order_with_sentences():
    out = views.overview_frame(IND, 2020, "doan-dbqh")
    # catalogue order: laws before petitions
    assert out["indicator"].tolist() == ["laws.consulted", "petitions.received"]
    row = out.set_index("indicator").loc["petitions.received"]
    assert row.sentence_vi == "195 đơn (tăng 81 đơn so với năm 2019)"
    assert out.set_index("indicator").loc["laws.consulted", "sentence_vi"] == "25 dự án luật"


def test_overview_every_body_and_share_sentence():
    out = views.overview_frame(IND, 2020, "")
    assert out["body"].tolist() == ["doan-dbqh", "doan-dbqh", "hdnd", "all"]
    share = out[out["indicator"] == "petitions.handled_share"].iloc[0]
    assert share.sentence_vi == "chiếm 86% (tăng 06 điểm phần trăm so với năm 2019)"


def test_wide_frame_years_difference_and_missing_year():
    wide = views.wide_frame(IND, [2019, 2020], "doan-dbqh").set_index("indicator")
    assert wide.loc["petitions.received", "chênh lệch"] == 81
    assert wide.loc["petitions.received", "sentence_vi"].startswith("195 đơn (tăng 81")
    with pytest.raises(ValueError, match="2018"):
        views.wide_frame(IND, [2018, 2020], "all")


def test_register_breakdown_labels_codes_and_sorts():
    table = pd.DataFrame({
        "year": [2020] * 5, "body": ["hdnd"] * 5,
        "category": ["complaint", "complaint", "denunciation", "complaint", None],
        "action": ["archive", "forward", "archive", "archive", "answer"],
        "received_date": pd.to_datetime(["2020-01-02", "2020-01-20", "2020-03-01", "2020-12-31", "2020-03-04"]),
    })
    out = views.breakdown(table, "petitions", "category")
    assert out["value"].tolist() == ["Khiếu nại", "(trống)", "Tố cáo"]
    assert out["count"].tolist() == [3, 1, 1]
    assert out["share"].sum() == pytest.approx(1)
    monthly = views.monthly_counts(table, "petitions")
    assert monthly.loc[1, 2020] == 2 and monthly.loc[12, 2020] == 1 and monthly.loc[2, 2020] == 0
    cross = views.crosstab(table, "petitions", "category", "action")
    assert cross.loc["Khiếu nại", "Lưu theo dõi"] == 2
    assert cross.loc["Tổng", "Tổng"] == 5
    assert len(views.filter_register(table, [2020], "hdnd", "category == 'complaint'")) == 3


def test_lineage_rows_show_no_personal_data():
    lineage = pd.DataFrame({"year": [2020, 2020, 2020], "body": ["all", "all", "hdnd"],
                            "indicator": ["petitions.received"] * 3, "file": ["a.xlsx"] * 3,
                            "sheet": ["Đơn thư"] * 3, "row": [9, 8, 9]})
    table = pd.DataFrame({"_file": ["a.xlsx", "a.xlsx"], "_sheet": ["Đơn thư"] * 2, "_row": [8, 9],
                          "received_date": pd.to_datetime(["2020-01-02", "2020-02-03"]),
                          "category": ["complaint", "denunciation"], "action": ["archive", "forward"],
                          "summary": ["Ông Nguyễn Văn A khiếu nại", "x"], "person_hash": ["h1", "h2"],
                          "body": ["hdnd"] * 2})
    out = views.lineage_frame(lineage, "petitions.received", 2020, "all", table, "petitions")
    assert out["row"].tolist() == [8, 9]
    assert out["received_date"].tolist() == ["02/01/2020", "03/02/2020"]
    assert out["category"].tolist() == ["Khiếu nại", "Tố cáo"]
    assert not {"summary", "person_hash", "sender", "address", "id_number"} & set(out.columns)


def test_skipped_sheets_are_found_in_notices():
    notices = pd.DataFrame({"level": ["info", "warning", "info"], "file": ["a", "b", "c"], "sheet": ["x", "y", "z"],
                            "row": [None] * 3, "message": ["Sheet không phải sổ theo dõi nào: bỏ qua.",
                                                          "Sheet giống «X» nhưng thiếu cột bắt buộc: a. Bỏ qua sheet.",
                                                          "Văn bản gõ bằng bảng mã TCVN3"]})
    assert views.skipped_sheets(notices)["file"].tolist() == ["a", "b"]
