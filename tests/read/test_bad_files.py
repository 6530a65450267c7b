"""Bad files and bad rows (issue 5): every case is built here, next to one good
register, and run end to end. Each gives one clear message naming the file
(and sheet, row, column where there is one); the good file's figures are
still computed; ``strict=True`` / ``--strict`` stops with the file's name.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from builders import (
    GOOD,
    GOOD_ROWS,
    HEADER,
    far_cell_xlsx_bytes,
    messages,
    petitions_sheet,
    run,
    value,
    write_xlsx,
)

from pipeline import config
from pipeline.read.files import UnreadableFile
from pipeline.samplegen.tcvn3 import to_tcvn3


def assert_good_file_counted(result, received=4):
    assert value(result, "petitions.received") == received
    assert value(result, "petitions.forwarded") == 1
    acc = result.accounting
    good = acc[acc.file == GOOD]
    assert len(good) == 1 and good["accepted"].iloc[0] == received


def assert_accounting_balances(result):
    acc = result.accounting
    parts = acc[["accepted", "rejected", "total_rows", "blank_rows", "ignored_rows"]].sum(axis=1)
    assert (acc["rows_read"] == parts).all(), acc


def good_xlsx_bytes(tmp_path: Path) -> bytes:
    return write_xlsx(tmp_path / "scratch" / "good.xlsx", {"Đơn": petitions_sheet()}).read_bytes()


# --------------------------------------------------------------------------- files the reader refuses


def _encrypted_bytes() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE container
    holding an ``EncryptedPackage`` stream (directory names in UTF-16)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600


def _zip_bomb_bytes(tmp_path: Path, padding_mb: int = 24) -> bytes:
    """A real workbook whose sheet XML is padded with megabytes of spaces
    (legal XML whitespace): tiny on disk, huge once inflated."""
    src = zipfile.ZipFile(io.BytesIO(good_xlsx_bytes(tmp_path)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b" " * (padding_mb << 20) + b"</worksheet>")
            dst.writestr(info.filename, data)
    return out.getvalue()


REFUSED = {
    # case id: (file name under 2020/hdnd, bytes builder, words the message must hold)
    "corrupt": ("hong.xlsx", lambda tp: b"this is not a workbook at all" * 20, ["hỏng"]),
    "truncated": ("cut.xlsx", lambda tp: good_xlsx_bytes(tp)[:700], ["hỏng"]),
    "password": ("mat khau.xlsx", lambda tp: _encrypted_bytes(), ["mật khẩu"]),
    "empty-file": ("rong.xlsx", lambda tp: b"", ["trống"]),
    "html-as-xls": (
        "web export.xls",
        lambda tp: b"\xef\xbb\xbf<html><head><meta charset='utf-8'></head><body><table><tr><td>Ng\xc3\xa0y</td></tr></table></body></html>",
        ["HTML", ".xlsx"],
    ),
    "xml2003-as-xls": (
        "xml.xls",
        lambda tp: b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
        ["XML 2003"],
    ),
    "pdf-as-xlsx": ("bao cao.xlsx", lambda tp: b"%PDF-1.4\n" + bytes(range(256)) * 4, ["hỏng"]),
    "zip-bomb": ("bomb.xlsx", _zip_bomb_bytes, ["tỉ lệ nén", "VP_MAX_ZIP_RATIO"]),
    "far-cell": ("xa.xlsx", far_cell_xlsx_bytes, ["VP_MAX_SHEET_CELLS", "20.000.000"]),
}


def _empty_workbook(path: Path) -> None:
    write_xlsx(path, {"Sheet1": [], "Sheet2": []})


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_file_is_one_error_and_the_run_goes_on(raw, tmp_path, case):
    name, build, words = REFUSED[case]
    rel = f"2020/hdnd/{name}"
    (raw / rel).write_bytes(build(tmp_path))
    started = time.perf_counter()
    result = run(raw, tmp_path)
    assert time.perf_counter() - started < 30, "a bad file must never hang the run"
    assert len(result.failures) == 1
    failure = result.failures[0]
    assert rel in failure, failure
    for w in words:
        assert w in failure, failure
    assert messages(result, "error") == [failure]
    assert messages(result, "error", file=rel) == [failure]
    assert_good_file_counted(result)
    assert_accounting_balances(result)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_file_stops_a_strict_run_naming_it(raw, tmp_path, case):
    name, build, _ = REFUSED[case]
    (raw / "2020/hdnd" / name).write_bytes(build(tmp_path))
    with pytest.raises(UnreadableFile) as err:
        run(raw, tmp_path, strict=True)
    assert f"2020/hdnd/{name}" in str(err.value)


def test_empty_workbook_is_refused(raw, tmp_path):
    _empty_workbook(raw / "2020/hdnd/trong.xlsx")
    result = run(raw, tmp_path)
    assert result.failures == [
        "Không đọc được tệp 2020/hdnd/trong.xlsx: bảng tính trống: không trang nào có dữ liệu — empty workbook"
    ]
    assert_good_file_counted(result)


def test_empty_sheet_beside_a_register_is_a_notice(tmp_path):
    root = tmp_path / "raw"
    write_xlsx(root / GOOD, {"Đơn 2020": petitions_sheet(), "Trống": []})
    result = run(root, tmp_path)
    assert result.failures == []
    notes = result.notices[(result.notices.file == GOOD) & (result.notices.sheet == "Trống")]
    assert "trang 'Trống' trống, bỏ qua — empty sheet" in notes["message"].tolist()
    assert_good_file_counted(result)


def test_file_too_large_is_refused_with_the_limit(raw, tmp_path, monkeypatch):
    big = raw / "2020/hdnd/lon.csv"
    big.write_bytes(b"a;b\n" + b"x;y\n" * 400_000)  # 1.6 MB
    monkeypatch.setenv("VP_MAX_FILE_MB", "1")
    result = run(raw, tmp_path)
    assert len(result.failures) == 1
    msg = result.failures[0]
    assert "2020/hdnd/lon.csv" in msg and "quá lớn" in msg and "1 MB" in msg and "VP_MAX_FILE_MB" in msg
    assert_good_file_counted(result)


def test_uncompressed_total_beyond_the_limit_is_refused(raw, tmp_path, monkeypatch):
    (raw / "2020/hdnd/bomb.xlsx").write_bytes(_zip_bomb_bytes(tmp_path, padding_mb=6))
    monkeypatch.setenv("VP_MAX_ZIP_RATIO", "1000000")
    monkeypatch.setenv("VP_MAX_UNCOMPRESSED_MB", "4")
    result = run(raw, tmp_path)
    assert len(result.failures) == 1
    msg = result.failures[0]
    assert "2020/hdnd/bomb.xlsx" in msg and "giới hạn 4 MB" in msg and "VP_MAX_UNCOMPRESSED_MB" in msg
    assert_good_file_counted(result)


def test_limits_can_be_raised(raw, tmp_path, monkeypatch):
    """A legitimate but unusual file passes once the office raises the limit."""
    (raw / "2020/hdnd/bomb.xlsx").write_bytes(_zip_bomb_bytes(tmp_path, padding_mb=12))
    monkeypatch.setenv("VP_MAX_ZIP_RATIO", "100000")
    result = run(raw, tmp_path)
    assert result.failures == []
    # the padded copy holds the same sheet: its rows are counted once
    assert value(result, "petitions.received") == 4


def test_bad_limit_values_keep_the_defaults(monkeypatch):
    from pipeline.read.limits import Limits, current_limits

    for bad in ("", "abc", "0", "-5"):
        monkeypatch.setenv("VP_MAX_FILE_MB", bad)
        assert current_limits().max_file_bytes == Limits().max_file_bytes


# --------------------------------------------------------------------------- files read with a notice


def test_csv_saved_as_xls_is_read_as_csv(raw, tmp_path):
    text = "Ngày đăng;Loại;Tiêu đề\n02/03/2020;Tin;Kỳ họp thứ 10\n05/03/2020;Văn bản;Nghị quyết 12\n"
    (raw / "2020/hdnd/Export_web.xls").write_bytes(text.encode("utf-8"))
    result = run(raw, tmp_path)
    assert result.failures == []
    assert any("thực chất là văn bản CSV" in m for m in messages(result, file="2020/hdnd/Export_web.xls"))
    assert value(result, "web.news") == 1 and value(result, "web.documents") == 1
    assert_good_file_counted(result)


def test_unknown_format_is_skipped_with_a_notice(raw, tmp_path):
    (raw / "2020/hdnd/bao cao.pdf").write_bytes(b"%PDF-1.4")
    (raw / "2020/hdnd/ghi chu.docx").write_bytes(b"PK\x03\x04")
    result = run(raw, tmp_path)
    assert result.failures == []
    # not read, so a warning that names the file and says what to do; --strict fails on it
    warned = messages(result, "warning")
    assert any(m.startswith("không phải tệp sổ theo dõi (.pdf;") and "chuyển tệp này ra khỏi" in m for m in warned)
    assert any(m.startswith("không phải tệp sổ theo dõi (.docx;") for m in warned)
    assert {s.path for s in result.skipped if s.unread} == {"2020/hdnd/bao cao.pdf", "2020/hdnd/ghi chu.docx"}
    assert_good_file_counted(result)


def test_unknown_format_is_refused_when_read_directly(tmp_path):
    from pipeline.read.files import read_grids

    path = tmp_path / "bao cao.ods"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnreadableFile, match=r"bao cao.ods: định dạng '.ods' không được hỗ trợ"):
        read_grids(path)


def test_tcvn3_sheet_is_converted_with_a_notice(raw, tmp_path):
    rows = [
        [to_tcvn3("TRANG THÔNG TIN ĐIỆN TỬ HĐND TỈNH")],
        [to_tcvn3(h) for h in ("Ngày đăng", "Loại", "Tiêu đề")],
        ["02/03/2020", to_tcvn3("Tin, bài"), to_tcvn3("Kỳ họp thứ mười")],
        ["05/03/2020", to_tcvn3("Văn bản"), to_tcvn3("Nghị quyết về đầu tư công")],
        ["09/03/2020", to_tcvn3("Tin, bài"), to_tcvn3("Tiếp xúc cử tri")],
    ]
    write_xlsx(raw / "2020/hdnd/Trang tin.xlsx", {"Tin bài": rows})
    result = run(raw, tmp_path)
    notes = messages(result, file="2020/hdnd/Trang tin.xlsx")
    assert any("TCVN3" in m and "Unicode" in m for m in notes), notes
    assert value(result, "web.news") == 2 and value(result, "web.documents") == 1
    titles = set(result.tables["web_posts"]["title"])
    assert "Kỳ họp thứ mười" in titles
    assert_good_file_counted(result)


# --------------------------------------------------------------------------- sheets and registers


def test_header_missing_a_required_column_names_it(raw, tmp_path):
    header = [h for h in HEADER if h != "Hướng xử lý"]
    rows = [r[:-1] for r in GOOD_ROWS]
    write_xlsx(raw / "2020/hdnd/thieu cot.xlsx", {"Đơn quý 1": petitions_sheet(rows, header)})
    result = run(raw, tmp_path)
    n = result.notices
    hit = n[(n.file == "2020/hdnd/thieu cot.xlsx") & (n.sheet == "Đơn quý 1")]
    assert hit["message"].tolist() == [
        "Sheet giống «Sổ tiếp nhận, xử lý đơn» nhưng thiếu cột bắt buộc: Hướng xử lý. Bỏ qua sheet. "
        "Thêm cột này vào sổ, hoặc khai báo tên cột của văn phòng trong data/specs/registers.toml "
        "(xem: python -m pipeline inspect TỆP)."
    ]
    assert hit["level"].tolist() == ["warning"]
    assert_good_file_counted(result)


def test_register_in_two_files_is_combined_and_both_are_named(raw, tmp_path):
    more = [[5, "01/07/2020", "Võ Văn Em", "", "Khiếu nại", "Đòi bồi thường", "Lưu đơn"]]
    write_xlsx(raw / "2020/hdnd/Don 6 thang cuoi.xlsx", {"Đơn": petitions_sheet(more)})
    result = run(raw, tmp_path)
    combined = [m for m in messages(result, "info") if "ghép từ 2 nơi" in m]
    assert combined == [
        "2020 hdnd: «Sổ tiếp nhận, xử lý đơn» ghép từ 2 nơi: "
        "2020/hdnd/Don 6 thang cuoi.xlsx › Đơn; 2020/hdnd/So don thu 2020.xlsx › Đơn 2020"
    ]
    assert value(result, "petitions.received") == 5


def test_same_file_copied_twice_counts_once(raw, tmp_path):
    copy = raw / "2020/hdnd/So don thu 2020_copy.xlsx"
    copy.write_bytes((raw / GOOD).read_bytes())
    result = run(raw, tmp_path)
    dup = messages(result, "warning", file="2020/hdnd/So don thu 2020_copy.xlsx")
    assert dup == ["Tệp trùng nội dung với «2020/hdnd/So don thu 2020.xlsx»: chỉ tính một lần."]
    assert_good_file_counted(result)
    assert len(result.sources) == 2  # both listed with their hash


def test_same_sheet_saved_in_two_workbooks_counts_once(raw, tmp_path):
    # not byte-identical (another sheet beside it), same rows
    write_xlsx(raw / "2020/hdnd/Ban sao.xlsx", {"Đơn 2020": petitions_sheet(), "Ghi chú": [["ghi chú"]]})
    result = run(raw, tmp_path)
    assert any("lặp lại nguyên văn" in m for m in messages(result, "warning"))
    assert value(result, "petitions.received") == 4


def test_rows_dated_outside_the_folder_year_are_rejected(raw, tmp_path):
    rows = [*GOOD_ROWS, [5, "28/12/2019", "Đỗ Văn Giang", "", "Khiếu nại", "Đất đai", "Lưu đơn"]]
    write_xlsx(raw / GOOD, {"Đơn 2020": petitions_sheet(rows)})
    result = run(raw, tmp_path)
    rej = result.rejects
    assert rej.to_dict("records") == [
        {"file": GOOD, "sheet": "Đơn 2020", "row": 8, "column": "Ngày nhận đơn",
         "value": "28/12/2019", "reason": "ngày ngoài năm 2020 của thư mục"}
    ]
    assert_good_file_counted(result)
    acc = result.accounting.iloc[0]
    assert (acc.rows_read, acc.accepted, acc.rejected) == (5, 4, 1)
    assert value(result, "petitions.received", year=2019) is None


def test_bad_rows_are_rejected_with_file_sheet_row_column(raw, tmp_path):
    rows = [
        *GOOD_ROWS,
        [5, "31/02/2020", "Đỗ Văn Giang", "", "Khiếu nại", "Đất đai", "Lưu đơn"],
        [6, "01/06/2020", "Đỗ Thị Hoa", "", "Đơn lạ", "Đất đai", "Lưu đơn"],
    ]
    write_xlsx(raw / GOOD, {"Đơn 2020": petitions_sheet(rows)})
    result = run(raw, tmp_path)
    got = result.rejects[["row", "column", "value"]].to_dict("records")
    assert got == [
        {"row": 8, "column": "Ngày nhận đơn", "value": "31/02/2020"},
        {"row": 9, "column": "Loại đơn", "value": "Đơn lạ"},
    ]
    assert (result.rejects["file"] == GOOD).all() and (result.rejects["sheet"] == "Đơn 2020").all()
    assert_good_file_counted(result)
    assert_accounting_balances(result)


# --------------------------------------------------------------------------- everything at once, and the CLI


def _all_bad(raw: Path, tmp_path: Path) -> None:
    for name, build, _ in REFUSED.values():
        (raw / "2020/hdnd" / name).write_bytes(build(tmp_path))
    _empty_workbook(raw / "2020/hdnd/trong.xlsx")
    (raw / "2020/hdnd/bao cao.pdf").write_bytes(b"%PDF-1.4")


def test_every_bad_file_at_once_still_gives_the_good_figures(raw, tmp_path):
    _all_bad(raw, tmp_path)
    result = run(raw, tmp_path)
    assert len(result.failures) == len(REFUSED) + 1
    for name in [*(n for n, _, _ in REFUSED.values()), "trong.xlsx"]:
        assert sum(f"2020/hdnd/{name}:" in f for f in result.failures) == 1, name
    assert_good_file_counted(result)
    assert_accounting_balances(result)


def _cli(raw: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "--no-cache", *extra],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=120,
        env={**os.environ, "VP_SECRETS_DIR": str(out.parent / "secrets")},
    )


def test_cli_reports_bad_files_and_goes_on(raw, tmp_path):
    (raw / "2020/hdnd/hong.xlsx").write_bytes(b"not a workbook" * 10)
    out = tmp_path / "out"
    proc = _cli(raw, out)
    assert proc.returncode == 0, proc.stderr
    assert "lỗi tệp: Không đọc được tệp 2020/hdnd/hong.xlsx: tệp hỏng" in proc.stdout
    assert "Dòng: 4 đọc = 4 nhận + 0 loại" in proc.stdout
    assert (out / "indicators.csv").exists()


def test_cli_strict_stops_with_one_line_naming_the_file(raw, tmp_path):
    (raw / "2020/hdnd/mat khau.xlsx").write_bytes(_encrypted_bytes())
    out = tmp_path / "out"
    proc = _cli(raw, out, "--strict")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines == [
        "lỗi: Không đọc được tệp 2020/hdnd/mat khau.xlsx: tệp được đặt mật khẩu: hãy mở bằng Excel, "
        "bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại"
    ]
    assert not (out / "indicators.csv").exists()


def test_cli_missing_raw_folder(tmp_path):
    proc = _cli(tmp_path / "khong co", tmp_path / "out")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "không tồn tại" in proc.stderr
