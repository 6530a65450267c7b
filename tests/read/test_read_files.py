"""Tests for pipeline.read.files: discovery and raw grids from xlsx, xls and CSV.

Every workbook is built inside the test (xlsxwriter, xlwt, plain bytes), so
no binary fixture is committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from pathlib import Path

import pytest
import xlsxwriter
import xlwt

from pipeline.read.files import (
    Grid,
    SourceFile,
    UnreadableFile,
    UnreadableInput,
    discover,
    read_grids,
)

TITLE = [
    "VĂN PHÒNG HĐND TỈNH",
    "SỔ THEO DÕI TIẾP CÔNG DÂN NĂM 2020",
    "Đồng Tháp, ngày 31 tháng 12 năm 2020",
]
HEADER = ["STT", "Ngày tiếp", "Số người", "Phân loại"]
RECORDS = [
    ["1", dt.date(2020, 2, 3), "3.372", "Khiếu nại"],
    ["2", None, "02", "Tố cáo"],
]
# Excel row numbers in the workbooks below: title rows 1-3, blank row 4,
# header row 5, column numbers row 6, records from row 7.
HEADER_ROW = 5


def write_xlsx(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tiếp dân")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for i, line in enumerate(TITLE):
        ws.merge_range(i, 0, i, 3, line)
    for c, name in enumerate(HEADER):
        ws.write_string(HEADER_ROW - 1, c, name)
    for c in range(4):
        ws.write_number(HEADER_ROW, c, c + 1)
    ws.write_string(6, 0, "1")
    ws.merge_range(6, 1, 7, 1, None)  # the date is written once for both rows
    ws.write_datetime(6, 1, dt.datetime(2020, 2, 3), date_fmt)
    ws.write_string(6, 2, "3.372")  # text that looks like a number stays text
    ws.write_string(6, 3, "Khiếu nại")
    ws.write_string(7, 0, "2")
    ws.write_string(7, 2, "02")
    ws.write_string(7, 3, "Tố cáo")
    ws.write_string(8, 0, "Tổng cộng")
    ws.write_formula(8, 2, "=SUM(C7:C8)", None, 3374)  # cached value counts
    ws.write_number(9, 2, 2.5)
    ws.write_number(9, 3, 7.0)
    wb.add_worksheet("Hướng dẫn").write(0, 0, "Sheet with no register")
    wb.add_worksheet("Trống")
    wb.close()
    return path


def write_xls(path: Path) -> Path:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Tiep dan")
    date_style = xlwt.XFStyle()
    date_style.num_format_str = "dd/mm/yyyy"
    for i, line in enumerate(TITLE):
        ws.write_merge(i, i, 0, 3, line)
    for c, name in enumerate(HEADER):
        ws.write(HEADER_ROW - 1, c, name)
    for c in range(4):
        ws.write(HEADER_ROW, c, c + 1)
    ws.write(6, 0, "1")
    ws.write_merge(6, 7, 1, 1, dt.datetime(2020, 2, 3), date_style)
    ws.write(6, 2, "3.372")
    ws.write(6, 3, "Khiếu nại")
    ws.write(7, 0, "2")
    ws.write(7, 2, "02")
    ws.write(7, 3, "Tố cáo")
    ws.write(8, 0, "Tổng cộng")
    ws.write(8, 2, xlwt.Formula("3372+2"))  # xlwt stores no cached value
    ws.write(9, 2, 2.5)
    ws.write(9, 3, 7.0)
    wb.add_sheet("Huong dan").write(0, 0, "Sheet with no register")
    wb.save(str(path))
    return path


def write_csv(path: Path, *, bom: bool = True, sep: str = ";", encoding: str = "utf-8") -> Path:
    lines = [
        *[f'"{line}"' for line in TITLE],
        "",
        sep.join(HEADER),
        sep.join(["(1)", "(2)", "(3)", "(4)"]),
        sep.join(["1", "03/02/2020", "3.372", '"Khiếu nại\nđông người"']),  # quoted, two lines
        sep.join(["2", "", "02", "Tố cáo"]),
    ]
    text = "\r\n".join(lines) + "\r\n"
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def cell(grid: Grid, excel_row: int, col: int):
    index = next(i for i in range(len(grid.rows)) if grid.row_number(i) == excel_row)
    return grid.rows[index][col]


# --- workbooks -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_workbook_grid(tmp_path, fmt):
    path = write_xlsx(tmp_path / "a.xlsx") if fmt == "xlsx" else write_xls(tmp_path / "a.xls")
    grids = read_grids(path, rel_path=f"2020/hdnd/a.{fmt}")
    assert [g.sheet for g in grids][:2] == (
        ["Tiếp dân", "Hướng dẫn"] if fmt == "xlsx" else ["Tiep dan", "Huong dan"]
    )
    g = grids[0]
    assert g.kind == fmt
    assert g.file == f"2020/hdnd/a.{fmt}"
    assert g.first_row == 1 and g.row_numbers is None
    # Title block kept in place: row numbers are Excel's.
    assert cell(g, 1, 0) == TITLE[0]
    assert cell(g, 3, 0) == TITLE[2]
    assert all(v is None for v in g.rows[3])  # blank row 4
    assert g.rows[HEADER_ROW - 1] == HEADER
    assert g.rows[HEADER_ROW] == [1, 2, 3, 4]
    assert all(type(v) is int for v in g.rows[HEADER_ROW])
    # text stays text
    assert cell(g, 7, 2) == "3.372"
    assert cell(g, 8, 2) == "02"
    assert cell(g, 7, 0) == "1"
    assert cell(g, 7, 1) in (dt.date(2020, 2, 3), dt.datetime(2020, 2, 3))
    assert cell(g, 8, 1) is None  # merged: only the top-left cell holds a value
    assert cell(g, 10, 2) == 2.5
    assert cell(g, 10, 3) == 7 and type(cell(g, 10, 3)) is int
    # rectangular
    assert len({len(r) for r in g.rows}) == 1
    assert (6, 1, 7, 1) in g.merged
    assert (0, 0, 0, 3) in g.merged and (2, 0, 2, 3) in g.merged


def test_xlsx_formula_cached_value(tmp_path):
    g = read_grids(write_xlsx(tmp_path / "a.xlsx"))[0]
    assert cell(g, 9, 0) == "Tổng cộng"
    assert cell(g, 9, 2) == 3374


def test_xlsx_extra_sheets(tmp_path):
    grids = read_grids(write_xlsx(tmp_path / "a.xlsx"))
    assert len(grids) == 3
    assert grids[2].rows == [] and grids[2].width == 0
    assert grids[1].rows == [["Sheet with no register"]]


def test_read_grids_accepts_source_file(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx")
    src = SourceFile(
        path=path,
        rel_path="2020/hdnd/a.xlsx",
        year=2020,
        office="hdnd",
        sha256="0" * 64,
        size=path.stat().st_size,
        suffix=".xlsx",
    )
    assert read_grids(src)[0].file == "2020/hdnd/a.xlsx"


def test_xlsx_hidden_sheet_flag(tmp_path):
    path = tmp_path / "h.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Visible").write(0, 0, "a")
    hidden = wb.add_worksheet("Old copy")
    hidden.write(0, 0, "b")
    hidden.hide()
    wb.close()
    grids = read_grids(path)
    assert [(g.sheet, g.visible) for g in grids] == [("Visible", True), ("Old copy", False)]


def test_xlsx_does_not_modify_file(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    read_grids(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_xlsx_with_xls_name_is_read_by_content(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx").rename(tmp_path / "misnamed.xls")
    grids = read_grids(path)
    assert grids[0].kind == "xlsx"
    assert cell(grids[0], 7, 2) == "3.372"


# --- CSV -------------------------------------------------------------------


@pytest.mark.parametrize(
    "bom, sep",
    [(True, ";"), (False, ";"), (True, ","), (False, ",")],
)
def test_csv_grid(tmp_path, bom, sep):
    path = write_csv(tmp_path / "tiep-dan.csv", bom=bom, sep=sep)
    grids = read_grids(path)
    assert len(grids) == 1
    g = grids[0]
    assert g.kind == "csv" and g.sheet == "tiep-dan" and g.notices == []
    assert g.rows[0][0] == TITLE[0]  # no BOM left in the first cell
    assert cell(g, HEADER_ROW, 0) == "STT"
    assert cell(g, HEADER_ROW, 3) == "Phân loại"
    assert cell(g, 6, 0) == "(1)"
    # the multi-line record starts on line 7 and ends on line 8,
    # so the next record is line 9
    assert cell(g, 7, 2) == "3.372"
    assert cell(g, 7, 3) == "Khiếu nại\nđông người"
    assert cell(g, 9, 0) == "2"
    assert cell(g, 9, 1) is None
    assert cell(g, 9, 2) == "02"
    assert g.row_numbers == [1, 2, 3, 4, 5, 6, 7, 9]
    assert all(v is None or isinstance(v, str) for row in g.rows for v in row)
    assert len({len(r) for r in g.rows}) == 1


_TONE_BYTES = {"\u0300": b"\xcc", "\u0309": b"\xd2", "\u0303": b"\xde", "\u0301": b"\xec", "\u0323": b"\xf2"}


def windows_1258(text: str) -> bytes:
    """What Excel's "CSV" writes on Vietnamese Windows: letters the code page has as
    one byte, the others as the letter without its tone plus a combining tone byte."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = next(c for c in parts if c in _TONE_BYTES)
            out += unicodedata.normalize("NFC", parts.replace(tone, "")).encode("cp1258") + _TONE_BYTES[tone]
    return out


