"""Shaping functions behind the notebooks (pure: frames in, frames out)."""

import pandas as pd
import pytest

from pipeline.pages import views

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
    assert wide.loc["petitions.received", "chênh lệch 2020 so với 2019"] == 81
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


# --- pages for the office head ---------------------------------------------------------------

def _row(year, body, indicator, value, unit="đơn", label=None):
    return {"year": year, "body": body, "indicator": indicator, "value": value, "unit_vi": unit,
            "label_vi": label or views.indicator_label(indicator)}


# Petitions sent to both bodies count once for Cả hai (docs/decisions.md): 189 + 195 = 384, Cả hai 378.
OFFICE = pd.DataFrame([
    _row(2020, "doan-dbqh", "petitions.received", 195), _row(2020, "hdnd", "petitions.received", 168),
    _row(2020, "all", "petitions.received", 357),
    _row(2021, "doan-dbqh", "petitions.received", 189), _row(2021, "hdnd", "petitions.received", 195),
    _row(2021, "all", "petitions.received", 378),
    _row(2020, "all", "petitions.handled_share", 49 / 357, "%"), _row(2021, "all", "petitions.handled_share", 49 / 378, "%"),
    _row(2020, "doan-dbqh", "laws.consulted", 25, "dự án luật"), _row(2021, "doan-dbqh", "laws.consulted", 21, "dự án luật"),
    _row(2021, "hdnd", "laws.consulted", 0, "dự án luật"), _row(2020, "all", "laws.consulted", 25, "dự án luật"),
    _row(2021, "all", "laws.consulted", 21, "dự án luật"),
    _row(2020, "hdnd", "staff.retired", 0, "công chức"), _row(2021, "hdnd", "staff.retired", 0, "công chức"),
    _row(2020, "all", "staff.retired", 0, "công chức"), _row(2021, "all", "staff.retired", 0, "công chức"),
    _row(2020, "doan-dbqh", "documents.incoming", 640, "văn bản đến"), _row(2021, "all", "documents.incoming", 4393, "văn bản đến"),
    _row(2020, "hdnd", "documents.incoming", 3795, "văn bản đến"),
    _row(2020, "all", "documents.incoming", 4435, "văn bản đến"),
    _row(2018, "doan-dbqh", "laws.consulted", 20, "dự án luật"),
])


@pytest.fixture()
def outputs(tmp_path):
    """A published folder with only what the year pages read."""
    OFFICE.to_csv(tmp_path / "indicators.csv", index=False, encoding="utf-8-sig")
    return tmp_path


def test_defaults_follow_the_data(outputs):
    sel = views.select(path=outputs)
    assert (sel.year, sel.base_year, sel.years, sel.body) == (2021, 2020, (2018, 2020, 2021), None)
    assert views.select(2020, path=outputs).base_year == 2018  # the year before that has data, not 2019
    assert views.select(years=[2018, 2020], path=outputs).year == 2020
    assert views.select(2018, path=outputs).base_year is None
    assert "Năm 2021, so với năm 2020" in views.select(path=outputs)._repr_html_()


@pytest.mark.parametrize("kwargs, words", [
    ({"year": 2030}, ["2030", "YEAR"]), ({"base_year": 2019}, ["2019", "BASE_YEAR"]),
    ({"years": [2017, 2021]}, ["2017", "YEARS"]), ({"body": "ubnd"}, ["ubnd", "BODY"]),
])
def test_a_missing_year_is_one_line_listing_the_years_and_pages_show_nothing(outputs, kwargs, words):
    sel = views.select(path=outputs, **kwargs)
    assert not sel.ok and "\n" not in sel.problem
    assert all(w in sel.problem for w in words)
    if "body" not in kwargs:
        assert "2018, 2020, 2021" in sel.problem
    assert views.year_table(sel) is None and views.report_paragraphs(sel) is None and views.years_tables(sel) is None
    assert views.chart_frame(sel).empty
    assert sel.problem in sel._repr_html_()


