"""Every indicator for every reporting period: quarters, six and nine months, months, cut-off sets.

Same catalogue, same filters and aggregations as the annual engine
(:mod:`pipeline.figures.indicators`); a record counts in a period by the date of its
register's ``year_column`` (:mod:`pipeline.specs.periods`). Records are first
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

from pipeline.figures.indicators import (
    Catalogue,
    add_shares,
    label,
    presence_bodies,
    scoped,
    select_once,
)
from pipeline.specs.periods import Period, day_numbers, membership

PERIOD_INDICATOR_COLUMNS = ["year", "period", "body", "indicator", "value", "unit_vi", "label_vi"]


def compute_period_indicators(
    tables: dict[str, pd.DataFrame], presence: pd.DataFrame, catalogue: Catalogue,
    year_columns: dict[str, str | None], periods: tuple[Period, ...], selected: dict | None = None,
) -> pd.DataFrame:
    """``year, period, body, indicator, value, unit_vi, label_vi`` for every period but the whole year.

    ``tables`` / ``presence`` as for :func:`pipeline.figures.indicators.compute_indicators`;
    ``year_columns``: register → its date column (None: no sub-year figures);
    ``selected``: the records each (register, filter) selects, shared with the annual figures.
    Every indicator's records are first reduced to days, then all of them meet the periods in one
    merge per aggregation kind (a merge per indicator cost more than the figures themselves).
    """
    sub = tuple(p for p in periods if not p.is_year)
    dated = {r: t for r, t in tables.items() if year_columns.get(r) and t is not None and not t.empty}
    dates = pd.concat([t[year_columns[r]] for r, t in dated.items()], ignore_index=True) if dated else pd.Series(dtype=object)
    member = membership(dates, sub)
    specs = [s for s in catalogue.table.itertuples(index=False) if s.aggregation != "share" and year_columns.get(s.register)]
    expected = _expected(presence_bodies(presence), sub)
    wanted = pd.DataFrame({"indicator": [s.indicator for s in specs], "register": [s.register for s in specs]})
    expected = wanted.merge(expected, on="register")[["indicator", "period", "year", "body"]]
    if expected.empty:
        return pd.DataFrame(columns=PERIOD_INDICATOR_COLUMNS)
    selected = {} if selected is None else selected
    days = {r: day_numbers(t[year_columns[r]]) for r, t in dated.items()}  # each register's dates once
    pieces: dict[str, list[pd.DataFrame]] = {"count": [], "sum": [], "nunique": []}
    for spec in specs:
        if spec.register in dated:
            rows = select_once(selected, tables, spec.register, spec.filter)
            pieces[spec.aggregation].append(_slim(rows, spec, days[spec.register]))
    values = [_in_periods(_daily(pd.concat(parts, ignore_index=True), how), member, how)
              for how, parts in pieces.items() if parts]
    values = pd.concat(values, ignore_index=True) if values else pd.DataFrame(columns=["indicator", "period", "year", "body", "value"])
    figures = expected.merge(values, on=["indicator", "period", "year", "body"], how="left")
    figures = add_shares(figures.assign(value=figures["value"].fillna(0)), catalogue, keys=("period", "year", "body"))
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


def _slim(selected: pd.DataFrame, spec, register_days: pd.Series) -> pd.DataFrame:
    """``indicator, body, day, value`` of one indicator's dated records: what its aggregation needs
    (nothing for a count, the number for a sum, the key counted for a distinct count)."""
    day = register_days if len(selected) == len(register_days) else register_days.loc[selected.index]
    columns = {"indicator": spec.indicator, "body": selected["body"], "day": day}
    keep = day.notna()
    if spec.aggregation != "count":
        keep &= selected[spec.field].notna()
        field = selected[spec.field]
        if spec.aggregation == "sum":
            columns["value"] = pd.to_numeric(field.where(keep))
        else:
            keys = field.astype(str)
            columns["value"] = selected["body"].astype(str) + "|" + keys if spec.distinct_scope == "body" else keys
    return pd.DataFrame(columns, index=selected.index)[keep]


def _daily(rows: pd.DataFrame, how: str) -> pd.DataFrame:
    """``indicator, day, _scope, value`` per day of every indicator of one aggregation kind, per body
    and for both bodies together (:func:`pipeline.figures.indicators.scoped`, the one rule for that): the
    day's count or sum, or the distinct (day, value) pairs of a distinct count."""
    rows = scoped(rows)
    if how == "nunique":
        return rows.drop_duplicates(["indicator", "day", "_scope", "value"])[["indicator", "day", "_scope", "value"]]
    grouped = rows.groupby(["indicator", "day", "_scope"])
    return (grouped.size() if how == "count" else grouped["value"].sum()).rename("value").reset_index()


def _in_periods(daily: pd.DataFrame, member: pd.DataFrame, how: str) -> pd.DataFrame:
    """``indicator, period, year, body, value``: the days of every indicator gathered into each period."""
    if daily.empty:
        return pd.DataFrame(columns=["indicator", "period", "year", "body", "value"])
    grouped = daily.merge(member, on="day").groupby(["indicator", "period", "year", "_scope"])["value"]
    values = grouped.nunique() if how == "nunique" else grouped.sum()
    return values.reset_index().rename(columns={"_scope": "body"})


def year_only_labels(specs) -> list[str]:
    """Labels of the indicators with no part-of-year figure: their register is kept without a date
    (``year_column``), so they exist for the whole year only — said in sub-year tables, never a 0."""
    undated = {name for name, r in specs.schema.registers.items() if not r.year_column}
    table = specs.catalogue.table
    return table.loc[table["register"].isin(undated), "label_vi"].tolist()
