"""A share against its part and its whole: '168, chiếm 82%', 'đã giải quyết 176/221 đơn,
đạt tỷ lệ 79,63%'.

The part is the figure before "chiếm / đạt / tỷ lệ / bằng". The whole is the
total of a done/total pair; else the figure linked to the catalogue's whole
indicator in the same body; else the nearest larger figure with a fitting
unit earlier in the paragraph (or, with the very same unit of two words or
more, in the two paragraphs before). A printed share passes when it is within
one unit of its last digit of the exact share (rounded or cut).
"""

from __future__ import annotations

from pipeline.report.checks import Context, Item, check
from pipeline.report.figures import COUNTABLE, Figure, units_compatible
from pipeline.report.linking import share_defs
from pipeline.report.rounding import printed_decimals, rounded_exactly, within_last_digit
from pipeline.report.rows import STATUS_INTERNAL, STATUS_MATCH, internal_row
from pipeline.report.structure import fold_keep_length
from pipeline.vi.formatting import format_percent, share_phrase


def _near(f: Figure, part: Figure) -> bool:
    return part.paragraph - 2 <= f.paragraph <= part.paragraph and f.footnote == part.footnote


def _whole(ctx: Context, share: Figure, part: Figure) -> Figure | None:
    """The figure a share is of: the total of its pair; else, in the part's paragraph, the
    catalogue's whole or the nearest larger figure with a fitting unit; else the same in the
    two paragraphs before (a larger figure there only with the very same unit)."""
    if share.whole is not None:
        return ctx.fig(share.whole)
    linked = _catalogue_wholes(ctx, share, part)
    here = [f for f in linked if f.paragraph == part.paragraph]
    if here:
        return here[0]

    def larger(f: Figure) -> bool:
        return (f.index < part.index and f.kind in COUNTABLE and f.role in ("count", "pair")
                and f.value is not None and float(f.value) > float(part.value) and f.paren is None)

    same = [f for f in ctx.figures if part.unit and f.paragraph == part.paragraph and larger(f)
            and units_compatible(f.unit, part.unit)]
    if same:
        return same[-1]
    if linked:
        return linked[0]
    exact = fold_keep_length(part.unit)
    if len(exact.split()) < 2:
        return None
    earlier = [f for f in ctx.figures if _near(f, part) and f.paragraph < part.paragraph and larger(f)
               and fold_keep_length(f.unit) == exact]
    return earlier[-1] if earlier else None


def _catalogue_wholes(ctx: Context, share: Figure, part: Figure) -> list[Figure]:
    defs = share_defs(ctx.catalogue)
    if share.indicator not in defs:
        return []
    w_ind = defs[share.indicator][1]
    return [f for f in ctx.figures if f.indicator == w_ind and f.body == part.body and not f.repeat
            and f.kind in COUNTABLE and _near(f, part)]


def shares(ctx: Context) -> list[Item]:
    """Shares with a part; 'trên 85%', 'đạt gần 97%' say no exact share and are not checked."""
    return [Item(f, f) for f in ctx.figures if f.kind == "share" and f.owner is not None and not f.qualifier]


@check("tỷ lệ", shares)
def share_against_parts(ctx: Context, item: Item) -> list[dict]:
    share: Figure = item.data
    part = ctx.fig(share.owner)
    whole = _whole(ctx, share, part)
    if whole is None or not whole.value or whole.kind in ("lower_bound", "approximate") or part.value is None:
        return []
    d = printed_decimals(share.printed)
    frac = float(part.value) / float(whole.value)
    ok = within_last_digit(frac * 100, float(share.value), d)
    shown = format_percent(frac, d)
    note = f"{part.printed} / {whole.printed} = {format_percent(frac, max(d + 1, 1))}, in ra {shown}"
    if not ok:
        note += f", không phải {share.printed}"
    elif not rounded_exactly(frac * 100, float(share.value), d):
        note += f"; báo cáo in {share.printed} (cắt bớt, trong phạm vi ±1 ở chữ số cuối)"
    row = internal_row(share, "tỷ lệ", STATUS_MATCH if ok else STATUS_INTERNAL, share.printed, share.value, shown,
                       note, indicator=share.indicator)
    row["expected_sentence"] = share_phrase(frac) if d == 0 else f"chiếm {shown}"
    return [row]
