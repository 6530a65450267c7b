"""Specs as data (issue 10): an office's data/specs/ merged over the package's, checked when they load.

Every spec error is one line naming the file, the row or table and the fix;
the tests hold each message exactly. The end-to-end cases build a near-miss
register and a register the package never declared, and read both from
local specs alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import (
    GOOD_ROWS,
    NEAR_MISS_ALIASES,
    NEAR_MISS_HEADER,
    TRAINING_INDICATORS,
    TRAINING_REGISTER,
    local,
    value,
    write_xlsx,
)

from pipeline import config
from pipeline.clean.cache import ingest_modules
from pipeline.run import run_pipeline
from pipeline.specs.load import SpecError, load_specs, package_specs


def problems(folder: Path) -> list[str]:
    with pytest.raises(SpecError) as err:
        load_specs(folder)
    return err.value.problems


# --------------------------------------------------------------------------- the package's own specs


def test_package_specs_load_without_problems():
    specs = package_specs()
    assert len(specs.catalogue.table) == 63 and len(specs.schema.registers) == 14
    assert specs.local_files == ()


def test_the_body_column_is_declared_once_and_every_register_has_it():
    text = (config.SPECS_DIR / "registers.toml").read_text(encoding="utf-8")
    assert text.count('type = "body"') == 1
    for register in package_specs().schema.registers.values():
        assert register.column("body").names == ("Bộ phận", "Cơ quan", "Đơn vị")


def test_cache_code_fingerprint_follows_the_ingest_imports():
    modules = set(ingest_modules())
    assert {"clean.ingest", "read.files", "clean.locate", "clean.sheet", "vi.parsing", "vi.text", "clean.identity",
            "read.cells", "specs.load", "clean", "vi", "specs", "read"} <= modules
    assert not {m.split(".")[0] for m in modules} & {"run", "pages", "outputs", "cli", "report"}


# --------------------------------------------------------------------------- local specs, end to end


def _near_miss_tree(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    rows = [r[:] for r in GOOD_ROWS]
    write_xlsx(root / "2020" / "hdnd" / "So don.xlsx", {"Đơn": [["SỔ ĐƠN THƯ"], [], NEAR_MISS_HEADER, *rows]})
    return root


def test_near_miss_headers_are_skipped_without_local_aliases(tmp_path):
    result = run_pipeline(_near_miss_tree(tmp_path), secrets_dir=tmp_path / "s", cache_dir=None, specs=package_specs())
    assert value(result, "petitions.received") is None
    warning = result.notices.loc[result.notices.level == "warning", "message"].tolist()
    assert warning == [
        "Sheet giống «Sổ tiếp nhận, xử lý đơn» nhưng thiếu cột bắt buộc: Ngày nhận đơn — sheet có «Ngày nhận được đơn» (ô B3); "
        "Hướng xử lý (các ô tiêu đề chưa khớp cột nào: «Ngày nhận được đơn», «Hướng giải quyết»). Bỏ qua sheet. "
        "Nếu đó chính là cột cần, thêm vào data/specs/registers.toml dòng: "
        'registers.petitions.columns = [{ key = "received_date", aliases = ["Ngày nhận được đơn"] }] '
        "rồi chạy lại (xem: python -m pipeline inspect TỆP)."
    ]


def test_near_miss_register_reads_with_two_local_aliases(tmp_path):
    specs = load_specs(local(tmp_path, NEAR_MISS_ALIASES))
    result = run_pipeline(_near_miss_tree(tmp_path), secrets_dir=tmp_path / "s", cache_dir=None, specs=specs)
    assert value(result, "petitions.received") == 4 and value(result, "petitions.forwarded") == 1
    assert result.local_specs == [f"{tmp_path / 'specs'}/registers.toml"]


def test_the_line_the_warning_suggests_is_valid_and_sufficient_for_its_column(tmp_path):
    folder = local(tmp_path, 'registers.petitions.columns = [{ key = "received_date", aliases = ["Ngày nhận được đơn"] }]\n')
    assert "Ngày nhận được đơn" in load_specs(folder).schema.registers["petitions"].column("received_date").aliases


def test_a_new_register_and_indicator_from_local_specs_alone(tmp_path):
    root = tmp_path / "raw"
    write_xlsx(root / "2021" / "doan-dbqh-hdnd" / "Tap huan 2021.xlsx", {"HĐND": [
        ["SỔ THEO DÕI BỒI DƯỠNG NĂM 2021"],
        ["Ngày tập huấn", "Chuyên đề", "Hình thức", "Số học viên"],
        ["12/03/2021", "Kỹ năng giám sát", "Trực tuyến", 40],
        ["20/05/2021", "Tiếp công dân", "Tại hội trường", 25],
        ["02/08/2021", "Thẩm tra dự thảo nghị quyết", "Online", 31],
    ]})
    specs = load_specs(local(tmp_path, TRAINING_REGISTER, TRAINING_INDICATORS))
    result = run_pipeline(root, secrets_dir=tmp_path / "s", cache_dir=None, specs=specs)
    assert value(result, "training.sessions", 2021, "hdnd") == 3
    assert value(result, "training.trainees", 2021, "hdnd") == 71
    lineage = result.lineage[result.lineage.indicator == "training.trainees"]
    assert sorted(lineage["row"].tolist()) == [3, 3, 5, 5] and set(lineage["body"]) == {"hdnd", "all"}
    label = result.indicators.loc[result.indicators.indicator == "training.trainees", "label_vi"].iloc[0]
    assert label == "Lượt học viên học trực tuyến"


def test_local_category_variants_and_new_codes(tmp_path):
    folder = local(tmp_path, """
