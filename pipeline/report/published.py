"""A run's published figures for one reporting period: what a report is checked (or drafted) against.

The whole year is ``indicators.csv``; a quarter, six or nine months, a month
is its rows of ``period_indicators.csv`` (same columns, plus ``period``).
Both the checker (``check-report --period``) and the draft read them here,
so a draft and its check see the same numbers. The only file access is
:func:`read_period_figures`; an unknown period id is turned into a message
by :func:`pipeline.specs.periods.period_by_id`, for every command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.outputs import catalog
from pipeline.specs.periods import YEAR, Period, UnknownPeriod, period_by_id  # noqa: F401 (the one lookup, re-exported)

INDICATORS_FILE = catalog.INDICATORS
PERIOD_INDICATORS_FILE = catalog.PERIOD_INDICATORS
FIGURE_COLUMNS = ("year", "body", "indicator", "value")


@dataclass
class PeriodFigures:
    """``table``: (year, body, indicator, value[, unit_vi, label_vi]) of one period, None without a run.

    ``year_only``: (year, body, indicator) with a figure for the whole year but none
    for this period — registers without a date (laws consulted, awards …).
    """

    period: Period
    table: pd.DataFrame | None
    source: Path
    year_only: set[tuple[int, str, str]] = field(default_factory=set)


def period_phrase(period: Period, year: int) -> str:
    """'năm 2020', '6 tháng đầu năm 2020', 'quý I năm 2020' (:meth:`pipeline.specs.periods.Period.phrase`)."""
    return period.phrase(year)


def read_period_figures(out_dir: str | Path, period: Period) -> PeriodFigures:
    """The figures of `period` published in `out_dir` (None when the folder holds no run).

    Raises ValueError (message naming the file and what to do) for a table without
    its columns, or a run published before periods existed.
    """
    out_dir = Path(out_dir)
    annual_path = out_dir / INDICATORS_FILE
    if period.is_year:
        return PeriodFigures(period, _read(annual_path), annual_path)
    path = out_dir / PERIOD_INDICATORS_FILE
    if not path.exists():
        if annual_path.exists():
            raise ValueError(f"{path}: chưa có (kết quả của một lần chạy cũ, trước khi có kỳ báo cáo): "
                             "chạy lại «python -m pipeline run»")
        return PeriodFigures(period, None, path)
    table = _read(path, extra=("period",))
    table = table[table["period"].astype(str) == period.id].drop(columns="period").reset_index(drop=True)
    annual = _read(annual_path) if annual_path.exists() else None
    year_only = set()
    if annual is not None:
        have = set(zip(table["year"].astype(int), table["body"].astype(str), table["indicator"].astype(str)))
        year_only = {k for k in zip(annual["year"].astype(int), annual["body"].astype(str),
                                    annual["indicator"].astype(str)) if k not in have}
    return PeriodFigures(period, table, path, year_only)


def _read(path: Path, extra: tuple[str, ...] = ()) -> pd.DataFrame | None:
    if not path.exists():
        return None
    table = pd.read_csv(path, encoding="utf-8-sig")
    missing = (set(FIGURE_COLUMNS) | set(extra)) - set(table.columns)
    if missing:
        raise ValueError(f"{path}: thiếu cột {', '.join(sorted(missing))}; chạy lại «python -m pipeline run»")
    return table
