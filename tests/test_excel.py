"""The Excel workbook: sheets per body, numbers as numbers, #,##0, frozen header, no formula injection."""

import openpyxl
import pandas as pd

from pipeline.excel import write_workbook

IND = pd.DataFrame([
    {"year": 2019, "body": "doan-dbqh", "indicator": "petitions.received", "value": 114.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "petitions.received", "value": 3372.0, "unit_vi": "đơn", "label_vi": "Số đơn đã nhận"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "laws.consulted", "value": 25.0, "unit_vi": "=cmd|' /C calc'!A0", "label_vi": "+Số dự án luật"},
    {"year": 2019, "body": "all", "indicator": "petitions.handled_share", "value": 0.8, "unit_vi": "%", "label_vi": "Tỷ lệ"},
    {"year": 2020, "body": "all", "indicator": "petitions.handled_share", "value": 0.855, "unit_vi": "%", "label_vi": "Tỷ lệ"},
])


def test_workbook_layout_formats_and_values(tmp_path):
    path = write_workbook(IND, tmp_path / "x.xlsx", [2019, 2020])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Đoàn ĐBQH", "Cả hai", "Thông tin"]  # no HĐND rows → no sheet
    sheet = book["Đoàn ĐBQH"]
    assert [c.value for c in sheet[1]] == ["Chỉ tiêu", "Đơn vị", "2019", "2020", "Chênh lệch 2020/2019",
                                           "% thay đổi", "Câu trong báo cáo"]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Số đơn đã nhận"][2:6] == (114, 3372, 3258, 3258 / 114)
    assert rows["Số đơn đã nhận"][6] == "3.372 đơn (tăng 3.258 đơn so với năm 2019)"
    assert sheet["D2"].number_format == "#,##0" or sheet["D3"].number_format == "#,##0"
    # text that looks like a formula stays text
    assert rows["+Số dự án luật"][1] == "=cmd|' /C calc'!A0"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    share = book["Cả hai"]
    assert share["C2"].number_format == "0.0%" and share["D2"].value == 0.855