@pytest.mark.parametrize(
    "encoding, notice",
    [
        ("utf-8", None),
        ("utf-8-sig", None),
        ("utf-16", "UTF-16"),  # Python writes the BOM, little-endian
        ("utf-16-be+bom", "UTF-16"),
        ("cp1258", "Windows-1258"),
    ],
)
def test_csv_in_each_encoding_excel_writes(tmp_path, encoding, notice):
    reference = read_grids(write_csv(tmp_path / "ref.csv", bom=False))[0]
    text = write_csv(tmp_path / "x.csv", bom=False).read_text(encoding="utf-8")
    data = {
        "utf-16-be+bom": lambda: b"\xfe\xff" + text.encode("utf-16-be"),
        "cp1258": lambda: windows_1258(text),
    }.get(encoding, lambda: text.encode(encoding))()
    path = tmp_path / "tiep-dan.csv"
    path.write_bytes(data)
    g = read_grids(path)[0]
    assert g.rows == reference.rows and g.row_numbers == reference.row_numbers
    assert (g.notices == []) if notice is None else (len(g.notices) == 1 and notice in g.notices[0])
    if encoding == "cp1258":
        assert b"\xf2" in data  # "Tiếp" -> "Tiê" + combining acute: the tones really are separate bytes


def test_csv_text_comes_out_nfc(tmp_path):
    path = tmp_path / "nfd.csv"
    path.write_bytes(unicodedata.normalize("NFD", "Ngày tiếp;Phân loại\r\n03/02/2020;Khiếu nại\r\n").encode("utf-8"))
    g = read_grids(path)[0]
    assert g.rows == [["Ngày tiếp", "Phân loại"], ["03/02/2020", "Khiếu nại"]]
    assert all(unicodedata.is_normalized("NFC", v) for row in g.rows for v in row)


