"""The Excel workbook: set up for A4, numbers as numbers in the house formats, the bodies side by side."""

import openpyxl
import pandas as pd

from pipeline.pages.workbook import write_workbook

IND = pd.DataFrame([
    {"year": 2019, "body": "doan-dbqh", "indicator": "petitions.received", "value": 114.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "petitions.received", "value": 3372.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "laws.consulted", "value": 25.0, "unit_vi": "=cmd|' /C calc'!A0", "label_vi": "+Số dự án luật"},
    {"year": 2019, "body": "all", "indicator": "petitions.handled_share", "value": 0.8, "unit_vi": "%", "label_vi": "Tỷ lệ"},
    {"year": 2020, "body": "all", "indicator": "petitions.handled_share", "value": 0.855, "unit_vi": "%", "label_vi": "Tỷ lệ"},
    {"year": 2019, "body": "all", "indicator": "petitions.received", "value": 114.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
    {"year": 2020, "body": "all", "indicator": "petitions.received", "value": 3370.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "oversight.unplanned", "value": 3.0, "unit_vi": "nội dung",
     "label_vi": "Số nội dung giám sát khảo sát ngoài kế hoạch, một nhãn dài để thử xuống dòng trong ô của sổ Excel"},
])


def _book(tmp_path):
    path = write_workbook(IND, tmp_path / "x.xlsx", [2019, 2020], notes={"Số tệp nguồn": 28, "Phiên bản": "0.1.0"})
    return openpyxl.load_workbook(path)


def test_sheets_title_rows_and_page_setup_for_a4(tmp_path):
    book = _book(tmp_path)
    assert book.sheetnames == ["Ba bộ phận", "Đoàn ĐBQH", "Cả hai", "Thông tin"]  # no HĐND rows → no sheet
    for name in book.sheetnames:
        sheet = book[name]
        assert isinstance(sheet["A1"].value, str) and sheet["A1"].value  # a title row
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # one page wide (1 is the default, which xlsxwriter leaves unwritten), as many pages down as needed
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert book["Đoàn ĐBQH"].print_title_rows == "$4:$4" and book["Ba bộ phận"].print_title_rows == "$4:$5"
    assert book["Đoàn ĐBQH"].freeze_panes == "B5" and book["Đoàn ĐBQH"].auto_filter.ref
    assert book["Đoàn ĐBQH"].column_dimensions["A"].width >= 30


def test_body_sheet_numbers_formats_and_no_formula_injection(tmp_path):
    sheet = _book(tmp_path)["Đoàn ĐBQH"]
    assert [c.value for c in sheet[4]] == ["Chỉ tiêu", "Đơn vị", "2019", "2020", "Chênh lệch 2020 so với 2019",
                                           "% thay đổi 2020 so với 2019", "Câu trong báo cáo"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=5)}
    petitions = rows["Số đơn đã nhận"]
    assert [c.value for c in petitions[2:6]] == [114, 3372, 3258, 3258 / 114]
    assert all(c.data_type == "n" for c in petitions[2:6])
    assert petitions[3].number_format == "#,##0"
    assert petitions[4].number_format.startswith("+#,##0;") and "−" in petitions[4].number_format
    assert petitions[5].number_format.startswith("+0.0%")
    assert petitions[6].value == "3.372 đơn (tăng 3.258 đơn so với năm 2019)"  # the report's sentence
    assert rows["+Số dự án luật"][1].value == "=cmd|' /C calc'!A0"  # text that looks like a formula stays text
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    long_label = next(r for r in sheet.iter_rows(min_row=5) if r[0].value.startswith("Số nội dung"))
    assert sheet.row_dimensions[long_label[0].row].height >= 30  # wrapped text gets the height it needs


def test_share_change_is_in_points(tmp_path):
    sheet = _book(tmp_path)["Cả hai"]
    share = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "Tỷ lệ")
    assert share[2].number_format == "0.0%" and share[3].value == 0.855
    assert share[4].value == 5.5 and "điểm %" in share[4].number_format  # 85,5% − 80,0% = +5,5 điểm %
    assert share[5].value is None  # no % change of a share


def test_three_bodies_side_by_side_with_notes(tmp_path):
    sheet = _book(tmp_path)["Ba bộ phận"]
    assert [c.value for c in sheet[4]][:3] == ["Chỉ tiêu", "Đơn vị", "Đoàn ĐBQH"]
    assert [c.value for c in sheet[5]][2:5] == ["2020", "2019", "2020 so với 2019"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "C4:E4" in merged
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=6)}
    petitions = [c.value for c in rows["Số đơn đã nhận"]]
    assert petitions[2:5] == [3372, 114, 3258]
    header = [c.value for c in sheet[4]]
    both = header.index("Cả hai")
    assert petitions[both] == 3370 and "chỉ tính một lần" in petitions[-1]  # Cả hai ≠ the sum: a note says why


def test_info_sheet_stores_numbers_as_numbers(tmp_path):
    sheet = _book(tmp_path)["Thông tin"]
    values = {r[0].value: r[1] for r in sheet.iter_rows(min_row=4) if r[0].value}
    assert values["Số tệp nguồn"].value == 28 and values["Số tệp nguồn"].data_type == "n"
    assert values["Phiên bản"].value == "0.1.0"
