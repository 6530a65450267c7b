"""Small builders of raw trees shared by the tests of bad files and user mistakes.

One good petitions register (4 rows, HĐND 2020) that each case puts its bad
input beside, and helpers to run the pipeline on a tree and read a figure.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from pipeline.run import run_pipeline

HEADER = ["STT", "Ngày nhận đơn", "Họ tên người gửi", "Số CCCD/CMND", "Loại đơn", "Nội dung tóm tắt", "Hướng xử lý"]
GOOD_ROWS = [
    [1, "03/01/2020", "Nguyễn Văn An", "087123456789", "Khiếu nại", "Tranh chấp đất đai", "Chuyển đơn"],
    [2, "15/02/2020", "Trần Thị Bình", "087198765432", "Tố cáo", "Tố cáo cán bộ xã", "Lưu đơn"],
    [3, "20/03/2020", "Lê Văn Cường", "", "Kiến nghị", "Kiến nghị làm đường", "Hướng dẫn"],
    [4, "11/05/2020", "Phạm Thị Dung", "087111222333", "Phản ánh", "Phản ánh ô nhiễm", "Trả lời"],
]
GOOD = "2020/hdnd/So don thu 2020.xlsx"


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # text stays text: "=…" is written as a string, as a pasted value would be
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None and v != "":
                    ws.write(r, c, v)
    wb.close()
    return path


def petitions_sheet(rows=GOOD_ROWS, header=HEADER) -> list[list]:
    return [["SỔ THEO DÕI ĐƠN THƯ NĂM 2020"], [], header, *rows]


def run(raw: Path, tmp_path: Path, **kw):
    return run_pipeline(raw, secrets_dir=tmp_path / "secrets", cache_dir=None, **kw)


def value(result, indicator, year=2020, body="hdnd"):
    ind = result.indicators
    hit = ind[(ind.indicator == indicator) & (ind.year == year) & (ind.body == body)]
    return None if hit.empty else hit["value"].iloc[0]


def messages(result, level=None, file=None) -> list[str]:
    n = result.notices
    if level:
        n = n[n.level == level]
    if file:
        n = n[n.file == file]
    return n["message"].tolist()


def far_cell_xlsx_bytes(tmp_path: Path) -> bytes:
    """A few KB whose one sheet reaches cell XFD1048576 (17 billion cells)."""
    path = tmp_path / "scratch" / "far.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Đơn")
    for r, row in enumerate(petitions_sheet()):
        for c, v in enumerate(row):
            if v not in (None, ""):
                ws.write(r, c, v)
    ws.write(1048575, 16383, "x")
    wb.close()
    return path.read_bytes()


# --------------------------------------------------------------------------- local specs (data/specs/)

NEAR_MISS_HEADER = ["STT", "Ngày nhận được đơn", "Họ tên người gửi", "Số CCCD/CMND", "Loại đơn", "Nội dung tóm tắt", "Hướng giải quyết"]
NEAR_MISS_ALIASES = """
[registers.petitions]
columns = [
  { key = "received_date", aliases = ["Ngày nhận được đơn"] },
  { key = "action", aliases = ["Hướng giải quyết"] },
]
"""
TRAINING_REGISTER = """
[registers.training]
label_vi = "Sổ theo dõi bồi dưỡng, tập huấn"
year_column = "date"
columns = [
  { key = "date", header = "Ngày tập huấn", type = "date", required = true },
  { key = "topic", header = "Chuyên đề", type = "text", required = true },
  { key = "kind", header = "Hình thức", type = "category", categories = "training_kind", default = "onsite" },
  { key = "trainees", header = "Số học viên", type = "whole" },
]

[categories.training_kind]
onsite = { label_vi = "Trực tiếp", variants = ["Trực tiếp", "Tại hội trường"] }
online = { label_vi = "Trực tuyến", variants = ["Trực tuyến", "Online"] }
"""
TRAINING_INDICATORS = """indicator,register,filter,aggregation,field,unit_vi,label_vi
training.sessions,training,,count,,lớp,Số lớp bồi dưỡng
training.trainees,training,kind == 'online',sum,trainees,lượt học viên,Lượt học viên học trực tuyến
"""


def local(tmp_path: Path, registers: str | None = None, indicators: str | None = None) -> Path:
    folder = tmp_path / "specs"
    folder.mkdir(exist_ok=True)
    if registers is not None:
        (folder / "registers.toml").write_text(registers, encoding="utf-8")
    if indicators is not None:
        (folder / "indicators.csv").write_text(indicators, encoding="utf-8")
    return folder
