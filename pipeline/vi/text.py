"""Text normalisation for Vietnamese spreadsheet content.

Everything that compares text (headers, categories, names, districts) goes
through the functions here, so "Ngày tiếp\\ncông dân" typed in NFD with a
line break and "NGAY TIEP CONG DAN" land on the same key. The functions are
pure; the hot ones are cached because the same few hundred distinct strings
recur across ~1M cells. Text typed in the legacy font encodings (TCVN3, VNI)
is converted before any of this, by :mod:`pipeline.vi.legacy_text`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

__all__ = [
    "nfc",
    "fold",
    "category_key",
    "header_key",
    "scrub_text",
    "REDACTED",
]

REDACTED = "[đã ẩn]"

# str.split() with no argument splits on every Unicode whitespace run,
# including NBSP, line breaks and tabs; zero-width characters are not
# whitespace for Python, so they are removed explicitly.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


@lru_cache(maxsize=65536)
def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC, stripped, with every whitespace run
    (spaces, NBSP, tabs, line breaks) collapsed to one space."""
    if s.isascii():
        # Fast path: ASCII needs no Unicode normalisation.
        return " ".join(s.split())
    return " ".join(unicodedata.normalize("NFC", s).translate(_ZERO_WIDTH).split())


# đ/Đ have no decomposition, so NFD does not strip them: map them by hand.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Key for matching: NFC, case folded, diacritics removed, đ → d,
    whitespace collapsed ("Ngày tiếp\\ncông dân" → "ngay tiep cong dan")."""
    if s.isascii():
        return " ".join(s.casefold().split())
    decomposed = unicodedata.normalize("NFD", nfc(s).casefold().translate(_D_TABLE))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", stripped).split())


_CATEGORY_PUNCT = str.maketrans({",": " ", ".": " ", "-": " ", "/": " "})


@lru_cache(maxsize=65536)
def category_key(s: str) -> str:
    """Key for category values (contract §5): fold, then treat ``, . - /`` as
    spaces, so "Thăm, tặng quà" and "Thăm tặng quà" give the same key."""
    return " ".join(fold(s).translate(_CATEGORY_PUNCT).split())


# Separators that people type with or without surrounding spaces.
_TIGHT_SEPARATORS = re.compile(r"\s*([/\-–—])\s*")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")
_SPACE_AFTER_PUNCT = re.compile(r"([,;])(?=\S)")
_SPACE_AFTER_OPEN = re.compile(r"\(\s+")


@lru_cache(maxsize=16384)
def header_key(s: str) -> str:
    """Key for header cells. Whole-cell matching only: callers compare the
    keys for equality, never as substrings.

    Folds like :func:`fold`, then makes separator spacing deterministic:
    no spaces around ``/`` and dashes ("Huyện / TX / TP" = "Huyện/TX/TP"),
    no space before ``, . ; : )``, one space after ``,`` and ``;``, and a
    trailing ":" or "*" dropped. The separators themselves are kept, so
    "Huyện/TX/TP" and "Huyện, thị xã, thành phố" stay distinct keys.
    """
    key = fold(s)
    key = _TIGHT_SEPARATORS.sub(lambda m: "-" if m.group(1) in "–—" else m.group(1), key)
    key = _SPACE_BEFORE_PUNCT.sub(r"\1", key)
    key = _SPACE_AFTER_PUNCT.sub(r"\1 ", key)
    key = _SPACE_AFTER_OPEN.sub("(", key)
    return key.rstrip(":* ").strip()


# --- scrubbing personal data out of free text ------------------------------

# A run of digit groups joined by single separators, optionally "+84" first.
_DIGIT_RUN = re.compile(r"(?<![\w+])(?:\+\s?)?\d+(?:[ .\-]\d+)*(?![\w])")
_DIGIT_GROUP = re.compile(r"\d+")
# Money and measures are not ID numbers: "154.000.000 đồng" stays.
_AMOUNT_AFTER = re.compile(r"\s*(?:đồng|đ\b|vnđ|vnd|triệu|tỷ|nghìn|ngàn|%|kg|tấn)", re.IGNORECASE)


def _is_phone(text: str) -> bool:
    digits = "".join(_DIGIT_GROUP.findall(text))
    if text.startswith("+"):
        return digits.startswith("84") and len(digits) - 2 in (9, 10)
    return digits.startswith("0") and len(digits) in (10, 11)


def _is_id(text: str) -> bool:
    if "-" in text or text.startswith("+"):
        return False
    digits = "".join(_DIGIT_GROUP.findall(text))
    return len(digits) in (9, 12)


def _scrub_numbers(s: str) -> str:
    out: list[str] = []
    last = 0
    for m in _DIGIT_RUN.finditer(s):
        run = m.group(0)
        # Start offsets of each digit group, so a window of groups can be
        # tested: "số 3 0912 345 678" holds a phone after a stray count.
        groups = [(g.start(), g.end()) for g in _DIGIT_GROUP.finditer(run)]
        if run.startswith("+"):
            groups[0] = (0, groups[0][1])
        i = 0
        while i < len(groups):
            for j in range(len(groups) - 1, i - 1, -1):
                a, b = groups[i][0], groups[j][1]
                piece = run[a:b]
                after = s[m.start() + b :]
                if _is_phone(piece) or (_is_id(piece) and not _AMOUNT_AFTER.match(after)):
                    out.append(s[last : m.start() + a])
                    out.append(REDACTED)
                    last = m.start() + b
                    i = j + 1
                    break
            else:
                i += 1
    out.append(s[last:])
    return "".join(out)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    decomposed = unicodedata.normalize("NFD", c.casefold().translate(_D_TABLE))
    return "".join(x for x in decomposed if not unicodedata.combining(x))


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _name_spans(folded_text: str, keys: list[str]) -> list[tuple[int, int]]:
    """Whole-word occurrences of the folded names, longest name first, never overlapping.

    Plain ``str.find`` rather than a compiled pattern: every row has its own
    name, so a pattern would be compiled once per row.
    """
    spans: list[tuple[int, int]] = []
    for key in keys:
        start = folded_text.find(key)
        while start >= 0:
            end = start + len(key)
            whole = (start == 0 or not _is_word_char(folded_text[start - 1])) and (
                end == len(folded_text) or not _is_word_char(folded_text[end])
            )
            if whole and all(end <= a or start >= b for a, b in spans):
                spans.append((start, end))
            start = folded_text.find(key, start + 1)
    return sorted(spans)


def _scrub_names(s: str, names: Iterable[str]) -> str:
    """Replace each name (matched after folding, as whole words) by REDACTED; ``s`` is NFC, single-spaced."""
    keys = sorted({" ".join(fold(str(n)).split()) for n in names if n} - {""}, key=len, reverse=True)
    if not keys:
        return s
    if not any(k in " ".join(fold(s).split()) for k in keys):
        return s  # no name occurs at all: skip the character-by-character mapping
    # Fold character by character, remembering where each folded character
    # came from, so matches on the folded text map back to the original.
    folded = list(map(_fold_char, s))
    folded_text = "".join(folded)
    if len(folded_text) == len(s):
        origin: Sequence[int] = range(len(s) + 1)  # one folded char per char (Vietnamese): positions agree
    else:
        origin = [idx for idx, f in enumerate(folded) for _ in f] + [len(s)]
    out: list[str] = []
    last = 0
    for m_start, m_end in _name_spans(folded_text, keys):
        start, end = origin[m_start], origin[m_end]
        # A folded character that expanded (ß → ss) maps to its source char;
        # extend the end to cover the whole source character.
        if m_end < len(folded_text) and origin[m_end] == origin[m_end - 1]:
            end = origin[m_end] + 1
        out.append(s[last:start])
        out.append(REDACTED)
        last = end
    out.append(s[last:])
    return "".join(out)


def scrub_text(s: str, names: Iterable[str] = ()) -> str:
    """Replace personal data in free text by "[đã ẩn]".

    Removes 9- and 12-digit ID numbers (CMND/CCCD, digits possibly grouped by
    spaces or dots, unless followed by a money or measure unit), Vietnamese
    phone numbers (10–11 digits starting 0, or +84 then 9–10 digits, grouped
    by spaces, dots or dashes), and each of ``names`` matched as whole words
    after folding (case, diacritics, spacing ignored). Returns NFC text with
    whitespace collapsed. Over-scrubbing a bare 9-digit amount is accepted:
    leaking an ID is worse.
    """
    text = nfc(s)
    if not text:
        return text
    if any(ch.isdigit() for ch in text):
        text = _scrub_numbers(text)
    return _scrub_names(text, names)
