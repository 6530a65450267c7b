"""Same petition sent to both bodies: one id (pipeline/identity.py:link_same_petitions)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.identity import link_same_petitions
from pipeline.specset import package_specs


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """rows: (identity hash or None, body, received date, file, Excel row)."""
    return pd.DataFrame(
        [{"_identity": ident, "body": body, "received_date": date, "_file": file, "_sheet": "S", "_row": row}
         for ident, body, date, file, row in rows]
    )


def _ids(rows: list[tuple]) -> list[str]:
    register = package_specs().schema.registers["petitions"]
    return link_same_petitions(_frame(rows), register)[register.identity_key].tolist()


D = dt.date(2020, 3, 1)


def test_a_petition_in_both_bodies_within_the_window_shares_one_id():
    ids = _ids([("h1", "hdnd", D, "a.xlsx", 5), ("h1", "doan_dbqh", D + dt.timedelta(days=30), "b.xlsx", 9)])
    assert ids == ["h1-0", "h1-0"]


def test_outside_the_window_or_in_one_body_the_copies_stay_apart():
    late = _ids([("h1", "hdnd", D, "a.xlsx", 5), ("h1", "doan_dbqh", D + dt.timedelta(days=31), "b.xlsx", 9)])
    same_body = _ids([("h2", "hdnd", D, "a.xlsx", 5), ("h2", "hdnd", D, "a.xlsx", 6)])
    assert late == ["h1-0", "h1-1"]
    assert same_body == ["h2-0", "h2-1"]


def test_matches_chain_and_are_ordered_by_date_whatever_the_row_order():
    rows = [
        ("h3", "hdnd", D + dt.timedelta(days=50), "a.xlsx", 7),  # matches the Đoàn copy of day 25
        ("h3", "doan_dbqh", D + dt.timedelta(days=25), "b.xlsx", 3),
        ("h3", "hdnd", D, "a.xlsx", 2),  # the first: id -0, chained to the rest
        ("h4", "hdnd", D, "a.xlsx", 8),  # another petition, alone
        (None, "hdnd", D, "a.xlsx", 9),  # no identity: its own row id
        ("h3", "hdnd", None, "a.xlsx", 11),  # no date: never matched
    ]
    assert _ids(rows) == ["h3-0", "h3-0", "h3-0", "h4-0", "row-a.xlsx-S-9", "h3-1"]
