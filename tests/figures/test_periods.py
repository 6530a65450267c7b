"""Reporting periods (issue 13): quarters, six and nine months, months and the 14th-day cut-off set.

Unit tests of the period bounds and the date → period mapping, then the
sample end to end: quarterly and six-month figures add up to the year for
counts and sums, each equals a count of the tidy rows by date, the lineage
traces each period figure to its rows, and sub-year comparisons say "so với
cùng kỳ năm …".
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline import config
from pipeline.run import run_pipeline
from pipeline.specs.load import SpecError, load_specs, package_specs
from pipeline.specs.periods import Period, membership, rows_in_period

PERIODS = {p.id: p for p in package_specs().periods}


def test_the_shipped_period_ids():
    ids = set(PERIODS)
    assert {"year", "q1", "q2", "q3", "q4", "h1", "h2", "m9", *(f"m{m:02}" for m in range(1, 13))} <= ids
    assert {"nd09.year", "nd09.q1", "nd09.h1", "nd09.m9", "nd09.m01", "nd09.m12"} <= ids
    assert PERIODS["q1"].label_vi == "quý I" and PERIODS["h1"].label_vi == "6 tháng đầu năm"
    assert PERIODS["m9"].label_vi == "9 tháng đầu năm" and PERIODS["m03"].label_vi == "tháng 3"


@pytest.mark.parametrize("period, year, first, last", [
    ("q2", 2020, dt.date(2020, 4, 1), dt.date(2020, 6, 30)),
    ("m02", 2020, dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
    ("m02", 2021, dt.date(2021, 2, 1), dt.date(2021, 2, 28)),
    ("nd09.h1", 2020, dt.date(2019, 12, 15), dt.date(2020, 6, 14)),
    ("nd09.year", 2021, dt.date(2020, 12, 15), dt.date(2021, 12, 14)),
    ("nd09.m01", 2020, dt.date(2019, 12, 15), dt.date(2020, 1, 14)),
    ("nd09.q3", 2020, dt.date(2020, 6, 15), dt.date(2020, 9, 14)),
])
def test_period_bounds(period, year, first, last):
    assert PERIODS[period].bounds(year) == (first, last)


def test_each_date_falls_in_exactly_one_period_of_each_partition():
    days = pd.Series(pd.date_range("2019-01-01", "2021-12-31").date)
    member = membership(days, tuple(PERIODS.values()))
    for parts in (["q1", "q2", "q3", "q4"], ["h1", "h2"], [f"m{m:02}" for m in range(1, 13)],
                  ["nd09.q1", "nd09.q2", "nd09.q3", "nd09.q4"], ["nd09.h1", "nd09.h2"], [f"nd09.m{m:02}" for m in range(1, 13)]):
        counts = member[member["period"].isin(parts)].groupby("day").size()
        assert len(counts) == len(days) and set(counts) == {1}, parts
    tail = member[(member["period"] == "nd09.year")]
    dec20 = (pd.Timestamp("2019-12-20") - pd.Timestamp("1970-01-01")).days
    assert tail.loc[tail["day"] == dec20, "year"].tolist() == [2020]  # 20/12/2019 reports in 2020


def test_a_local_period_is_added_and_a_bad_one_named(tmp_path):
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "periods.csv").write_text(
        "period,label_vi,first_day,first_month,from_previous_year,last_day,last_month,set\n"
        "session1,kỳ họp giữa năm,1,5,,31,7,office\n", encoding="utf-8")
    assert load_specs(folder).periods[-1] == Period("session1", "kỳ họp giữa năm", 1, 5, False, 31, 7, "office")
    (folder / "periods.csv").write_text(
        "period,label_vi,first_day,first_month,from_previous_year,last_day,last_month,set\n"
        "x,kỳ sai,31,2,,31,13,office\n", encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_specs(folder)
    assert err.value.problems == [
        f"{folder}/periods.csv › dòng 2 (x): ngày đầu 31/2 không có thật",
        f"{folder}/periods.csv › dòng 2 (x): ngày cuối 31/13 không có thật",
    ]


# --------------------------------------------------------------------------- the sample, end to end


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return run_pipeline(config.RAW_DIR, secrets_dir=tmp_path_factory.mktemp("secrets"), cache_dir=None)


def _figures(result, period):
    pi = result.period_indicators
    return pi[pi["period"] == period].set_index(["year", "body", "indicator"])["value"]


def _additive(result) -> set[str]:
    table = package_specs().catalogue.table
    return set(table.loc[table["aggregation"].isin(["count", "sum"]), "indicator"])


@pytest.mark.parametrize("parts, whole", [
    (["q1", "q2", "q3", "q4"], "year"), (["h1", "h2"], "year"), ([f"m{m:02}" for m in range(1, 13)], "year"),
    (["q1", "q2", "q3"], "m9"), (["nd09.q1", "nd09.q2", "nd09.q3", "nd09.q4"], "nd09.year"),
])
def test_counts_of_the_parts_add_up_to_the_whole(result, parts, whole):
    pi = result.period_indicators
    additive = pi["indicator"].isin(_additive(result))
    summed = pi[pi["period"].isin(parts) & additive].groupby(["year", "body", "indicator"])["value"].sum()
    target = _figures(result, whole)
    joined = pd.concat([summed.rename("parts"), target.rename("whole")], axis=1, join="inner")
    assert len(joined) > 200 and (joined["parts"] == joined["whole"]).all()


def test_the_year_period_is_the_annual_table(result):
    year = result.period_indicators[result.period_indicators["period"] == "year"].drop(columns="period")
    assert year.reset_index(drop=True).equals(result.indicators.reset_index(drop=True))


def test_a_quarter_equals_a_count_of_the_tidy_rows_by_date(result):
    table = result.tables["petitions"]
    dates = pd.to_datetime(table["received_date"])
    q2 = table[(dates >= "2020-04-01") & (dates <= "2020-06-30") & (table["body"] == "hdnd")]
    assert _figures(result, "q2")[(2020, "hdnd", "petitions.received")] == len(q2)
    h1 = table[(dates >= "2019-12-15") & (dates <= "2020-06-14") & (table["body"] == "doan-dbqh")]
    assert _figures(result, "nd09.h1")[(2020, "doan-dbqh", "petitions.received")] == len(h1)


def test_registers_without_a_date_have_no_sub_year_figure(result):
    pi = result.period_indicators
    undated = [r.name for r in package_specs().schema.registers.values() if not r.year_column]
    assert undated  # laws, floor activity, awards
    ids = set(package_specs().catalogue.table.query("register in @undated")["indicator"])
    assert set(pi.loc[pi["period"] == "q1", "indicator"]).isdisjoint(ids)
    assert ids <= set(pi.loc[pi["period"] == "year", "indicator"])


def test_a_cut_off_period_needs_the_year_before(result):
    pi = result.period_indicators
    assert pi[(pi["period"] == "nd09.h1") & (pi["year"] == 2019)].empty  # no 2018 registers: 15–31/12/2018 unknown
    assert not pi[(pi["period"] == "nd09.h1") & (pi["year"] == 2020)].empty


def test_lineage_traces_every_period_count(result):
    lineage = result.lineage
    checked = 0
    for (year, body, indicator), value in _figures(result, "q3").items():
        if indicator not in _additive(result) or year != 2020 or not indicator.startswith(("petitions.", "reception.visits")):
            continue
        rows = rows_in_period(lineage[(lineage["indicator"] == indicator) & (lineage["body"] == body)], PERIODS["q3"], 2020)
        if indicator.endswith("received") or indicator == "reception.visits":
            assert len(rows) == value, (indicator, body)
            checked += 1
    assert checked >= 3


def test_sub_year_comparisons_say_same_period(result):
    pc = result.period_comparisons
    row = pc[(pc["period"] == "q1") & (pc["year"] == 2020) & (pc["base_year"] == 2019)
             & (pc["body"] == "doan-dbqh") & (pc["indicator"] == "petitions.received")].iloc[0]
    assert row["sentence_vi"].endswith("đơn so với cùng kỳ năm 2019)") and "cùng kỳ" in row["sentence_vi"]
    year = pc[(pc["period"] == "year") & (pc["year"] == 2020) & (pc["base_year"] == 2019)
              & (pc["body"] == "doan-dbqh") & (pc["indicator"] == "petitions.received")].iloc[0]
    assert year["sentence_vi"] == "195 đơn (tăng 81 đơn so với năm 2019)"
    assert list(pc.columns) == ["year", "base_year", "period", "body", "indicator", "value", "base_value", "delta",
                                "pct_change", "sentence_vi"]


def test_compare_a_period_with_the_same_period_of_other_years(tmp_path):
    import subprocess
    import sys

    from pipeline.outputs.publish import publish

    out = tmp_path / "out"
    publish(run_pipeline(config.RAW_DIR, secrets_dir=tmp_path / "s", cache_dir=None), out)

    def compare(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", "compare", "--out", str(out), *args],
                              capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=120)

    proc = compare("--years", "2019", "2020", "--period", "h1", "--body", "doan-dbqh")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Kỳ: 6 tháng đầu năm (h1), so với cùng kỳ các năm.")
    assert proc.stdout.rstrip().splitlines()[-1].startswith("Chỉ có số cả năm (sổ không ghi ngày, không chia được theo kỳ): Số dự án luật")
    bad = compare("--years", "2019", "--period", "h3")
    assert bad.returncode == 2 and "không có kỳ báo cáo «h3»" in bad.stderr and "year, q1, q2" in bad.stderr
    early = compare("--years", "2019", "--period", "nd09.h1")
    assert early.returncode == 2 and "(có: 2020, 2021)" in early.stderr
