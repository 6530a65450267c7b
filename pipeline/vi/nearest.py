"""The closest known names to one that matches nothing: a header, a category value, a spec id.

A near miss ("Ngày nhận được đơn" for "Ngày nhận đơn", "petiton" for
"petitions") is never guessed into a match; it is offered as a suggestion in
the message that says nothing matched. Names are compared after folding
(case, diacritics, spaces), with rapidfuzz's token-set ratio so that a header
with an extra word still finds its column.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from pipeline.vi.text import fold

MIN_SCORE = 70
"""Below this (0–100) a known name is too far to be offered."""


def closest(name: str, known: Iterable[str], limit: int = 3, min_score: float = MIN_SCORE) -> list[str]:
    """The known names closest to ``name``, best first (as written in ``known``), at most ``limit``."""
    choices = {}
    for k in known:
        choices.setdefault(fold(str(k)), str(k))
    if not choices or not str(name).strip():
        return []
    hits = process.extract(fold(str(name)), list(choices), scorer=_score, limit=limit, score_cutoff=min_score)
    return [choices[key] for key, _score_value, _ in hits]


def _score(a: str, b: str, **kwargs) -> float:
    # token_set catches an extra word ("Ngày nhận được đơn"); ratio keeps short typos ("petiton") close
    return max(fuzz.token_set_ratio(a, b, **kwargs) * 0.95, fuzz.ratio(a, b, **kwargs))


def suggestion(name: str, known: Iterable[str]) -> str:
    """'; có phải «petitions»?' or '' — the tail of a message about an unknown name."""
    near = closest(name, known, limit=1)
    return f"; có phải «{near[0]}»?" if near else ""
