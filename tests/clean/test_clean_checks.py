"""Cleaning step 3 (pipeline.clean.checks): required values, bodies, the year, totals, the rejects table."""

import datetime as dt

import pandas as pd

from pipeline.clean.checks import (
    Reject,
    attribute_bodies,
    check_required,
    check_year,
    drop_rejected,
    merge_covered,
    reconcile_totals,
    reject_records,
    sheet_body,
    total_note,
)
from pipeline.clean.locate import ColumnMatch, Located
from pipeline.read.cells import ExcelError
from pipeline.specs.registers import load_schema

SCHEMA = load_schema()
VOTERS = SCHEMA.registers["voter_meetings"]
PETITIONS = SCHEMA.registers["petitions"]
BOTH = ("doan-dbqh", "hdnd")


def records(**columns):
    """A records frame as the checks see it: ``_grid_index`` then the given columns."""
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"_grid_index": list(range(1, n + 1)), **columns}, dtype=object).astype({"_grid_index": int})


# --------------------------------------------------------------------------- required values


def test_blank_required_value_rejects_unless_merged_excused_or_defaulted():
    data = {"date": [dt.date(2020, 7, 3), None, None, dt.date(2020, 7, 4)],
            "district": [None, "Huyện Lấp Vò", None, None],
            "kind": [None, None, None, "sector"],  # a sector conference has no district (blank_when)
            "voters": [10, None, 5, 7]}
    covered = merge_covered([(1, 4, 2, 4)], [ColumnMatch(4, "voters", "Số cử tri")])  # voters merged rows 1-2
    assert covered == {(2, "voters")}
    rejects = check_required(data, [1, 2, 3, 4], VOTERS, {"date": "Ngày"}, covered)
    assert [(r.grid_index, r.column) for r in rejects] == [
        (2, "Ngày"), (3, "Ngày"), (1, "Huyện, thị xã, thành phố"), (3, "Huyện, thị xã, thành phố")]
    assert rejects[0].reason == "thiếu giá trị bắt buộc ở cột «Ngày»" and rejects[0].key is None


def test_a_cell_already_rejected_for_its_value_is_not_also_missing():
    data = {"date": [None], "district": ["Huyện Lấp Vò"], "voters": [1], "opinions": [1]}
    assert check_required(data, [7], VOTERS, {}, {(7, "date")}) == []


# --------------------------------------------------------------------------- bodies


def test_body_column_wins_then_the_sheet_name_else_the_row_is_rejected():
    frame = records(body=["Thường trực HĐND", "Đoàn ĐBQH", None, "Phòng Tổng hợp", None])
    out, scope, rejects, notes = attribute_bodies(frame, SCHEMA, BOTH, None, "Bộ phận", rejected={5})
    assert out["body"].fillna("-").tolist() == ["hdnd", "doan-dbqh", "-", "-", "-"]
    assert scope == BOTH and notes == []
    assert [(r.grid_index, r.value, r.reason) for r in rejects] == [
        (3, None, "không xác định được bộ phận: ô «Bộ phận» trống và tên sheet không nói rõ"),
        (4, "Phòng Tổng hợp", "không xác định được bộ phận (Đoàn ĐBQH hay HĐND)")]  # row 5: already rejected
    assert frame["body"].iloc[0] == "Thường trực HĐND"  # the input frame is not changed


def test_blank_body_cell_takes_the_sheet_names_body():
    body = sheet_body("Đơn thư - ĐBQH", SCHEMA, BOTH)
    assert body == "doan-dbqh" and sheet_body("Đơn thư - ĐBQH", SCHEMA, ("hdnd",)) == "hdnd"
    out, _, rejects, _ = attribute_bodies(records(body=[None, "HĐND"]), SCHEMA, BOTH, body, "Bộ phận", set())
    assert out["body"].tolist() == ["doan-dbqh", "hdnd"] and rejects == []


def test_sheet_without_body_column_or_body_name_counts_for_all_only():
    out, scope, rejects, notes = attribute_bodies(records(x=[1, 2]), SCHEMA, BOTH, None, None, set())
    assert out["body"].tolist() == ["all", "all"] and scope == ("all",) and rejects == []
    assert [n.level for n in notes] == ["warning"] and "(all)" in notes[0].message
    out, scope, _, notes = attribute_bodies(records(x=[1]), SCHEMA, BOTH, "hdnd", None, set())
    assert out["body"].tolist() == ["hdnd"] and scope == ("hdnd",) and notes == []


def test_an_office_of_one_body_needs_no_body_column():
    out, scope, rejects, _ = attribute_bodies(records(body=["Đoàn ĐBQH"]), SCHEMA, ("hdnd",), "hdnd", "Bộ phận", set())
    assert out["body"].tolist() == ["hdnd"] and scope == ("hdnd",) and rejects == []


# --------------------------------------------------------------------------- year


