"""A user's ordinary mistakes never silently change a published figure (issue 9).

Each case builds its input here: a wrong --raw folder, a misnamed office
folder, a register saved in the wrong place or format, Excel error cells,
--strict on an unchanged re-run, a bad --out, Ctrl-C, old or protected .xls
files, a closed pipe. Each gives one clear line (or a named list) and the
exit code in docs/trust.md; the previous outputs stay as they were.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
import xlwt
from builders import (
    GOOD,
    GOOD_ROWS,
    HEADER,
    far_cell_xlsx_bytes,
    petitions_sheet,
    run,
    value,
    write_xlsx,
)

from pipeline import cli, config
from pipeline.outputs.publish import (
    UnwritableOutput,
    check_output_dir,
    publish,
    recover_interrupted,
)
from pipeline.read.cells import ExcelError
from pipeline.read.files import UnreadableFile, read_grids


def cli_run(raw: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), *extra],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=180,
        env={**os.environ, "VP_SECRETS_DIR": str(out.parent / "secrets"), "VP_CACHE_DIR": str(out.parent / "cache"),
             **(env or {})},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def published(raw, tmp_path) -> Path:
    """A good run's outputs, to check that a bad run leaves them as they were."""
    out = tmp_path / "out"
    proc = cli_run(raw, out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    return out


# --------------------------------------------------------------------------- 1. wrong --raw folder


@pytest.mark.parametrize("strict", [(), ("--strict",)])
def test_year_folder_as_raw_is_refused_and_outputs_kept(raw, published, strict):
    before = snapshot(published)
    proc = cli_run(raw / "2020", published, *strict)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"lỗi: Không đọc được thư mục dữ liệu {raw / '2020'}: thư mục này chứa các thư mục văn phòng (hdnd) "
        f"chứ không phải thư mục năm: hãy chỉ --raw vào thư mục cha ({raw})"
    ]
    assert snapshot(published) == before


def test_empty_raw_folder_is_refused_and_outputs_kept(published, tmp_path):
    before = snapshot(published)
    empty = tmp_path / "trong"
    empty.mkdir()
    proc = cli_run(empty, published)
    assert proc.returncode == 2
    assert "thư mục trống: chưa có tệp nào theo cấu trúc <năm>/<văn phòng>/<tệp>" in proc.stderr
    assert snapshot(published) == before


def test_office_folder_as_raw_is_refused(raw, published):
    proc = cli_run(raw / "2020" / "hdnd", published)
    assert proc.returncode == 2
    assert "chứa trực tiếp các tệp sổ theo dõi: cần xếp theo <năm>/<văn phòng>/" in proc.stderr


def test_raw_with_office_folders_but_no_year_is_refused(tmp_path):
    root = tmp_path / "raw"
    write_xlsx(root / "hdnd" / "So don.xlsx", {"Đơn": petitions_sheet()})
    proc = cli_run(root, tmp_path / "out")
    assert proc.returncode == 2
    assert "mà không có thư mục năm: hãy xếp thành <năm>/<văn phòng>/" in proc.stderr
    assert not (tmp_path / "out" / "indicators.csv").exists()


# --------------------------------------------------------------------------- 2. files the run does not read


