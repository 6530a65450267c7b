"""Year-on-year comparison table."""

import pandas as pd

from pipeline.compare import compare, default_year_pairs, side_by_side

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
    assert wide.set_index("indicator").loc["petitions.received", "chênh lệch"] == 81
