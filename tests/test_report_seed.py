"""The 2020 report (data/reports/) checked against the sample registers (data/raw/):
its 6 inconsistencies found, no false alarm, every quoted figure linked and matched."""

from __future__ import annotations

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
    read_report,
)
from pipeline.run import run_pipeline

# The (indicator, body) pairs the 2020 report quotes, one each (the seed's figure list).
QUOTED = {
    "doan-dbqh": [
        "awards.advanced_workers", "awards.emulation_fighters", "awards.merit_diplomas", "floor.oral_questions",
        "floor.speeches", "floor.written_questions", "laws.by_conference", "laws.consulted", "laws.in_writing",
        "oversight.recommendations", "oversight.thematic", "petitions.answered", "petitions.archived",
        "petitions.forwarded", "petitions.guided", "petitions.handled", "petitions.received", "reception.cases",
        "reception.office.cases", "reception.office.visits", "reception.periodic.cases",
        "reception.periodic.people", "reception.periodic.sessions", "reception.visits", "voters.attendance",
        "voters.districts", "voters.meetings", "voters.opinions", "voters.recommendations_forwarded",
        "voters.sector_conference_attendance", "voters.sector_conference_opinions", "voters.sector_conferences",
        "voters.thematic_meetings", "welfare.gifts", "welfare.mobilized", "welfare.support",
    ],
    "hdnd": [
        "awards.advanced_collectives", "awards.advanced_workers", "awards.certificates",
        "awards.proposed_collective_diplomas", "council.sessions", "documents.incoming", "documents.outgoing",
        "oversight.supervisions", "oversight.surveys", "oversight.unplanned", "petitions.archived",
        "petitions.forwarded", "petitions.guided_or_answered", "petitions.received", "petitions.results_received",
        "reception.visits", "resolutions.adopted", "resolutions.normative", "staff.early_retired",
        "staff.recruited", "voters.attendance", "voters.meetings", "voters.opinions", "voters.rounds",
        "web.documents", "web.news",
    ],
}


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
    quoted = {(b, i) for b, ids in QUOTED.items() for i in ids}
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