def test_excel_unicode_text_export_is_read_like_a_csv(tmp_path):
    text = "\t".join(HEADER) + "\r\n" + "\t".join(["1", "03/02/2020", "3.372", '"Khiếu nại\tđông người"']) + "\r\n"
    path = tmp_path / "Tiep dan.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    g = read_grids(path)[0]
    assert g.kind == "csv" and g.sheet == "Tiep dan"
    assert g.rows == [HEADER, ["1", "03/02/2020", "3.372", "Khiếu nại\tđông người"]]
    assert "UTF-16" in g.notices[0] and "Unicode Text" in g.notices[0]


def test_vni_typed_csv_in_windows_1252_is_read_for_the_sheet_to_convert(tmp_path):
    from pipeline.vi.legacy_text import decode_legacy_rows, unicode_to_vni

    text = "Ngày tiếp;Họ và tên;Phân loại\r\n03/02/2020;Nguyễn Văn Phước;Khiếu nại\r\n04/02/2020;Lê Thị Thoa;Tố cáo\r\n"
    path = tmp_path / "vni.csv"
    path.write_bytes(unicode_to_vni(text).encode("cp1252"))
    g = read_grids(path)[0]
    assert "Windows-1252" in g.notices[0] and "VNI" in g.notices[0]
    assert g.rows[0][0] == "Ngaøy tieáp"  # read as the bytes are; the sheet converts it
    assert decode_legacy_rows(g.rows).rows[1] == ["03/02/2020", "Nguyễn Văn Phước", "Khiếu nại"]