[categories.petition_category]
complaint = { variants = ["Đơn khiếu nại"] }
proposal = { label_vi = "Đề xuất", variants = ["Đề xuất"] }
""")
    cats = load_specs(folder).schema.categories["petition_category"]
    assert "Đơn khiếu nại" in cats["complaint"].variants and cats["complaint"].label_vi == "Khiếu nại"
    assert cats["proposal"].label_vi == "Đề xuất"


def test_a_local_indicator_replaces_the_package_row_in_place_with_defaults(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,aggregation,unit_vi,label_vi\n"
                                        "petitions.received,petitions,count,lá đơn,Tổng số đơn tiếp nhận\n")
    table = load_specs(folder).catalogue.table
    row = table[table.indicator == "petitions.received"].iloc[0]
    assert (row["label_vi"], row["unit_vi"], row["filter"], row["chart"]) == ("Tổng số đơn tiếp nhận", "lá đơn", "", "")
    assert table.indicator.tolist() == package_specs().catalogue.table.indicator.tolist()


# --------------------------------------------------------------------------- every spec error, exactly


def test_unknown_register_of_an_indicator(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,aggregation,unit_vi,label_vi\nx.y,petiton,count,đơn,X\n")
    assert problems(folder) == [
        f"{folder}/indicators.csv › dòng 2 (x.y): sổ «petiton» không có; có phải «petitions»?: các sổ: "
        "petitions, citizen_reception, voter_meetings, voter_recommendations, law_consultations, floor_activity, "
        "oversight, resolutions, documents_in, documents_out, web_posts, awards, welfare, staff_changes"
    ]


def test_filter_on_an_unknown_column_is_caught_before_any_data(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,filter,aggregation,unit_vi,label_vi\n"
                                        "x.y,petitions,acton == 'archive',count,đơn,X\n")
    assert problems(folder) == [f"{folder}/indicators.csv › dòng 2 (x.y): filter dùng cột «acton» không có trong sổ petitions; có phải «action»?"]


def test_filter_on_a_personal_column_says_it_is_not_kept(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,filter,aggregation,unit_vi,label_vi\n"
                                        "x.y,petitions,sender == 'A',count,đơn,X\n")
    assert problems(folder) == [f"{folder}/indicators.csv › dòng 2 (x.y): filter dùng cột «sender» chứa dữ liệu cá nhân, không có trong bảng đã xử lý"]


def test_filter_on_an_unknown_category_code(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,filter,aggregation,unit_vi,label_vi\n"
                                        "x.y,petitions,\"action in ['archiv', 'forward']\",count,đơn,X\n")
    assert problems(folder) == [
        f"{folder}/indicators.csv › dòng 2 (x.y): filter: «archiv» không phải mã của danh mục petition_action; "
        "có phải «archive»? (các mã: forward, guide, answer, archive)"
    ]


def test_an_unquoted_comma_is_caught_instead_of_shifting_the_row(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,filter,aggregation,unit_vi,label_vi\n"
                                        "x.y,petitions,action in ['archive', 'forward'],count,đơn,X\n")
    assert problems(folder) == [
        f"{folder}/indicators.csv › dòng 2: 7 ô, trong khi dòng đầu có 6: ô có dấu phẩy phải nằm trong ngoặc kép, "
        "ví dụ \"kind in ['a', 'b']\""
    ]


def test_filter_syntax_error(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,filter,aggregation,unit_vi,label_vi\n"
                                        "x.y,petitions,action = 'archive',count,đơn,X\n")
    [problem] = problems(folder)
    assert problem.startswith(f"{folder}/indicators.csv › dòng 2 (x.y): filter «action = 'archive'» sai cú pháp (")
    assert problem.endswith("): viết như action == 'archive' hoặc kind in ['a', 'b']")


def test_unknown_aggregation_and_a_sum_of_text(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,aggregation,field,unit_vi,label_vi\n"
                                        "x.a,petitions,median,,đơn,X\nx.b,petitions,sum,summary,đơn,Y\n")
    assert problems(folder) == [
        f"{folder}/indicators.csv › dòng 2 (x.a): cách tính «median» không có (chỉ: count, sum, nunique, share)",
        f"{folder}/indicators.csv › dòng 3 (x.b): sum cần một cột số (whole/money); «summary» là text",
    ]


def test_duplicate_ids_and_a_share_of_unknown_parts(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,filter,aggregation,unit_vi,label_vi\n"
                                        "x.a,petitions,,count,đơn,X\nx.a,petitions,,count,đơn,X\n"
                                        "x.s,,x.a/petitions.recieved,share,%,Tỷ lệ\n")
    assert problems(folder) == [
        f"{folder}/indicators.csv › dòng 2, 3: «x.a» khai báo nhiều lần: giữ một dòng",
        f"{folder}/indicators.csv › dòng 4 (x.s): share: chỉ tiêu «petitions.recieved» không có; có phải «petitions.received»?",
    ]


def test_local_alias_of_an_unknown_column_key(tmp_path):
    folder = local(tmp_path, '[registers.petitions]\ncolumns = [{ key = "recieved_date", aliases = ["Ngày nhận được"] }]\n')
    assert problems(folder) == [
        f"{folder}/registers.toml › [registers.petitions]: cột «recieved_date» không có trong sổ này; có phải «received_date»? "
        "(các cột: received_date, sender, address, id_number, category, field, summary, action, archive_reason, has_result, body); "
        "cột mới thì ghi thêm header và type"
    ]


def test_new_register_with_unknown_category_set_and_type(tmp_path):
    folder = local(tmp_path, """
