"""Parts against their total.

Two ways a report lists the parts of a figure:

- ``trong đó``: "163 đơn, trong đó chuyển 17 đơn, … 05 đơn, lưu 146 đơn". The
  totals are the figures of the clause before (or, when "Trong đó" opens a
  clause or sentence, of the clause or sentence before it in the paragraph).
  The list runs to the end of the clause; after "trong đó:" to the end of the
  sentence; inside "(trong đó …" to its ")". A list in one clause may go on
  in the next clauses when they start with the same word ("tiếp thường xuyên
  …; tiếp định kỳ …") and the parts so far fall short of the total.
- a parenthesis right after a figure that holds two or more figures:
  "1.536 đơn (tồn đầu kỳ 40 đơn, tiếp nhận mới 1.496 đơn)".

Parts go to the nearest total whose unit they fit ("đơn thư" ~ "đơn"; with
one total every part of the first clause counts, whatever its unit). Of a
pair "1.147 lượt/1.325 người", only the member fitting the total is a part.
Differences, shares, same-period values, dates and the figures of a
parenthesis nested inside the list are not parts. A sum that exceeds its
total is not a contradiction when the text explains the overlap ("vừa chuyển
… vừa trả lời"): it is noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.report import phrases
from pipeline.report.checks import Context, Item, check
from pipeline.report.data import data_support
from pipeline.report.figures import COUNTABLE, Figure, units_compatible
from pipeline.report.rows import STATUS_INTERNAL, STATUS_MATCH, internal_row, short
from pipeline.report.structure import sentences
from pipeline.vi.formatting import format_count

PART_ROLES = ("count", "pair", "remainder")
_LIST_START = re.compile(r"(?<!\w)trong (?:số )?đó(?!\w)\s*(:)?")


@dataclass
class PartList:
    total: Figure
    parts: list[Figure]
    explanation: str  # the text that explains an overlap, if any
    how: str  # "trong đó" or "ngoặc đơn"


def _is_part(f: Figure) -> bool:
    return f.kind in COUNTABLE and f.role in PART_ROLES


def _is_total(f: Figure) -> bool:
    return f.kind in COUNTABLE and f.role in ("count", "pair")


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    return next(((a, b) for a, b in sentences(text) if a <= pos < b), (0, len(text)))


def _clause_end(text: str, pos: int, hi: int) -> int:
    k = text.find(";", pos, hi)
    return k if k >= 0 else hi


def _paren_close(text: str, open_at: int) -> int:
    depth = 0
    for k in range(open_at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[k], 0)
        if depth == 0:
            return k
    return len(text)


# --------------------------------------------------------------------------- finding the lists


def _trong_do_lists(ctx: Context, pi: int) -> list[PartList]:
    text, low, figs = ctx.text(pi), ctx.lower(pi), ctx.reading.in_paragraph(pi)
    out = []
    for m in _LIST_START.finditer(low):
        p, colon = m.start(), bool(m.group(1))
        s0, s1 = _sentence_span(text, p)
        opened = re.search(r"\(\s*$", low[s0:p])
        list_paren = (s0 + opened.start(), _paren_close(text, s0 + opened.start())) if opened else None
        end = s1 if colon else _clause_end(text, m.end(), s1)
        if list_paren:
            end = min(end, list_paren[1])
        totals = _totals(text, figs, list_paren[0] if list_paren else p, s0)
        if not totals:
            continue
        level = list_paren or _container(figs, p)
        first = [f for f in figs if m.end() <= f.start < end and _is_part(f) and f.paren == level]
        more = [] if colon or list_paren else _continuation(low, figs, m.end(), end, s1, level, totals, first)
        last = max(first + more, key=lambda f: f.end, default=None)
        out += _assign(totals, first, more, _explanation(low, text, last.end if last else end, s1))
    return out


def _container(figs: list[Figure], pos: int):
    """The innermost parenthesis around `pos` (the level of a list's parts)."""
    inside = [f.paren for f in figs if f.paren and f.paren[0] < pos < f.paren[1]]
    return max(inside, key=lambda s: s[0]) if inside else None


def _totals(text: str, figs: list[Figure], head_end: int, s0: int) -> list[Figure]:
    """The figures a list is about: those of its clause before it; when 'trong đó' opens the
    clause, those of the clause before; when it opens the sentence, of the sentence before."""

    def top(f: Figure, at: int) -> bool:
        return _is_total(f) and (f.paren is None or f.paren[1] > at)

    c0 = max(text.rfind(";", s0, head_end) + 1, s0)
    found = [f for f in figs if c0 <= f.start < head_end and top(f, head_end)]
    if found or text[c0:head_end].strip(" ,.:;\n"):
        return found
    if c0 > s0:
        prev0 = max(text.rfind(";", s0, c0 - 1) + 1, s0)
        return [f for f in figs if prev0 <= f.start < c0 - 1 and top(f, c0)]
    previous = [(a, b) for a, b in sentences(text) if b <= s0]
    if not previous:
        return []
    a, b = previous[-1]
    a = max(text.rfind(";", a, b) + 1, a)
    return [f for f in figs if a <= f.start < b and top(f, b)]


def _continuation(low, figs, start, end, s1, level, totals, first) -> list[Figure]:
    """The next clauses of a list that go on with the same first word ('tiếp … ; tiếp …'),
    while some total is not yet reached by the parts that fit it."""
    head = re.match(r"[\s,:]*([^\W\d_]+)", low[start:end])
    if not head or end >= s1:
        return []

    def short_of(parts: list[Figure]) -> bool:
        return any(sum(float(f.value) for f in parts if units_compatible(t.unit, f.unit)) < float(t.value) - 1e-9
                   for t in totals)

    out: list[Figure] = []
    pos = end + 1
    while pos < s1 and short_of(first + out):
        nxt = re.match(r"\s*([^\W\d_]+)", low[pos:s1])
        if not nxt or nxt.group(1) != head.group(1):
            break
        stop = _clause_end(low, pos, s1)
        out += [f for f in figs if pos <= f.start < stop and _is_part(f) and f.paren == level
                and any(units_compatible(t.unit, f.unit) for t in totals)]
        pos = stop + 1
    return out


def _explanation(low: str, text: str, after: int, s1: int) -> str:
    """Text after the last part that explains an overlap: '(có một đơn có nhiều nội dung nên vừa …)'."""
    if after >= s1 or not phrases.anywhere("overlap_words").search(low[after:s1]):
        return ""
    opened = text.find("(", after, s1)
    start = opened if opened >= 0 else after
    return short(text[start:s1].strip(" ,;."), 160)


def _assign(totals: list[Figure], first: list[Figure], more: list[Figure], explanation: str) -> list[PartList]:
    parts = _drop_pair_mates(totals, first + more)
    if len(totals) == 1:
        t = totals[0]
        mine = [f for f in parts if f in first or units_compatible(t.unit, f.unit)]
        return [PartList(t, mine, explanation, "trong đó")] if mine else []
    lists: dict[int, list[Figure]] = {}
    for f in parts:
        fits = [t for t in totals if units_compatible(t.unit, f.unit)]
        if fits:
            lists.setdefault(fits[-1].index, []).append(f)
    return [PartList(next(t for t in totals if t.index == k), v, explanation, "trong đó") for k, v in lists.items()]


def _drop_pair_mates(totals: list[Figure], parts: list[Figure]) -> list[Figure]:
    """Of '1.147 lượt/1.325 người', keep the member(s) some total fits; with one total, one member."""
    ids = {f.index for f in parts}
    out = []
    for f in parts:
        if f.mate in ids and f.pair_kind == "visits_people":
            fits = any(units_compatible(t.unit, f.unit) for t in totals)
            mate = next(p for p in parts if p.index == f.mate)
            mate_fits = any(units_compatible(t.unit, mate.unit) for t in totals)
            if not fits and (mate_fits or f.pair_pos == 1):
                continue
        out.append(f)
    return out


def _paren_lists(ctx: Context, pi: int) -> list[PartList]:
    """'1.536 đơn (tồn đầu kỳ 40 đơn, tiếp nhận mới 1.496 đơn)': a breakdown in parentheses."""
    text, low, figs = ctx.text(pi), ctx.lower(pi), ctx.reading.in_paragraph(pi)
    out = []
    for t in figs:
        if not _is_total(t):
            continue
        m = re.match(r"^\s*(?:[^\W\d_]+\s*){0,5}\(", text[t.end:])
        if not m:
            continue
        open_at = t.end + m.end() - 1
        span = (open_at, _paren_close(text, open_at))
        if _LIST_START.match(low, open_at + 1) or re.match(r"\(\s*(gồm|bao gồm)", low[open_at:]):
            continue
        parts = [f for f in figs if f.paren == span and _is_part(f)]
        if parts and not any(f.kind in ("date", "year") for f in figs if f.paren == span and f.start < parts[0].start):
            explanation = short(text[span[0]:span[1] + 1], 160) if phrases.anywhere("overlap_words").search(
                low[span[0]:span[1]]) else ""
            out.append(PartList(t, parts, explanation, "ngoặc đơn"))
    return out


def part_lists(ctx: Context) -> list[Item]:
    out = []
    for pi in range(len(ctx.reading.paragraphs)):
        for pl in _trong_do_lists(ctx, pi) + _paren_lists(ctx, pi):
            out.append(Item(pl.total, pl))
    return out


# --------------------------------------------------------------------------- the check


@check("tổng và các phần", part_lists)
def parts_against_total(ctx: Context, item: Item) -> list[dict]:
    pl: PartList = item.data
    t, ps = pl.total, pl.parts
    key = frozenset([t.index, *(p.index for p in ps)])
    if key in ctx.seen or not ps:
        return []
    ctx.seen.add(key)
    if any(f.kind in ("lower_bound", "approximate") for f in [t, *ps]):
        return []
    total, s = float(t.value), sum(float(p.value) for p in ps)
    printed_sum = " + ".join(p.printed for p in ps) + f" = {format_count(s)}"
    if len(ps) == 1:
        p = ps[0]
        if s <= total or not units_compatible(t.unit, p.unit):
            return []
        note = f"Phần {p.printed} lớn hơn tổng {t.printed}"
        return [_row(t, STATUS_INTERNAL, format_count(s), note)]
    if abs(s - total) < 1e-6:
        return [_row(t, STATUS_MATCH, format_count(s), f"Tổng các phần {printed_sum}, bằng {t.printed}")]
    if s > total and pl.explanation:
        note = (f"Tổng các phần {printed_sum}, hơn {t.printed} là {format_count(s - total)}: "
                f"báo cáo giải thích phần trùng «{pl.explanation}»")
        return [_row(t, STATUS_MATCH, format_count(s), note)]
    note = f"Tổng các phần {printed_sum}, khác {t.printed}." + data_support(ctx.values, t, ctx.year, s)
    return [_row(t, STATUS_INTERNAL, format_count(s), note)]


def _row(t: Figure, status: str, expected: str, note: str) -> dict:
    return internal_row(t, "tổng và các phần", status, t.printed, t.value, expected, note, indicator=t.indicator)