@pytest.mark.parametrize(
    "data, words",
    [
        ("Nazwisko;Miasto\r\nZażółć gęślą;Łódź\r\n".encode("cp1250"), "không xác định được bảng mã"),
        ("Nom;Ville\r\nCafé à côté;São Paulo\r\n".encode("cp1252"), "không xác định được bảng mã"),
        ("Ngày;Nội dung\r\n03/02/2020;Khiếu nại\r\n".encode() + windows_1258("04/02/2020;Tố cáo\r\n"),
         "dòng 3"),  # UTF-8 with lines pasted from a Windows-1258 file
        ("Ngày;Nội dung\r\n".encode("utf-16-le"), "BOM"),  # UTF-16 without its BOM
        (b"\xef\xbb\xbfNg\xe0y;S\xe1\r\n", "BOM UTF-8"),
        ("名前;住所\r\n".encode("iso2022_jp"), "ESC"),  # ISO-2022-JP: ASCII bytes with ESC shifts
    ],
)
def test_csv_whose_encoding_cannot_be_told_is_an_error_naming_it(tmp_path, data, words):
    path = tmp_path / "so tiep dan.csv"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as err:
        read_grids(path, "2020/hdnd/so tiep dan.csv")
    message = str(err.value)
    assert "2020/hdnd/so tiep dan.csv" in message and words in message
    assert "CSV UTF-8" in message


def test_csv_row_numbers_with_blank_lines(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text('a,b\n\n1,"x\ny\nz"\n2,w\n', encoding="utf-8")
    g = read_grids(path)[0]
    assert g.row_numbers == [1, 2, 3, 6]
    assert g.rows[3] == ["2", "w"]


# --- errors ----------------------------------------------------------------


def test_truncated_xlsx(tmp_path):
    good = write_xlsx(tmp_path / "a.xlsx")
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(good.read_bytes()[:300])
    with pytest.raises(UnreadableFile, match="cut.xlsx") as err:
        read_grids(bad)
    assert "hỏng" in str(err.value)


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("noise.xlsx", b"this is not a workbook at all", "hỏng"),
        ("noise.xls", b"\x00\x01\x02\x03" * 100, "hỏng"),
        ("empty.xlsx", b"", "hỏng"),
        ("web.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "HTML"),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 600
            + "EncryptedPackage".encode("utf-16-le"),
            "mật khẩu",
        ),
        ("broken-ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "hỏng"),
        ("report.pdf", b"%PDF-1.4", "không được hỗ trợ"),
        ("binary.csv", b"PK\x03\x04\x00\x00\x00binary", "không phải văn bản"),
    ],
)
def test_unreadable_files(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as err:
        read_grids(path)
    assert name in str(err.value)
    assert words in str(err.value)
    assert err.value.path == path


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFile, match="không tồn tại"):
        read_grids(tmp_path / "nope.xlsx")


# --- discovery -------------------------------------------------------------


