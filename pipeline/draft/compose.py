"""The draft as data: blocks of runs, each figure with its indicator, value and place in the text.

Pure: templates and a period's figures in, a :class:`Draft` out. Numbers and
comparison phrases are written by :mod:`pipeline.vi.formatting` — the functions
the report checker reads back — so a figure is printed once, one way.
``Draft.text`` is the text the checker reads from the written file
(paragraphs joined by a blank line), so offsets carry over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.bodies import BODY_LABELS_VI
from pipeline.draft.templates import Group, Piece, Section, Sentence, Templates
from pipeline.report.published import period_phrase
from pipeline.specs.periods import Period
from pipeline.vi.formatting import (
    change_phrase,
    comparison_sentence,
    format_count,
    format_percent,
    roman_numeral,
    share_phrase,
)

SentenceKey = tuple[str, str, int]
"""(section id, group id, sentence number from 0)."""


@dataclass
class DraftFigure:
    """One placeholder of a template as written: a figure, or the visible mark of a missing one."""

    key: str  # "SL07": its rows in the sources table, its comment
    indicator: str
    body: str
    year: int
    base_year: int
    form: str  # '' / number / compare / change (templates.FORMS)
    label_vi: str
    unit_vi: str
    is_share: bool
    value: float | None
    base_value: float | None
    text: str = ""
    section: str = ""
    group: str = ""
    sentence: SentenceKey | None = None
    missing: str = ""  # why no figure is written ('' when it is)
    missing_base: str = ""  # why no comparison is written
    omitted: bool = False  # its sentence was left out: every figure of it is 0
    start: int = -1  # offsets in Draft.text
    end: int = -1

    @property
    def written(self) -> bool:
        return not self.missing and not self.omitted

    @property
    def compares(self) -> bool:
        return self.form in ("compare", "change") and self.written and not self.missing_base


@dataclass
class Run:
    text: str
    figure: DraftFigure | None = None
    placeholder: bool = False
    label: bool = False  # the work area's name, before its sentences
    sentence: SentenceKey | None = None


@dataclass
class Block:
    """One paragraph: kind title / subtitle / note / part / section / area / item."""

    kind: str
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Review:
    """A sentence the checker does not read as the draft wrote it (kept, and marked for review)."""

    sentence: SentenceKey | None
    message: str


@dataclass
class Draft:
    year: int
    base_year: int
    period: Period
    blocks: list[Block]
    figures: list[DraftFigure]
    sentences: dict[SentenceKey, tuple[int, int]] = field(default_factory=dict)  # offsets in text
    variants: dict[SentenceKey, int] = field(default_factory=dict)  # how many wordings each sentence has
    reviews: list[Review] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def written(self) -> list[DraftFigure]:
        return [f for f in self.figures if f.written]

    @property
    def missing(self) -> list[DraftFigure]:
        return [f for f in self.figures if f.missing or f.missing_base]

    @property
    def omitted(self) -> list[DraftFigure]:
        return [f for f in self.figures if f.omitted]

    def sentence_at(self, offset: int) -> SentenceKey | None:
        return next((k for k, (a, b) in self.sentences.items() if a <= offset < b), None)


@dataclass
class Figures:
    """A period's figures (year, body, indicator → value, unit, label) and what explains a missing one."""

    table: pd.DataFrame  # published.read_period_figures(...).table
    catalogue: pd.DataFrame  # indicators.csv merged: register, aggregation, unit_vi, label_vi
    registers: dict[str, str]  # register → its Vietnamese name
    year_only: set = field(default_factory=set)

    def __post_init__(self):
        t = self.table
        units = t["unit_vi"] if "unit_vi" in t.columns else pd.Series("", index=t.index)
        self._values = {(int(y), str(b), str(i)): (float(v), u if isinstance(u, str) else "")
                        for y, b, i, v, u in zip(t["year"], t["body"], t["indicator"], t["value"], units)
                        if not pd.isna(v)}
        self._spec = self.catalogue.set_index("indicator").to_dict("index")
        self.years = {k[0] for k in self._values}

    def value(self, year: int, body: str, indicator: str) -> tuple[float, str] | None:
        return self._values.get((year, body, indicator))

    def spec(self, indicator: str) -> dict:
        return self._spec[indicator]

    def why_missing(self, year: int, body: str, indicator: str, period: Period) -> str:
        register = self.spec(indicator)["register"]
        name = self.registers.get(register, register)
        if (year, body, indicator) in self.year_only:
            return f"sổ «{name}» không ghi ngày: chỉ có số cả năm {year}, không có số {period.label_vi}"
        if year not in self.years:
            return f"chưa có số liệu năm {year} (chưa chạy với sổ năm {year})"
        return f"không có sổ «{name}» năm {year} của {BODY_LABELS_VI.get(body, body)}"


