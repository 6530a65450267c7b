"""Done/total pairs and remainders: 'đã giải quyết 238/316 vụ việc, … còn lại 35 vụ việc',
'19/33 vụ việc, 14 vụ còn lại', 'tiếp nhận 660 vụ việc; đã giải quyết 349, còn 311'.

A remainder must be the total less the done figure. A done figure larger than
its total ('40/35 vụ việc đã giải quyết') is a contradiction. When a share of
the same pair fails too, and both agree on another done figure, the note says
so (a digit typed wrong).
"""

from __future__ import annotations

from pipeline.report.checks import Context, Item, check
from pipeline.report.figures import Figure
from pipeline.report.rounding import printed_decimals, within_last_digit
from pipeline.report.rows import STATUS_INTERNAL, STATUS_MATCH, internal_row
from pipeline.vi.formatting import format_count


def ratios(ctx: Context) -> list[Item]:
    return [Item(f, f) for f in ctx.figures if f.pair_kind == "ratio" and f.pair_pos == 0 and f.value is not None]


@check("đã làm / tổng số", ratios)
def done_not_above_total(ctx: Context, item: Item) -> list[dict]:
    done: Figure = item.data
    total = ctx.fig(done.mate)
    if total is None or total.value is None or float(done.value) <= float(total.value):
        return []
    note = f"{done.printed}/{total.printed}: số đã thực hiện {done.printed} lớn hơn tổng số {total.printed}"
    return [internal_row(done, "đã làm / tổng số", STATUS_INTERNAL, f"{done.printed}/{total.printed}", done.value,
                         f"≤ {total.printed}", note, indicator=done.indicator)]


def remainders(ctx: Context) -> list[Item]:
    return [Item(f, f) for f in ctx.figures if f.role == "remainder" and f.done is not None and f.total is not None]


@check("số còn lại", remainders)
def remainder_is_total_less_done(ctx: Context, item: Item) -> list[dict]:
    r: Figure = item.data
    done, total = ctx.fig(r.done), ctx.fig(r.total)
    left = float(total.value) - float(done.value)
    ok = abs(left - float(r.value)) < 1e-6
    note = f"{total.printed} − {done.printed} = {format_count(left)}" + ("" if ok else f", không phải {r.printed}")
    if not ok:
        note += _same_typo(ctx, r, done, total)
    return [internal_row(r, "số còn lại", STATUS_MATCH if ok else STATUS_INTERNAL, r.printed, r.value,
                         format_count(left), note, indicator=r.indicator)]


def _same_typo(ctx: Context, r: Figure, done: Figure, total: Figure) -> str:
    """'238/316, đạt 88,9%, còn lại 35': 316 − 35 = 281 and 281/316 = 88,9%: 238 is the slip."""
    alt = float(total.value) - float(r.value)
    for s in ctx.figures:
        if s.kind == "share" and s.owner == done.index and s.whole == total.index and total.value:
            d = printed_decimals(s.printed)
            if within_last_digit(alt / float(total.value) * 100, float(s.value), d) and not within_last_digit(
                    float(done.value) / float(total.value) * 100, float(s.value), d):
                return (f"; {format_count(alt)}/{total.printed} khớp cả {s.printed} và 'còn lại {r.printed}':"
                        f" có thể {done.printed} là số gõ nhầm")
    return ""
