"""Header location: aliases, spelling variants, two-row headers, x-mark groups, column numbers."""

import pytest

from pipeline.clean.locate import HeaderProblem, Located, is_column_number_row, locate
from pipeline.specs.registers import load_schema

SCHEMA = load_schema()


def keys(found: Located) -> dict[str, int]:
    return {m.key: m.index for m in found.columns if m.mark_code is None}


def test_header_below_title_block_any_order_with_variants():
    rows = [
        ["VĂN PHÒNG ĐOÀN ĐBQH TỈNH ĐỒNG THÁP", None, None, None],
        ["SỔ THEO DÕI TIẾP XÚC CỬ TRI NĂM 2020", None, None, None],
        [None, None, None, None],
        ["Số ý kiến", "HUYỆN, THỊ XÃ,\nTHÀNH PHỐ", "Ngay tiep xuc", "Số  cử tri"],
        ["Chào", "TP. Cao Lãnh", "01/02/2020", 5],
    ]
    found = locate(rows, [], SCHEMA)
    assert isinstance(found, Located)
    assert found.register == "voter_meetings"
    assert found.header_row == 3 and found.data_start == 4
    assert keys(found) == {"opinions": 0, "district": 1, "date": 2, "voters": 3}


def test_nfd_header_matches():
    import unicodedata

    header = [unicodedata.normalize("NFD", h) for h in ["Ngày tiếp", "Hình thức tiếp", "Số người"]]
    found = locate([header, ["01/01/2020", "TX", 1]], [], SCHEMA)
    assert found.register == "citizen_reception"


def test_header_is_whole_cell_not_substring():
    # "Đơn vị hoặc người nhận" is a documents column, never the body column "Đơn vị"
    rows = [["Số đến", "Ngày đến", "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận"]]
    found = locate(rows, [], SCHEMA)
    assert found.register == "documents_in"
    assert "body" not in keys(found)
    assert keys(found)["recipient"] == 3


def test_two_row_header_with_mark_group_and_column_numbers():
    rows = [
        ["SỔ TIẾP NHẬN ĐƠN", None, None, None, None, None, None],
        ["Ngày nhận đơn", "Loại đơn", "Hướng xử lý", None, None, None, "Ghi chú"],
        [None, None, "Chuyển đơn", "Hướng dẫn", "Trả lời", "Lưu", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        ["02/01/2020", "KN", "x", None, None, None, None],
    ]
    merged = [(1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 5), (1, 6, 2, 6)]
    found = locate(rows, merged, SCHEMA)
    assert found.register == "petitions"
    assert found.depth == 2 and found.data_start == 4
    marks = {m.mark_code: m.index for m in found.marks("action")}
    assert marks == {"forward": 2, "guide": 3, "answer": 4, "archive": 5}
    assert "Ghi chú" in found.extra_headers


def test_missing_required_column_is_named():
    rows = [["Ngày nhận đơn", "Họ tên người gửi", "Loại đơn", "Nội dung tóm tắt"], ["01/01/2020", "A", "KN", "x"]]
    found = locate(rows, [], SCHEMA)
    assert isinstance(found, HeaderProblem)
    assert found.register == "petitions"
    assert found.missing == ("Hướng xử lý",)


def test_sheet_without_register_gives_none():
    rows = [["Hướng dẫn nhập liệu"], ["Ghi ngày theo dạng dd/mm/yyyy"], [None]]
    assert locate(rows, [], SCHEMA) is None


def test_header_beyond_row_16_is_not_searched():
    rows = [[f"dòng tiêu đề {i}"] for i in range(17)] + [["Ngày đăng", "Loại", "Tiêu đề"]]
    assert locate(rows, [], SCHEMA) is None


@pytest.mark.parametrize(
    "row, expected",
    [
        ([1, 2, 3, 4], True),
        (["(1)", "(2)", "(3)"], True),
        (["1", "2", None, "4"], True),
        ([5, 3, 1], False),
        (["01/02/2020", "KN"], False),
        ([1], False),
    ],
)
def test_column_number_row(row, expected):
    assert is_column_number_row(row) is expected
