"""The 2020 report (data/reports/) checked against the sample registers (data/raw/):
its 6 inconsistencies found, no false alarm, every quoted figure linked and matched."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline import config
from pipeline.report import (
    RESULT_COLUMNS,
    STATUS_INTERNAL,
    STATUS_MALFORMED,
    STATUS_MATCH,
    STATUS_MISMATCH,
    STATUS_UNLINKED,
    check_report,
    fold,
    read_report,
)
from pipeline.run import run_pipeline

FIGURES = config.SEED_REPORT_FIGURES  # each figure the report quotes: indicator, body, value_2020, quote …


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", re.sub(r"\s+", " ", fold(text).replace("...", " "))).strip()


def reference_indicators() -> pd.DataFrame:
    """2020 from the figure list ('trên N' → N + 1), 2019 from value − difference."""
    rows = []
    for r in pd.read_csv(FIGURES).itertuples(index=False):
        v = r.value_2020 + (1 if r.qualifier == "at_least" else 0)
        rows.append(dict(year=2020, body=r.body, indicator=r.indicator, value=v))
        if not pd.isna(r.delta_vs_2019):
            rows.append(dict(year=2019, body=r.body, indicator=r.indicator, value=v - r.delta_vs_2019))
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def sample_indicators(tmp_path_factory) -> pd.DataFrame:
    secrets = tmp_path_factory.mktemp("secrets")
    return run_pipeline(config.RAW_DIR, secrets_dir=secrets, cache_dir=None).indicators


@pytest.fixture(scope="module")
def seed(sample_indicators) -> pd.DataFrame:
    return check_report(read_report(config.SEED_REPORT), sample_indicators, 2020, 2019)


@pytest.fixture(scope="module")
def seed_alone() -> pd.DataFrame:
    return check_report(read_report(config.SEED_REPORT), None, 2020, 2019)


def test_every_quoted_figure_links_and_matches_but_the_two_slips(seed):
    figs = seed[(seed["row_type"] == "figure") & seed["indicator"].notna()]
    quoted = set(zip(pd.read_csv(FIGURES)["body"], pd.read_csv(FIGURES)["indicator"]))
    assert len(quoted) == 62
    assert quoted <= set(zip(figs["body"], figs["indicator"]))
    wrong = figs[figs["status"] != STATUS_MATCH]
    assert sorted(zip(wrong["printed"], wrong["status"])) == [("163", STATUS_MISMATCH), ("82%", STATUS_MISMATCH)]
    assert wrong.set_index("printed").loc["163", "expected_printed"] == "168"


def test_the_six_findings_and_no_false_alarm(seed):
    internal = seed[seed["status"] == STATUS_INTERNAL]
    notes = " | ".join(internal["note"])
    assert "17 + 05 + 146 = 168, khác 163" in notes
    assert "168 / 195" in notes and "không phải 82%" in notes
    assert "Chú thích ¹" in notes and "11 luật" in notes
    assert "Chú thích ²" in notes and "11 mục" in notes and "14 dự án luật" in notes
    assert "thiếu mục II" in notes
    assert len(internal) == 5, internal[["printed", "note"]]
    malformed = seed[seed["status"] == STATUS_MALFORMED]
    assert malformed["printed"].tolist() == ["60.000.00"]


def test_the_data_says_which_side_of_a_contradiction_is_right(seed):
    row = seed[(seed["status"] == STATUS_INTERNAL) & seed["note"].str.contains("khác 163")].iloc[0]
    assert "petitions.received = 168: khớp với tổng các phần, 163 là số sai" in row["note"]


def test_sums_shares_and_lists_that_hold_are_confirmed(seed):
    ok = " | ".join(seed.loc[(seed["row_type"] == "internal") & (seed["status"] == STATUS_MATCH), "note"])
    for holds in ("10 + 03 + 14 = 27, bằng 27", "18 + 12 = 30, bằng 30", "195 = 27 + 168", "27 / 195 = 13,8%, in ra 14%",
                  "báo cáo nêu 02 chuyên đề", "Ngoặc đơn liệt kê 4 mục; báo cáo nêu 04 đợt", "25 ≤ 11 + 14 = 25"):
        assert holds in ok, holds


def test_differences_match_the_base_year(seed):
    deltas = seed[seed["row_type"] == "delta"]
    assert sorted(deltas["value"]) == [3, 6, 75, 81]
    assert set(deltas["status"]) == {STATUS_MATCH}


def test_other_numbers_stay_unlinked(seed):
    unl = seed[seed["status"] == STATUS_UNLINKED]
    assert {"02", "01", "03", "100%", "2.103.000", "6.739.000", "761.000"} <= set(unl["printed"])
    council = seed[(seed["indicator"] == "council.sessions") & (seed["row_type"] == "figure")]
    assert council["value"].tolist() == [4] and council["body"].tolist() == ["hdnd"]


def test_against_itself_the_same_six_findings(seed_alone):
    internal = seed_alone[seed_alone["status"] == STATUS_INTERNAL]
    assert len(internal) == 5
    assert (seed_alone["status"] == STATUS_MALFORMED).sum() == 1
    assert (seed_alone["status"] == STATUS_MISMATCH).sum() == 0  # no data: nothing to be 'lệch' against


def test_result_columns(seed):
    assert list(seed.columns) == RESULT_COLUMNS


def test_each_reference_figure_links_to_its_quote_with_its_value():
    text = read_report(config.SEED_REPORT)
    result = check_report(text, reference_indicators(), 2020, 2019)
    figs = result[result["row_type"] == "figure"]
    for r in pd.read_csv(FIGURES).itertuples(index=False):
        mine = figs[(figs["indicator"] == r.indicator) & (figs["body"] == r.body)]
        assert len(mine), f"{r.indicator} {r.body} not linked"
        if r.indicator == "awards.merit_diplomas":
            assert mine["value"].sum() == r.value_2020  # 01 + 01
        else:
            assert r.value_2020 in mine["value"].tolist(), (r.indicator, r.body, mine["value"].tolist())
        words = [w for w in _norm(r.quote).split() if not w.isdigit()][:3]
        first = mine.iloc[0]
        around = _norm(text[max(0, first["offset"] - 400): first["offset"] + 400])
        assert all(w in around for w in words), (r.indicator, words)
        assert set(mine["status"]) <= {STATUS_MATCH}, (r.indicator, r.body, mine[["printed", "status", "note"]])
