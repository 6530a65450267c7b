"""Cleaning a located sheet: the real messes of the offices' exports, on small hand-written grids."""

import datetime as dt

import pandas as pd

from pipeline.clean.locate import locate
from pipeline.clean.sheet import body_from_text, clean_sheet, is_total_label
from pipeline.read.cells import ExcelError
from pipeline.specs.registers import load_schema

SCHEMA = load_schema()


def clean(rows, merged=(), *, year=2020, office="doan-dbqh", first_row=1):
    found = locate(rows, list(merged), SCHEMA)
    numbers = [first_row + i for i in range(len(rows))]
    bodies = {"doan-dbqh": ("doan-dbqh",), "hdnd": ("hdnd",), "doan-dbqh-hdnd": ("doan-dbqh", "hdnd")}[office]
    return clean_sheet(
        rows, list(merged), numbers, found, SCHEMA,
        file="f.xlsx", sheet="S", folder_year=year, office=office, office_bodies=bodies,
    )


VOTER_HEADER = ["STT", "Ngày tiếp xúc", "Huyện, thị xã, thành phố", "Số cử tri tham dự", "Số ý kiến", "Hình thức"]


def test_merged_date_and_district_fill_down_but_counts_stay_on_first_row():
    rows = [
        ["SỔ TIẾP XÚC CỬ TRI", None, None, None, None, None],
        VOTER_HEADER,
        [1, "03/07/2020", "TP. Cao Lãnh", 100, 10, None],
        [2, None, None, 50, "02", "Định kỳ"],
        [3, None, "H. Lấp Vò", 40, 1, None],
        [4, "04/07/2020", None, None, 1, None],  # blank, not merged: a required count is missing
    ]
    merged = [(2, 1, 4, 1), (2, 2, 3, 2)]
    result = clean(rows, merged)
    recs = result.records
    assert list(recs["_row"]) == [3, 4, 5]
    assert recs["date"].tolist() == [dt.date(2020, 7, 3)] * 3
    assert recs["district"].tolist() == ["Thành phố Cao Lãnh", "Thành phố Cao Lãnh", "Huyện Lấp Vò"]
    assert recs["voters"].tolist() == [100, 50, 40]
    assert recs["opinions"].tolist() == [10, 2, 1]
    assert recs["kind"].tolist() == ["regular"] * 3  # blank kind defaults to Định kỳ
    assert {(r["row"], r["column"]) for r in result.rejects} == {(6, "Huyện, thị xã, thành phố"), (6, "Số cử tri tham dự")}


def test_merged_count_belongs_to_first_row_only():
    rows = [VOTER_HEADER, [1, "01/02/2020", "Huyện Tân Hồng", 120, 4, None], [2, "02/02/2020", "Huyện Tân Hồng", None, 3, None]]
    result = clean(rows, [(1, 3, 2, 3)])
    assert result.records["voters"].fillna(0).tolist() == [120, 0]


def test_total_rows_are_not_records_and_mismatch_is_reported():
    rows = [
        VOTER_HEADER,
        [1, "01/02/2020", "Huyện Tân Hồng", "1.200", 4, None],
        [2, "02/02/2020", "Huyện Tân Hồng", 300, 3, None],
        ["Cộng", None, None, 1500, 7, None],
        [3, "03/02/2020", "Huyện Thanh Bình", 100, 2, None],
        ["Cộng:", None, None, 100, 2, None],
        [4, "04/02/2020", "Cộng đồng dân cư ấp 3", 10, 1, None],  # a record, not a total
        ["TỔNG CỘNG", None, None, 1612, 10, None],
    ]
    result = clean(rows)
    assert len(result.records) == 4
    assert result.accounting["total_rows"] == 3
    assert len(result.totals) == 1
    mismatch = result.totals[0]
    assert (mismatch["row"], mismatch["column"], mismatch["stated"], mismatch["computed"]) == (8, "Số cử tri tham dự", 1612, 1610)
    assert any("dòng 8" in n["message"] for n in result.notices)


def test_total_label_is_whole_cell():
    assert is_total_label("Tổng cộng:") and is_total_label(" TỔNG SỐ ") and is_total_label("Cộng")
    assert not is_total_label("Cộng đồng dân cư") and not is_total_label("Tổng hợp")


