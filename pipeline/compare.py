"""Year-on-year comparisons and the sentence the report would print.

Pure functions on the long indicators table. Any year compares with any base
year; per body and for both bodies together (``all``), so 2020 (two offices)
sits beside 2021 (the merged office).
"""

from __future__ import annotations

import pandas as pd

from pipeline.formatting import (
    comparison_sentence,
    format_count,
    format_number,
    format_percent,
    round_half_up,
)

COMPARISON_COLUMNS = [
    "year", "base_year", "body", "indicator", "value", "base_value", "delta", "pct_change", "sentence_vi",
]


def default_year_pairs(years: list[int]) -> list[tuple[int, int]]:
    """Each year against every earlier year with data (the year before first)."""
    ordered = sorted(set(years))
    return [(y, b) for y in ordered for b in reversed(ordered) if b < y]


PERIOD_COMPARISON_COLUMNS = [
    "year", "base_year", "period", "body", "indicator", "value", "base_value", "delta", "pct_change", "sentence_vi",
]


def compare_periods(figures: pd.DataFrame, pairs: list[tuple[int, int]]) -> pd.DataFrame:
    """Each period against the same period of base years ("… so với cùng kỳ năm 2019").

    ``figures``: the period indicators (year, period, body, indicator, value, unit_vi, …).
    """
    frames = [
        compare(part, pairs, same_period=True).assign(period=period)
        for period, part in figures.groupby("period", sort=False)
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=PERIOD_COMPARISON_COLUMNS)
    return pd.concat(frames, ignore_index=True)[PERIOD_COMPARISON_COLUMNS]


def compare(indicators: pd.DataFrame, pairs: list[tuple[int, int]], same_period: bool = False) -> pd.DataFrame:
    """``year, base_year, body, indicator, value, base_value, delta, pct_change, sentence_vi``.

    ``pct_change`` is delta / base value as a fraction, empty when the base is 0
    or missing. A share's delta is in percentage points of the fraction.
    ``same_period``: the figures are of a part of the year ("so với cùng kỳ năm …").
    """
    frames = []
    keys = ["body", "indicator"]
    for year, base_year in pairs:
        current = indicators[indicators["year"] == year]
        base = indicators[indicators["year"] == base_year][[*keys, "value"]].rename(columns={"value": "base_value"})
        if current.empty:
            continue
        merged = current.merge(base, on=keys, how="left").assign(base_year=base_year)
        merged["delta"] = merged["value"] - merged["base_value"]
        valid = merged["base_value"].notna() & (merged["base_value"] != 0)
        merged["pct_change"] = (merged["delta"] / merged["base_value"]).where(valid)
        merged["sentence_vi"] = [
            comparison_sentence(v, b, u, base_year, is_share=(u == "%"), same_period=same_period)
            for v, b, u in zip(merged["value"], merged["base_value"], merged["unit_vi"])
        ]
        frames.append(merged)
    if not frames:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    return pd.concat(frames, ignore_index=True)[COMPARISON_COLUMNS]


def side_by_side(indicators: pd.DataFrame, years: list[int], body: str | None = None) -> pd.DataFrame:
    """Wide table for reading: one column per year, plus difference and % change of the last two.

    Values are printed the report's way ('3.372', '05', 'chiếm 14%'). Pivot only to show.
    """
    rows = indicators[indicators["year"].isin(years)]
    if body:
        rows = rows[rows["body"] == body]
    wide = rows.pivot_table(
        index=["body", "indicator", "label_vi", "unit_vi"], columns="year", values="value", aggfunc="first", sort=False
    )
    wide = wide.reindex(columns=sorted(years))
    if len(years) >= 2:
        last, prev = sorted(years)[-1], sorted(years)[-2]
        wide["chênh lệch"] = wide[last] - wide[prev]
        wide["% thay đổi"] = (wide["chênh lệch"] / wide[prev]).where(wide[prev] != 0)
    return wide.reset_index()


def format_side_by_side(wide: pd.DataFrame) -> pd.DataFrame:
    """Render the wide table's numbers the Vietnamese way (for printing)."""
    out = wide.copy()
    share = out["unit_vi"] == "%"
    for col in out.columns:
        if isinstance(col, int):
            out[col] = [format_percent(v) if s else format_count(v) for v, s in zip(out[col], share)]
        elif col == "chênh lệch":
            # a share moves in percentage points; a count's difference needs no leading zero
            out[col] = [
                (f"{format_number(round_half_up(v * 100), 0)} điểm %" if pd.notna(v) else "") if s else format_number(v)
                for v, s in zip(out[col], share)
            ]
        elif col == "% thay đổi":
            out[col] = [("" if s else format_percent(v, 1)) for v, s in zip(out[col], share)]
    return out