# --------------------------------------------------------------------------- composing


@dataclass
class _Context:
    draft: Draft
    figures: Figures
    doc: dict  # the templates' [document]
    words: dict  # {period}, {PERIOD}, {year}, {base_year}
    choice: dict


def compose(templates: Templates, figures: Figures, year: int, base_year: int, period: Period,
            choice: dict[SentenceKey, int] | None = None, date: str = "", sources: str = "") -> Draft:
    """The draft of `year` (`period`), comparing with `base_year`; `choice`: the wording of each sentence."""
    doc = templates.document
    words = _words(year, base_year, period)
    draft = Draft(year, base_year, period, [], [])
    ctx = _Context(draft, figures, doc, words, choice or {})
    draft.blocks += [
        Block("title", [Run(doc["title"].format(**words))]),
        Block("subtitle", [Run(doc["subtitle"].format(**words))]),
    ]
    if doc["note"]:
        draft.blocks.append(Block("note", [Run(doc["note"].format(date=date, sources=sources, **words))]))
    draft.blocks.append(Block("part", [Run(f"{roman_numeral(1)}. {doc['part_heading'].format(**words)}")]))
    for n, section in enumerate(templates.sections_for(year), start=1):
        draft.blocks.append(Block("section", [Run(f"{n}. {section.heading}")]))
        for gid in section.groups:
            group = templates.groups[gid]
            if group.in_period(period.id):
                area = _area(ctx, section, group)
                if area is not None:
                    draft.blocks.append(area)
    _number_figures(draft)
    _missing_part(draft, doc, words)
    _omitted_part(draft, doc, words)
    _place(draft)
    return draft


def _words(year: int, base_year: int, period: Period) -> dict[str, str]:
    phrase = period_phrase(period, year)
    first, last = period.bounds(year)
    return {"period": phrase, "PERIOD": phrase.upper(), "year": str(year), "base_year": str(base_year),
            "span": f"từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"}


def _area(ctx: _Context, section: Section, group: Group) -> Block | None:
    """The work area's paragraph; None when every sentence of it was left out (all its figures 0)."""
    runs = [Run("- "), Run(f"{group.heading}: ", label=True)]
    for i, variants in enumerate(group.sentences):
        key = (section.id, group.id, i)
        ctx.draft.variants[key] = len(variants)
        chosen = variants[min(ctx.choice.get(key, 0), len(variants) - 1)]
        sentence = _sentence(ctx, chosen, key, section, group)
        if sentence and len(runs) > 2:
            runs.append(Run(" "))
        runs += sentence
    return Block("area", runs) if len(runs) > 2 else None


def _sentence(ctx: _Context, pieces: Sentence, key: SentenceKey, section: Section, group: Group) -> list[Run]:
    runs, figs = [], []
    for piece in pieces:
        if piece.indicator:
            fig = _figure(ctx, piece, section, group)
            fig.sentence = key
            figs.append(fig)
            runs.append(Run(fig.text, figure=fig, placeholder=not fig.written or bool(fig.missing_base), sentence=key))
        else:
            runs.append(Run(ctx.words[piece.variable] if piece.variable else piece.text, sentence=key))
    ctx.draft.figures += figs
    if figs and all(f.written and f.value == 0 and not (f.compares and f.base_value) for f in figs):
        # "giám sát 0 chuyên đề": a sentence of zeros is left out, and listed at the end
        for f in figs:
            f.omitted = True
        return []
    if figs and all(not f.written for f in figs):
        # nothing of the sentence is known: one visible mark instead of a sentence of marks
        labels = "; ".join(dict.fromkeys(f.label_vi for f in figs))
        end = re.search(r"[.;:!?…]*$", "".join(r.text for r in runs).rstrip()).group(0) or "."
        mark = ctx.doc["placeholder_sentence"].format(labels=labels, **ctx.words) + end
        return [Run(mark, placeholder=True, sentence=key)]
    return runs


