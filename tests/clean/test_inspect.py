"""``python -m pipeline inspect FILE``: how a file is read, sheet by sheet (issue 10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from builders import GOOD_ROWS, HEADER, NEAR_MISS_ALIASES, NEAR_MISS_HEADER, local, write_xlsx

from pipeline import config
from pipeline.clean.inspect import format_reports, inspect_file
from pipeline.specs.load import load_specs, package_specs


def inspect_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "inspect", *map(str, args)],
                          capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=120)


def near_miss_file(tmp_path: Path) -> Path:
    rows = [r[:] for r in GOOD_ROWS]
    rows[1][4] = "Khieu nai to cao"  # an unknown category: a reject with the closest variants
    return write_xlsx(tmp_path / "raw" / "2020" / "hdnd" / "So don.xlsx",
                      {"Đơn": [["SỔ ĐƠN THƯ"], [], NEAR_MISS_HEADER, *rows], "Ghi chú": [["Ghi chép riêng"]]})


def test_a_near_miss_sheet_shows_the_closest_register_and_headers(tmp_path):
    [sheet, notes] = inspect_file(near_miss_file(tmp_path), package_specs().schema)
    assert (sheet.status, sheet.register, sheet.header_rows) == ("thiếu cột", "petitions", [3])
    cells = {c.column: (c.written, c.key, c.closest) for c in sheet.cells}
    assert cells["B"] == ("Ngày nhận được đơn", None, ["Ngày nhận đơn", "Ngày nhận"])
    assert cells["C"] == ("Họ tên người gửi", "sender", [])
    assert [(m.key, m.closest) for m in sheet.missing] == [("received_date", ["Ngày nhận được đơn"]), ("action", [])]
    assert 'registers.petitions.columns = [{ key = "received_date", aliases = ["Ngày nhận được đơn"] }]' in sheet.hint
    assert notes.status == "không phải sổ"


def test_with_local_aliases_the_sheet_is_read_and_rows_and_rejects_shown(tmp_path):
    specs = load_specs(local(tmp_path, NEAR_MISS_ALIASES))
    [sheet, _] = inspect_file(near_miss_file(tmp_path), specs.schema)
    assert sheet.status == "nhận ra" and (sheet.year, sheet.office) == (2020, "hdnd")
    assert sheet.rows == {"rows_read": 4, "accepted": 3, "rejected": 1, "total_rows": 0, "blank_rows": 0, "ignored_rows": 0}
    assert sheet.first_rows[0]["dòng"] == 4 and sheet.first_rows[0]["received_date"] == "03/01/2020"
    assert sheet.first_rows[0]["sender"] == "***" and sheet.first_rows[0]["id_number"] == "***"
    [reject] = sheet.rejects
    assert (reject["row"], reject["column"], reject["value"]) == (5, "Loại đơn", "Khieu nai to cao")
    assert "gần nhất: «Khiếu nại», «Tố cáo»" in reject["reason"]


def test_terminal_output_is_aligned_and_holds_no_personal_data(tmp_path):
    path = near_miss_file(tmp_path)
    proc = inspect_cli(path, "--specs", local(tmp_path, NEAR_MISS_ALIASES))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Sheet «Đơn»: nhận ra — Sổ tiếp nhận, xử lý đơn (petitions)" in out
    assert "      B  Ngày nhận được đơn  → received_date" in out
    assert "      A  STT                 → không khớp" in out
    assert "Dòng: 4 đọc = 3 nhận + 1 loại" in out
    for row in GOOD_ROWS:
        assert row[2] not in out and (not row[3] or row[3] not in out)
    assert f"(đặc tả riêng đã dùng: {tmp_path / 'specs'}/registers.toml)" in out


def test_json_output_for_tools(tmp_path):
    proc = inspect_cli(near_miss_file(tmp_path), "--sheet", "Đơn", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [s["sheet"] for s in data["sheets"]] == ["Đơn"]
    assert data["sheets"][0]["missing"][0]["key"] == "received_date"


def test_a_file_outside_the_raw_tree_takes_its_year_from_its_dates(tmp_path):
    path = write_xlsx(tmp_path / "So don.xlsx", {"Đơn": [HEADER, *GOOD_ROWS]})
    [sheet] = inspect_file(path, package_specs().schema)
    assert (sheet.year, sheet.year_source, sheet.rows["accepted"]) == (2020, "theo ngày trong sổ", 4)
    assert "Năm: 2020 (theo ngày trong sổ)" in format_reports(path, [sheet])


def test_mistakes_give_one_line(tmp_path):
    path = near_miss_file(tmp_path)
    for args, words in [((tmp_path / "khong co.xlsx",), "không có tệp"), ((tmp_path,), "đây là thư mục"),
                        ((path, "--sheet", "Đơn 2021"), "không có sheet «Đơn 2021» (các sheet: Đơn, Ghi chú)")]:
        proc = inspect_cli(*args)
        assert proc.returncode == 2 and words in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