def test_signature_block_ends_records():
    rows = [
        VOTER_HEADER,
        [1, "01/02/2020", "Huyện Tân Hồng", 10, 1, None],
        [None, "Đồng Tháp, ngày 31 tháng 12 năm 2020", None, None, None, None],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, "CHÁNH VĂN PHÒNG"],
        [None, "Nguyễn Văn Bảy", None, None, None, None],
        [None, None, None, 99, 9, None],
    ]
    result = clean(rows)
    assert len(result.records) == 1
    assert result.rejects == []
    assert result.accounting["ignored_rows"] == 4


def test_rejects_carry_excel_row_and_header_text_and_rest_of_sheet_loads():
    rows = [
        ["Tiêu đề"],
        [None],
        VOTER_HEADER,
        [1, "31/02/2020", "Huyện Tân Hồng", 10, 1, None],
        [2, "01/03/2020", "Huyện Tân Hồng", "60.000.00", 1, None],
        [3, "01/03/2020", "Huyện Tân Hồng", 10, 1, "Hội thảo"],
        [4, "01/03/2019", "Huyện Tân Hồng", 10, 1, None],
        [None, None, None, None, None, None],
        [5, "02/03/2020", "Huyện Tân Hồng", 10, 1, None],
    ]
    result = clean(rows, first_row=5)
    rejects = pd.DataFrame(result.rejects)
    assert rejects[["row", "column", "value"]].values.tolist() == [
        [8, "Ngày tiếp xúc", "31/02/2020"],
        [9, "Số cử tri tham dự", "60.000.00"],
        [11, "Ngày tiếp xúc", "01/03/2019"],
    ]
    assert "2020" in rejects["reason"].iloc[2]
    # an unknown value in an optional category is kept as written, with a notice
    assert result.records["kind"].tolist() == ["Hội thảo", "regular"]
    assert any("Hội thảo" in n["message"] for n in result.notices)
    acc = result.accounting
    assert acc["rows_read"] == acc["accepted"] + acc["rejected"] + acc["total_rows"] + acc["blank_rows"] + acc["ignored_rows"]
    assert (acc["accepted"], acc["rejected"]) == (2, 3)


def test_mark_group_two_marks_or_none_is_rejected():
    rows = [
        ["Ngày nhận đơn", "Loại đơn", "Hướng xử lý", None, None, None],
        [None, None, "Chuyển đơn", "Hướng dẫn", "Trả lời", "Lưu"],
        ["02/01/2020", "KN", "x", None, None, None],
        ["03/01/2020", "TC", None, "✓", None, "X"],
        ["04/01/2020", "KNPA", None, None, None, None],
        ["05/01/2020", "kiến nghị", None, None, 1, None],
    ]
    result = clean(rows, [(0, 2, 0, 5)])
    assert result.records["action"].tolist() == ["forward", "answer"]
    assert result.records["category"].tolist() == ["complaint", "recommendation"]
    assert [r["row"] for r in result.rejects] == [4, 5]


def test_combined_category_people_cell_and_blank_people_is_one():
    rows = [
        ["Ngày tiếp", "Hình thức tiếp", "Phân loại đơn/Số người", "Mã vụ việc"],
        ["01/02/2020", "TX", "Khiếu nại / 1", None],
        ["02/02/2020", "ĐK", "Tập thể: 5", "VV-1"],
        ["03/02/2020", "Định kỳ", "Không đơn", "VV-1"],
    ]
    recs = clean(rows).records
    assert recs["category"].tolist() == ["complaint", "collective", "no_petition"]
    assert recs["people"].tolist() == [1, 5, 1]
    assert recs["kind"].tolist() == ["office", "periodic", "periodic"]
    assert recs["case_key"].nunique() == 2


def test_merged_office_body_column_wins_then_sheet_name_else_reject():
    rows = [
        ["Ngày nhận đơn", "Loại đơn", "Hướng xử lý", "Bộ phận"],
        ["02/01/2020", "KN", "Lưu", "Thường trực HĐND"],
        ["03/01/2020", "KN", "Lưu", "Đoàn ĐBQH"],
        ["04/01/2020", "KN", "Lưu", None],
        ["05/01/2020", "KN", "Lưu", "Phòng Tổng hợp"],
    ]
    result = clean(rows, office="doan-dbqh-hdnd", year=2020)
    assert result.records["body"].tolist() == ["hdnd", "doan-dbqh"]
    assert [r["row"] for r in result.rejects] == [4, 5]


