"""Unicode → TCVN3 (ABC) legacy font encoding, used for one deliberately old sheet.

TCVN3 stores Vietnamese letters at Latin-1 code points, so text typed with a
".VnTime" font reads as garbled Latin-1 once opened as Unicode ("ViÖt Nam").
Capital letters with a tone mark have no code of their own (the ".VnTimeH"
capital font reuses the lower-case codes), so they are written lower-case.
"""

from __future__ import annotations

import unicodedata

_UNI = (
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
)
_TCVN3 = (
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ¡¢§£¤¥¦"
)
assert len(_UNI) == len(_TCVN3)
_TABLE = dict(zip(_UNI, _TCVN3))


def to_tcvn3(text: str) -> str:
    """Encode Unicode Vietnamese text the way a TCVN3-font document stores it."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TABLE:
            out.append(_TABLE[ch])
        elif ch.lower() in _TABLE and ch.lower() not in "ăâđêôơư":
            out.append(_TABLE[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)
