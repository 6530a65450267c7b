"""Unicode → VNI Windows legacy font encoding, used for one deliberately old register.

VNI-Times text stores a Vietnamese letter as its base letter followed by one
modifier character at a Latin-1 code point ("Ngày nhận đơn" is stored
"Ngaøy nhaän ñôn"); i, ơ, ư, đ and ỵ have single characters. This encoder
works from the letter's decomposition (base, shape mark, tone mark) rather
than from a table, so it checks :mod:`pipeline.vi.legacy_text` independently.
"""

from __future__ import annotations

import unicodedata

_TONES = "\u0301\u0300\u0309\u0303\u0323"  # acute, grave, hook, tilde, dot below
_PLAIN = "ùøûõï"  # a tone on a plain vowel (or on ơ, ư)
_CIRCUMFLEX = "âáàåãä"  # â/ê/ô: no tone, then each tone
_BREVE = "êéèúüë"  # ă: no tone, then each tone
_I = "íìæóò"  # i carries its tone in one character
_HORN = {"o": "ô", "u": "ö"}  # ơ and ư as one character


def _letter(ch: str) -> str:
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    if base.lower() not in "aeiouy" or not marks:
        return ch
    upper = base.isupper()
    base = base.lower()
    tone = next((_TONES.index(m) for m in marks if m in _TONES), None)
    if base == "i" and tone is not None:
        out = _I[tone]
    elif base == "y" and tone == 4:
        out = "î"
    elif "\u0302" in marks:
        out = base + _CIRCUMFLEX[0 if tone is None else tone + 1]
    elif "\u0306" in marks:
        out = base + _BREVE[0 if tone is None else tone + 1]
    elif "\u031b" in marks:
        out = _HORN[base] + ("" if tone is None else _PLAIN[tone])
    else:
        out = base + _PLAIN[tone]
    return out.upper() if upper else out


def to_vni(text: str) -> str:
    """Encode Unicode Vietnamese text the way a VNI-font document stores it."""
    return "".join(_letter(ch) for ch in unicodedata.normalize("NFC", text))