def test_a_record_of_another_year_is_rejected():
    frame = records(date=[dt.date(2020, 7, 3), dt.datetime(2019, 12, 31, 8, 0), dt.date(2021, 1, 2), None])
    rejects = check_year(frame, VOTERS, 2020, "Ngày tiếp xúc", rejected={3})
    assert [(r.grid_index, r.column, r.value, r.reason) for r in rejects] == [
        (2, "Ngày tiếp xúc", "31/12/2019", "ngày ngoài năm 2020 của thư mục")]
    assert check_year(records(law=["x"]), SCHEMA.registers["law_consultations"], 2020, "Ngày", set()) == []


# --------------------------------------------------------------------------- totals

TOTALS_HEADER = Located("voter_meetings", 0, 1, 1, (
    ColumnMatch(1, "date", "Ngày"), ColumnMatch(3, "voters", "Số cử tri tham dự"),
    ColumnMatch(4, "opinions", "Số ý kiến")))


def test_cong_covers_the_rows_since_the_previous_total_tong_cong_the_whole_sheet():
    rows = [["STT", "Ngày", "Huyện", "Số cử tri", "Số ý kiến"],
            [1, "01/02/2020", "X", 10, 1],
            [2, "02/02/2020", "X", 20, 1],
            ["Cộng", None, None, "30", None],  # a blank stated cell is not checked
            [3, "03/02/2020", "X", 5, 2],
            [4, "31/02/2020", "X", 7, 2],  # rejected: its 7 is not added
            ["Cộng:", None, None, 5, 3],
            ["Tổng cộng", None, None, "1.200", 4]]
    accepted = records(voters=[10, 20, 5], opinions=[1, 1, 2]).assign(_grid_index=[1, 2, 4])
    totals = [(3, "cong"), (6, "cong"), (7, "tong cong")]
    found = reconcile_totals(rows, list(range(5, 13)), totals, [1, 2, 4, 5], {5}, accepted, TOTALS_HEADER, VOTERS)
    assert found == [
        {"row": 11, "column": "Số ý kiến", "stated": 3.0, "computed": 2.0, "rejected_inside": True},
        {"row": 12, "column": "Số cử tri tham dự", "stated": 1200.0, "computed": 35.0, "rejected_inside": True},
    ]


def test_rejected_records_are_dropped_and_the_rest_renumbered():
    frame = records(x=["a", "b", "c"])
    accepted = drop_rejected(frame, {2})
    assert accepted["x"].tolist() == ["a", "c"] and accepted.index.tolist() == [0, 1]
    assert drop_rejected(frame, set()) is frame


def test_total_note_says_what_was_stated_and_found():
    note = total_note({"row": 12, "column": "Số cử tri", "stated": 1200.0, "computed": 35.0, "rejected_inside": True})
    assert (note.level, note.row) == ("warning", 12)
    assert note.message == ("Dòng tổng ở dòng 12, cột «Số cử tri»: ghi 1200, cộng các dòng được 35 "
                            "(có dòng bị loại trong phạm vi cộng): kiểm tra lại công thức dòng tổng và các dòng nó cộng")


def test_an_x_marked_column_total_counts_its_ticks():
    header = Located("petitions", 0, 2, 2, (ColumnMatch(0, "received_date", "Ngày nhận đơn"),
                                           ColumnMatch(1, "action", "Hướng xử lý / Lưu", mark_code="archive")))
    rows = [["Ngày nhận đơn", "Hướng xử lý"], [None, "Lưu"], ["02/01/2020", "x"], ["03/01/2020", "x"],
            ["04/01/2020", None], ["Tổng số", 3]]
    accepted = records(received_date=["a", "b", "c"]).assign(_grid_index=[2, 3, 4])
    found = reconcile_totals(rows, list(range(1, 7)), [(5, "tong so")], [2, 3, 4], set(), accepted, header, PETITIONS)
    assert [(t["column"], t["stated"], t["computed"]) for t in found] == [("Hướng xử lý / Lưu", 3.0, 2.0)]


# --------------------------------------------------------------------------- the rejects table


def test_rejects_are_ordered_by_row_keep_step_order_and_mask_personal_cells():
    rejects = [
        Reject(4, "Họ tên người gửi", "Nguyễn Văn Bảy", "giá trị không hợp lệ", key="sender"),
        Reject(2, "Số CCCD/CMND", ExcelError("#N/A"), "ô lỗi", key="id_number"),
        Reject(4, "Ngày nhận đơn", None, "thiếu giá trị bắt buộc ở cột «Ngày nhận đơn»"),
        Reject(2, "Bộ phận", "Phòng Tổng hợp", "không xác định được bộ phận (Đoàn ĐBQH hay HĐND)"),
    ]
    table = reject_records(rejects, PETITIONS, [1, 2, 3, 4, 5], "2020/hdnd/don.xlsx", "Đơn")
    assert [(r["row"], r["column"], r["value"]) for r in table] == [
        (3, "Số CCCD/CMND", "#N/A"), (3, "Bộ phận", "Phòng Tổng hợp"),
        (5, "Họ tên người gửi", "***"), (5, "Ngày nhận đơn", "")]
    assert list(table[0]) == ["file", "sheet", "row", "column", "value", "reason"]
