"""The checker's specs load through one function each (a path or a DataFrame), are checked
when they load, and the comparison phrases the project writes are the ones it reads back."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from pipeline.report import SpecError, check_report, load_catalogue, load_checks, load_links, read
from pipeline.report.linking import LINKS_SPEC
from pipeline.vi.formatting import COMPARISON_PHRASES, change_phrase, comparison_phrase

ROW = dict(indicator="reception.visits", body="*", kinds="count", unit="lượt", near="tiếp", context="", after="",
           not_near="", not_context="", not_after="", priority="1", combine="")


def links_file(tmp_path, **change) -> str:
    path = tmp_path / "report_links.csv"
    pd.DataFrame([ROW, {**ROW, **change}]).to_csv(path, index=False)
    return str(path)


@pytest.mark.parametrize("change, message", [
    (dict(indicator="reception.visitz"), "dòng 3: chỉ tiêu 'reception.visitz' không có trong danh mục"),
    (dict(unit="lượt (công dân"), "dòng 3, cột unit: mẫu 'lượt (công dân' không hợp lệ"),
    (dict(body="ubnd"), "dòng 3: body 'ubnd'"),
    (dict(kinds="count;percent"), "dòng 3: kinds 'count;percent' không hợp lệ"),
    (dict(priority="cao"), "dòng 3: priority 'cao' phải là số nguyên"),
    (dict(combine="max"), "dòng 3: combine 'max'"),
])
def test_a_bad_link_row_is_one_line_naming_file_and_row(tmp_path, change, message):
    path = links_file(tmp_path, **change)
    with pytest.raises(SpecError) as err:
        load_links(path, load_catalogue())
    assert str(err.value).startswith(path) and message in str(err.value) and "\n" not in str(err.value)


def test_missing_columns_and_missing_file(tmp_path):
    path = tmp_path / "l.csv"
    pd.DataFrame([{"indicator": "x"}]).to_csv(path, index=False)
    with pytest.raises(SpecError, match="thiếu cột body"):
        load_links(path)
    with pytest.raises(SpecError, match="không tìm thấy"):
        load_links(tmp_path / "none.csv")


def test_links_from_a_dataframe_and_from_a_path_give_the_same_reading(tmp_path):
    frame = pd.read_csv(LINKS_SPEC, dtype=str, keep_default_na=False)
    text = "Trong năm đã tiếp 30 lượt công dân."
    from_frame = read(text, links=frame).figures[0].indicator
    from_path = read(text, links=str(LINKS_SPEC)).figures[0].indicator
    assert from_frame == from_path == "reception.visits"


def test_a_local_link_row_changes_the_reading(tmp_path):
    path = tmp_path / "links.csv"
    pd.DataFrame([{**ROW, "indicator": "reception.people", "unit": "công dân", "near": ""}]).to_csv(path, index=False)
    assert read("Đã đón 12 công dân.", links=str(path)).figures[0].indicator == "reception.people"


def test_checks_spec_is_validated(tmp_path):
    path = tmp_path / "report_checks.csv"
    pd.DataFrame([{"total": "petitions.received", "relation": "==", "parts": "petitions.handled"}]).to_csv(path, index=False)
    with pytest.raises(SpecError, match="dòng 2: relation '=='"):
        load_checks(path)
    pd.DataFrame([{"total": "petitions.received", "relation": "=", "parts": "petitions.handld"}]).to_csv(path, index=False)
    with pytest.raises(SpecError, match="chỉ tiêu 'petitions.handld'"):
        load_checks(path, load_catalogue())


def test_checks_spec_from_a_dataframe():
    frame = pd.DataFrame([{"total": "petitions.received", "relation": "=", "parts": "petitions.handled + petitions.archived"}])
    res = check_report("Đã nhận được 50 đơn. Văn phòng đã xem xét 20 đơn, lưu 25 đơn.", None, 2020, checks_spec=frame)
    row = res[res["check"] == "quan hệ giữa các chỉ tiêu"].iloc[0]
    assert row["status"] == "mâu thuẫn nội bộ" and "50 = 20 + 25 = 45" in row["note"]


def test_no_spec_is_opened_at_import():
    code = (
        "import builtins, pandas as pd\n"
        "seen = []\n"
        "real_open, real_csv = builtins.open, pd.read_csv\n"
        "builtins.open = lambda f, *a, **k: seen.append(str(f)) or real_open(f, *a, **k)\n"
        "pd.read_csv = lambda f, *a, **k: seen.append(str(f)) or real_csv(f, *a, **k)\n"
        "import pipeline.report, pipeline.report.checks, pipeline.cli\n"
        "pipeline.cli.build_parser()\n"
        "print([s for s in seen if 'specs' in s])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --------------------------------------------------------------------------- phrases: written = read


@pytest.mark.parametrize("row", [r for r in COMPARISON_PHRASES if r["relation"] == "change"], ids=lambda r: r["words"])
def test_every_comparison_phrase_is_read_back(row):
    phrase = row["words"].format(year=2019)
    figs = read(f"Đã tiếp 40 lượt công dân (tăng 05 lượt {phrase}).").figures
    delta = next(f for f in figs if f.kind == "delta")
    assert delta.base_ref == row["base"] and delta.same_period == row["same_period"]
    assert delta.base_year == (2019 if "{year}" in row["words"] else None)


def test_the_sentence_writer_is_read_back():
    written = change_phrase(195, 114, "đơn", 2019)
    assert written == "tăng 81 đơn so với năm 2019"
    res = check_report(f"Đã nhận được 195 đơn ({written}: 114 đơn).", None, 2020)
    assert res.loc[res["check"] == "chênh lệch với cùng kỳ", "status"].tolist() == ["khớp"]


def test_same_period_phrase_for_a_part_of_the_year():
    assert comparison_phrase(2019) == "so với năm 2019"
    assert comparison_phrase(2019, same_period=True) == "so với cùng kỳ năm 2019"
