"""A figure of the report against the value computed from the registers.

``Values`` holds the computed indicators (year, body, indicator → value;
shares derived from their part and whole). ``compare`` gives one figure's row
of the result table: khớp / lệch / không liên kết được / sai định dạng.
"""

from __future__ import annotations

import pandas as pd

from pipeline.bodies import ALL_BODIES
from pipeline.report import numbers
from pipeline.report.figures import Figure
from pipeline.report.linking import share_defs
from pipeline.report.rounding import (
    APPROXIMATE_TOLERANCE,
    printed_decimals,
    qualified,
    within_last_digit,
)
from pipeline.report.rows import (
    STATUS_MALFORMED,
    STATUS_MATCH,
    STATUS_MISMATCH,
    figure_row,
    read_as,
)
from pipeline.vi.formatting import comparison_sentence, equal_phrase, format_count, format_percent


class Values:
    """Computed indicator values by (year, body, indicator), shares derived from their parts."""

    def __init__(self, indicators: pd.DataFrame | None, catalogue: pd.DataFrame, units: pd.DataFrame,
                 same_period: bool = False, year_only: set | None = None, period_label: str | None = None):
        self.same_period = same_period  # a part of the year: "so với cùng kỳ năm …"
        self.year_only = set(year_only or ())  # (year, body, indicator) with a figure for the whole year only
        self.period_label = period_label
        self.map: dict[tuple[int, str, str], float] = {}
        if indicators is not None and len(indicators):
            for r in indicators.itertuples(index=False):
                v = pd.to_numeric(r.value, errors="coerce")
                if not pd.isna(v):
                    self.map[(int(r.year), str(r.body), str(r.indicator))] = float(v)
        self.shares = share_defs(catalogue)
        self.units = {r.indicator: r.unit_vi for r in catalogue.itertuples(index=False)}
        self.body_units = {(r.indicator, r.body): r.unit_vi for r in units.itertuples(index=False)}
        if indicators is not None and "unit_vi" in indicators.columns:
            for r in indicators[["body", "indicator", "unit_vi"]].dropna().drop_duplicates().itertuples(index=False):
                self.body_units[(r.indicator, r.body)] = r.unit_vi

    @property
    def empty(self) -> bool:
        return not self.map

    def get(self, year: int | None, body: str | None, indicator: str | None) -> float | None:
        if year is None or indicator is None:
            return None
        v = self.map.get((int(year), body or ALL_BODIES, indicator))
        if v is None and indicator in self.shares:
            part, whole = self.shares[indicator]
            pv, wv = self.get(year, body, part), self.get(year, body, whole)
            if pv is not None and wv:
                v = pv / wv
        return v

    def unit(self, indicator: str, body: str | None) -> str:
        return self.body_units.get((indicator, body or ""), self.units.get(indicator, ""))


def base_year_of(fig: Figure, year: int, base_year: int) -> int | None:
    """The year a difference or same-period value compares with (None: the previous report)."""
    if fig.base_ref == "year" and fig.base_year is not None:
        return int(fig.base_year)
    if fig.base_ref == "previous_period":
        return None
    return base_year


def compare(fig: Figure, vals: Values, year: int, base_year: int, sums: dict) -> dict:
    """The figure's row: its value against the computed one."""
    row = figure_row(fig)
    if fig.kind == "malformed":
        note, guess = numbers.malformed_note(fig.printed)
        return dict(row, status=STATUS_MALFORMED, note=note, expected_printed=guess)
    if fig.kind == "delta":
        return _compare_delta(dict(row, row_type="delta"), fig, vals, year, base_year)
    if vals.empty:
        linked = f"; chỉ tiêu {fig.indicator}" if fig.indicator else ""
        return dict(row, note=f"{read_as(fig)}{linked}; không có số liệu để so sánh")
    if not fig.indicator:
        return dict(row, note="Không có chỉ tiêu nào trong danh mục khớp với số này và các từ quanh nó")
    if fig.role == "same_period":
        return _compare_same_period(row, fig, vals, year, base_year)
    return _compare_value(row, fig, vals, year, base_year, sums)


def _compare_value(row: dict, fig: Figure, vals: Values, year: int, base_year: int, sums: dict) -> dict:
    ind, body, kind = fig.indicator, fig.body, fig.kind
    computed, base = vals.get(year, body, ind), vals.get(base_year, body, ind)
    is_share = kind == "share"
    row.update(computed=computed, base_computed=base, expected_printed=_fmt(computed, is_share),
               expected_sentence=comparison_sentence(computed, base, vals.unit(ind, body), base_year, is_share=is_share,
                                                     same_period=vals.same_period))
    if computed is None:
        if (year, body or ALL_BODIES, ind) in vals.year_only:
            return dict(row, note=f"Chỉ tiêu {ind} chỉ có số cả năm {year} (sổ không ghi ngày): "
                                  f"không có số {vals.period_label or 'của kỳ này'}")
        span = f"{vals.period_label} năm {year}" if vals.period_label else f"năm {year}"
        return dict(row, note=f"Đã nhận ra chỉ tiêu {ind} nhưng chưa có số liệu tính toán {span} ({body or 'all'})")
    value, prefix = float(fig.value), ""
    members = sums.get((ind, body), [])
    if fig.combine == "sum" and len(members) > 1:
        value = sum(float(m.value) for m in members)
        prefix = "Cộng các lần nêu: " + " + ".join(m.printed for m in members) + f" = {format_count(value)}. "
    if is_share and fig.qualifier:
        ok = computed * 100 > value if fig.qualifier == "lower_bound" else (
            abs(computed * 100 - value) <= APPROXIMATE_TOLERANCE * max(value, 1))
        note = f"Tỷ lệ ước lượng; số liệu: {format_percent(computed, 1)}"
    elif is_share:
        d = printed_decimals(fig.printed)
        ok = within_last_digit(computed * 100, value, d)
        row["expected_printed"] = format_percent(computed, d)
        note = f"Tỷ lệ tính từ số liệu: {format_percent(computed, max(d, 1))}"
    elif kind == "lower_bound":
        ok = computed > value
        note = f"'trên {fig.printed}' nghĩa là lớn hơn {fig.printed}; số liệu: {format_count(computed)}"
        if ok:
            row["expected_printed"] = f"trên {fig.printed}"
    elif kind == "approximate":
        ok = abs(computed - value) <= APPROXIMATE_TOLERANCE * max(abs(computed), 1)
        note = f"Số ước lượng ('khoảng/gần {fig.printed}'), chấp nhận lệch đến 5%; số liệu: {format_count(computed)}"
    else:
        ok = abs(computed - value) < 1e-6
        note = "" if ok else f"Báo cáo ghi {format_count(value)}, số liệu tính được {format_count(computed)}"
    if fig.repeat:
        prefix += "Nhắc lại số đã nêu. "
    shown = note if (not ok or kind in ("share", "lower_bound", "approximate")) else ""
    return dict(row, status=STATUS_MATCH if ok else STATUS_MISMATCH, note=(prefix + shown).strip())


