"""Every indicator for every reporting period: quarters, six and nine months, months, cut-off sets.

Same catalogue, same filters and aggregations as the annual engine
(:mod:`pipeline.indicators`); a record counts in a period by the date of its
register's ``year_column`` (:mod:`pipeline.periods`). Records are first
reduced to one row per (date, body scope) — or per (date, scope, value) for
distinct counts — so thirty periods cost a merge on a few thousand dates, not
thirty passes over every record.

A register without a date belongs to the whole year only: it has no row in
the sub-year tables (the views say so), never a 0. A period that starts in
the previous year (15/12 …) is given only when that year's register is there
too, or its figure would be short of the days before 1 January.
"""

from __future__ import annotations

import pandas as pd

from pipeline.indicators import Catalogue, _select, add_shares, label, presence_bodies, scoped
from pipeline.periods import Period, day_numbers, membership

PERIOD_INDICATOR_COLUMNS = ["year", "period", "body", "indicator", "value", "unit_vi", "label_vi"]


def compute_period_indicators(
    tables: dict[str, pd.DataFrame], presence: pd.DataFrame, catalogue: Catalogue,
    year_columns: dict[str, str | None], periods: tuple[Period, ...],
) -> pd.DataFrame:
    """``year, period, body, indicator, value, unit_vi, label_vi`` for every period but the whole year.

    ``tables`` / ``presence`` as for :func:`pipeline.indicators.compute_indicators`;
    ``year_columns``: register → its date column (None: no sub-year figures).
    """
    sub = tuple(p for p in periods if not p.is_year)
    dated = {r: t for r, t in tables.items() if year_columns.get(r) and t is not None and not t.empty}
    dates = pd.concat([t[year_columns[r]] for r, t in dated.items()], ignore_index=True) if dated else pd.Series(dtype=object)
    member = membership(dates, sub)
    expected_all = _expected(presence_bodies(presence), sub)
    out = []
    for spec in catalogue.table.itertuples(index=False):
        if spec.aggregation == "share" or not year_columns.get(spec.register):
            continue
        expected = expected_all[expected_all["register"] == spec.register][["period", "year", "body"]]
        if expected.empty:
            continue
        table = dated.get(spec.register)
        values = _period_values(_slim(_select(table, spec.filter), spec, year_columns[spec.register]), spec, member) \
            if table is not None else None
        frame = expected.merge(values, on=["period", "year", "body"], how="left") if values is not None else expected.assign(value=0)
        out.append(frame.assign(value=frame["value"].fillna(0), indicator=spec.indicator))
    if not out:
        return pd.DataFrame(columns=PERIOD_INDICATOR_COLUMNS)
    figures = add_shares(pd.concat(out, ignore_index=True), catalogue, keys=("period", "year", "body"))
    order = {p.id: n for n, p in enumerate(sub)}  # periods in the order periods.csv declares them
    figures = figures.assign(_period_order=figures["period"].map(order))
    return label(figures, catalogue, columns=PERIOD_INDICATOR_COLUMNS, first=("year", "_period_order"))


def _expected(present: pd.DataFrame, periods: tuple[Period, ...]) -> pd.DataFrame:
    """(register, period, year, body) that get a value: the register was kept that year by that body
    (and the year before, for a period starting in December of the year before)."""
    rows = []
    kept = set(zip(present["register"], present["year"], present["body"]))
    for p in periods:
        for register, year, body in kept:
            if p.from_previous_year and (register, year - 1, body) not in kept:
                continue
            rows.append((register, p.id, year, body))
    return pd.DataFrame(rows, columns=["register", "period", "year", "body"])


def _slim(selected: pd.DataFrame, spec, date_column: str) -> pd.DataFrame:
    """Only what the aggregation needs (body, the day, the field), scoped per body and for both."""
    columns = {"body": selected["body"], "day": day_numbers(selected[date_column])}
    if spec.field:
        columns["field"] = selected[spec.field]
    slim = pd.DataFrame(columns, index=selected.index)
    return scoped(slim[slim["day"].notna()])


def _period_values(rows: pd.DataFrame, spec, member: pd.DataFrame) -> pd.DataFrame:
    """``period, year, body, value`` of one indicator, through one row per day (and value, for nunique)."""
    if spec.aggregation == "count":
        daily = rows.groupby(["day", "_scope"]).size().rename("value").reset_index()
        how = "sum"
    elif spec.aggregation == "sum":
        rows = rows[rows["field"].notna()]
        daily = pd.to_numeric(rows["field"]).groupby([rows["day"], rows["_scope"]]).sum().rename("value").reset_index()
        how = "sum"
    else:  # nunique: the distinct (day, scope, value) triples
        rows = rows[rows["field"].notna()]
        keys = rows["field"].astype(str)
        if spec.distinct_scope == "body":
            keys = rows["body"].astype(str) + "|" + keys  # each body numbers its own
        daily = pd.DataFrame({"day": rows["day"], "_scope": rows["_scope"], "value": keys}).drop_duplicates()
        how = "nunique"
    if daily.empty:
        return pd.DataFrame(columns=["period", "year", "body", "value"])
    joined = daily.merge(member, on="day")
    grouped = joined.groupby(["period", "year", "_scope"])["value"]
    values = grouped.sum() if how == "sum" else grouped.nunique()
    return values.reset_index().rename(columns={"_scope": "body"})


def year_only_labels(specs) -> list[str]:
    """Labels of the indicators with no part-of-year figure: their register is kept without a date
    (``year_column``), so they exist for the whole year only — said in sub-year tables, never a 0."""
    undated = {name for name, r in specs.schema.registers.items() if not r.year_column}
    table = specs.catalogue.table
    return table.loc[table["register"].isin(undated), "label_vi"].tolist()
