"""A stated count against the list that spells it out, and the numbering of headings.

The list can be a footnote cited right after the unit (counted by ';', only
when at least 2/3 of its items start with the unit's noun), a list after
'gồm: / cụ thể: / bao gồm:' (counted by ';'), or a parenthesis right after the
unit with no digits, counted by ',' ('trước và sau X' is two). A parenthesis
that is a clause ('(có một đơn có nhiều nội dung nên …)') is not a list.
"""

from __future__ import annotations

import re

from pipeline.report import phrases
from pipeline.report.checks import Context, Item, check
from pipeline.report.figures import Figure, enumerate_items
from pipeline.report.rows import STATUS_INTERNAL, STATUS_MATCH, internal_row
from pipeline.report.structure import (
    FOOTNOTE,
    arabic_heading,
    fold_keep_length,
    roman_heading,
    superscript,
)
from pipeline.vi.formatting import format_count, roman_numeral

_CLASSIFIERS = {"luot", "so", "cac", "cuoc", "nhung"}


def _items(body: str) -> list[str]:
    return [s.strip(" .") for s in body.split(";") if s.strip(" .")]


def _footnote_list(ctx: Context, f: Figure, unit_words: set[str]):
    footnotes = {p.footnote: p for p in ctx.reading.paragraphs if p.footnote is not None}
    if f.footnote_ref is None or f.footnote_ref not in footnotes:
        return None
    fp = footnotes[f.footnote_ref]
    items = _items(FOOTNOTE.sub("", fp.text))
    heads = [fold_keep_length(it).split()[0] for it in items if it.split()]
    if len(items) >= 2 and sum(h in unit_words for h in heads) >= 2 * len(items) / 3:
        return len(items), f"Chú thích {superscript(f.footnote_ref)} liệt kê {len(items)} mục (ngăn cách bởi dấu ;)"
    return None


def _colon_list(f: Figure):
    m = re.match(r"^[^0-9;:()]{0,60}?\b(gom co|bao gom|gom|cu the|nhu sau)\s*:", f.rest)
    if not m:
        return None
    raw = f.sentence
    cut = len(raw) - len(f.rest) + m.end()
    items = _items(raw[cut:])
    word = raw[len(raw) - len(f.rest) + m.start(1):len(raw) - len(f.rest) + m.end(1)]
    return (len(items), f"Danh sách sau '{word}:' có {len(items)} mục (ngăn cách bởi dấu ;)") if len(items) >= 2 else None


def _paren_list(f: Figure):
    m = re.match(r"^\s*[^\W\d_][^0-9;:()]{0,50}?\(([^()0-9]+)\)", f.rest)
    if not m or len(m.group(0)) - len(m.group(1)) >= 60 or "," not in m.group(1):
        return None
    raw_rest = f.sentence[len(f.sentence) - len(f.rest):]
    inner = raw_rest[m.start(1):m.end(1)]
    if phrases.anywhere("clause_words").search(inner.lower()):
        return None  # an explanation, not a list
    items = enumerate_items(inner)
    return (len(items), f"Ngoặc đơn liệt kê {len(items)} mục") if len(items) >= 2 else None


def stated_counts(ctx: Context) -> list[Item]:
    return [Item(f, f) for f in ctx.figures
            if f.kind == "count" and f.unit and f.value is not None and float(f.value).is_integer()
            and f.role in ("count", "pair")]


@check("số mục của danh sách", stated_counts)
def count_against_list(ctx: Context, item: Item) -> list[dict]:
    f: Figure = item.data
    unit_words = set(fold_keep_length(f.unit).split()) - _CLASSIFIERS
    found = _footnote_list(ctx, f, unit_words) or _colon_list(f) or _paren_list(f)
    if found is None:
        return []
    n, where = found
    stated = int(f.value)
    ok = n == stated
    note = f"{where}; báo cáo nêu {f.printed} {f.unit}" + ("" if ok else f": lệch {abs(n - stated)}")
    return [internal_row(f, "số mục của danh sách", STATUS_MATCH if ok else STATUS_INTERNAL, f.printed, f.value,
                         format_count(n), note, indicator=f.indicator)]


def whole_text(ctx: Context) -> list[Item]:
    return [Item(None, ctx.reading.text)]


@check("đánh số đề mục", whole_text)
def heading_numbers(ctx: Context, item: Item) -> list[dict]:
    """Section numbering: I, II, III …; 1, 2, 3 … under each."""
    rows, prev_roman, prev_arabic, pos = [], 0, 0, 0
    for line in item.data.split("\n"):
        s = line.strip()
        roman = roman_heading(s)
        if roman:
            mark, n = roman
            if prev_roman and n != prev_roman + 1:
                missing = ", ".join(_to_roman(k) for k in range(prev_roman + 1, n)) or "?"
                rows.append(internal_row(
                    None, "đánh số đề mục", STATUS_INTERNAL, mark + ".", n, _to_roman(prev_roman + 1) + ".",
                    f"Mục {mark} đứng ngay sau mục {_to_roman(prev_roman)}: thiếu mục {missing} (đánh số đề mục)",
                    sentence=s, offset=pos))
            prev_roman, prev_arabic = n, 0
        else:
            n = arabic_heading(s)
            if n is not None:
                if prev_arabic and n != prev_arabic + 1 and n != 1:
                    rows.append(internal_row(None, "đánh số đề mục", STATUS_INTERNAL, f"{n}.", n, f"{prev_arabic + 1}.",
                                             f"Đề mục {n}. đứng ngay sau đề mục {prev_arabic}.", sentence=s, offset=pos))
                prev_arabic = n
        pos += len(line) + 1
    return rows


def _to_roman(n: int) -> str:
    return roman_numeral(n)
