"""Year-on-year comparisons and the sentence the report would print.

Pure functions on the long indicators table. Any year compares with any base
year; per body and for both bodies together (``all``), so 2020 (two offices)
sits beside 2021 (the merged office).
"""

from __future__ import annotations

import pandas as pd

from pipeline.bodies import BODY_ORDER
from pipeline.vi.formatting import (
    SHARE_UNIT,
    comparison_sentence,
    difference_label,
    format_delta,
    format_pct_change,
    format_value,
    shown_difference,
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
    One merge for every period and pair; rows by period (as the figures list them), then pair.
    """
    if figures.empty:
        return pd.DataFrame(columns=PERIOD_COMPARISON_COLUMNS)
    out = compare(figures, pairs, same_period=True, keys=("period", "body", "indicator"))
    order = {p: n for n, p in enumerate(dict.fromkeys(figures["period"]))}
    out = out.assign(_p=out["period"].map(order)).sort_values("_p", kind="stable")
    return out[PERIOD_COMPARISON_COLUMNS].reset_index(drop=True)


def compare(
    indicators: pd.DataFrame, pairs: list[tuple[int, int]], same_period: bool = False,
    keys: tuple[str, ...] = ("body", "indicator"),
) -> pd.DataFrame:
    """``year, base_year, body, indicator, value, base_value, delta, pct_change, sentence_vi``.

    ``pct_change`` is delta / base value as a fraction, empty when the base is 0
    or missing. A share's delta is in percentage points of the fraction.
    ``same_period``: the figures are of a part of the year ("so với cùng kỳ năm …").
    Every pair in one merge; rows in the order of ``pairs``, then of ``indicators``.
    """
    columns = COMPARISON_COLUMNS if "period" not in keys else PERIOD_COMPARISON_COLUMNS
    if not pairs or indicators.empty:
        return pd.DataFrame(columns=columns)
    pair_table = pd.DataFrame(pairs, columns=["year", "base_year"]).assign(_pair=range(len(pairs)))
    current = indicators.assign(_row=range(len(indicators))).merge(pair_table, on="year")
    base = indicators[[*keys, "year", "value"]].rename(columns={"year": "base_year", "value": "base_value"})
    merged = current.merge(base, on=[*keys, "base_year"], how="left").sort_values(["_pair", "_row"], kind="stable")
    merged["delta"] = merged["value"] - merged["base_value"]
    valid = merged["base_value"].notna() & (merged["base_value"] != 0)
    merged["pct_change"] = (merged["delta"] / merged["base_value"]).where(valid)
    merged["sentence_vi"] = _sentences(merged, same_period)
    return merged[columns].reset_index(drop=True)


def _sentences(merged: pd.DataFrame, same_period: bool) -> list[str]:
    """The report's sentence of each row, written once per distinct (value, base, unit, base year)."""
    written: dict[tuple, str] = {}
    out = []
    # .tolist() first: iterating Arrow-backed columns cell by cell costs several µs a cell
    for v, b, u, y in zip(*(merged[c].tolist() for c in ("value", "base_value", "unit_vi", "base_year"))):
        key = (v, None if pd.isna(b) else b, u, y)
        if key not in written:
            written[key] = comparison_sentence(v, b, u, int(y), is_share=(u == "%"), same_period=same_period)
        out.append(written[key])
    return out


def comparison_pairs(years: list[int], base_year: int | None = None) -> list[tuple[int, int]]:
    """Every consecutive pair of ``years`` as (later, earlier), then (last year, ``base_year``) if it is not one."""
    ordered = sorted(set(int(y) for y in years))
    pairs = [(later, earlier) for earlier, later in zip(ordered, ordered[1:])]
    if base_year is not None and ordered and int(base_year) != ordered[-1] and (ordered[-1], int(base_year)) not in pairs:
        pairs.append((ordered[-1], int(base_year)))
    return pairs


def delta_column(year: int, base_year: int) -> str:
    """Name of the difference column of a wide table: 'chênh lệch 2021 so với 2020'."""
    return f"chênh lệch {difference_label(year, base_year)}"


def pct_column(year: int, base_year: int) -> str:
    """Name of the percentage-change column of a wide table: '% thay đổi 2021 so với 2020'."""
    return f"% thay đổi {difference_label(year, base_year)}"


def side_by_side(indicators: pd.DataFrame, years: list[int], body: str | None = None,
                 base_year: int | None = None) -> pd.DataFrame:
    """Wide table of numbers for reading: one row per (body, indicator, label_vi, unit_vi), one column
    per year (int), then for each pair of :func:`comparison_pairs` its difference (``delta_column``)
    and percentage change (``pct_column``, a fraction; empty for shares and a zero base).

    A share's difference is the difference of the shares as shown (one decimal: 13,0% − 13,7%),
    still a fraction; printing turns it into points. Pivot only to show.
    """
    years = sorted(int(y) for y in years)
    rows = indicators[indicators["year"].isin(years)]
    if body:
        rows = rows[rows["body"] == body]
    wide = rows.pivot_table(
        index=["body", "indicator", "label_vi", "unit_vi"], columns="year", values="value", aggfunc="first",
        sort=False,
    )
    wide = wide.reindex(columns=years)
    wide.columns = list(wide.columns)
    share = wide.index.get_level_values("unit_vi") == SHARE_UNIT
    units = wide.index.get_level_values("unit_vi")
    for later, earlier in comparison_pairs(years, base_year):
        if earlier not in wide.columns:
            continue
        delta = pd.Series([shown_difference(v, b, u) for v, b, u in zip(wide[later], wide[earlier], units)],
                          index=wide.index, dtype=float)
        wide[delta_column(later, earlier)] = delta
        wide[pct_column(later, earlier)] = (delta / wide[earlier]).where((wide[earlier] != 0) & ~share)
    return wide.reset_index()


def format_side_by_side(wide: pd.DataFrame) -> pd.DataFrame:
    """The wide table's numbers as text for printing (the display style of :mod:`pipeline.vi.formatting`):
    '3.372', '13,7%', differences '+81' / '−0,7 điểm %', changes '−16,0%'."""
    out = wide.copy()
    units = out["unit_vi"].tolist()
    for col in out.columns:
        if isinstance(col, int):
            out[col] = [format_value(v, u) for v, u in zip(out[col], units)]
        elif isinstance(col, str) and col.startswith("chênh lệch"):
            out[col] = [format_delta(v, u) for v, u in zip(out[col], units)]
        elif isinstance(col, str) and col.startswith("% thay đổi"):
            out[col] = [format_pct_change(v) for v in out[col]]
    return out


BODY_FIELDS = ("unit_vi", "value", "base_value", "delta", "pct_change")


def bodies_side_by_side(indicators: pd.DataFrame, year: int, base_year: int | None,
                        bodies: tuple[str, ...] = BODY_ORDER) -> pd.DataFrame:
    """The bodies next to each other for one year and its base year.

    Index ``indicator``; columns ``label_vi`` and, per body, (body, field) for the fields
    ``unit_vi, value, base_value, delta, pct_change`` (``pct_change`` a fraction, empty for shares
    and a zero base). Indicators keep the order in which ``indicators`` lists them; a body
    without the indicator has empty cells (absent is not zero).
    """
    keep = indicators["body"].isin(bodies)
    current = indicators[keep & (indicators["year"] == year)]
    base = (indicators[keep & (indicators["year"] == base_year)] if base_year is not None
            else indicators.iloc[0:0])
    cols = ["body", "indicator", "label_vi", "unit_vi", "value"]
    merged = current[cols].merge(base[cols].rename(columns={"value": "base_value"}), on=["body", "indicator"],
                                 how="outer", suffixes=("", "_base"))
    merged["label_vi"] = merged["label_vi"].fillna(merged["label_vi_base"])
    merged["unit_vi"] = merged["unit_vi"].fillna(merged["unit_vi_base"])
    merged["delta"] = [shown_difference(v, b, u) for v, b, u in
                       zip(merged["value"], merged["base_value"], merged["unit_vi"])]
    merged["delta"] = merged["delta"].astype(float)
    valid = merged["base_value"].notna() & (merged["base_value"] != 0) & (merged["unit_vi"] != SHARE_UNIT)
    merged["pct_change"] = (merged["delta"] / merged["base_value"]).where(valid)
    order = list(dict.fromkeys(pd.concat([current["indicator"], base["indicator"]])))
    labels = merged.drop_duplicates("indicator").set_index("indicator")["label_vi"]
    wide = merged.pivot(index="indicator", columns="body", values=list(BODY_FIELDS))
    wide = wide.swaplevel(axis=1).reindex(columns=pd.MultiIndex.from_product([bodies, BODY_FIELDS]))
    wide = wide.reindex(order)
    wide.insert(0, ("label_vi", ""), labels.reindex(order))
    return wide