def test_page01_is_one_table_of_the_three_bodies_with_the_labelled_difference(outputs):
    sel = views.select(path=outputs)
    block = views.year_table(sel)
    table = block.frames["table"]
    assert table.columns.tolist()[:5] == [("", "Chỉ tiêu"), ("", "Đơn vị"), ("Đoàn ĐBQH", "2021"), ("Đoàn ĐBQH", "2020"),
                                          ("Đoàn ĐBQH", "2021 so với 2020")]
    assert [c[0] for c in table.columns[2:]] == ["Đoàn ĐBQH"] * 3 + ["HĐND"] * 3 + ["Cả hai"] * 3
    labels = table[("", "Chỉ tiêu")].tolist()
    # report order; the staff row (0 everywhere) says nothing and is left out
    assert labels == [views.indicator_label(i) for i in
                      ["laws.consulted", "petitions.received", "petitions.handled_share", "documents.incoming"]]
    laws = table.iloc[0]
    assert (laws[("Đoàn ĐBQH", "2021")], laws[("Đoàn ĐBQH", "2021 so với 2020")]) == ("21", "−4")
    assert (laws[("HĐND", "2021")], laws[("HĐND", "2020")]) == ("0", views.MISSING)  # zero is not absent
    petitions = table.iloc[1]
    assert petitions[("Cả hai", "2021")].startswith("378") and petitions[("Cả hai", "2021")] != "378"
    share = table.iloc[2]
    assert (share[("Cả hai", "2021")][:5], share[("Cả hai", "2020")][:5]) == ("13,0%", "13,7%")
    assert share[("Cả hai", "2021 so với 2020")] == "−0,7 điểm %"
    notes = " ".join(block.notes)
    assert len(block.notes) == 3
    assert "chỉ tính một lần" in notes and "không phải tổng hai tỷ lệ" in notes and "Sổ chung" in notes
    text = block.text()
    assert "True" not in text and "False" not in text and "petitions." not in text
    assert not any(c == "09" or c.startswith("0") and c[1:2].isdigit() for c in table.to_numpy().ravel() if isinstance(c, str))
    html_ = block._repr_html_()
    assert "text-align: left" in html_ and "text-align: right" in html_


def test_page01_paragraph_per_body_in_the_report_style(outputs):
    frame = views.report_paragraphs(views.select(path=outputs)).frames["paragraphs"]
    assert frame["body"].tolist() == ["doan-dbqh", "hdnd", "all"]
    doan = frame.set_index("body").at["doan-dbqh", "text"]
    assert "Số dự án luật đã lấy ý kiến: 21 dự án luật (giảm 04 dự án luật so với năm 2020)" in doan
    assert "\nSố đơn đã nhận: 189 đơn (giảm 06 đơn so với năm 2020)." in doan  # one sentence per register
    assert "công chức" not in frame.set_index("body").at["hdnd", "text"]  # nothing to say about 0 and 0


def test_page02_tables_per_body_with_every_pair_labelled(outputs):
    sel = views.select(base_year=2018, path=outputs)
    block = views.years_tables(sel)
    assert list(block.frames) == ["doan-dbqh", "hdnd", "all"]
    doan = block.frames["doan-dbqh"].set_index("Chỉ tiêu")
    assert doan.columns.tolist() == ["Đơn vị", "2018", "2020", "2021", "2020 so với 2018", "2021 so với 2020",
                                     "2021 so với 2018"]
    laws = doan.loc[views.indicator_label("laws.consulted")]
    assert (laws["2020 so với 2018"], laws["2021 so với 2020"], laws["2021 so với 2018"]) == \
        ("+5 (+25,0%)", "−4 (−16,0%)", "+1 (+5,0%)")


def test_other_years_2018_to_2023_work_without_a_fixed_year(tmp_path):
    rows = [_row(y, b, "petitions.received", v) for y in range(2018, 2024)
            for b, v in (("doan-dbqh", 100 + y % 7), ("hdnd", 90 + y % 5), ("all", 185 + y % 3))]
    pd.DataFrame(rows).to_csv(tmp_path / "indicators.csv", index=False, encoding="utf-8-sig")
    sel = views.select(path=tmp_path)
    assert (sel.year, sel.base_year) == (2023, 2022)
    assert views.year_table(sel).frames["table"].columns[2] == ("Đoàn ĐBQH", "2023")
    pairs = [c for c in views.years_tables(sel).frames["all"].columns if " so với " in c]
    assert pairs == [f"{y + 1} so với {y}" for y in range(2018, 2023)]


