"""Cleaning step 1 (pipeline.clean.rows): blank cells, merged blocks and what each row is."""

import numpy as np

from pipeline.clean.locate import ColumnMatch, Located
from pipeline.clean.rows import (
    cell_matrix,
    classify_rows,
    fill_merged,
    is_signature_marker,
    normalise_rows,
    record_rows,
    row_accounting,
    spread_blocks,
    total_rows,
)
from pipeline.read.cells import ExcelError
from pipeline.specs.registers import load_schema

SCHEMA = load_schema()
VOTERS = SCHEMA.registers["voter_meetings"]
# STT | Ngày tiếp xúc | Huyện | Số cử tri | Số ý kiến
VOTER_COLUMNS = (ColumnMatch(1, "date", "Ngày tiếp xúc"), ColumnMatch(2, "district", "Huyện, thị xã, thành phố"),
                 ColumnMatch(3, "voters", "Số cử tri tham dự"), ColumnMatch(4, "opinions", "Số ý kiến"))
VOTER_SHEET = Located("voter_meetings", header_row=0, depth=1, data_start=1, columns=VOTER_COLUMNS)
REQUIRED = [1, 2, 3, 4]


def kinds_of(rows, required=REQUIRED, marks=(), start=1):
    kinds = classify_rows(cell_matrix(rows, start), start, required, list(marks))
    return kinds["kind"].tolist()


def test_normalise_rows_makes_rectangular_rows_with_blank_text_as_none():
    rows = [["STT", "Ngày"], [1, "  ", "x"], [], ["\n"]]
    assert normalise_rows(rows) == [["STT", "Ngày", None], [1, None, "x"], [None] * 3, [None] * 3]


def test_merged_date_and_district_spread_down_but_a_count_stays_on_its_first_row():
    rows = [["STT", "Ngày tiếp xúc", "Huyện", "Số cử tri", "Số ý kiến"],
            [1, "03/07/2020", "TP. Cao Lãnh", 100, 10],
            [2, None, None, None, 2],
            [3, None, "H. Lấp Vò", None, 1]]
    merged = [(1, 1, 3, 1), (1, 2, 2, 2), (1, 3, 3, 3), (0, 0, 1, 0)]  # date, district, a count, a header cell
    filled = fill_merged(rows, merged, VOTER_SHEET, VOTERS)
    assert [r[1] for r in filled[1:]] == ["03/07/2020"] * 3
    assert [r[2] for r in filled[1:]] == ["TP. Cao Lãnh", "TP. Cao Lãnh", "H. Lấp Vò"]
    assert [r[3] for r in filled[1:]] == [100, None, None]  # voters: merged_fill = "first"
    assert rows[2][1] is None  # the input grid is not changed
    assert spread_blocks(merged, VOTER_SHEET, VOTERS) == [(1, 1, 3), (1, 2, 2)]


def test_fill_merged_returns_the_grid_itself_when_nothing_spreads():
    rows = [["STT", "Ngày tiếp xúc"], [1, "03/07/2020"]]
    assert fill_merged(rows, [(1, 1, 1, 2)], VOTER_SHEET, VOTERS) is rows  # one row high: not a block


def test_an_x_marked_sub_column_is_never_spread():
    marks = Located("petitions", 0, 2, 2, (ColumnMatch(0, "received_date", "Ngày nhận đơn"),
                                           ColumnMatch(1, "action", "Hướng xử lý / Lưu", mark_code="archive")))
    rows = [["Ngày nhận đơn", "Hướng xử lý"], [None, "Lưu"], ["02/01/2020", "x"], ["03/01/2020", None]]
    assert fill_merged(rows, [(2, 1, 3, 1)], marks, SCHEMA.registers["petitions"]) is rows


def test_total_rows_cong_and_tong_cong_but_not_cong_dong():
    rows = [["STT", "Ngày", "Huyện", "Số cử tri", "Số ý kiến"],
            [1, "01/02/2020", "Huyện Tân Hồng", 10, 1],
            ["Cộng", None, None, 10, 1],
            [2, "02/02/2020", "Cộng đồng dân cư ấp 3", 5, 1],
            [None, "Tổng cộng:", None, 15, 2]]  # the label may sit in any of the first three columns
    kinds = classify_rows(cell_matrix(rows, 1), 1, REQUIRED, [])
    assert kinds["kind"].tolist() == ["record", "total", "record", "total"]
    assert total_rows(kinds) == [(2, "cong"), (4, "tong cong")]
    assert record_rows(kinds) == [1, 3]


def test_signature_block_ends_the_records_and_everything_below_is_ignored():
    rows = [["STT", "Ngày", "Huyện", "Số cử tri", "Số ý kiến"],
            [1, "01/02/2020", "Huyện Tân Hồng", 10, 1],
            [None, None, None, None, None],
            [None, "Đồng Tháp, ngày 31 tháng 12 năm 2020", None, None, None],  # the marker in a required column
            [None, "NGƯỜI LẬP BIỂU", None, None, "KT. CHÁNH VĂN PHÒNG"],
            [None, None, None, 99, 9]]  # a stray number under the signatures
    assert kinds_of(rows) == ["record", "empty", "ignored", "ignored", "ignored"]


def test_a_record_holding_a_signer_title_as_text_is_still_a_record():
    rows = [["STT", "Ngày", "Huyện", "Số cử tri", "Số ý kiến", "Địa điểm"],
            [1, "01/02/2020", None, None, None, "Giám đốc Sở dự"]]  # one required value: not a signature
    assert kinds_of(rows) == ["record"]
    assert is_signature_marker("Giám đốc Sở dự") and not is_signature_marker("Sở Tài chính")


def test_blank_row_holds_no_required_value_but_a_ticked_required_sub_column_counts():
    rows = [["Ngày nhận đơn", "Loại đơn", "Chuyển đơn", "Lưu", "Ghi chú"],
            [None, None, None, None, "chỉ có ghi chú"],
            [None, None, "x", None, None],
            ["02/01/2020", "KN", None, "x", None]]
    assert kinds_of(rows, required=[0, 1], marks=[2, 3]) == ["blank", "record", "record"]


def test_row_accounting_adds_up():
    rows = [["STT", "Ngày", "Huyện", "Số cử tri", "Số ý kiến"],
            [1, "01/02/2020", "Huyện Tân Hồng", 10, 1],
            [2, "31/02/2020", "Huyện Tân Hồng", 10, 1],
            [3, None, None, None, None],
            [None] * 5,
            ["Cộng", None, None, 20, 2],
            [None, "NGƯỜI LẬP BIỂU", None, None, None],
            [None, "Nguyễn Văn Bảy", None, None, None]]
    kinds = classify_rows(cell_matrix(rows, 1), 1, REQUIRED, [])
    assert row_accounting(kinds, rejected=1) == {
        "rows_read": 6, "accepted": 1, "rejected": 1, "total_rows": 1, "blank_rows": 1, "ignored_rows": 2,
    }


def test_cell_matrix_holds_the_rows_below_the_header_as_they_are():
    error = ExcelError("#DIV/0!")
    cells = cell_matrix([["Ngày", "Số"], ["03/07/2020", error], [None, 3]], 1)
    assert cells.shape == (2, 2) and cells.dtype == np.dtype(object)
    assert cells[0, 1] is error and cells[1, 1] == 3
