"""Cleaning step 2 (pipeline.clean.columns): each column parsed, x-marks, combined cells, the records frame."""

import datetime as dt

import numpy as np
import pandas as pd

from pipeline.clean.columns import (
    apply_defaults,
    apply_derivations,
    build_frame,
    cell_parser,
    header_layout,
    parse_column,
    parse_columns,
    resolve_marks,
    settle_districts,
    split_category_people,
    text_value,
)
from pipeline.clean.locate import ColumnMatch, Located
from pipeline.clean.rows import cell_matrix
from pipeline.read.cells import ExcelError
from pipeline.specs.registers import load_schema
from pipeline.vi import parsing

SCHEMA = load_schema()
PETITIONS = SCHEMA.registers["petitions"]
VOTERS = SCHEMA.registers["voter_meetings"]


def column(register, key):
    return SCHEMA.registers[register].column(key)


def test_each_distinct_raw_value_is_parsed_once_per_column():
    seen = []

    def parse(value):
        seen.append(value)
        return parsing.parse_date(value)

    raws = ["03/07/2020", None, "03/07/2020", "04/07/2020", "03/07/2020"]
    parsed = parse_column(raws, parse, column("voter_meetings", "date"))
    assert sorted(seen) == ["03/07/2020", "04/07/2020"]
    assert parsed.values == [dt.date(2020, 7, 3), None, dt.date(2020, 7, 3), dt.date(2020, 7, 4), dt.date(2020, 7, 3)]
    assert parsed.failed == [] and parsed.blanked == [] and parsed.unknown == []


def test_bad_value_in_a_required_or_numeric_column_rejects_its_row():
    raws = [10, "60.000.00", ExcelError("#DIV/0!"), None]
    parsed = parse_column(raws, parsing.parse_whole_number, column("voter_meetings", "voters"))
    assert parsed.values == [10, None, None, None]
    assert [(pos, str(raw)) for pos, raw, _ in parsed.failed] == [(1, "60.000.00"), (2, "#DIV/0!")]
    assert "#DIV/0!" in parsed.failed[1][2] and "sửa công thức" in parsed.failed[1][2]


def test_excel_error_in_a_column_no_figure_needs_is_blanked_not_rejected():
    raws = ["Ấp 3", ExcelError("#N/A"), "Ấp 4"]
    parsed = parse_column(raws, text_value, column("voter_meetings", "venue"))
    assert parsed.values == ["Ấp 3", None, "Ấp 4"]
    assert parsed.blanked == [1] and parsed.failed == []


def test_unknown_value_in_an_optional_category_is_kept_as_written():
    kind = column("voter_meetings", "kind")
    parsed = parse_column(["Định kỳ", " Hội  thảo ", None], cell_parser(kind, SCHEMA), kind)
    assert parsed.values == ["regular", "Hội thảo", None]
    assert parsed.unknown == [(1, "Hội thảo")] and parsed.failed == []


def test_blank_presence_cell_is_false():
    has_result = column("petitions", "has_result")
    assert parse_column([None, "x"], cell_parser(has_result, SCHEMA), has_result).values == [False, True]


def test_text_value_of_numbers_and_dates():
    assert text_value(12.0) == "12" and text_value(dt.date(2020, 7, 3)) == "03/07/2020"
    assert text_value("  Công\u00a0văn ") == "Công văn" and text_value("   ") is None


def test_parse_columns_names_error_cells_once_per_column_and_counts_unknown_values():
    venue = ColumnMatch(1, "venue", "Địa điểm")
    kind = ColumnMatch(2, "kind", "Hình thức")
    rows = [["h", "h", "h"]] + [[i, ExcelError("#REF!"), "Hội thảo"] for i in range(12)]
    cells = cell_matrix(rows, 1)
    grid_rows = list(range(1, 13))
    data, rejects, notes = parse_columns(
        cells, [venue, kind], [text_value, cell_parser(VOTERS.column("kind"), SCHEMA)], VOTERS, grid_rows,
        row_numbers=[r + 4 for r in range(13)])
    assert data == {"venue": [None] * 12, "kind": ["Hội thảo"] * 12}
    assert rejects == []
    assert [n.level for n in notes] == ["warning", "info"]
    assert notes[0].message.startswith("Cột «Địa điểm»: 12 ô lỗi công thức Excel, coi như trống (B5 #REF!, B6 #REF!")
    assert " …): sửa công thức trong tệp rồi chạy lại." in notes[0].message  # the first ten only
    assert notes[1].message == "Cột «Hình thức»: giá trị ngoài danh mục «Hội thảo» (12 dòng), giữ nguyên như ghi."


def test_parse_columns_rejects_carry_the_grid_row_header_as_written_and_key():
    date = ColumnMatch(0, "date", "Ngày")
    cells = cell_matrix([["Ngày"], ["31/02/2020"], ["01/03/2020"]], 1)
    _, rejects, _ = parse_columns(cells, [date], [parsing.parse_date], VOTERS, [1, 2], [1, 2, 3])
    assert [(r.grid_index, r.column, r.value, r.key) for r in rejects] == [(1, "Ngày", "31/02/2020", "date")]