def _figure(ctx: _Context, piece: Piece, section: Section, group: Group) -> DraftFigure:
    draft, figures, doc = ctx.draft, ctx.figures, ctx.doc
    spec = figures.spec(piece.indicator)
    body, ind, year, base_year, period = section.body, piece.indicator, draft.year, draft.base_year, draft.period
    found, base = figures.value(year, body, ind), figures.value(base_year, body, ind)
    is_share = spec["aggregation"] == "share"
    unit = (found or base or (None, ""))[1] or ("" if is_share else spec["unit_vi"])
    fig = DraftFigure("", ind, body, year, base_year, piece.form, spec["label_vi"], unit, is_share,
                      found[0] if found else None, base[0] if base else None,
                      section=section.heading, group=group.heading)
    if found is None:
        fig.missing = figures.why_missing(year, body, ind, period)
        fig.text = doc["placeholder"].format(label=fig.label_vi)
        return fig
    value = found[0]
    if piece.form in ("compare", "change") and base is None:
        fig.missing_base = figures.why_missing(base_year, body, ind, period)
        mark = doc["placeholder_base"].format(base_period=period_phrase(period, base_year), base_year=base_year)
        fig.text = mark if piece.form == "change" else f"{_head(value, unit, is_share)} ({mark})"
        return fig
    same = period.same_period_words
    if piece.form == "number":
        fig.text = format_percent(value) if is_share else format_count(value)
    elif piece.form == "compare":
        fig.text = comparison_sentence(value, base[0], unit, base_year, same_period=same)
    elif piece.form == "change":
        fig.text = change_phrase(value, base[0], unit, base_year, same_period=same)
    else:
        fig.text = _head(value, unit, is_share)
    return fig


def _head(value: float, unit: str, is_share: bool) -> str:
    return share_phrase(value) if is_share else f"{format_count(value)} {unit}".strip()


def _number_figures(draft: Draft) -> None:
    for n, fig in enumerate(draft.figures, start=1):
        fig.key = f"SL{n:02d}"


def _missing_part(draft: Draft, doc: dict, words: dict) -> None:
    """Part II: every placeholder, where it is and why (no digits: the checker reads this part too)."""
    missing = draft.missing
    if not missing:
        return
    draft.blocks.append(Block("part", [Run(f"{roman_numeral(2)}. {doc['missing_heading'].format(**words)}")]))
    if doc["missing_intro"]:
        draft.blocks.append(Block("item", [Run(doc["missing_intro"].format(**words))]))
    items: dict[tuple[str, str, str], list[str]] = {}  # (section, group, why) → figures, in draft order
    for f in missing:
        why = f.missing or f"không so sánh được với {period_phrase(draft.period, draft.base_year)}: {f.missing_base}"
        names = items.setdefault((f.section, f.group, why), [])
        name = f"{f.label_vi} ({f.indicator})"
        if name not in names:
            names.append(name)
    for (section, group, why), names in items.items():
        draft.blocks.append(Block("item", [Run(f"- {section} › {group}: {'; '.join(names)} — {why}.")]))


def _omitted_part(draft: Draft, doc: dict, words: dict) -> None:
    """The sentences left out because every figure in them is 0 (no digits here either)."""
    omitted = draft.omitted
    if not omitted:
        return
    number = 2 + bool(draft.missing)
    draft.blocks.append(Block("part", [Run(f"{roman_numeral(number)}. {doc['zero_heading'].format(**words)}")]))
    items: dict[tuple[str, str], list[str]] = {}
    for f in omitted:
        items.setdefault((f.section, f.group), []).append(f"{f.label_vi} ({f.indicator})")
    for (section, group), names in items.items():
        line = f"- {section} › {group}: {'; '.join(dict.fromkeys(names))} — bằng không trong {words['period']}."
        draft.blocks.append(Block("item", [Run(line)]))


def add_review_part(draft: Draft, templates: Templates) -> None:
    """After the check: where the checker did not read the draft as written (details in the comments)."""
    if not draft.reviews:
        return
    words = _words(draft.year, draft.base_year, draft.period)
    number = 2 + bool(draft.missing) + bool(draft.omitted)
    heading = templates.document["review_heading"].format(**words)
    draft.blocks.append(Block("part", [Run(f"{roman_numeral(number)}. {heading}")]))
    sections = {s.id: s.heading for s in templates.sections}
    places = dict.fromkeys(
        f"{sections.get(r.sentence[0], r.sentence[0])} › {templates.groups[r.sentence[1]].heading}"
        if r.sentence else "ngoài các câu mẫu" for r in draft.reviews)
    for place in places:
        draft.blocks.append(Block("item", [Run(f"- {place}: bộ kiểm tra báo cáo đọc chưa khớp với số liệu; "
                                               "xem ghi chú «Cần xem lại» ở câu đó.")]))
    _place(draft)


def _place(draft: Draft) -> None:
    """Offsets of every figure and sentence in Draft.text."""
    draft.sentences.clear()
    pos = 0
    for block in draft.blocks:
        for run in block.runs:
            end = pos + len(run.text)
            if run.figure is not None:
                run.figure.start, run.figure.end = pos, end
            if run.sentence is not None:
                a, _ = draft.sentences.get(run.sentence, (pos, end))
                draft.sentences[run.sentence] = (a, end)
            pos = end
        pos += 2  # the blank line between paragraphs

