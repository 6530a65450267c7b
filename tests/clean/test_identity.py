"""Same petition sent to both bodies: one id (pipeline/clean/identity.py:link_same_petitions)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.bodies import ALL_BODIES, BODIES
from pipeline.clean.identity import MATCH_WINDOW_DAYS, link_same_petitions
from pipeline.specs.load import package_specs


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
DOAN, HDND = BODIES  # the bodies table's ids, not spellings of our own
WINDOW = dt.timedelta(days=MATCH_WINDOW_DAYS)
DAY = dt.timedelta(days=1)


def test_a_petition_in_both_bodies_within_the_window_shares_one_id():
    ids = _ids([("h1", HDND, D, "a.xlsx", 5), ("h1", DOAN, D + WINDOW, "b.xlsx", 9)])
    assert ids == ["h1-0", "h1-0"]


def test_outside_the_window_or_in_one_body_the_copies_stay_apart():
    late = _ids([("h1", HDND, D, "a.xlsx", 5), ("h1", DOAN, D + WINDOW + DAY, "b.xlsx", 9)])
    same_body = _ids([("h2", HDND, D, "a.xlsx", 5), ("h2", HDND, D, "a.xlsx", 6)])
    # a merged-office register without a body column counts for both: it is never "the other body"
    office_wide = _ids([("h5", ALL_BODIES, D, "a.xlsx", 5), ("h5", HDND, D, "b.xlsx", 6)])
    assert late == ["h1-0", "h1-1"]
    assert same_body == ["h2-0", "h2-1"]
    assert office_wide == ["h5-0", "h5-1"]


def test_matches_chain_and_are_ordered_by_date_whatever_the_row_order():
    rows = [
        ("h3", HDND, D + 50 * DAY, "a.xlsx", 7),  # matches the Đoàn copy of day 25
        ("h3", DOAN, D + 25 * DAY, "b.xlsx", 3),
        ("h3", HDND, D, "a.xlsx", 2),  # the first: id -0, chained to the rest
        ("h4", HDND, D, "a.xlsx", 8),  # another petition, alone
        (None, HDND, D, "a.xlsx", 9),  # no identity: its own row id
        ("h3", HDND, None, "a.xlsx", 11),  # no date: never matched
    ]
    assert _ids(rows) == ["h3-0", "h3-0", "h3-0", "h4-0", "row-a.xlsx-S-9", "h3-1"]
