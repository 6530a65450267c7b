"""Every number of a report as a :class:`Figure`: value, unit, kind, role, span.

``read_figures`` reads the numbers of each paragraph (``numbers.classify``
says what each one is), then ties them together the way a reader does:

- pairs after a slash: "866 lượt/964 lượt người" (visits and people),
  "238/316 vụ việc" (done of total), "A lượt với B người";
- differences: "tăng 81 đơn so với năm 2019", the second member of "giảm
  146 lượt tiếp, 127 lượt người", percentage changes "tăng 9,3%", the
  figure each one is about (its *owner*, possibly in the sentence before)
  and the same-period value printed with it "(cùng kỳ năm 2019: 1.012 lượt)";
- remainders "còn lại 35 vụ việc" with the done and total figures they leave;
- shares "chiếm 14%", "đạt tỷ lệ 79,63%" with the figure they are a share of.

Roles: ``count``, ``share``, ``difference``, ``pct_change``, ``same_period``,
``remainder``, ``pair`` for the figures; the kinds that are not figures
(date, period, …) have their kind as role.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import pandas as pd

from pipeline.report import numbers, phrases
from pipeline.report.structure import (
    FOOTNOTE,
    SUPERSCRIPTS,
    BodyOf,
    Paragraph,
    clause_bounds,
    fold_keep_length,
    innermost_paren,
    paragraphs,
    paren_spans,
    sentences,
    superscript_value,
)

FIGURE_KINDS = ("count", "money", "share", "lower_bound", "approximate", "delta", "enumeration", "malformed")
CONTEXT_KINDS = ("year", "date", "time", "period", "address", "reference", "ordinal", "file", "heading")
COUNTABLE = ("count", "lower_bound", "approximate", "money")


@dataclass
class Figure:
    """One number of the report. `start`/`end` are offsets in its paragraph, `offset` in the report."""

    printed: str
    value: float | None
    kind: str
    unit: str
    start: int
    end: int
    offset: int
    paragraph: int
    sentence_id: int
    sentence: str
    clause: str
    body: str | None = None
    role: str = ""
    index: int = -1
    depth: int = 0
    paren: tuple[int, int] | None = None
    lead: str = field(default="", repr=False)  # folded words before it (clause start or previous number)
    context: str = field(default="", repr=False)  # folded clause up to it
    after: str = field(default="", repr=False)  # folded words after it, up to the next number
    rest: str = field(default="", repr=False)  # folded sentence after it
    footnote_ref: int | None = None
    footnote: int | None = None
    delta_sign: int | None = None
    base_year: int | None = None  # the year a difference compares with ("năm 2019")
    base_ref: str | None = None  # "year", "previous", "previous_period" (formatting.COMPARISON_PHRASES)
    same_period: bool = False
    base_value: float | None = None
    owner: int | None = None  # the figure a difference, same-period value or share is about
    base: int | None = None  # the same-period value printed with a difference
    mate: int | None = None  # the other number of a slash pair
    pair_kind: str = ""  # "ratio" (done/total) or "visits_people"
    pair_pos: int | None = None  # 0 first, 1 second number of the pair
    done: int | None = None  # a remainder's done figure
    total: int | None = None  # a remainder's (or a ratio's) total
    whole: int | None = None  # a share's whole, when the text gives it (the ratio's total)
    qualifier: str = ""  # "lower_bound" ('trên 85%', 'tăng hơn 20') or "approximate" ('đạt gần 97%', 'giảm gần 30%')
    indicator: str | None = None
    link_score: float = float("nan")
    combine: str = ""
    repeat: bool = False

    @property
    def is_figure(self) -> bool:
        return self.kind in FIGURE_KINDS


@dataclass
class Reading:
    """The report as read: paragraphs and figures (index = position in `figures`)."""

    paragraphs: list[Paragraph]
    figures: list[Figure]
    text: str = ""

    def in_paragraph(self, pi: int) -> list[Figure]:
        return [f for f in self.figures if f.paragraph == pi]


# --------------------------------------------------------------------------- reading the numbers


def read_figures(text: str, body_of: BodyOf) -> Reading:
    paras = paragraphs(text, body_of)
    figs: list[Figure] = []
    sent_id = 0
    for pi, p in enumerate(paras):
        mine, sent_id = _paragraph_figures(p, pi, sent_id, len(figs))
        _relate(p, mine)
        figs.extend(mine)
    return Reading(paras, figs, text)


def _paragraph_figures(p: Paragraph, pi: int, sent_id: int, first_index: int) -> tuple[list[Figure], int]:
    t, f = p.text, p.folded
    low = numbers.lower_keep_length(t)
    spans = paren_spans(t)
    body_start = FOOTNOTE.match(t).end() if p.footnote is not None else 0
    out: list[Figure] = []
    for s0, s1 in sentences(t):
        s0 = max(s0, body_start)
        if s0 >= s1:
            continue
        sent_id += 1
        sentence = t[s0:s1].strip()
        mine: list[Figure] = []
        prev_end = s0
        for m in numbers.NUMBER.finditer(t, s0, s1):
            fig = _figure(p, pi, sent_id, sentence, t, f, low, m.start(), m.end(), s0, s1, prev_end)
            prev_end = m.end()
            mine.append(fig)
        mine += _equal_phrases(p, pi, sent_id, sentence, t, low, s0, s1)
        mine += _enumerations(p, pi, sent_id, sentence, t, f, s0, s1)
        mine.sort(key=lambda x: x.start)
        out.extend(mine)
    for i, fig in enumerate(out):
        fig.index = first_index + i
        fig.paren = innermost_paren(spans, fig.start)
        fig.depth = sum(1 for a, b in spans if a < fig.start < b)
        fig.role = fig.role or (fig.kind if fig.kind in CONTEXT_KINDS else "share" if fig.kind == "share" else "count")
    return out, sent_id


def _figure(p, pi, sent_id, sentence, t, f, low, start, end, s0, s1, prev_end) -> Figure:
    kind, value = numbers.classify(t, f, low, start, end)
    printed = t[start:end]
    if p.heading is not None and not t[:start].strip():
        kind, value = "heading", None
    c0, c1 = clause_bounds(t, start, s0, s1)
    nxt = numbers.NUMBER.search(t, end, c1)
    unit = numbers.unit_words(t[end:nxt.start() if nxt else c1])
    if kind == "money":
        unit = "đồng"
    elif kind == "delta" and re.match(r"^\s*%", t[end:]):
        unit = "%"
    elif kind == "delta" and re.match(r"^\s*diem phan tram", f[end:]):
        unit = "điểm phần trăm"
    elif kind == "share":
        unit, printed = "%", printed + "%"
    qualifier = ""
    if kind == "delta":  # 'giảm gần 30%', 'tăng hơn 20 đơn'
        qualifier = phrases.change_qualifier(phrases.change_word().search(low[max(0, start - 24):start]))
    if kind == "share":
        lb = low[max(0, start - 20):start]
        qualifier = ("lower_bound" if phrases.before("lower_bound_before").search(lb)
                     else "approximate" if phrases.before("approximate_before").search(lb) else "")
    fref = None
    mref = re.match(rf"^[^\d.;:,()]{{0,60}}?([{SUPERSCRIPTS}]+)", t[end:c1])
    if mref and kind in ("count", "lower_bound"):
        fref = superscript_value(mref.group(1))
    return Figure(
        printed=printed, value=value, kind=kind, unit=unit, start=start, end=end, offset=p.offsets[start],
        paragraph=pi, sentence_id=sent_id, sentence=sentence, clause=t[c0:c1].strip(), body=p.body,
        lead=f[max(prev_end, c0):start], context=f[_context_start(f, c0, s0, start):start],
        after=f[end:nxt.start() if nxt else c1],
        rest=f[end:s1], footnote_ref=fref, footnote=p.footnote, qualifier=qualifier,
    )


def _context_start(f: str, c0: int, s0: int, start: int) -> int:
    """Where the words that qualify a number begin: its clause ('; tiếp định kỳ …' does not
    qualify the next clause), unless the clause opens with the number itself ('…đăng tải
    881 văn bản; 536 tin'): then the item goes on with the sentence's words."""
    return s0 if not f[c0:start].strip(" ,:-–") else c0


_EQUAL = re.compile(r"(?<!\w)bằng\s+(cùng kỳ\s+)?năm\s+(\d{4})")


def _equal_phrases(p, pi, sent_id, sentence, t, low, s0, s1) -> list[Figure]:
    """'bằng năm 2019': a difference of zero printed without a digit."""
    out = []
    for m in _EQUAL.finditer(low, s0, s1):
        c0, c1 = clause_bounds(t, m.start(), s0, s1)
        out.append(Figure(
            printed=t[m.start():m.end()], value=0, kind="delta", unit="", start=m.start(), end=m.end(),
            offset=p.offsets[m.start()], paragraph=pi, sentence_id=sent_id, sentence=sentence,
            clause=t[c0:c1].strip(), body=p.body, role="difference", lead=p.folded[c0:m.start()],
            context=p.folded[c0:m.start()], rest=p.folded[m.end():s1], footnote=p.footnote, delta_sign=0,
            base_year=int(m.group(2)), base_ref="year", same_period=bool(m.group(1)),
        ))
    return out


def _enumerations(p, pi, sent_id, sentence, t, f, s0, s1) -> list[Figure]:
    """'các kỳ họp (thứ mười bốn, mười lăm, …)': a count spelt out as an ordinal list."""
    out = []
    for m in re.finditer(r"\bcac ((?:[a-z]+ ){0,2}[a-z]+) \((thu [^()0-9]+)\)", f[s0:s1]):
        a, b = s0 + m.start(), s0 + m.end()
        items = enumerate_items(t[s0 + m.start(2):s0 + m.end(2)])
        if len(items) < 2:
            continue
        c0, c1 = clause_bounds(t, a, s0, s1)
        out.append(Figure(
            printed=t[a:b], value=len(items), kind="enumeration", unit=t[s0 + m.start(1):s0 + m.end(1)],
            start=a, end=b, offset=p.offsets[a], paragraph=pi, sentence_id=sent_id, sentence=sentence,
            clause=t[c0:c1].strip(), body=p.body, role="count", lead=f[c0:a], context=f[c0:a],
            after=f[s0 + m.start(1):b], rest=f[b:s1], footnote=p.footnote,
        ))
    return out


def enumerate_items(inner: str) -> list[str]:
    """'sau kỳ họp thứ mười ba, trước và sau kỳ họp thứ mười lăm' → 3 + 1 items.

    Items are separated by ',' or ';'; 'trước và sau X' (a one- or two-word
    part before 'và') stands for two items.
    """
    items: list[str] = []
    for part in re.split(r"[;,]", inner):
        part = part.strip()
        if not part:
            continue
        pieces = re.split(r"\s+(?:và|hoặc)\s+", part)
        if len(pieces) == 2 and len(pieces[0].split()) <= 2:
            items.extend(pieces)
        else:
            items.append(part)
    return items


# --------------------------------------------------------------------------- units


def unit_head(unit: str) -> tuple[str, str]:
    words = fold_keep_length(unit).split()
    return (words[0] if words else "", words[1] if len(words) > 1 else "")


def unit_words_key(unit: str) -> list[str]:
    """The unit's folded words; 'lượt người' counts people like 'người' (not visits, 'lượt')."""
    words = fold_keep_length(unit).split()
    return words[1:] if words[:2] == ["luot", "nguoi"] else words


def units_compatible(total: str, part: str) -> bool:
    """The shorter unit is the start of the longer one: 'lượt' ~ 'lượt tiếp', 'đơn' ~ 'đơn thư',
    'người' ~ 'lượt người', but 'lượt công dân' ≁ 'lượt người' and 'vụ việc KN' ≁ 'vụ việc TC'."""
    t, p = unit_words_key(total), unit_words_key(part)
    if not t or not p:
        return False
    n = min(len(t), len(p))
    return t[:n] == p[:n]


def unit_score(a: str, b: str) -> float:
    """How well two units match: 2 the same words, 1 compatible, 0.5 one unknown or the same
    first word ('lượt tiếp' ~ 'lượt công dân'), 0 not ('lượt' ≁ 'lượt người')."""
    if not a or not b:
        return 0.5
    ka, kb = unit_words_key(a), unit_words_key(b)
    if ka == kb:
        return 2
    if units_compatible(a, b):
        return 1
    return 0.5 if ka and kb and ka[0] == kb[0] else 0


# --------------------------------------------------------------------------- relations


def _relate(p: Paragraph, figs: list[Figure]) -> None:
    low = numbers.lower_keep_length(p.text)
    _pairs(p.text, low, figs)
    _differences(p.text, low, figs)
    _same_period_notes(p.text, low, figs)
    _remainders(low, figs)
    _shares(low, figs)


def _between(t: str, a: Figure, b: Figure) -> str:
    return t[a.end:b.start]


_UNIT_THEN = r"^\s*(?:[^\W\d_]+\s*){0,5}"


def _pairs(t: str, low: str, figs: list[Figure]) -> None:
    """'866 lượt/964 lượt người', '176 đơn (…)/221 đơn', '238/316 vụ việc', '3.938 lượt với 3.092 người'."""
    for a, b in zip(figs, figs[1:]):
        if a.kind not in COUNTABLE or b.kind not in COUNTABLE or a.sentence_id != b.sentence_id:
            continue
        gap = _between(t, a, b)
        slash = re.fullmatch(_UNIT_THEN + r"/\s*", gap)
        with_ = re.fullmatch(_UNIT_THEN + r",?\s*với\s+", gap.lower())
        if with_ and not (unit_head(a.unit)[0] == "luot" and unit_words_key(b.unit)[:1] == ["nguoi"]):
            continue  # 'A lượt với B người' (visits with people), not '… lượt công dân, với 4353 vụ việc
        if not (slash or with_):
            continue
        _make_pair(low, a, b)
    for a in figs:  # '176 đơn (160 khiếu nại, 16 tố cáo)/221 đơn': the pair jumps over the parenthesis
        close = _closing_paren_after(t, a) if a.kind in COUNTABLE and a.mate is None else None
        slash = close is not None and re.match(r"\s*/\s*", t[close + 1:])
        b = next((f for f in figs if slash and f.start == close + 1 + slash.end()), None)
        if b is not None and b.kind in COUNTABLE and b.mate is None:
            _make_pair(low, a, b)


def _closing_paren_after(t: str, a: Figure) -> int | None:
    """'176 đơn (…)': the ')' closing a parenthesis that opens right after the figure's unit."""
    m = re.match(_UNIT_THEN + r"\(", t[a.end:])
    if not m:
        return None
    depth = 0
    for k in range(a.end + m.end() - 1, len(t)):
        depth += {"(": 1, ")": -1}.get(t[k], 0)
        if depth == 0:
            return k
    return None


def _make_pair(low: str, a: Figure, b: Figure) -> None:
    ratio_verb = phrases.anywhere("ratio_verbs").search(low[a.start - len(a.lead):a.start])
    if not a.unit:
        if unit_head(b.unit)[0] == "nguoi" and not ratio_verb:
            a.unit, kind = "lượt", "visits_people"  # 'tiếp 161/201 người': 161 lượt, 201 người
        else:
            a.unit, kind = b.unit, "ratio"
    elif unit_score(a.unit, b.unit) == 2:
        kind = "ratio"
    else:
        kind = "visits_people"
    a.mate, b.mate, a.pair_kind, b.pair_kind, a.pair_pos, b.pair_pos = b.index, a.index, kind, kind, 0, 1
    a.role = b.role = "pair"
    if kind == "ratio":
        a.total = b.index


def _differences(t: str, low: str, figs: list[Figure]) -> None:
    """Runs of differences ('giảm 146 lượt tiếp, 127 lượt người'), their comparison phrase,
    same-period values and owners."""
    used: set[int] = set()
    for i, fig in enumerate(figs):
        if fig.kind != "delta" or fig.index in used:
            continue
        if fig.delta_sign == 0:  # 'bằng năm 2019'
            _owners(figs, [fig])
            continue
        word = phrases.change_word().search(low[max(0, fig.start - 24):fig.start])
        sign = phrases.change_sign(word.group(1)) if word else 1
        run = [fig]
        for nxt in figs[i + 1:]:
            if nxt.sentence_id != fig.sentence_id or nxt.kind not in COUNTABLE + ("delta", "share"):
                break
            if not re.fullmatch(_UNIT_THEN + r"(?:,|\s+và)\s*", _between(t, run[-1], nxt).replace("%", "")):
                break
            run.append(nxt)
        for k, member in enumerate(run):
            member.kind, member.delta_sign = "delta", sign
            member.role = "pct_change" if member.unit == "%" else "difference"
            member.printed = _printed_difference(t, low, member, first=k == 0)
            used.add(member.index)
        _comparison(t, low, figs, run)
        _same_period_values(t, low, figs, run)
        _owners(figs, run)


def _comparison(t: str, low: str, figs: list[Figure], run: list[Figure]) -> None:
    """The phrase a run compares with: after it ('… so với cùng kỳ năm 2019') or before it
    ('So với cùng kỳ năm trước giảm …')."""
    last, first = run[-1], run[0]
    c1 = clause_bounds(t, last.end, 0, len(t))[1]
    found = phrases.find_comparison(low, last.end, min(c1, last.end + 80))
    if found and re.search(r"\d", low[last.end:found[0]]):
        found = None
    if not found:
        c0 = clause_bounds(t, first.start, 0, len(t))[0]
        sent_start = first.start - len(first.context)
        before = phrases.find_comparison(low, max(c0, sent_start), first.start)
        if before and not any(before[1] <= f.start < first.start for f in figs):
            found = before
    if not found:
        return
    start, end, row, year = found
    for member in run:
        member.base_ref, member.base_year, member.same_period = row["base"], year, row["same_period"]
    if len(run) == 1 and start > last.end:
        last.printed = t[_change_word_start(low, last):end].strip()  # 'tăng 81 đơn so với năm 2019'


def _printed_difference(t: str, low: str, fig: Figure, first: bool) -> str:
    """'giảm 146 lượt tiếp' for the first member of a run, '127 lượt người' for the next ones."""
    head = _change_word_start(low, fig) if first else fig.start
    stop = fig.end
    if fig.unit == "%":
        stop = t.index("%", fig.end) + 1
    elif fig.unit:
        at = t.find(fig.unit, fig.end)
        stop = at + len(fig.unit) if at >= 0 else fig.end
    return t[head:stop].strip()


def _change_word_start(low: str, fig: Figure) -> int:
    m = phrases.change_word().search(low[max(0, fig.start - 24):fig.start])
    return max(0, fig.start - 24) + m.start(1) if m else fig.start


def _same_period_values(t: str, low: str, figs: list[Figure], run: list[Figure]) -> None:
    """'(6 tháng đầu năm 2019 đã tiếp 1.012 lượt/1.091 lượt người)', 'so với năm 2019: 114 đơn'."""
    last = run[-1]
    tail = low[last.end:]
    m = re.match(r"^[^();]{0,80}?(\(|:\s*(?=\d))", tail)
    if not m:
        return
    open_at = last.end + m.start(1)
    if any(last.end < f.start < open_at and f.kind not in ("year", "reference") for f in figs):
        return
    if m.group(1) == "(":
        close = t.find(")", open_at)
        close = len(t) if close < 0 else close
        inside = [f for f in figs if open_at < f.start < close and f.kind in COUNTABLE and f.paren == (open_at, close)]
        intro = low[open_at:inside[0].start] if inside else ""
        if not inside or not re.search(r"\d{4}|cùng kỳ|năm trước|kỳ trước", intro):
            return
        year = re.search(r"(\d{4})", intro)
    else:
        inside = [f for f in figs if f.start >= open_at and f.kind in COUNTABLE][:1]
        if inside and inside[0].mate is not None:
            inside += [f for f in figs if f.index == inside[0].mate]
        year = None
    for base in inside:
        base.role, base.same_period = "same_period", run[0].same_period
        base.base_year = int(year.group(1)) if year else run[0].base_year
        base.base_ref = "year" if year else run[0].base_ref
    _match_by_unit(run, inside, "base")


_SAME_PERIOD_INTRO = re.compile(r"\s*(?:so với\s+)?cùng kỳ(?:\s+(?:năm\s+(?P<year>\d{4})|(?P<previous>năm trước)))?\s*:?\s*")


def _same_period_notes(t: str, low: str, figs: list[Figure]) -> None:
    """'chuyển 8 đơn (cùng kỳ năm 2019: 3 đơn)': the base year's value printed with a figure, no difference."""
    for f in figs:
        if f.kind not in COUNTABLE or f.role not in ("count", "pair"):
            continue
        opened = re.match(r"[^\d(),;.:]{0,60}\(", t[f.end:])  # the words after it, then '('
        if not opened:
            continue
        open_at = f.end + opened.end() - 1
        close = t.find(")", open_at)
        close = len(t) if close < 0 else close
        inside = [g for g in figs if open_at < g.start < close and g.kind not in ("year",)]
        if len(inside) != 1 or inside[0].kind not in COUNTABLE or inside[0].role != "count":
            continue
        m = _SAME_PERIOD_INTRO.fullmatch(low, open_at + 1, inside[0].start)
        if not m:
            continue
        base = inside[0]
        base.role, base.same_period, base.owner = "same_period", True, f.index
        base.base_year = int(m.group("year")) if m.group("year") else None
        base.base_ref = "year" if m.group("year") else "previous"
        f.base, f.base_value = base.index, base.value


def _owners(figs: list[Figure], run: list[Figure]) -> None:
    """The figures a run of differences is about: before it in its sentence, outside any
    parenthesis closed before it; else in the sentence before."""
    first = run[0]
    points = first.unit == "điểm phần trăm" or bool(re.match(r"^\s*diem phan tram", first.after))

    def owner_like(f: Figure) -> bool:
        if points:
            return f.kind == "share"
        return f.kind in COUNTABLE and f.role in ("count", "pair", "remainder")

    def outside_closed(f: Figure) -> bool:
        return f.paren is None or f.paren[1] > first.start or (first.paren is not None and first.paren == f.paren)

    same = [f for f in figs if f.sentence_id == first.sentence_id and f.start < first.start and owner_like(f)
            and outside_closed(f)]
    if not same:  # 'So với cùng kỳ năm trước giảm …': the figures of the sentence before, not its part-list
        prev = [f for f in figs if f.sentence_id == first.sentence_id - 1 and owner_like(f) and f.paren is None]
        listed = [f for f in prev if re.search(r"(?<!\w)trong (?:số )?đó(?!\w)", f.sentence.lower()[:max(
            0, f.sentence.lower().find(f.printed))])]
        same = [f for f in prev if f not in listed] or prev
    _match_by_unit(run, list(reversed(same)), "owner")
    for member in run:
        if member.base is not None:
            base = next(f for f in figs if f.index == member.base)
            base.owner = member.owner
            member.base_value = base.value


def _match_by_unit(members: list[Figure], candidates: list[Figure], attr: str) -> None:
    """Give each member the best unit match among `candidates` (nearest first), each used once."""
    taken: set[int] = set()
    for member in members:
        best, best_score = None, 0.0
        for c in candidates:
            if c.index in taken:
                continue
            score = 1.0 if member.unit == "%" else unit_score(member.unit, c.unit)
            if score > best_score:
                best, best_score = c, score
        if best is not None:
            setattr(member, attr, best.index)
            taken.add(best.index)


_REMAINDER_BEFORE = re.compile(r"(?:^|[,;(]|\bsố)\s*(?:còn lại|còn)\s*(?:là\s*)?$")


def _remainders(low: str, figs: list[Figure]) -> None:
    """'còn lại 35 vụ việc', ', còn 311 vụ việc', 'Số còn lại 1.315 đơn', '14 vụ còn lại'."""
    for fig in figs:
        if fig.kind not in ("count", "approximate") or fig.role != "count":
            continue
        before = low[max(0, fig.start - 25):fig.start]
        after = low[fig.end:fig.end + 40]
        if not (_REMAINDER_BEFORE.search(before) or re.match(_UNIT_THEN + r"còn lại(?!\w)", after)):
            continue
        fig.role = "remainder"
        _remainder_parts(figs, fig)


def _top_level(f: Figure, at: Figure) -> bool:
    return f.paren is None or f.paren[1] > at.start


def _remainder_parts(figs: list[Figure], r: Figure) -> None:
    ratio = [f for f in figs if f.sentence_id == r.sentence_id and f.start < r.start and f.pair_kind == "ratio"
             and f.pair_pos == 1 and units_compatible(f.unit, r.unit)]
    if ratio:
        r.done, r.total = ratio[-1].mate, ratio[-1].index
        return

    def candidate(f: Figure, at: Figure) -> bool:
        return (f.kind in ("count", "approximate") and f.role in ("count", "pair") and f.index < at.index
                and f.sentence_id in (at.sentence_id, at.sentence_id - 1) and _top_level(f, at)
                and units_compatible(f.unit or r.unit, r.unit))

    before = [f for f in figs if candidate(f, r)]
    if not before:
        return
    done = before[-1]
    totals = [f for f in figs if candidate(f, done) and f.value is not None and done.value is not None
              and f.value >= done.value]
    if totals:
        r.done, r.total = done.index, totals[-1].index


def _shares(low: str, figs: list[Figure]) -> None:
    """'27 đơn, chiếm 14%', '2.210/2.216 kiến nghị đã được giải quyết, đạt 99,7%': the part
    (and, for a done/total pair, the whole)."""
    for i, s in enumerate(figs):
        if s.kind != "share":
            continue
        for f in reversed(figs[:i]):
            if f.sentence_id != s.sentence_id:
                break
            if f.kind in CONTEXT_KINDS:
                continue
            gap = low[f.end:s.start]
            if f.kind in COUNTABLE and s.start - f.end <= 90 and phrases.anywhere("share_words").search(gap):
                if f.pair_kind == "ratio" and f.pair_pos == 1:
                    s.owner, s.whole = f.mate, f.index
                else:
                    s.owner = f.index
            break


# --------------------------------------------------------------------------- the table of figures

FRAME_COLUMNS = [name for name in Figure.__dataclass_fields__]


def figures_frame(figs: list[Figure]) -> pd.DataFrame:
    """The figures as a DataFrame (one row per number, index = Figure.index)."""
    if not figs:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    frame = pd.DataFrame([asdict(f) for f in figs], columns=FRAME_COLUMNS)
    for col in ("owner", "base", "mate", "done", "total", "whole", "footnote_ref", "footnote",
                "delta_sign", "base_year", "pair_pos"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame.set_index("index", drop=False).rename_axis(None)


def figures_from_frame(frame: pd.DataFrame) -> list[Figure]:
    """Back from :func:`figures_frame` (missing values as None)."""
    fields = Figure.__dataclass_fields__
    out = []
    for row in frame.to_dict("records"):
        values = {k: (None if _missing(v) else v) for k, v in row.items() if k in fields}
        for k in ("owner", "base", "mate", "done", "total", "whole", "footnote_ref", "footnote", "delta_sign",
                  "base_year", "pair_pos", "index", "paragraph", "sentence_id", "start", "end", "offset", "depth"):
            if values.get(k) is not None:
                values[k] = int(values[k])
        for k, default in (("link_score", float("nan")), ("repeat", False), ("combine", ""), ("same_period", False),
                           ("pair_kind", ""), ("role", ""), ("unit", "")):
            if values.get(k) is None:
                values[k] = default
        if isinstance(values.get("paren"), list):
            values["paren"] = tuple(values["paren"])
        out.append(Figure(**values))
    return out


def _missing(v) -> bool:
    try:
        return v is None or (not isinstance(v, (str, tuple, list)) and bool(pd.isna(v)))
    except (TypeError, ValueError):
        return False
