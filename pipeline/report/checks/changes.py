"""A difference or a percentage change against the two figures printed with it:
'giảm 146 lượt tiếp, 127 lượt người (6 tháng đầu năm 2019 đã tiếp 1.012 lượt/1.091 lượt
người)' after '866 lượt/964 lượt người'; 'tăng 81 đơn so với năm 2019: 114 đơn'.

The current figure is the difference's owner (``figures._owners``), the base the
same-period value printed with it. A percentage change passes within one unit
of its last printed digit.
"""

from __future__ import annotations

from pipeline.report.checks import Context, Item, check
from pipeline.report.figures import Figure
from pipeline.report.rounding import printed_decimals, qualified, within_last_digit
from pipeline.report.rows import STATUS_INTERNAL, STATUS_MATCH, internal_row
from pipeline.vi.formatting import format_count, format_number


def differences(ctx: Context) -> list[Item]:
    return [Item(f, f) for f in ctx.figures
            if f.kind == "delta" and f.owner is not None and f.base is not None and f.delta_sign]


@check("chênh lệch với cùng kỳ", differences)
def difference_against_base(ctx: Context, item: Item) -> list[dict]:
    d: Figure = item.data
    cur, base = ctx.fig(d.owner), ctx.fig(d.base)
    if cur.value is None or base.value is None or cur.kind in ("lower_bound", "approximate"):
        return []
    diff = float(cur.value) - float(base.value)
    signed = float(d.value) * d.delta_sign
    if d.unit == "%":
        if not base.value:
            return []
        exact = diff / float(base.value) * 100
        decimals = printed_decimals(d.printed)
        ok = qualified(exact, signed, d.qualifier) if d.qualifier else within_last_digit(exact, signed, decimals)
        word = "tăng" if exact > 0 else "giảm"
        expected = f"{word} {format_number(abs(exact), decimals)}%"
        note = (f"({cur.printed} − {base.printed}) / {base.printed} = {format_number(exact, decimals + 1)}%; "
                f"báo cáo ghi '{d.printed}'")
    else:
        ok = qualified(diff, signed, d.qualifier) if d.qualifier else abs(diff - signed) < 1e-6
        word = "bằng" if diff == 0 else ("tăng" if diff > 0 else "giảm")
        expected = f"{word} {format_count(abs(diff))}" if diff else "bằng"
        note = f"{cur.printed} − {base.printed} = {_signed(diff)}; báo cáo ghi '{d.printed}'"
    return [internal_row(d, "chênh lệch với cùng kỳ", STATUS_MATCH if ok else STATUS_INTERNAL, d.printed, signed,
                         expected, note, indicator=d.indicator)]


def _signed(value: float) -> str:
    return ("−" if value < 0 else "") + format_count(abs(value))
