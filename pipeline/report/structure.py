"""A report's text as paragraphs, sentences, clauses and parentheses.

Pure functions on strings. Offsets matter (a figure is quoted by its place in
the text), so the matching key here is :func:`fold_keep_length`: the
project's :func:`pipeline.vi.text.fold`, applied character by character so that
the folded text has the same length as the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from pipeline.vi import parsing
from pipeline.vi.text import fold as _fold

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_INT = {c: i for i, c in enumerate(SUPERSCRIPTS)}


@cache
def _fold_char(c: str) -> str:
    folded = _fold(c)
    return folded if len(folded) == 1 else c.lower()[:1] or c


def fold_keep_length(text: str) -> str:
    """Lower case without diacritics, same length as `text` (offsets carry over)."""
    return "".join(_fold_char(c) for c in text)


def fold_pattern(pattern: str) -> str:
    """Fold a regex written with diacritics; ASCII (escapes such as \\W, \\b) is kept."""
    return "".join(c if ord(c) < 128 else _fold_char(c) for c in pattern)


def superscript(n: int) -> str:
    return "".join(SUPERSCRIPTS[int(d)] for d in str(n))


def superscript_value(marks: str) -> int:
    return int("".join(str(_SUP_TO_INT[c]) for c in marks))


# --------------------------------------------------------------------------- headings and bodies

_ROMAN = re.compile(r"^\s*([IVXL]+)\.\s+\S")
_ARABIC = re.compile(r"^\s*(\d{1,2})\.\s+[^\d\s]")
_ARABIC2 = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s+\S")
_LETTER = re.compile(r"^\s*[a-zđ]\)\s+\S")
_BULLET = re.compile(r"^\s*[-+*•–]")
FOOTNOTE = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s*")
_MARKER_HEAD = re.compile(
    r"^(doi voi |ve |tai )?((cong tac |hoat dong )?(tham muu,? )?(phuc vu )?)?"
    r"(van phong |thuong truc )?(doan dbqh|doan dai bieu quoc hoi|hdnd|hoi dong nhan dan)\b"
)

BodyOf = Callable[[str], "str | None"]
"""Text → the one body it names (the registers' body words), or None."""


def heading_level(line: str) -> int | None:
    """I. → 1; 1. → 2; a) and 1.1. → 3; anything else → None."""
    if _ROMAN.match(line):
        return 1
    if _ARABIC2.match(line) or _LETTER.match(line):
        return 3
    if _ARABIC.match(line):
        return 2
    return None


def roman_heading(line: str) -> tuple[str, int] | None:
    """'III. PHƯƠNG HƯỚNG' → ('III', 3)."""
    m = _ROMAN.match(line)
    if not m:
        return None
    value = parsing.parse_roman(m.group(1))
    return (m.group(1), value) if value else None


def arabic_heading(line: str) -> int | None:
    m = _ARABIC.match(line)
    return int(m.group(1)) if m and len(line) < 150 else None


def body_marker(line: str, body_of: BodyOf) -> str | None:
    """'* Đối với Văn phòng Đoàn ĐBQH Tỉnh:' / '+ Văn phòng HĐND Tỉnh: …' → body."""
    stripped = re.sub(r"^[\s*+\-•–#]+", "", line)
    head = stripped.split(":", 1)[0] if ":" in stripped else stripped
    head = re.sub(r"[*\s]+$", "", head)
    if len(head) > 70:
        return None
    body = body_of(head)
    return body if body and _MARKER_HEAD.match(fold_keep_length(head)) else None


# --------------------------------------------------------------------------- paragraphs


@dataclass
class Paragraph:
    text: str
    offsets: list[int]  # original offset of each character
    body: str | None
    footnote: int | None = None  # footnote number when the paragraph is a footnote
    heading: int | None = None
    folded: str = field(default="", repr=False)


def _lines(text: str) -> list[tuple[str, int]]:
    raw, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            raw.append((line.strip(), pos + len(line) - len(line.lstrip())))
        pos += len(line) + 1
    return raw


def paragraphs(text: str, body_of: BodyOf) -> list[Paragraph]:
    """Lines → logical paragraphs (page-split paragraphs joined), each with its body."""
    paras: list[Paragraph] = []
    body, body_level = None, 99
    pending: Paragraph | None = None  # a paragraph cut by a page break
    for line, start in _lines(text):
        span = list(range(start, start + len(line)))
        fn = FOOTNOTE.match(line)
        if fn:
            paras.append(Paragraph(line, span, None, footnote=superscript_value(fn.group(1))))
            continue
        level = heading_level(line)
        marker = body_marker(line, body_of) if level is not None or _BULLET.match(line) or len(line) < 90 else None
        if level is not None or marker is not None:
            lvl = level if level is not None else 4
            if lvl <= body_level:
                body, body_level = None, 99
            named = body_of(line[:120]) if level is not None and len(line) < 150 else None
            if marker is not None or named:
                body, body_level = marker or named, lvl
            paras.append(Paragraph(line, span, body, heading=level))
            pending = None
            continue
        if pending is not None and not _BULLET.match(line):
            pending.text += " " + line
            pending.offsets += [start - 1] + span
            para = pending
        else:
            para = Paragraph(line, span, body)
            paras.append(para)
        pending = para if not re.search(r"[.:;!?…)”\"/]\s*$", para.text) else None
    for p in paras:
        p.folded = fold_keep_length(p.text)
    _footnote_bodies(paras)
    return paras


def _footnote_bodies(paras: list[Paragraph]) -> None:
    """A footnote belongs to the body of the paragraph that cites it."""
    for p in paras:
        if p.footnote is None:
            continue
        mark = superscript(p.footnote)
        for q in paras:
            if q.footnote is None and re.search(rf"(?<=\w){mark}", q.text):
                p.body = q.body
                break


# --------------------------------------------------------------------------- sentences, clauses, parentheses

_SENT_END = re.compile(r"[.!?](?=[”\"’)]*\s+[\"“(]?[A-ZĐÀ-ỸẠ-Ỹ0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a stop followed by a space and an upper-case letter or digit."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def clause_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around `pos` inside [lo, hi): from the previous ';' to the next one."""
    left = text.rfind(";", lo, pos)
    right = text.find(";", pos, hi)
    return (left + 1 if left >= 0 else lo), (right if right >= 0 else hi)


def paren_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) of every parenthesis, innermost ones too; an unclosed one runs to the end."""
    spans, stack = [], []
    for i, c in enumerate(text):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            spans.append((stack.pop(), i))
    spans += [(i, len(text)) for i in stack]
    return sorted(spans)


def innermost_paren(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    inside = [s for s in spans if s[0] < pos < s[1]]
    return max(inside, key=lambda s: s[0]) if inside else None