def test_unattributable_sheet_counts_for_all_only():
    rows = [["Số đến", "Ngày đến", "Tên loại và trích yếu nội dung"], ["1", "02/01/2021", "Công văn"]]
    result = clean(rows, office="doan-dbqh-hdnd", year=2021)
    assert result.records["body"].tolist() == ["all"]
    assert result.body_scope == ("all",)


def test_body_words():
    assert body_from_text("Đơn thư - ĐBQH", SCHEMA) == "doan-dbqh"
    assert body_from_text("ban phap che", SCHEMA) == "hdnd"
    assert body_from_text("Đoàn ĐBQH và HĐND", SCHEMA) is None
    assert body_from_text("ĐBQHX", SCHEMA) is None


def test_derivations_resolution_kind_and_award_target():
    rows = [["Số, ký hiệu", "Ngày ban hành", "Trích yếu", "Loại"],
            ["12/2020/NQ-HĐND", "10/07/2020", "a", None],
            ["45/NQ-HĐND", "10/07/2020", "b", None],
            ["46/NQ-HĐND", "10/07/2020", "c", "QPPL"]]
    assert clean(rows, office="hdnd").records["kind"].tolist() == ["normative", "individual", "normative"]
    rows = [["Họ tên / Tập thể", "Đối tượng", "Danh hiệu, hình thức khen thưởng", "Trạng thái"],
            ["Tập thể Phòng Tổng hợp", None, "Tập thể lao động tiên tiến", None],
            ["Phòng Công tác HĐND", None, "Tập thể lao động tiên tiến", "Đã khen"],
            ["Tập thể Phòng Hành chính", "Cá nhân", "Bằng khen của UBND tỉnh", "Đề nghị"],
            ["Nguyễn Văn A", None, "BẰNG KHEN của Thủ tướng Chính phủ", None]]
    recs = clean(rows, office="hdnd").records
    assert recs["target"].tolist() == ["collective", "collective", "individual", "individual"]
    assert recs["title"].tolist() == ["advanced_collective", "advanced_collective", "merit_diploma", "merit_diploma"]
    assert recs["status"].tolist() == ["awarded", "awarded", "proposed", "awarded"]


def test_excel_error_rejects_in_required_and_numeric_columns_and_is_blanked_with_one_notice_elsewhere():
    header = [*VOTER_HEADER, "Địa điểm"]
    rows = [
        header,
        [1, "01/02/2020", "Huyện Tân Hồng", ExcelError("#DIV/0!"), 1, None, ExcelError("#N/A")],
        [2, ExcelError("#REF!"), "Huyện Tân Hồng", 10, 1, None, "Ấp 3"],
        [3, "02/02/2020", "Huyện Tân Hồng", 10, 1, None, ExcelError("#N/A")],
    ]
    result = clean(rows)
    assert [(r["row"], r["column"], r["value"]) for r in result.rejects] == [
        (2, "Số cử tri tham dự", "#DIV/0!"), (3, "Ngày tiếp xúc", "#REF!")]
    assert result.records["venue"].isna().all() and list(result.records["_row"]) == [4]
    warnings = [n["message"] for n in result.notices if n["level"] == "warning"]
    assert warnings == ["Cột «Địa điểm»: 2 ô lỗi công thức Excel, coi như trống (G2 #N/A, G4 #N/A): "
                        "sửa công thức trong tệp rồi chạy lại."]


def test_a_row_failing_several_rules_lists_them_cell_rules_first_then_missing_values():
    rows = [
        ["Ngày nhận đơn", "Loại đơn", "Hướng xử lý", "Bộ phận"],
        ["31/02/2020", None, "Lưu", "Phòng Tổng hợp"],  # bad date, missing category; its body is not judged
        ["03/01/2019", "KN", "Lưu", "Đoàn ĐBQH"],  # another year
    ]
    result = clean(rows, office="doan-dbqh-hdnd")
    assert [(r["row"], r["column"]) for r in result.rejects] == [
        (2, "Ngày nhận đơn"), (2, "Loại đơn"), (3, "Ngày nhận đơn")]
    assert result.accounting["rejected"] == 2 and result.records.empty