def _compare_same_period(row: dict, fig: Figure, vals: Values, year: int, base_year: int) -> dict:
    """'(cùng kỳ năm 2019: 1.012 lượt)': the base year's value, not this year's."""
    by = base_year_of(fig, year, base_year)
    computed = vals.get(by, fig.body, fig.indicator)
    row.update(computed=computed, expected_printed=_fmt(computed, False))
    if computed is None:
        return dict(row, note=f"Số cùng kỳ của {fig.indicator}: chưa có số liệu năm {by}")
    ok = abs(computed - float(fig.value)) < 1e-6
    note = f"Số cùng kỳ (năm {by})" + ("" if ok else f": báo cáo ghi {fig.printed}, số liệu năm {by} là {format_count(computed)}")
    return dict(row, status=STATUS_MATCH if ok else STATUS_MISMATCH, note=note)


def _compare_delta(row: dict, fig: Figure, vals: Values, year: int, base_year: int) -> dict:
    sign = fig.delta_sign or 0
    signed = 0.0 if sign == 0 else float(fig.value) * sign
    row["value"] = signed
    if vals.empty:
        return dict(row, note=f"{read_as(fig)}; không có số liệu để so sánh")
    if not fig.indicator:
        return dict(row, note="Số so sánh không gắn được với số liệu nào đã liên kết")
    by = base_year_of(fig, year, base_year)
    if by is None:
        return dict(row, note="So với kỳ báo cáo trước: không có năm để đối chiếu với số liệu")
    unit = vals.unit(fig.indicator, fig.body)
    cur, base = vals.get(year, fig.body, fig.indicator), vals.get(by, fig.body, fig.indicator)
    row.update(computed=None if cur is None or base is None else cur - base, base_computed=base,
               expected_sentence=comparison_sentence(cur, base, unit, by, same_period=vals.same_period))
    if cur is None or base is None:
        return dict(row, note=f"Chưa có số liệu {fig.indicator} năm {year if cur is None else by} để so sánh")
    delta = cur - base
    if fig.unit == "%":
        if not base:
            return dict(row, note=f"Năm {by} bằng 0: không tính được phần trăm thay đổi")
        d = printed_decimals(fig.printed)
        exact = delta / base * 100
        ok = qualified(exact, signed, fig.qualifier) if fig.qualifier else within_last_digit(exact, signed, d)
        expected = f"{'tăng' if delta > 0 else 'giảm'} {format_percent(abs(delta) / base, d)}"
    else:
        ok = qualified(delta, signed, fig.qualifier) if fig.qualifier else abs(delta - signed) < 1e-6
        expected = equal_phrase(by, vals.same_period) if delta == 0 else f"{'tăng' if delta > 0 else 'giảm'} {format_count(abs(delta))}"
    if fig.qualifier:
        row["note"] = (f"Số ước lượng ('{fig.printed}'), chấp nhận lệch đến 5%" if fig.qualifier == "approximate"
                       else f"'{fig.printed}': lớn hơn số ghi") + f"; tính được {expected}"
    row.update(status=STATUS_MATCH if ok else STATUS_MISMATCH, expected_printed=expected)
    if not ok:
        row["note"] = (f"Chênh lệch tính được {format_count(cur)} − {format_count(base)} = {format_count(delta)}"
                       f" (năm {year} so với {by}); báo cáo ghi {fig.printed}")
    return row


def _fmt(value: float | None, is_share: bool) -> str:
    if value is None or pd.isna(value):
        return ""
    return format_percent(value) if is_share else format_count(value)


def data_support(vals: Values, fig: Figure, year: int, parts_sum: float) -> str:
    """When the text contradicts itself, which side the computed value supports."""
    if vals.empty or not fig.indicator:
        return ""
    computed = vals.get(year, fig.body, fig.indicator)
    if computed is None:
        return ""
    got = format_count(computed)
    if abs(computed - parts_sum) < 1e-6:
        return f" Số liệu tính được {fig.indicator} = {got}: khớp với tổng các phần, {fig.printed} là số sai."
    if abs(computed - float(fig.value)) < 1e-6:
        return f" Số liệu tính được {fig.indicator} = {got}: khớp với {fig.printed}, một phần nào đó in sai."
    return f" Số liệu tính được {fig.indicator} = {got}: không khớp với cả hai."

