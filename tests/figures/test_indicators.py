"""The catalogue engine: filters, aggregations, body 'all', absent vs zero, shares, lineage."""

import pandas as pd
import pytest

from pipeline import config
from pipeline.figures.indicators import compute_indicators, load_catalogue

CATALOGUE = load_catalogue()


def rec(register_rows, **common):
    return pd.DataFrame([{**common, **r} for r in register_rows])


def value(ind, year, body, indicator):
    hit = ind[(ind.year == year) & (ind.body == body) & (ind.indicator == indicator)]
    return None if hit.empty else hit["value"].iloc[0]


def petitions():
    rows = []
    for n, (body, action, pid) in enumerate([
        ("doan-dbqh", "archive", "p1"), ("doan-dbqh", "forward", "p2"), ("doan-dbqh", "answer", "p3"),
        ("hdnd", "archive", "p1"),  # the same petition sent to both bodies
        ("hdnd", "guide", "p4"),
    ]):
        rows.append({"year": 2020, "body": body, "action": action, "petition_id": pid, "has_result": n == 1,
                     "category": "complaint", "_file": f"{body}.xlsx", "_sheet": "S", "_row": n + 5})
    return pd.DataFrame(rows)


PRESENCE = pd.DataFrame([
    {"year": 2020, "register": "petitions", "body": "doan-dbqh"},
    {"year": 2020, "register": "petitions", "body": "hdnd"},
    {"year": 2020, "register": "voter_meetings", "body": "doan-dbqh"},
    {"year": 2020, "register": "voter_meetings", "body": "hdnd"},
])


def test_counts_per_body_and_all_with_cross_body_petition_counted_once():
    ind, lineage = compute_indicators({"petitions": petitions()}, PRESENCE, CATALOGUE)
    assert value(ind, 2020, "doan-dbqh", "petitions.received") == 3
    assert value(ind, 2020, "hdnd", "petitions.received") == 2
    assert value(ind, 2020, "all", "petitions.received") == 4  # p1 once
    assert value(ind, 2020, "all", "petitions.archived") == 2  # each body handled its copy
    assert value(ind, 2020, "doan-dbqh", "petitions.handled") == 2
    assert value(ind, 2020, "hdnd", "petitions.guided_or_answered") == 1
    assert value(ind, 2020, "doan-dbqh", "petitions.results_received") == 1
    assert value(ind, 2020, "doan-dbqh", "petitions.handled_share") == pytest.approx(2 / 3)
    rows = lineage[(lineage.indicator == "petitions.forwarded") & (lineage.body == "doan-dbqh")]
    assert rows[["file", "sheet", "row"]].values.tolist() == [["doan-dbqh.xlsx", "S", 6]]


def test_present_register_without_matching_rows_gives_zero_and_absent_gives_nothing():
    ind, _ = compute_indicators({"petitions": petitions()}, PRESENCE, CATALOGUE)
    assert value(ind, 2020, "doan-dbqh", "voters.meetings") == 0
    assert value(ind, 2020, "hdnd", "laws.consulted") is None


def test_sums_and_distinct_scopes():
    meetings = pd.DataFrame([
        {"body": "doan-dbqh", "kind": "regular", "district": "Huyện Lấp Vò", "round": "trước kỳ họp thứ 9", "voters": 100, "opinions": 3},
        {"body": "doan-dbqh", "kind": "regular", "district": "Huyện Lấp Vò", "round": "trước kỳ họp thứ 9", "voters": 50, "opinions": None},
        {"body": "hdnd", "kind": "regular", "district": "Huyện Lấp Vò", "round": "trước kỳ họp thứ 9", "voters": 7, "opinions": 1},
        {"body": "hdnd", "kind": "sector", "district": None, "round": "sau kỳ họp thứ 9", "voters": 23, "opinions": 5},
    ]).assign(year=2020, _file="v.xlsx", _sheet="S", _row=range(4))
    ind, _ = compute_indicators({"voter_meetings": meetings}, PRESENCE, CATALOGUE)
    assert value(ind, 2020, "doan-dbqh", "voters.attendance") == 150
    assert value(ind, 2020, "all", "voters.attendance") == 157
    assert value(ind, 2020, "doan-dbqh", "voters.opinions") == 3
    assert value(ind, 2020, "all", "voters.districts") == 1  # districts by value
    assert value(ind, 2020, "all", "voters.rounds") == 3  # rounds by (body, value)
    assert value(ind, 2020, "hdnd", "voters.sector_conference_attendance") == 23


def test_catalogue_holds_every_report_figure_id():
    assert set(pd.read_csv(config.SEED_REPORT_FIGURES)["indicator"]) <= set(CATALOGUE.ids)


def test_units_may_differ_per_body():
    assert CATALOGUE.unit("voters.meetings", "doan-dbqh") == "cuộc"
    assert CATALOGUE.unit("voters.meetings", "hdnd") == "điểm"


def test_catalogue_rejects_unknown_aggregation(tmp_path):
    path = tmp_path / "indicators.csv"
    path.write_text("indicator,register,filter,aggregation,field,distinct_scope,unit_vi,label_vi\nx,petitions,,median,,,đơn,X\n", encoding="utf-8")
    with pytest.raises(ValueError, match="median"):
        load_catalogue(path)