def test_notices_warnings_first_then_notes_folded_by_kind():
    notices = pd.DataFrame({
        "level": ["info", "info", "warning", "info", "info"],
        "file": ["a.xlsx", "b.xlsx", "c.xlsx", "a.xlsx", None], "sheet": ["S1", "S2", "TXCT", "S3", None],
        "row": [None] * 5,
        "message": ["Cột ngoài quy ước, không đưa vào bảng đã xử lý: TT", "Cột ngoài quy ước, không đưa vào bảng đã xử lý: STT",
                    "Dòng tổng ở dòng 179, cột «Số lượt ý kiến»: ghi 413, cộng các dòng được 411",
                    "Sheet không phải sổ theo dõi nào: bỏ qua.",
                    "2020 hdnd: «Sổ đăng ký văn bản đến» ghép từ 2 nơi: a › x; a › y"]})
    frame = views.notices_frame(notices)
    assert frame["level"].tolist()[0] == "cảnh báo"
    folded = frame.set_index("kind")
    assert folded.at["Cột ngoài quy ước, không đưa vào bảng đã xử lý", "count"] == 2
    assert folded.at["Cột ngoài quy ước, không đưa vào bảng đã xử lý", "details"] == ["a.xlsx › S1: TT", "b.xlsx › S2: STT"]
    assert "«Sổ đăng ký văn bản đến» ghép từ 2 nơi" in folded.index
    assert len(frame) == 4


def test_count_tables_keep_their_labels_and_booleans_read_co_khong():
    accounting = pd.DataFrame({"register": ["petitions", "petitions", "awards"], "year": [2020, 2021, 2020],
                               "rows_read": [10, 12, 5], "accepted": [9, 12, 5], "rejected": [1, 0, 0],
                               "total_rows": [0, 0, 0], "blank_rows": [0, 0, 0], "ignored_rows": [0, 0, 0]})
    styled = views.style_counts(views.accounting_by_register(accounting).drop(columns="register"))
    shown = styled.data
    assert "register_vi" in shown.columns and "Sổ tiếp nhận, xử lý đơn" in shown["register_vi"].tolist()
    assert "Sổ tiếp nhận, xử lý đơn" in styled.to_html()
    cells = views._display_cells(pd.DataFrame({"Có dòng bị loại bên trong": [True, False], "Dòng Excel": [9, 51]}))
    assert cells["Có dòng bị loại bên trong"].tolist() == ["Có", "Không"] and cells["Dòng Excel"].tolist() == ["9", "51"]


def test_report_check_table_shows_labels_not_codes_and_folds_repeated_notes():
    repeat = "Không có chỉ tiêu nào trong danh mục khớp với số này và các từ quanh nó"
    result = pd.DataFrame({
        "status": ["không liên kết được"] * 3 + ["mâu thuẫn nội bộ"], "body": ["doan-dbqh", "", None, "doan-dbqh"],
        "printed": ["02", "01", "761.000", "25"], "indicator": [None, None, None, "laws.consulted"],
        "expected_printed": [None] * 3 + ["25"], "expected_sentence": [None] * 4,
        "note": [repeat, repeat, repeat, "laws.consulted ≤ laws.by_conference + laws.in_writing: 25 ≤ 11 + 14 = 25"],
        "quote": ["q"] * 4, "offset": [1, 2, 3, 0]})
    shown, notes = views.report_check_frame(result)
    assert shown["Chỉ tiêu"].iloc[0] == "Số dự án luật đã lấy ý kiến"
    assert "laws." not in " ".join(shown["Ghi chú"]) and "«Số luật lấy ý kiến tại hội nghị»" in shown["Ghi chú"].iloc[0]
    assert shown["Ghi chú"].tolist()[1:] == ["(ghi chú 1)"] * 3
    assert notes == [f"(ghi chú 1) {repeat} (3 số liệu)"]
    assert "Câu đúng" not in shown.columns  # a column empty on every row is left out


