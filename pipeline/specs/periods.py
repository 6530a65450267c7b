"""Reporting periods as data (``specs/periods.csv``): a year, its quarters, halves, nine months and months.

A period is a first and a last day of the year it is reported in; it may start
in the previous year: the administrative reporting regime closes data on the
14th (Nghị định 09/2019/NĐ-CP, Điều 12), so its six months run from 15/12 of
the year before to 14/06. A record belongs to a period of year Y when the
date of its register's ``year_column`` falls between the two days; a register
without a date belongs to the whole year only.

Pure: :func:`membership` maps dates to (period, year) once, so every figure of
every period is a merge and a group-by on a small table, not a pass per period.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

YEAR = "year"
"""The id of the whole year: its figures are the annual ones (indicators.csv)."""


class UnknownPeriod(ValueError):
    """A period id that no spec declares; the message lists the ids."""

PERIOD_COLUMNS = ("period", "label_vi", "first_day", "first_month", "from_previous_year", "last_day", "last_month", "set")


@dataclass(frozen=True)
class Period:
    id: str
    label_vi: str
    first_day: int
    first_month: int
    from_previous_year: bool
    last_day: int  # 31 means the month's last day (30 June, 28/29 February)
    last_month: int
    set: str = "calendar"

    def bounds(self, year: int) -> tuple[dt.date, dt.date]:
        """The first and last day of this period as reported in ``year``."""
        start_year = year - 1 if self.from_previous_year else year
        return (_day(start_year, self.first_month, self.first_day), _day(year, self.last_month, self.last_day))

    @property
    def is_year(self) -> bool:
        return self.id == YEAR

    def phrase(self, year: int) -> str:
        """'năm 2020', '6 tháng đầu năm 2020', 'quý I năm 2020', 'tháng 3 năm 2020' (a cut-off's note dropped)."""
        label = self.label_vi.split("(")[0].strip() or self.id
        if label == "năm" or label.endswith(" năm"):
            return f"{label} {year}"
        return f"{label} năm {year}"

    @property
    def same_period_words(self) -> bool:
        """A part of the year compares with 'cùng kỳ' of the base year, the whole year with 'năm'."""
        return not self.is_year


def part_of_year(period: Period | None) -> bool:
    """A quarter, six or nine months, a month… — not None and not the whole year."""
    return period is not None and not period.is_year


def when(period: Period | None, year: int) -> str:
    """'năm 2020' (the whole year, or no period), '6 tháng đầu năm 2020', 'quý I năm 2020'."""
    return period.phrase(year) if part_of_year(period) else f"năm {year}"


def _day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def parse_periods(table: pd.DataFrame) -> tuple[Period, ...]:
    """Periods from the (checked) periods table, in its order."""
    return tuple(
        Period(r["period"], r["label_vi"], int(r["first_day"]), int(r["first_month"]),
               str(r["from_previous_year"]).strip().lower() in ("yes", "true", "1", "có"),
               int(r["last_day"]), int(r["last_month"]), r.get("set") or "calendar")
        for r in table.to_dict("records")
    )


def day_numbers(dates: pd.Series) -> pd.Series:
    """Dates (date objects, Timestamps or None) as whole days since 1970 (nullable Int64): cheap join keys."""
    parsed = pd.to_datetime(dates, errors="coerce")
    days = parsed.values.astype("datetime64[D]").astype("int64")
    return pd.Series(days, index=dates.index, dtype="Int64").mask(parsed.isna())


def membership(dates: pd.Series, periods: tuple[Period, ...]) -> pd.DataFrame:
    """``day, period, year``: every period (and the year it is reported in) each distinct date falls in;
    ``day`` as :func:`day_numbers` gives it.

    ``dates`` may hold None (records without a date): they belong to no period here.
    """
    days = pd.DatetimeIndex(pd.to_datetime(pd.Series(dates).dropna().unique()))  # date objects or datetime64
    if len(days) == 0:
        return pd.DataFrame({"day": pd.Series(dtype="Int64"), "period": pd.Series(dtype=object), "year": pd.Series(dtype=int)})
    frames = []
    md = days.month * 100 + days.day
    for p in periods:
        first = p.first_month * 100 + p.first_day
        if p.from_previous_year:
            # 15/12 … 14/06 of the next year: December's tail reports in the next year
            in_tail = md >= first
            year = days.year + in_tail.astype(int)
            inside = in_tail | (md <= _last_md(days, p))
        else:
            year = days.year
            inside = (md >= first) & (md <= _last_md(days, p))
        frames.append(pd.DataFrame({"date": days[inside], "period": p.id, "year": np.asarray(year)[inside]}))
    out = pd.concat(frames, ignore_index=True)
    out["day"] = out.pop("date").values.astype("datetime64[D]").astype("int64")
    return out.astype({"day": "Int64"})


def _last_md(days: pd.DatetimeIndex, p: Period) -> np.ndarray:
    """The period's last day as month*100+day in each date's year (31 clamps to the month's end)."""
    years = days.year.to_numpy()
    month_days = {y: calendar.monthrange(int(y), p.last_month)[1] for y in np.unique(years)}
    return p.last_month * 100 + np.minimum(p.last_day, np.vectorize(month_days.get, otypes=[int])(years))


def rows_in_period(lineage: pd.DataFrame, period: Period, year: int) -> pd.DataFrame:
    """The lineage rows (file, sheet, row) of a period's figure: those whose record date falls in it."""
    first, last = period.bounds(year)
    dates = pd.to_datetime(lineage["date"], errors="coerce")
    return lineage[(dates >= pd.Timestamp(first)) & (dates <= pd.Timestamp(last))]


def records_in_period(records: pd.DataFrame, date_column: str | None, period: Period) -> pd.DataFrame:
    """The records dated in ``period`` of any year, ``year`` set to the year the period is reported in
    (15–31/12 records of a cut-off period count in the next year); none for a register without a date."""
    if period.is_year:
        return records
    if not date_column or date_column not in records.columns:
        return records.iloc[0:0]
    member = membership(records[date_column], (period,))
    year_of_day = dict(zip(member["day"].astype("int64"), member["year"].astype(int)))
    reported = day_numbers(records[date_column]).map(year_of_day)
    inside = reported.notna()
    return records[inside].assign(year=reported[inside].astype(int))


def period_by_id(period_id: str | None, periods: tuple[Period, ...], where: str = "pipeline/specs/periods.csv") -> Period:
    """The declared period with this id (None or '' is the whole year)."""
    from pipeline.vi.nearest import suggestion

    wanted = (period_id or YEAR).strip()
    for p in periods:
        if p.id == wanted:
            return p
    same = [p for p in periods if p.id.lower() == wanted.lower()]  # 'H1' is h1
    if len(same) == 1:
        return same[0]
    ids = [p.id for p in periods]
    raise UnknownPeriod(
        f"không có kỳ báo cáo «{wanted}»{suggestion(wanted, ids)}; các kỳ có trong {where}: {', '.join(ids)}"
    )
