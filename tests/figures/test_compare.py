"""Year-on-year comparison table."""

import pandas as pd

from pipeline.figures.compare import (
    bodies_side_by_side,
    compare,
    comparison_pairs,
    default_year_pairs,
    delta_column,
    format_side_by_side,
    pct_column,
    side_by_side,
)

IND = pd.DataFrame([
    {"year": 2019, "body": "doan-dbqh", "indicator": "petitions.received", "value": 114.0, "unit_vi": "đơn", "label_vi": "Số đơn"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "petitions.received", "value": 195.0, "unit_vi": "đơn", "label_vi": "Số đơn"},
    {"year": 2019, "body": "doan-dbqh", "indicator": "x.zero", "value": 0.0, "unit_vi": "cuộc", "label_vi": "X"},
    {"year": 2020, "body": "doan-dbqh", "indicator": "x.zero", "value": 2.0, "unit_vi": "cuộc", "label_vi": "X"},
    {"year": 2020, "body": "hdnd", "indicator": "web.news", "value": 536.0, "unit_vi": "tin", "label_vi": "Tin"},
])


def test_compare_values_deltas_and_sentences():
    out = compare(IND, [(2020, 2019)]).set_index(["body", "indicator"])
    row = out.loc[("doan-dbqh", "petitions.received")]
    assert (row.value, row.base_value, row.delta) == (195, 114, 81)
    assert round(row["pct_change"], 4) == round(81 / 114, 4)
    assert row.sentence_vi == "195 đơn (tăng 81 đơn so với năm 2019)"
    assert pd.isna(out.loc[("doan-dbqh", "x.zero")]["pct_change"])  # base 0: no percentage
    assert pd.isna(out.loc[("hdnd", "web.news")].base_value)
    assert out.loc[("hdnd", "web.news")].sentence_vi == "536 tin"


def test_default_pairs_and_wide_table():
    assert default_year_pairs([2021, 2019, 2020]) == [(2020, 2019), (2021, 2020), (2021, 2019)]
    wide = side_by_side(IND, [2019, 2020], "doan-dbqh")
    assert wide.set_index("indicator").loc["petitions.received", delta_column(2020, 2019)] == 81
    assert delta_column(2020, 2019) == "chênh lệch 2020 so với 2019"


def test_every_consecutive_pair_and_the_chosen_base_year():
    assert comparison_pairs([2021, 2019, 2020]) == [(2020, 2019), (2021, 2020)]
    assert comparison_pairs([2019, 2020, 2021], base_year=2019) == [(2020, 2019), (2021, 2020), (2021, 2019)]
    assert comparison_pairs([2019, 2020, 2021], base_year=2020) == [(2020, 2019), (2021, 2020)]
    ind = pd.concat([IND, IND[IND["year"] == 2020].assign(year=2021, value=lambda f: f["value"] + 5)])
    wide = side_by_side(ind, [2019, 2020, 2021], "doan-dbqh", base_year=2019).set_index("indicator")
    row = wide.loc["petitions.received"]
    assert (row[delta_column(2020, 2019)], row[delta_column(2021, 2020)], row[delta_column(2021, 2019)]) == (81, 5, 86)
    assert round(row[pct_column(2021, 2019)], 4) == round(86 / 114, 4)
    shown = format_side_by_side(wide.reset_index()).set_index("indicator")
    assert shown.loc["petitions.received", 2021] == "200"
    assert shown.loc["x.zero", 2020] == "2" and shown.loc["x.zero", delta_column(2021, 2020)] == "+5"
    assert shown.loc["petitions.received", pct_column(2020, 2019)] == "+71,1%"


def test_bodies_side_by_side_keeps_absent_apart_from_zero():
    ind = pd.concat([IND, pd.DataFrame([
        {"year": 2020, "body": "all", "indicator": "petitions.received", "value": 190.0, "unit_vi": "đơn", "label_vi": "Số đơn"},
        {"year": 2019, "body": "all", "indicator": "petitions.received", "value": 114.0, "unit_vi": "đơn", "label_vi": "Số đơn"},
    ])])
    wide = bodies_side_by_side(ind, 2020, 2019)
    row = wide.loc["petitions.received"]
    assert (row[("doan-dbqh", "value")], row[("doan-dbqh", "base_value")], row[("doan-dbqh", "delta")]) == (195, 114, 81)
    assert pd.isna(row[("hdnd", "value")]) and row[("all", "value")] == 190
    assert wide.loc["web.news", ("hdnd", "value")] == 536 and pd.isna(wide.loc["web.news", ("hdnd", "base_value")])
    assert wide.loc["x.zero", ("doan-dbqh", "base_value")] == 0  # a zero stays a zero
