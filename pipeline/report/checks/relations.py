"""Relations between indicators (``specs/report_checks.csv``: received = handled +
archived, handled ≥ answered + guided + forwarded, …) on the figures of one body
printed in one paragraph. A relation already checked as a part-list is not repeated.
"""

from __future__ import annotations

from pipeline.report.checks import Context, Item, check
from pipeline.report.rows import STATUS_INTERNAL, STATUS_MATCH, internal_row
from pipeline.vi.formatting import format_count

_SYMBOL = {"=": "=", "<=": "≤", ">=": "≥"}


def groups(ctx: Context) -> list[Item]:
    """(body, paragraph) → {indicator: [figures]}, one item per relation that has all its figures."""
    by: dict[tuple, dict[str, list]] = {}
    for f in ctx.figures:
        if f.indicator and not f.repeat and f.kind in ("count", "money", "lower_bound", "enumeration") \
                and f.role in ("count", "pair"):
            para = f.paragraph if f.footnote is None else -f.paragraph
            by.setdefault((f.body or "all", para), {}).setdefault(f.indicator, []).append(f)
    out = []
    for figs in by.values():
        for r in ctx.relations.itertuples(index=False):
            parts = [p.strip() for p in r.parts.split("+")]
            if r.total in figs and all(p in figs for p in parts):
                out.append(Item(figs[r.total][0], (r, figs, parts)))
    return out


@check("quan hệ giữa các chỉ tiêu", groups)
def relation_holds(ctx: Context, item: Item) -> list[dict]:
    r, figs, parts = item.data
    lists = [figs[r.total]] + [figs[p] for p in parts]
    if any(x.kind == "lower_bound" for lst in lists for x in lst):
        return []
    key = frozenset(x.index for lst in lists for x in lst)
    if key in ctx.seen:
        return []
    ctx.seen.add(key)
    total_fig = figs[r.total][0]
    total = sum(float(x.value) for x in figs[r.total])
    values = [sum(float(x.value) for x in figs[p]) for p in parts]
    s = sum(values)
    ok = {"=": abs(total - s) < 1e-6, "<=": total <= s + 1e-6, ">=": total >= s - 1e-6}[r.relation]
    rel = _SYMBOL[r.relation]
    note = (f"{r.total} {rel} {r.parts}: {total_fig.printed} {rel} {' + '.join(format_count(v) for v in values)}"
            + (f" = {format_count(s)}" if len(parts) > 1 else "") + ("" if ok else " không đúng"))
    return [internal_row(total_fig, "quan hệ giữa các chỉ tiêu", STATUS_MATCH if ok else STATUS_INTERNAL,
                         total_fig.printed, total, format_count(s), note, indicator=r.total)]