def test_office_folder_alias_is_read_with_a_note(tmp_path):
    root = tmp_path / "raw"
    write_xlsx(root / "2020" / "VP HĐND tỉnh Đồng Tháp" / "So don.xlsx", {"Đơn": petitions_sheet()})
    result = run(root, tmp_path)
    assert value(result, "petitions.received") == 4
    proc = cli_run(root, tmp_path / "out", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "Lưu ý: 2020/VP HĐND tỉnh Đồng Tháp: thư mục được hiểu là văn phòng «hdnd» (tên gọi khác; đã đọc 1 tệp)" in proc.stdout


def test_every_file_not_read_is_named_on_the_console(raw, tmp_path):
    write_xlsx(raw / "2020" / "VP UBND" / "a.xlsx", {"Đơn": petitions_sheet()})
    write_xlsx(raw / "2020" / "So don thu.xlsx", {"Đơn": petitions_sheet()})
    (raw / "2020" / "hdnd" / "So tiep dan.ods").write_bytes(b"PK\x03\x04")
    (raw / "2020" / "hdnd" / "So van ban.xlsb").write_bytes(b"PK\x03\x04")
    proc = cli_run(raw, tmp_path / "out", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Bỏ qua 4 tệp (không đọc, không tính vào số liệu):" in out
    assert ("  thư mục văn phòng «2020/VP UBND» không xác định (chỉ nhận doan-dbqh, hdnd, doan-dbqh-hdnd hoặc "
            "tên gọi khác khai báo trong offices.toml): không đọc; hãy đổi tên thư mục:\n    2020/VP UBND/a.xlsx") in out
    assert "tệp nằm ngay trong thư mục năm, ngoài thư mục văn phòng: không đọc; hãy chuyển vào 2020/doan-dbqh/" in out
    assert "    2020/So don thu.xlsx" in out
    assert "định dạng .ods không đọc được: hãy mở bằng Excel/LibreOffice và lưu lại dạng .xlsx:\n    2020/hdnd/So tiep dan.ods" in out
    assert "    2020/hdnd/So van ban.xlsb" in out
    assert "Đã đọc 1 tệp" in out


def test_many_files_not_read_are_cut_with_a_count(raw, tmp_path):
    for n in range(12):
        (raw / "2020" / "hdnd" / f"anh {n:02}.jpg").write_bytes(b"\xff\xd8")
    proc = cli_run(raw, tmp_path / "out", "--no-cache")
    assert "    … và 4 tệp khác" in proc.stdout


def test_strict_fails_on_a_file_not_read(raw, tmp_path):
    write_xlsx(raw / "2020" / "So don thu.xlsx", {"Đơn": petitions_sheet()})
    proc = cli_run(raw, tmp_path / "out", "--strict")
    assert proc.returncode == 2
    assert proc.stderr.startswith("lỗi: không đọc tệp 2020/So don thu.xlsx: tệp nằm ngay trong thư mục năm")
    assert not (tmp_path / "out" / "indicators.csv").exists()


def test_excel_lock_file_is_a_note_not_a_failure(raw, tmp_path):
    (raw / "2020" / "hdnd" / "~$So don thu 2020.xlsx").write_bytes(b"lock")
    proc = cli_run(raw, tmp_path / "out", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert "«So don thu 2020.xlsx» đang mở; số liệu lấy theo lần lưu cuối" in proc.stdout


def test_moving_a_file_to_another_office_folder_is_not_served_from_the_cache(raw, tmp_path):
    out = tmp_path / "out"
    assert cli_run(raw, out).returncode == 0
    target = raw / "2020" / "doan-dbqh" / "So don thu 2020.xlsx"
    target.parent.mkdir(parents=True)
    (raw / GOOD).rename(target)
    assert cli_run(raw, out).returncode == 0
    import pandas as pd

    ind = pd.read_csv(out / "indicators.csv")
    got = ind[(ind.indicator == "petitions.received") & (ind.year == 2020)].set_index("body")["value"]
    assert got.get("doan-dbqh") == 4 and "hdnd" not in got.index


# --------------------------------------------------------------------------- 3. Excel error cells


def _petitions_with_errors(path: Path) -> Path:
    """The good register with #DIV/0! in a required date and #REF! in the optional summary."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Đơn 2020")
    for r, row in enumerate(petitions_sheet()):
        for c, v in enumerate(row):
            if v not in (None, ""):
                ws.write(r, c, v)
    ws.write_formula(4, 1, "=1/0", None, "#DIV/0!")  # Excel row 5, Ngày nhận đơn
    ws.write_formula(5, 5, "=A1+#REF!", None, "#REF!")  # Excel row 6, Nội dung tóm tắt
    wb.close()
    return path


def _xls_with_errors(path: Path) -> Path:
    """Legacy .xls: a BOOLERR error cell and a FORMULA whose cached result is #DIV/0!."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Don 2020")
    for r, row in enumerate(petitions_sheet()):
        for c, v in enumerate(row):
            if v not in (None, "") and (r, c) not in ((4, 1), (5, 5)):
                sheet.write(r, c, v)
    sheet.row(4).set_cell_error(1, "#REF!")  # Excel row 5, Ngày nhận đơn (xlwt maps #VALUE! to the wrong code)
    sheet.write(5, 5, xlwt.Formula("1/0"))  # Excel row 6, Nội dung tóm tắt
    buffer = io.BytesIO()
    book.save(buffer)
    data = bytearray(buffer.getvalue())
    # xlwt stores no cached result: give the formula record the error Excel would have cached
    at = _find_formula_record(bytes(data), row=5, col=5)
    data[at + 10 : at + 18] = b"\x02\x00\x07\x00\x00\x00\xff\xff"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(data))
    return path


def _find_formula_record(data: bytes, row: int, col: int) -> int:
    import struct

    at = data.find(b"\x06\x00")
    while at >= 0:
        length, r, c = struct.unpack_from("<HHH", data, at + 2)
        if (r, c) == (row, col) and 20 <= length <= 64:
            return at
        at = data.find(b"\x06\x00", at + 1)
    raise AssertionError("formula record not found")


@pytest.mark.parametrize("builder, name", [(_petitions_with_errors, "So don.xlsx"), (_xls_with_errors, "So don.xls")])
def test_error_cells_reach_the_grid_as_errors(tmp_path, builder, name):
    grid = read_grids(builder(tmp_path / name))[0]
    assert isinstance(grid.rows[4][1], ExcelError) and isinstance(grid.rows[5][5], ExcelError)
    assert str(grid.rows[5][5]) in ("#REF!", "#DIV/0!")


def _patched_sheet_xml(path: Path, old: bytes, new: bytes) -> Path:
    src, out = zipfile.ZipFile(path), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            dst.writestr(info.filename, data)
    path.write_bytes(out.getvalue())
    return path


def test_picture_in_a_cell_is_not_an_error(tmp_path):
    """Excel stores a picture placed in a cell as #VALUE! with a rich-value index (vm="1") for old readers."""
    path = _petitions_with_errors(tmp_path / "anh.xlsx")
    _patched_sheet_xml(path, b'<c r="F6" t="e">', b'<c r="F6" t="e" vm="1">')
    grid = read_grids(path)[0]
    assert grid.rows[5][5] is None and isinstance(grid.rows[4][1], ExcelError)


def test_a_sheet_of_error_cells_is_not_empty(tmp_path):
    path = tmp_path / "loi.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Lỗi").write_formula(0, 0, "=1/0", None, "#DIV/0!")
    wb.close()
    assert read_grids(path)[0].rows == [[ExcelError("#DIV/0!")]]


@pytest.mark.parametrize("builder, name, code", [
    (_petitions_with_errors, "So don.xlsx", "#DIV/0!"), (_xls_with_errors, "So don.xls", "#REF!"),
])
def test_error_in_a_required_column_is_a_reject_naming_the_error(tmp_path, builder, name, code):
    root = tmp_path / "raw"
    builder(root / "2020" / "hdnd" / name)
    result = run(root, tmp_path)
    reject = result.rejects.iloc[0]
    assert len(result.rejects) == 1
    assert (reject["row"], reject["column"], reject["value"]) == (5, "Ngày nhận đơn", code)
    assert reject["reason"] == f"ô lỗi công thức Excel ({code}): sửa công thức trong tệp (hoặc nhập giá trị) rồi chạy lại"
    assert value(result, "petitions.received") == 3
    warning = [m for m in result.notices["message"] if "lỗi công thức" in m]
    assert len(warning) == 1 and warning[0].startswith("Cột «Nội dung tóm tắt»: 1 ô lỗi công thức Excel, coi như trống (F6 #")


def test_an_error_exported_to_csv_is_an_error_too(tmp_path):
    """Excel writes an error cell into a CSV export as its text: '#DIV/0!' is no date and no blank."""
    root = tmp_path / "raw"
    path = root / "2020" / "hdnd" / "So don.csv"
    path.parent.mkdir(parents=True)
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in GOOD_ROWS]
    lines[2] = lines[2].replace("15/02/2020", "#DIV/0!")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(root, tmp_path)
    assert result.rejects[["row", "column", "value"]].values.tolist() == [[3, "Ngày nhận đơn", "#DIV/0!"]]
    assert "lỗi công thức Excel" in result.rejects["reason"].iloc[0]