def test_no_spec_file_is_opened_at_import():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' and 'specs' in str(a[0])"
        " and not str(a[0]).endswith(('.py', '.pyc')) else None)\n"
        "import pipeline.pages.views, pipeline.pages.charts, pipeline.pages.workbook, pipeline.pages.export\n"
        "print(opened)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_register_page_counts_agree_with_page01_and_dropdowns_redraw(tmp_path, monkeypatch):
    """Page 03: rows per year and body beside page 01's figure (and why they differ); in JupyterLab
    the dropdowns redraw the sections shown, the static outputs stay what the export keeps."""
    OFFICE.to_csv(tmp_path / "indicators.csv", index=False, encoding="utf-8-sig")
    (tmp_path / "tables").mkdir()
    table = pd.DataFrame({
        "year": [2020, 2020, 2020, 2021, 2021, 2021, 2021],
        "body": ["doan-dbqh", "hdnd", "hdnd", "doan-dbqh", "doan-dbqh", "hdnd", "hdnd"],
        "received_date": pd.to_datetime(["2020-01-05", "2020-02-01", "2020-02-03", "2021-03-01", "2021-03-02",
                                         "2021-05-01", "2021-12-30"]),
        "category": ["complaint", "denunciation", "complaint", "complaint", "recommendation", "complaint", None],
        "action": ["archive", "forward", "archive", "answer", "archive", "guide", "archive"],
        "field": ["Đất đai"] * 7,
    })
    table.to_parquet(tmp_path / "tables" / "petitions.parquet")
    counts = views.register_counts_frame(table, "petitions", OFFICE)
    rows_2021 = counts[(counts["Năm"] == 2021) & (counts["Đếm"] == "Số dòng trong sổ")].iloc[0]
    assert (rows_2021["Đoàn ĐBQH"], rows_2021["HĐND"], rows_2021["Cả hai"]) == (2, 2, 4)
    page01 = counts[(counts["Năm"] == 2021) & (counts["Đếm"] != "Số dòng trong sổ")].iloc[0]
    assert page01["Đếm"] == "Số đơn đã nhận (trang 01)" and page01["Cả hai"] == 378
    summary = views.register_summary("petitions", path=tmp_path)
    assert "chỉ tính một lần" in " ".join(summary.notes)

    by_year = views.breakdown_display(views.breakdown_by_year(table, "petitions", "category"))
    assert by_year.columns.tolist() == ["Giá trị", "2020", "2021"]
    assert by_year.iloc[0].tolist() == ["Khiếu nại", "2 (66,7%)", "2 (50,0%)"]

    shown = {}

    class Handle:
        def __init__(self, obj):
            self.obj = obj

        def update(self, obj):
            self.obj = obj

    def display(obj, display_id=None):
        handle = Handle(obj)
        shown[len(shown)] = handle
        return handle

    import IPython.display

    monkeypatch.setattr(IPython.display, "display", display)
    explorer = views.RegisterExplorer("petitions", path=tmp_path)
    assert explorer.years == (2018, 2020, 2021)
    explorer.show("summary")
    explorer.show("crosstab")
    assert "năm 2021" in shown[1].obj.caption
    controls = explorer.controls()
    register, year, body = controls.children
    assert [o[1] for o in register.options] == ["petitions"]  # only registers with a table
    year.value = 2020
    assert explorer.years == (2020,) and "năm 2020" in shown[1].obj.caption
    body.value = "hdnd"
    counts = shown[0].obj.frames["counts"]
    assert counts["Đoàn ĐBQH"].iloc[0] == 0 and counts["HĐND"].iloc[0] == 2
    assert views.RegisterExplorer("khong-co", path=tmp_path).render("summary") is None


def test_user_mistakes_in_parameters_are_one_line(outputs, monkeypatch):
    monkeypatch.setenv("VP_YEAR", "năm ngoái")
    year = views.param("VP_YEAR", 0)
    assert year == "năm ngoái"
    sel = views.select(year, path=outputs)
    assert not sel.ok and "năm ngoái" in sel.problem and "2018, 2020, 2021" in sel.problem
    assert views.select(body="HĐND", path=outputs).body == "hdnd"
    assert views.select(body="cả hai", path=outputs).body == "all"
    assert views.select(years=["2020", "2021"], path=outputs).years == (2020, 2021)
    result = views.report_check(outputs / "khong-co.docx", path=outputs)
    assert "Không tìm thấy báo cáo" in result.attrs["problem"] and "REPORT" in result.attrs["problem"]
    assert views.report_check_table(result) is None
    assert result.attrs["problem"] in views.report_check_summary(result)._repr_html_()
