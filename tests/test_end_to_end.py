"""End to end on the committed sample: every figure of the 2020 report, from the raw exports."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from pipeline import config

FIGURES = config.SEED_REPORT_FIGURES
INTERFACE = {
    "indicators.csv": ["year", "body", "indicator", "value", "unit_vi", "label_vi"],
    "comparisons.csv": ["year", "base_year", "body", "indicator", "value", "base_value", "delta", "pct_change", "sentence_vi"],
    "rejects.csv": ["file", "sheet", "row", "column", "value", "reason"],
}

# Figures the report prints that the data cannot match, because the report
# contradicts itself (docs/decisions.md, "Printed figures the data cannot match").
CONTRADICTIONS = {("petitions.received", "hdnd")}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(config.RAW_DIR), "--out", str(out), "--no-cache"],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT,
        env={**__import__("os").environ, "VP_SECRETS_DIR": str(out / ".secrets")},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Dòng:" in proc.stdout and "Chỉ tiêu:" in proc.stdout
    return out


def read(out, name):
    return pd.read_csv(out / name, encoding="utf-8-sig")


def figures():
    assert FIGURES.exists(), f"{FIGURES} is part of the project: the reference figures of the 2020 report"
    return pd.read_csv(FIGURES)


def test_outputs_have_the_published_interface(out):
    """The files and columns scripts read, body codes, integer years, numeric values, every report figure."""
    for name, columns in INTERFACE.items():
        frame = read(out, name)
        assert list(frame.columns[: len(columns)]) == columns or set(columns) <= set(frame.columns), name
    for name in ("indicators.csv", "comparisons.csv"):
        frame = read(out, name)
        assert set(frame["body"]) <= {"doan-dbqh", "hdnd", "all"}, name
        assert pd.api.types.is_integer_dtype(frame["year"]) and pd.api.types.is_numeric_dtype(frame["value"]), name
    ind = read(out, "indicators.csv")
    have = set(zip(ind.loc[ind["year"] == 2020, "indicator"], ind.loc[ind["year"] == 2020, "body"]))
    assert [(f.indicator, f.body) for f in figures().itertuples() if (f.indicator, f.body) not in have] == []


def test_every_report_figure_is_reproduced(out):
    ind = read(out, "indicators.csv")
    values = ind[ind["year"] == 2020].set_index(["indicator", "body"])["value"]
    wrong = []
    for fig in figures().itertuples():
        got = values.get((fig.indicator, fig.body))
        ok = got is not None and (got > fig.value_2020 if fig.qualifier == "at_least" else got == fig.value_2020)
        if not ok and (fig.indicator, fig.body) not in CONTRADICTIONS:
            wrong.append((fig.indicator, fig.body, fig.value_2020, got))
    assert wrong == []
    assert len(figures()) == 62


def test_contradicted_figure_follows_the_contract_definitions(out):
    # HĐND: "163 đơn, trong đó chuyển 17, hướng dẫn trả lời 05, lưu 146": each petition has one action
    ind = read(out, "indicators.csv")
    hdnd = ind[(ind["year"] == 2020) & (ind["body"] == "hdnd")].set_index("indicator")["value"]
    parts = hdnd["petitions.forwarded"] + hdnd["petitions.guided_or_answered"] + hdnd["petitions.archived"]
    assert (hdnd["petitions.forwarded"], hdnd["petitions.guided_or_answered"], hdnd["petitions.archived"]) == (17, 5, 146)
    assert hdnd["petitions.received"] == parts == 168


def test_the_four_quoted_differences(out):
    cmp_ = read(out, "comparisons.csv")
    doan = cmp_[(cmp_["year"] == 2020) & (cmp_["base_year"] == 2019) & (cmp_["body"] == "doan-dbqh")].set_index("indicator")
    quoted = figures().dropna(subset=["delta_vs_2019"])
    assert len(quoted) == 4
    for fig in quoted.itertuples():
        assert doan.loc[fig.indicator, "delta"] == fig.delta_vs_2019
    assert doan.loc["petitions.received", "sentence_vi"] == "195 đơn (tăng 81 đơn so với năm 2019)"
    assert doan.loc["petitions.forwarded", "sentence_vi"] == "14 đơn (tăng 06 đơn so với năm 2019)"
    assert doan.loc["petitions.archived", "sentence_vi"] == "168 đơn (tăng 75 đơn so với năm 2019)"
    assert doan.loc["reception.office.visits", "sentence_vi"] == "18 lượt (tăng 03 lượt so với năm 2019)"


def test_merger_years_compare_for_both_bodies_together(out):
    cmp_ = read(out, "comparisons.csv")
    both = cmp_[(cmp_["year"] == 2021) & (cmp_["base_year"] == 2020) & (cmp_["body"] == "all")]
    row = both.set_index("indicator").loc["petitions.received"]
    assert row["base_value"] > 0 and row["value"] > 0 and row["sentence_vi"].endswith("so với năm 2020)")
    ind = read(out, "indicators.csv")
    all20 = ind[(ind.year == 2020) & (ind.body == "all")].set_index("indicator")["value"]
    # six petitions were sent to both offices in 2020: counted once together, the handling adds up
    assert all20["petitions.received"] == 195 + 168 - 6
    assert all20["petitions.archived"] == 168 + 146


def test_deliberate_rejects_with_excel_rows(out):
    rejects = read(out, "rejects.csv")
    got = set(zip(rejects["file"], rejects["sheet"], rejects["row"]))
    assert got == {
        ("2020/doan-dbqh/So theo doi don 2020 (ban cuoi).xlsx", "Đơn thư", 9),
        ("2020/doan-dbqh/So theo doi don 2020 (ban cuoi).xlsx", "Đơn thư", 51),
        ("2020/doan-dbqh/So theo doi don 2020 (ban cuoi).xlsx", "TXCT", 31),
        ("2020/hdnd/So don thu HDND 2020.xlsx", "Đơn 2020", 181),
        ("2020/hdnd/Giam sat - Nghi quyet 2020.xlsx", "Giám sát, khảo sát", 38),
    }
    assert rejects["reason"].str.len().min() > 10


def test_total_row_mismatch_reported(out):
    totals = read(out, "total_checks.csv")
    assert totals[["file", "row", "stated", "computed"]].values.tolist() == [
        ["2020/hdnd/TXCT HDND 2020.xlsx", 179, 413, 411]
    ]


def test_row_accounting_adds_up_for_every_sheet(out):
    acc = read(out, "row_accounting.csv")
    parts = acc["accepted"] + acc["rejected"] + acc["total_rows"] + acc["blank_rows"] + acc["ignored_rows"]
    assert (acc["rows_read"] == parts).all()
    summary = json.loads((out / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["rows"]["rejected"] == 5


def test_lineage_points_at_the_rows_counted(out):
    lineage = pd.read_parquet(out / "lineage.parquet")
    rows = lineage[(lineage.year == 2020) & (lineage.body == "doan-dbqh") & (lineage.indicator == "petitions.forwarded")]
    assert len(rows) == 14
    assert set(rows["sheet"]) == {"Đơn thư"}
    assert rows["row"].min() > 5  # Excel rows below the title block and header


def test_tidy_tables_hold_no_personal_columns(out):
    from pipeline.specs.registers import load_schema

    schema = load_schema()
    for path in (out / "tables").glob("*.parquet"):
        register = schema.registers[path.stem]
        columns = set(pd.read_parquet(path).columns)
        assert not columns & set(register.pii_keys), path.name


def test_compare_command_prints_side_by_side(out):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "compare", "--years", "2019", "2020", "--body", "doan-dbqh", "--out", str(out)],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if "Số đơn đã nhận" in ln)
    assert "114" in line and "195" in line and "81" in line


def test_missing_raw_folder_is_one_line_and_nonzero(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT,
    )
    assert proc.returncode != 0
    assert len(proc.stderr.strip().splitlines()) == 1 and "nowhere" in proc.stderr