[registers.training]
label_vi = "Tập huấn"
columns = [
  { key = "date", header = "Ngày", type = "dates", required = true },
  { key = "kind", header = "Hình thức", type = "category", categories = "training_kin" },
]
""")
    assert problems(folder) == [
        f"{folder}/registers.toml › [registers.training] cột «date»: kiểu «dates» không có; có phải «date»? "
        "(các kiểu: body, category, category_people, date, district, flag, money, pii, presence, round, session, symbol, text, whole)",
        f"{folder}/registers.toml › [registers.training] cột «kind»: danh mục «training_kin» không có: "
        "thêm [categories.training_kin] hoặc sửa tên",
    ]


def test_toml_syntax_error_names_the_file(tmp_path):
    folder = local(tmp_path, '[registers.petitions]\ncolumns = [{ key = "action", aliases = ["Hướng giải quyết" }]\n')
    [problem] = problems(folder)
    assert problem.startswith(f"{folder}/registers.toml: sai cú pháp TOML (")
    assert "line 2" in problem and problem.endswith("sửa dòng đó (chuỗi trong ngoặc kép, danh sách trong [ ])")


def test_csv_without_required_columns(tmp_path):
    folder = local(tmp_path, indicators="id,register\nx,petitions\n")
    assert problems(folder) == [
        f"{folder}/indicators.csv: thiếu cột indicator, aggregation, unit_vi, label_vi: dòng đầu phải là "
        "indicator,register,filter,aggregation,field,distinct_scope,unit_vi,label_vi,chart",
        f"{folder}/indicators.csv: cột lạ id: chỉ được indicator,register,filter,aggregation,field,distinct_scope,unit_vi,label_vi,chart",
    ]


def test_a_specs_folder_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(SpecError, match=r"thư mục đặc tả riêng \(--specs\) không tồn tại"):
        load_specs(tmp_path / "khong co")


def test_cli_prints_each_spec_problem_and_exits_2(tmp_path):
    folder = local(tmp_path, indicators="indicator,register,aggregation,unit_vi,label_vi\nx.a,petiton,count,đơn,X\nx.b,petitions,mean,đơn,Y\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--specs", str(folder), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=120,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith(f"lỗi đặc tả: {folder}/indicators.csv › dòng ") for line in lines)
    assert "Traceback" not in proc.stderr and not (tmp_path / "out" / "indicators.csv").exists()


# --------------------------------------------------------------------------- cache, shortcut, summary


def test_a_local_spec_change_rereads_and_is_named_in_the_summary(tmp_path):
    root = _near_miss_tree(tmp_path)
    folder = local(tmp_path, NEAR_MISS_ALIASES)
    env = {**os.environ, "VP_SECRETS_DIR": str(tmp_path / "s"), "VP_CACHE_DIR": str(tmp_path / "cache")}

    def cli_run() -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", "--raw", str(root), "--out", str(tmp_path / "out"), "--specs", str(folder)],
            capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=120, env=env,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    first = cli_run()
    assert f"Đặc tả riêng của văn phòng: {folder}/registers.toml" in first
    assert "Không có tệp nào thay đổi" in cli_run()
    (folder / "registers.toml").write_text(NEAR_MISS_ALIASES.replace('"Hướng giải quyết"', '"Hướng giải quyết", "Xử lý đơn"'), encoding="utf-8")
    third = cli_run()
    assert "Không có tệp nào thay đổi" not in third and "(0 lấy từ bộ nhớ đệm)" in third
    import json

    summary = json.loads((tmp_path / "out" / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["local_specs"] == [f"{folder}/registers.toml"]


def test_a_local_report_link_lets_check_report_read_a_local_indicator(tmp_path, monkeypatch):
    import pandas as pd

    from pipeline.report import check_report

    folder = local(tmp_path, TRAINING_REGISTER, TRAINING_INDICATORS)
    (folder / "report_links.csv").write_text(
        "indicator,body,kinds,unit,near,context,after,not_near,not_context,not_after,priority,combine\n"
        "training.sessions,*,count,lớp,,,bồi dưỡng|tập huấn,,,,2,\n", encoding="utf-8")
    monkeypatch.setenv("VP_SPECS_DIR", str(folder))
    assert load_specs().report_links["indicator"].iloc[-1] == "training.sessions"
    data = pd.DataFrame([dict(year=2021, body="hdnd", indicator="training.sessions", value=3)])
    result = check_report("Thường trực HĐND tỉnh tổ chức 03 lớp bồi dưỡng cho đại biểu.", data, 2021)
    row = result[result["indicator"] == "training.sessions"].iloc[0]
    assert (row["printed"], row["status"]) == ("03", "khớp")


def test_a_bad_local_report_link_names_its_file_and_line(tmp_path, monkeypatch):
    from pipeline.report import SpecError as ReportSpecError
    from pipeline.report import check_report

    folder = local(tmp_path)
    (folder / "report_links.csv").write_text(
        "indicator,body,kinds,unit,near,context,after,not_near,not_context,not_after,priority,combine\n"
        "training.sessions,*,count,lớp,,,,,,,2,\n", encoding="utf-8")
    monkeypatch.setenv("VP_SPECS_DIR", str(folder))
    with pytest.raises(ReportSpecError, match=rf"{folder}/report_links.csv, dòng 2: chỉ tiêu 'training.sessions' không có"):
        check_report("03 lớp.", None, 2021)