def make_tree(raw: Path) -> None:
    for rel in [
        "2020/hdnd/so-tiep-dan.xlsx",
        "2020/hdnd/~$so-tiep-dan.xlsx",
        "2020/hdnd/.DS_Store",
        "2020/hdnd/ghi-chu.pdf",
        "2020/doan-dbqh/don thu.csv",
        "2020/doan-dbqh/thang 1/don.xls",
        "2020/hdnd/txct (unicode text).txt",
        "2021/doan-dbqh-hdnd/bao-cao.XLSX",
        "2020/vp-ubnd/x.xlsx",
        "cu/2019/hdnd/y.xlsx",
        "2020/readme.txt",
        "notes.txt",
    ]:
        p = raw / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(rel.encode())
    (raw / ".git").mkdir()


def test_discover(tmp_path):
    raw = tmp_path / "raw"
    make_tree(raw)
    files, notices = discover(raw)
    assert [f.rel_path for f in files] == [
        "2020/doan-dbqh/don thu.csv",
        "2020/doan-dbqh/thang 1/don.xls",
        "2020/hdnd/so-tiep-dan.xlsx",
        "2020/hdnd/txct (unicode text).txt",
        "2021/doan-dbqh-hdnd/bao-cao.XLSX",
    ]
    first = files[0]
    assert first.year == 2020 and first.office == "doan-dbqh"
    assert first.path == raw / "2020/doan-dbqh/don thu.csv"
    assert first.suffix == ".csv"
    assert first.size == len(b"2020/doan-dbqh/don thu.csv")
    assert first.sha256 == hashlib.sha256(b"2020/doan-dbqh/don thu.csv").hexdigest()
    assert files[3].suffix == ".txt"
    assert (
        files[4].suffix == ".xlsx" and files[4].office == "doan-dbqh-hdnd" and files[4].year == 2021
    )
    text = "\n".join(map(str, notices))
    unread = {s.path for s in notices if s.unread}
    assert unread == {"2020/hdnd/ghi-chu.pdf", "2020/vp-ubnd/x.xlsx", "cu/2019/hdnd/y.xlsx", "2020/readme.txt", "notes.txt"}
    for skipped in [
        "~$so-tiep-dan.xlsx",
        ".DS_Store",
        "ghi-chu.pdf",
        "vp-ubnd",
        "cu",
        "readme.txt",
        "notes.txt",
    ]:
        assert skipped in text, skipped
    assert ".git" not in text


def test_discover_missing_dir(tmp_path):
    with pytest.raises(UnreadableInput) as err:
        discover(tmp_path / "nowhere")
    assert "nowhere" in str(err.value)


def test_discover_then_read(tmp_path):
    raw = tmp_path / "raw"
    write_xlsx((raw / "2020" / "hdnd").mkdir(parents=True) or raw / "2020" / "hdnd" / "a.xlsx")
    write_csv(
        (raw / "2020" / "doan-dbqh").mkdir(parents=True) or raw / "2020" / "doan-dbqh" / "b.csv"
    )
    files, notices = discover(raw)
    assert notices == []
    grids = [g for f in files for g in read_grids(f)]
    assert {g.file for g in grids} == {"2020/hdnd/a.xlsx", "2020/doan-dbqh/b.csv"}
    assert all(cell(g, 7, 2) == "3.372" for g in grids if g.sheet in ("Tiếp dân", "b"))


def test_csv_sep_hint_line(tmp_path):
    path = tmp_path / "hint.csv"
    path.write_bytes(b"\xef\xbb\xbfsep=;\r\nNg\xc3\xa0y;S\xe1\xbb\x91\r\n03/02/2020;1.729\r\n")
    g = read_grids(path)[0]
    assert g.rows == [["Ngày", "Số"], ["03/02/2020", "1.729"]]
    assert g.row_numbers == [2, 3]


def test_csv_comma_title_line_does_not_fool_sniffer(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "Đồng Tháp, ngày 31 tháng 12 năm 2020\nNgày;Nội dung;Số\n03/02/2020;a;1\n04/02/2020;b;2\n",
        encoding="utf-8",
    )
    g = read_grids(path)[0]
    assert g.rows[1] == ["Ngày", "Nội dung", "Số"]
    assert g.rows[0][0] == "Đồng Tháp, ngày 31 tháng 12 năm 2020"
