"""Is this word a well-formed Vietnamese syllable? The evidence behind legacy-font detection.

Vietnamese is written one syllable per word: an optional onset (b, ch, ngh, qu …),
a rhyme from a closed list (a, oai, ương, uyên …) and at most one tone mark,
sitting on a vowel. Garbled or foreign text almost never passes: "Ngaøy" (VNI read
as Latin-1) has an "ø", "Ngaứy" (VNI read as TCVN3) has no such rhyme, "schön",
"café" and "Müller" have no Vietnamese onset or rhyme. Two spelling rules sharpen
it: k, gh, ngh only before i, e, ê, y and c, ng never before them; a syllable
closed by c, ch, p, t carries only the acute or dot-below tone.

The rhyme list follows the standard table of Vietnamese rhymes (vần) taught in
primary school, with the rare loan rhymes oong/ooc (xoong, quần soóc) and uơ
(thuở). Pure functions, no data files.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["is_syllable", "is_abbreviation", "is_vietnamese_word"]

# Tone marks (combining): grave, acute, tilde, hook above, dot below.
TONES = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook", "\u0323": "dot"}

ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")

# Rhymes without tone, grouped by nucleus; codas c ch m n ng nh p t, semivowels i/y o/u.
RHYMES = frozenset("""
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu
iêc iêm iên iêng iêp iêt iêu
yêm yên yêng yêt yêu
o oc oi om on ong op ot ooc oong
oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt
oe oen oeo oet
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut
uâ uân uâng uât uây
uê uêch uênh
uy uya uych uyn uynh uyp uyt uyu
uyên uyêt
uô uôc uôi uôm uôn uông uôt
uơ
ư ưa ưc ưi ưng ưt ưu
ươc ươi ươm ươn ương ươp ươt ươu
y
""".split())

_FRONT = ("i", "e", "ê", "y")  # vowels k/gh/ngh go before and c/g/ng do not
_STOP_CODAS = ("c", "ch", "p", "t")


def _strip_tone(word: str) -> tuple[str, list[str]] | None:
    """``word`` (lower case) without its tone mark, and the marks found; None when
    a tone mark follows no vowel."""
    out: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONES:
            # the mark must sit on a vowel (other marks — circumflex, breve, horn — may come between)
            base = next((c for c in reversed(out) if not unicodedata.combining(c)), "")
            if base not in "aeiouy":
                return None
            tones.append(ch)
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), tones


def _has_case_pattern(word: str) -> bool:
    """lower, Title or UPPER: "Ngày", "ngày", "NGÀY" — not "NgÀy"."""
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when ``word`` (letters only, any NFC/NFD form) is a well-formed Vietnamese syllable."""
    if not word or not word.isalpha() and not _alpha_with_marks(word):
        return False
    word = unicodedata.normalize("NFC", word)
    if not _has_case_pattern(word):
        return False
    stripped = _strip_tone(word.lower())
    if stripped is None:
        return False
    base, tones = stripped
    if len(tones) > 1:
        return False
    for onset in ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme == "":
            return True  # "gì", "gí": the i of gi carries the tone
        if rhyme not in RHYMES or not _spelling_ok(onset, rhyme):
            continue
        if tones and rhyme.endswith(_STOP_CODAS) and TONES[tones[0]] not in ("acute", "dot"):
            continue
        return True
    return False


def _alpha_with_marks(word: str) -> bool:
    return all(c.isalpha() or unicodedata.combining(c) for c in word)


def _spelling_ok(onset: str, rhyme: str) -> bool:
    if onset in ("k", "gh", "ngh"):
        return rhyme.startswith(_FRONT)
    if onset in ("c", "ng"):
        return not rhyme.startswith(_FRONT)
    if onset == "g":
        return not rhyme.startswith(("e", "ê", "y"))
    if onset == "qu":
        return not rhyme.startswith(("u", "o"))
    return True


_ABBREVIATION = re.compile(r"[A-ZĐ]{2,6}")


def is_abbreviation(word: str) -> bool:
    """An upper-case abbreviation with Đ and no vowel mark: "HĐND", "ĐBQH", "QĐ"."""
    return "Đ" in word and bool(_ABBREVIATION.fullmatch(word))


def is_vietnamese_word(word: str) -> bool:
    """A syllable or an upper-case abbreviation holding Đ."""
    return is_syllable(word) or is_abbreviation(word)