def test_error_in_an_optional_count_is_never_read_as_zero(tmp_path):
    """Citizen reception: Số người is optional (default 1); #N/A there is a reject, not 0 or 1 in the sum."""
    root = tmp_path / "raw"
    path = root / "2020" / "hdnd" / "Tiep dan.xlsx"
    path.parent.mkdir(parents=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tiếp dân")
    ws.write_row(0, 0, ["Ngày tiếp", "Hình thức tiếp", "Số người", "Họ và tên"])
    ws.write_row(1, 0, ["05/06/2020", "Thường xuyên", 3, "Nguyễn Văn An"])
    ws.write_row(2, 0, ["06/06/2020", "Định kỳ"])
    ws.write_formula(2, 2, "=NA()", None, "#N/A")
    ws.write(2, 3, "Trần Thị Bình")
    wb.close()
    result = run(root, tmp_path)
    assert result.rejects[["row", "column", "value"]].values.tolist() == [[3, "Số người", "#N/A"]]
    assert value(result, "reception.people") == 3
    assert value(result, "reception.visits") == 1


# --------------------------------------------------------------------------- 4. --strict on an unchanged re-run


def test_strict_means_the_same_on_an_unchanged_rerun(raw, tmp_path):
    (raw / "2020" / "hdnd" / "hong.xlsx").write_bytes(b"not a workbook" * 10)
    out = tmp_path / "out"
    assert cli_run(raw, out).returncode == 0
    proc = cli_run(raw, out, "--strict")
    assert proc.returncode == 2
    assert proc.stderr.startswith("lỗi: Không đọc được tệp 2020/hdnd/hong.xlsx: tệp hỏng")


def test_strict_rerun_fails_on_a_skipped_file_too(raw, tmp_path):
    (raw / "2020" / "hdnd" / "x.ods").write_bytes(b"PK")
    out = tmp_path / "out"
    assert cli_run(raw, out).returncode == 0
    proc = cli_run(raw, out, "--strict")
    assert proc.returncode == 2 and "2020/hdnd/x.ods" in proc.stderr


# --------------------------------------------------------------------------- 5. a bad --out


def test_out_that_is_a_file_is_refused_before_any_work(raw, tmp_path):
    target = tmp_path / "ket qua.csv"
    target.write_text("x")
    for out, words in [(target, "là một tệp"), (target / "sub", f"nằm dưới tệp {target}")]:
        started = time.perf_counter()
        proc = cli_run(raw, out)
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines() == [
            f"lỗi: Không ghi được vào thư mục kết quả {out}: {words}, không phải thư mục: hãy chọn --out khác"
        ]
        assert "Traceback" not in proc.stderr and time.perf_counter() - started < 30


def test_read_only_out_is_refused(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pipeline.outputs.publish.tempfile.TemporaryFile", denied)
    with pytest.raises(UnwritableOutput, match=r"không có quyền ghi \(Permission denied\): hãy chọn --out khác"):
        check_output_dir(tmp_path / "out")


# --------------------------------------------------------------------------- 6. Ctrl-C

_SLOW_RUN = """
import sys, time
from pipeline import cli, run
def slow(*args, **kwargs):
    print("bắt đầu", flush=True)
    time.sleep(60)
run.run_pipeline = slow
sys.exit(cli.main(["run", "--raw", sys.argv[1], "--out", sys.argv[2], "--no-cache"]))
"""

_SLOW_WORKERS = """
import sys, time
from pipeline import cli, run
from pipeline.clean import ingest
def slow(source, key, specs_dir):
    time.sleep(60)
def announce(*args, **kwargs):
    print("bắt đầu", flush=True)
    return ingest.read_and_ingest(*args, **kwargs)
ingest._ingest_in_worker = slow
run.read_and_ingest = announce
sys.exit(cli.main(["run", "--raw", sys.argv[1], "--out", sys.argv[2], "--no-cache"]))
"""


@pytest.mark.parametrize("script", [_SLOW_RUN, _SLOW_WORKERS], ids=["main", "workers"])
def test_ctrl_c_is_one_line_and_exit_130(raw, published, tmp_path, script):
    for n in range(3):  # enough files for worker processes
        write_xlsx(raw / "2020" / "hdnd" / f"copy {n}.xlsx", {f"Đơn {n}": petitions_sheet(GOOD_ROWS[: n + 1])})
    before = snapshot(published)
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(raw), str(published)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=config.PROJECT_ROOT,
        env={**os.environ, "VP_WORKERS": "2", "VP_SECRETS_DIR": str(tmp_path / "secrets")},
    )
    assert proc.stdout.readline().strip() == "bắt đầu"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.strip().splitlines() == [cli.INTERRUPTED]
    assert snapshot(published) == before


def test_interrupted_publish_rolls_back_and_leaves_nothing_behind(raw, published, tmp_path, monkeypatch):
    before = snapshot(published)
    result = run(raw, tmp_path)
    real, calls = os.replace, []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr("pipeline.outputs.publish.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish(result, published)
    assert snapshot(published) == before
    assert not list(published.glob(".staging-*")) and not list(published.glob(".old-*"))


def test_a_crashed_publish_is_recovered_at_the_next_run(published):
    """kill -9 mid-publish: .old-* holds replaced files, .staging-* the rest; both are undone."""
    before = snapshot(published)
    backup = published / ".old-abc123"
    backup.mkdir()
    os.replace(published / "indicators.csv", backup / "indicators.csv")
    (published / "indicators.csv").write_text("half-written new run")
    staging = published / ".staging-def456"
    (staging / "tables").mkdir(parents=True)
    (staging / "tables" / "big.parquet").write_bytes(b"x" * 1000)
    done = recover_interrupted(published)
    assert len(done) == 2
    assert snapshot(published) == before


# --------------------------------------------------------------------------- 7. old and protected .xls


def _xls_bytes() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Don")
    for r, row in enumerate(petitions_sheet()):
        for c, v in enumerate(row):
            if v not in (None, ""):
                sheet.write(r, c, v)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_password_protected_xls_says_so(tmp_path):
    data = _xls_bytes()
    # what Excel writes: a FILEPASS record in the workbook globals (here in place of INTERFACEHDR)
    assert data.count(b"\xe1\x00\x02\x00") == 1
    path = tmp_path / "mat khau.xls"
    path.write_bytes(data.replace(b"\xe1\x00\x02\x00", b"\x2f\x00\x02\x00"))
    with pytest.raises(UnreadableFile, match=r"mat khau.xls: tệp được đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu"):
        read_grids(path)


def test_excel_4_workbook_asks_to_be_saved_again(tmp_path):
    path = tmp_path / "so cu.xls"
    # BIFF4: a BOF record (type 0x0409, worksheet) and EOF, as Excel 4.0 wrote them
    path.write_bytes(b"\x09\x04\x06\x00\x00\x00\x10\x00\x00\x00" + b"\x0a\x00\x00\x00")
    with pytest.raises(UnreadableFile) as err:
        read_grids(path)
    assert "tệp Excel đời cũ (Excel 2.x–4.0, trước năm 1995)" in str(err.value)
    assert "«Lưu thành» (Save As) một tệp .xlsx mới" in str(err.value)


def test_workbook_calamine_cannot_open_asks_to_be_saved_again(tmp_path):
    """A valid package whose workbook part is not at xl/workbook.xml: Excel and openpyxl open it."""
    good = write_xlsx(tmp_path / "good.xlsx", {"Đơn": petitions_sheet()})
    src, out = zipfile.ZipFile(good), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name, data = info.filename, src.read(info)
            name = {"xl/workbook.xml": "xl/book.xml", "xl/_rels/workbook.xml.rels": "xl/_rels/book.xml.rels"}.get(name, name)
            if name in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"xl/workbook.xml", b"xl/book.xml")
            dst.writestr(name, data)
    path = tmp_path / "khac.xlsx"
    path.write_bytes(out.getvalue())
    import openpyxl

    assert openpyxl.load_workbook(path).sheetnames == ["Đơn"]
    with pytest.raises(UnreadableFile, match=r"Excel mở được nhưng bộ đọc thì không — hãy mở bằng Excel rồi «Lưu thành»"):
        read_grids(path)


# --------------------------------------------------------------------------- 8. the console summary


def test_console_names_each_warning_and_counts_only_files_read(raw, tmp_path):
    (raw / "2020" / "hdnd" / "hong.xlsx").write_bytes(b"not a workbook" * 10)
    header = [h for h in HEADER if h != "Hướng xử lý"]
    write_xlsx(raw / "2020" / "hdnd" / "thieu cot.xlsx", {"Đơn": [header, *[r[:-1] for r in GOOD_ROWS]]})
    proc = cli_run(raw, tmp_path / "out", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("Đã đọc 2 tệp (0 lấy từ bộ nhớ đệm), 1 sheet sổ theo dõi, năm 2020.\nKhông đọc được 1 tệp:\n")
    assert "  lỗi tệp: Không đọc được tệp 2020/hdnd/hong.xlsx: tệp hỏng" in out
    assert "Cảnh báo (1):\n  2020/hdnd/thieu cot.xlsx › Đơn: Sheet giống «Sổ tiếp nhận, xử lý đơn» nhưng thiếu cột bắt buộc: Hướng xử lý." in out


def test_too_many_cells_message_keeps_its_punctuation(raw, tmp_path):
    (raw / "2020" / "hdnd" / "xa.xlsx").write_bytes(far_cell_xlsx_bytes(tmp_path))
    result = run(raw, tmp_path)
    assert any(
        "trải tới dòng 1.048.576, cột 16384: khoảng 17.179.869.184 ô, quá giới hạn 20.000.000 ô (biến môi trường"
        in f for f in result.failures
    ), result.failures


# --------------------------------------------------------------------------- 9. check-report from the command line


def test_check_report_writes_its_table_beside_the_outputs_it_read(raw, tmp_path):
    out = tmp_path / "out"
    report = tmp_path / "bao cao.txt"
    report.write_text("Văn phòng HĐND tỉnh tiếp nhận 04 đơn.\n", encoding="utf-8")
    repo_csv = config.PROCESSED_DIR / "report-check-2020.csv"
    before = repo_csv.read_bytes() if repo_csv.exists() else None
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "check-report", str(report), "--year", "2020", "--raw", str(raw), "--out", str(out)],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=180,
        env={**os.environ, "VP_SECRETS_DIR": str(tmp_path / "secrets"), "VP_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "report-check-2020.csv").exists()
    assert (repo_csv.read_bytes() if repo_csv.exists() else None) == before


def test_check_report_without_outputs_names_real_options(tmp_path):
    """No outputs: the report is checked against itself (issue 11); the first line says so and
    names the real options for a check against the data."""
    report = tmp_path / "bao cao.txt"
    report.write_text("04 đơn.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "check-report", str(report), "--year", "2020", "--out", str(tmp_path / "none")],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.startswith("Không có số liệu") and "--raw" in first
    assert "--indicators" not in proc.stdout + proc.stderr and "Traceback" not in proc.stderr


def test_closed_pipe_ends_quietly(raw, tmp_path):
    """``… | head -1``: the reader is gone before the command writes (closed at once here)."""
    out = tmp_path / "out"
    assert cli_run(raw, out).returncode == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "compare", "--years", "2020", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=config.PROJECT_ROOT,
    )
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert proc.returncode == 141


def test_a_wide_cell_in_the_middle_of_a_long_sheet_is_caught(tmp_path):
    """2,000 rows with one stray cell at column XFD: 2,000 × 16,384 cells, beyond the limit by the column alone."""
    path = tmp_path / "rong.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Đơn")
    for r in range(2000):
        ws.write_row(r, 0, [r, "x"])
        if r == 1000:
            ws.write(r, 16383, "lạc")
    wb.close()
    with pytest.raises(UnreadableFile, match=r"trải tới dòng 2\.000, cột 16384: khoảng 32\.768\.000 ô, quá giới hạn"):
        read_grids(path)