MARK_HEADER = Located("petitions", 0, 2, 2, (
    ColumnMatch(0, "received_date", "Ngày nhận đơn"),
    ColumnMatch(1, "action", "Hướng xử lý / Chuyển đơn", mark_code="forward"),
    ColumnMatch(2, "action", "Hướng xử lý / Lưu", mark_code="archive"),
))


def test_header_layout_groups_x_marked_sub_columns_under_their_key():
    layout = header_layout(MARK_HEADER, PETITIONS)
    assert [m.key for m in layout.plain] == ["received_date"]
    assert list(layout.marks) == ["action"] and [m.mark_code for m in layout.marks["action"]] == ["forward", "archive"]
    assert layout.required_index == (0,) and layout.required_marks == (1, 2)
    assert layout.headers == {"received_date": "Ngày nhận đơn"}


def test_one_tick_gives_the_code_none_or_two_reject():
    cells = np.array([["02/01/2020", "x", None], ["03/01/2020", "✓", "X"], ["04/01/2020", None, 0],
                      ["05/01/2020", None, 1]], dtype=object)
    data, rejects = resolve_marks(cells, header_layout(MARK_HEADER, PETITIONS).marks, PETITIONS, [2, 3, 4, 5])
    assert data == {"action": ["forward", None, None, "archive"]}
    assert [(r.grid_index, r.reason) for r in rejects] == [
        (3, "đánh dấu 2 ô, chỉ được một"), (4, "không có ô nào được đánh dấu")]
    assert rejects[0].value == "Hướng xử lý / Chuyển đơn=✓, Hướng xử lý / Lưu=X"
    assert rejects[1].value == "Hướng xử lý / Chuyển đơn=, Hướng xử lý / Lưu=" and rejects[1].key == "action"


def test_combined_category_people_fills_both_targets_and_an_own_column_wins():
    reception = SCHEMA.registers["citizen_reception"]
    data = {"people": [None, 3, None], "category_people": [("complaint", 1), ("collective", 5), (None, None)]}
    assert split_category_people(data, reception) == {"people": [1, 3, None], "category": ["complaint", "collective", None]}
    assert "category_people" in data  # the input is not changed


def frame_of(register, data, n=None):
    n = len(next(iter(data.values()))) if n is None else n
    return build_frame(data, list(range(3, 3 + n)), list(range(10, 20 + n)), "2020/hdnd/f.xlsx", "Sheet1")


def test_build_frame_names_every_record_by_file_sheet_and_excel_row():
    frame = frame_of(VOTERS, {"date": [dt.date(2020, 7, 3), None], "district": [("Huyện Lấp Vò", False), None]})
    assert list(frame.columns) == ["_file", "_sheet", "_row", "date", "district", "_grid_index"]
    assert frame["_row"].tolist() == [13, 14] and frame["_grid_index"].tolist() == [3, 4]
    assert frame["district"].iloc[0] == ("Huyện Lấp Vò", False)  # a pair stays one value
    assert frame["date"].dtype == object


def test_defaults_fill_blanks_and_missing_columns_are_added_blank():
    frame = apply_defaults(frame_of(VOTERS, {"kind": ["thematic", None]}), VOTERS)
    assert frame["kind"].tolist() == ["thematic", "regular"]
    assert frame["venue"].isna().all() and "body" in frame.columns


def test_derivations_resolution_kind_case_key_and_normalised_law_name():
    resolutions = SCHEMA.registers["resolutions"]
    frame = apply_defaults(frame_of(resolutions, {"symbol": ["12/2020/NQ-HĐND", "45/NQ-HĐND", "46/NQ-HĐND"],
                                                 "kind": [None, None, "normative"]}), resolutions)
    assert apply_derivations(frame, resolutions, SCHEMA)["kind"].tolist() == ["normative", "individual", "normative"]

    reception = SCHEMA.registers["citizen_reception"]
    frame = apply_defaults(frame_of(reception, {"case_id": ["VV-1", None, "vv-1"]}), reception)
    keys = apply_derivations(frame, reception, SCHEMA)["case_key"].tolist()
    assert keys == ["id|vv-1", "2020/hdnd/f.xlsx|Sheet1|14", "id|vv-1"]

    laws = SCHEMA.registers["law_consultations"]
    frame = apply_defaults(frame_of(laws, {"law": ["Luật Đất  đai (sửa đổi)", "LUẬT ĐẤT ĐAI (SỬA ĐỔI)", None]}), laws)
    normalised = apply_derivations(frame, laws, SCHEMA)["law_key"]
    assert normalised.tolist()[:2] == ["luat dat dai (sua doi)"] * 2 and pd.isna(normalised.iloc[2])


def test_bare_district_names_are_kept_with_one_note():
    frame = frame_of(VOTERS, {"district": [("Huyện Lấp Vò", False), ("Cao Lãnh", True), ("Cao Lãnh", True), None]})
    settled, notes = settle_districts(frame, VOTERS)
    assert settled["district"].tolist()[:3] == ["Huyện Lấp Vò", "Cao Lãnh", "Cao Lãnh"]
    assert pd.isna(settled["district"].iloc[3])
    assert [n.message for n in notes] == ["Tên địa bàn không ghi rõ cấp (huyện/thị xã/thành phố), giữ nguyên: Cao Lãnh"]
    assert frame["district"].iloc[0] == ("Huyện Lấp Vò", False)  # the input frame is not changed
