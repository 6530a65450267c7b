"""The legacy TCVN3 (ABC, TCVN 5712:1993 "VN3") Vietnamese font encoding.

Old workbooks were typed with the .VnTime/.VnArial fonts: the bytes are
TCVN3 but Excel stores them as if they were Windows-1252/Latin-1 letters, so
"Việt Nam" reads as "ViÖt Nam". VN3 only has lower-case toned letters plus the
seven upper-case base letters Ă Â Ê Ô Ơ Ư Đ; capitals with tones were typed
with the ".VnTimeH" capital fonts, which reuse the lower-case code points, so
they decode to lower case (the best any converter can do).
"""

from __future__ import annotations

# TCVN3 code point (as read through Latin-1) -> Unicode letter, grouped by base
# vowel in the order: grave, hook, tilde, acute, dot below.
TCVN3_TO_UNICODE: dict[str, str] = {
    # base letters with a modifier, no tone
    "\u00a8": "ă",
    "\u00a9": "â",
    "\u00aa": "ê",
    "\u00ab": "ô",
    "\u00ac": "ơ",
    "\u00ad": "ư",
    "\u00ae": "đ",
    "\u00a1": "Ă",
    "\u00a2": "Â",
    "\u00a3": "Ê",
    "\u00a4": "Ô",
    "\u00a5": "Ơ",
    "\u00a6": "Ư",
    "\u00a7": "Đ",
    # a
    "\u00b5": "à",
    "\u00b6": "ả",
    "\u00b7": "ã",
    "\u00b8": "á",
    "\u00b9": "ạ",
    # ă
    "\u00bb": "ằ",
    "\u00bc": "ẳ",
    "\u00bd": "ẵ",
    "\u00be": "ắ",
    "\u00c6": "ặ",
    # â
    "\u00c7": "ầ",
    "\u00c8": "ẩ",
    "\u00c9": "ẫ",
    "\u00ca": "ấ",
    "\u00cb": "ậ",
    # e
    "\u00cc": "è",
    "\u00ce": "ẻ",
    "\u00cf": "ẽ",
    "\u00d0": "é",
    "\u00d1": "ẹ",
    # ê
    "\u00d2": "ề",
    "\u00d3": "ể",
    "\u00d4": "ễ",
    "\u00d5": "ế",
    "\u00d6": "ệ",
    # i
    "\u00d7": "ì",
    "\u00d8": "ỉ",
    "\u00dc": "ĩ",
    "\u00dd": "í",
    "\u00de": "ị",
    # o
    "\u00df": "ò",
    "\u00e1": "ỏ",
    "\u00e2": "õ",
    "\u00e3": "ó",
    "\u00e4": "ọ",
    # ô
    "\u00e5": "ồ",
    "\u00e6": "ổ",
    "\u00e7": "ỗ",
    "\u00e8": "ố",
    "\u00e9": "ộ",
    # ơ
    "\u00ea": "ờ",
    "\u00eb": "ở",
    "\u00ec": "ỡ",
    "\u00ed": "ớ",
    "\u00ee": "ợ",
    # u
    "\u00ef": "ù",
    "\u00f1": "ủ",
    "\u00f2": "ũ",
    "\u00f3": "ú",
    "\u00f4": "ụ",
    # ư
    "\u00f5": "ừ",
    "\u00f6": "ử",
    "\u00f7": "ữ",
    "\u00f8": "ứ",
    "\u00f9": "ự",
    # y
    "\u00fa": "ỳ",
    "\u00fb": "ỷ",
    "\u00fc": "ỹ",
    "\u00fd": "ý",
    "\u00fe": "ỵ",
}

UNICODE_TO_TCVN3: dict[str, str] = {u: t for t, u in TCVN3_TO_UNICODE.items()}

DECODE_TABLE = str.maketrans(TCVN3_TO_UNICODE)
ENCODE_TABLE = str.maketrans(UNICODE_TO_TCVN3)

# Latin-1 letters that are also ordinary letters of Unicode Vietnamese: seeing
# them proves nothing, since "Có" is both Unicode "Có" and TCVN3 "Cú".
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Latin-1 characters common in Western European text: weak evidence only, so
# German or French names do not trigger a conversion.
_WESTERN_COMMON = set("äöüßçëïîûñ«»")

TCVN3_STRONG = frozenset(set(TCVN3_TO_UNICODE) - _VIETNAMESE_LATIN1 - _WESTERN_COMMON)
TCVN3_WEAK = frozenset(set(TCVN3_TO_UNICODE) & _WESTERN_COMMON)
