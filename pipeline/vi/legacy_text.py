"""Vietnamese typed in the legacy 8-bit font encodings, and how to tell them apart.

Before Unicode, registers were typed with fonts that draw Vietnamese letters at
Latin-1 code points, so a workbook opened without the font shows them garbled:

- **TCVN3 (ABC)**, TCVN 5712:1993 "VN3", the ".VnTime" fonts of the North: one
  Latin-1 character per letter, "Việt Nam" is stored "ViÖt Nam". Only lower-case
  toned letters exist; capitals with tones were typed with the ".VnTimeH" fonts,
  which reuse the lower-case codes.
- **VNI Windows**, the "VNI-Times" fonts of VNI Software (Hồ Chí Minh City), common
  in the South: a base letter followed by one modifier character, "Ngày nhận đơn"
  is stored "Ngaøy nhaän ñôn"; i, ơ, ư, đ and ỵ have single characters.
- **Windows-1258**, Microsoft's Vietnamese ANSI code page, is a byte encoding,
  not a font: it only concerns CSV bytes (:func:`guess_single_byte_encoding`).

Sources: the TCVN 5712:1993 code chart and the VNI Windows table published by
VNI Software (the same tables every converter ships, e.g. Unikey's). Both tables
below are tested letter by letter against Unicode character names
(tests/vi/test_legacy_text.py).

Telling them apart (docs/decisions.md): a cell is judged on its words. Each
reading — the cell as it is, as VNI, as TCVN3 — is *valid* when its words are
well-formed Vietnamese syllables (:mod:`pipeline.vi.syllables`). A cell valid only
as legacy text is *proven* legacy; a cell valid both ways ("Có" is Unicode "Có"
and TCVN3 "Cú") is *ambiguous* and follows its sheet: :func:`decode_legacy_rows`
lets the sheet vote, then converts the proven cells of the winning encoding and
the ambiguous ones only when that encoding outnumbers Unicode in the sheet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.vi.syllables import is_vietnamese_word

__all__ = [
    "TCVN3", "VNI", "ENCODING_LABELS", "TCVN3_TO_UNICODE", "VNI_TO_UNICODE", "UNICODE_TO_VNI",
    "tcvn3_to_unicode", "vni_to_unicode", "unicode_to_tcvn3", "unicode_to_vni",
    "read_cell", "CellReading", "decode_legacy_rows", "LegacySheet", "guess_single_byte_encoding",
]

TCVN3 = "tcvn3"
VNI = "vni"
ENCODING_LABELS = {TCVN3: "TCVN3 (ABC)", VNI: "VNI Windows"}

# --- TCVN3 -------------------------------------------------------------------

# TCVN3 character (as read through Latin-1) → Unicode: the seven capitals, the
# seven plain modified letters, then each vowel with grave, hook, tilde, acute, dot.
_TCVN3_CODES = "¡¢£¤¥¦§¨©ª«¬\xad®" "µ¶·¸¹" "»¼½¾Æ" "ÇÈÉÊË" "ÌÎÏÐÑ" "ÒÓÔÕÖ" "×ØÜÝÞ" "ßáâãä" "åæçèé" "êëìíî" "ïñòóô" "õö÷øù" "úûüýþ"
_TCVN3_LETTERS = "ĂÂÊÔƠƯĐăâêôơưđ" "àảãáạ" "ằẳẵắặ" "ầẩẫấậ" "èẻẽéẹ" "ềểễếệ" "ìỉĩíị" "òỏõóọ" "ồổỗốộ" "ờởỡớợ" "ùủũúụ" "ừửữứự" "ỳỷỹýỵ"
TCVN3_TO_UNICODE: dict[str, str] = dict(zip(_TCVN3_CODES, _TCVN3_LETTERS, strict=True))
_TCVN3_DECODE = str.maketrans(TCVN3_TO_UNICODE)
_TCVN3_ENCODE = str.maketrans({u: t for t, u in TCVN3_TO_UNICODE.items()})

# --- VNI Windows -------------------------------------------------------------

# Unicode letter → VNI spelling, lower case; capitals are the same upper-cased
# ("Á" = "AÙ", "Đ" = "Ñ"). Tone modifiers: ù acute, ø grave, û hook, õ tilde,
# ï dot; â circumflex (á à å ã ä with a tone); ê breve (é è ú ü ë with a tone).
_VNI_LOWER = """
á aù à aø ả aû ã aõ ạ aï
â aâ ấ aá ầ aà ẩ aå ẫ aã ậ aä
ă aê ắ aé ằ aè ẳ aú ẵ aü ặ aë
é eù è eø ẻ eû ẽ eõ ẹ eï
ê eâ ế eá ề eà ể eå ễ eã ệ eä
í í ì ì ỉ æ ĩ ó ị ò
ó où ò oø ỏ oû õ oõ ọ oï
ô oâ ố oá ồ oà ổ oå ỗ oã ộ oä
ơ ô ớ ôù ờ ôø ở ôû ỡ ôõ ợ ôï
ú uù ù uø ủ uû ũ uõ ụ uï
ư ö ứ öù ừ öø ử öû ữ öõ ự öï
ý yù ỳ yø ỷ yû ỹ yõ ỵ î
đ ñ
""".split()
_VNI_PAIRS = dict(zip(_VNI_LOWER[::2], _VNI_LOWER[1::2], strict=True))
UNICODE_TO_VNI: dict[str, str] = {**_VNI_PAIRS, **{u.upper(): v.upper() for u, v in _VNI_PAIRS.items()}}
VNI_TO_UNICODE: dict[str, str] = {v: u for u, v in UNICODE_TO_VNI.items()}
# A modifier takes its case from the base letter: "Aù" is read "Á" as well.
_VNI_READ = dict(VNI_TO_UNICODE)
for _seq, _letter in VNI_TO_UNICODE.items():
    if len(_seq) == 2:
        _VNI_READ.setdefault(_seq[0] + _seq[1].swapcase(), _letter)
_VNI_MODIFIERS = frozenset(s[1] for s in VNI_TO_UNICODE if len(s) == 2)


def vni_to_unicode(s: str) -> str | None:
    """VNI text (read as Latin-1) in Unicode NFC; None when ``s`` is no VNI text
    (a modifier with no base letter before it, or a Latin-1 letter VNI never uses)."""
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        pair = s[i:i + 2]
        if len(pair) == 2 and pair in _VNI_READ:
            out.append(_VNI_READ[pair])
            i += 2
            continue
        c = s[i]
        if c in _VNI_READ:
            out.append(_VNI_READ[c])
        elif c in _VNI_MODIFIERS or ("\u00c0" <= c <= "\u00ff" and c.isalpha()):
            return None
        else:
            out.append(c)
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def unicode_to_vni(s: str) -> str:
    """Unicode text as a VNI-font document stores it (tests and fixtures)."""
    return "".join(UNICODE_TO_VNI.get(c, c) for c in unicodedata.normalize("NFC", s))


# --- TCVN3 conversion ----------------------------------------------------------

_WORD = re.compile(r"\S+")
_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")


def _tcvn3_word(m: re.Match) -> str:
    word = m.group(0)
    decoded = word.translate(_TCVN3_DECODE)
    # Capitals with tones were typed in the ".VnTimeH" fonts, which reuse the
    # lower-case code points: "HéI §åNG" is "HỘI ĐỒNG". A word with two or more
    # ASCII capitals and no ASCII lower case is an upper-case word.
    if len(_ASCII_UPPER.findall(word)) >= 2 and not _ASCII_LOWER.search(word):
        return decoded.upper()
    return decoded


def tcvn3_to_unicode(s: str) -> str:
    """TCVN3 text (read as Latin-1) in Unicode NFC. Characters outside the table
    (ASCII, digits, punctuation) are kept; words typed in capitals ("TØNH §åNG
    TH¸P") come out in capitals ("TỈNH ĐỒNG THÁP")."""
    return unicodedata.normalize("NFC", _WORD.sub(_tcvn3_word, s))


def unicode_to_tcvn3(s: str) -> str:
    """Inverse of :func:`tcvn3_to_unicode` for lower-case text and the capitals
    TCVN3 has (Ă Â Ê Ô Ơ Ư Đ); tests and fixtures."""
    return unicodedata.normalize("NFC", s).translate(_TCVN3_ENCODE)


# --- reading one cell ----------------------------------------------------------

# Characters a legacy-font cell can hold: Latin-1 and the Windows-1252 punctuation
# Excel maps into Unicode (“ ” – … •). Anything else — ă, ơ, ư, đ, ạ … ệ, a
# combining mark (NFD) — proves the cell is Unicode already.
_NOT_LEGACY = re.compile("[^\x00-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                         "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_TOLERATED_BAD = 10  # one word in ten may fail (a foreign name, a typo) in a long cell


_CHUNK = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")  # a word with its Latin-1 symbols ("Th¸p", "«Ñôn»")
_EDGES = re.compile(r"^\W+|\W+$")  # quotes, «», ° around a decoded word


@dataclass(frozen=True)
class CellReading:
    """How one text cell reads.

    ``unicode``: the cell as it is reads as Vietnamese; ``proven``: it holds a
    letter only Unicode has (ă, ơ, ạ … or a combining mark); ``legacy``: encoding →
    converted text, for each legacy reading whose words with diacritics are
    Vietnamese; ``fixed``: encoding → words that are no Vietnamese as they are
    and are once read so ("aø" → "à"; "Tôi" → VNI "Tơi" is none: it was
    Vietnamese already); ``evidence``: those of two letters or more; ``strict``:
    the readings whose plain ASCII words are Vietnamese too (two in three).
    """

    unicode: bool
    proven: bool = False
    legacy: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)
    strict: frozenset[str] = frozenset()

    def fixes(self, encoding: str) -> bool:
        """No Vietnamese as it is, and the ``encoding`` reading makes words of it."""
        return not self.unicode and self.fixed.get(encoding, 0) > 0

    def proves(self, encoding: str) -> bool:
        """Evidence for a sheet's vote: it fixes words of two letters or more, and
        the whole cell then reads as Vietnamese."""
        return not self.unicode and self.evidence.get(encoding, 0) > 0 and encoding in self.strict


_UNICODE_CELL = CellReading(unicode=True, proven=True)


def _words(text: str, raw: bool = False) -> list[str]:
    """The words of ``text``: runs between spaces, digits and ASCII punctuation, the
    symbols around them stripped. A symbol inside a word stays ("c¸o"), and in
    ``raw`` text the symbols TCVN3 uses as letters stay at the edges too
    ("®¬n"), so TCVN3 read as it is shows as no Vietnamese."""
    words = []
    for chunk in _CHUNK.findall(text):
        if raw:
            start, end = 0, len(chunk)
            while start < end and not chunk[start].isalnum() and chunk[start] not in _TCVN3_ALPHABET:
                start += 1
            while end > start and not chunk[end - 1].isalnum() and chunk[end - 1] not in _TCVN3_ALPHABET:
                end -= 1
            word = chunk[start:end]
        else:
            word = _EDGES.sub("", chunk)
        if word:
            words.append(word)
    return words


def _one_letter(word: str) -> bool:
    return len(word) == 1 and (word.isascii() or is_vietnamese_word(word))


def _neutral(word: str) -> bool:
    """One-letter words ("ở"; "ì" from a lone "×") and upper-case ASCII abbreviations
    ("UBND", "XIV") prove nothing either way."""
    return _one_letter(word) or word.isascii() and word.isupper() and len(word) <= 6


def _word_score(words: list[str], one_letter: bool = False) -> tuple[int, int]:
    """(good, bad): Vietnamese words and others among ``words``, neutral ones left
    out (``one_letter``: one-letter Vietnamese words count as good)."""
    good = bad = 0
    for w in words:
        if one_letter and _one_letter(w) and not w.isascii():
            good += 1
        elif not _neutral(w):
            if is_vietnamese_word(w):
                good += 1
            else:
                bad += 1
    return good, bad


def _valid(text: str, raw: bool = False, ascii_too: bool = False, one_letter: bool = False) -> bool:
    """Whether ``text`` reads as Vietnamese: one word in ten at most fails among
    those with diacritics (a foreign name, a typo) and at least one passes; with
    ``ascii_too`` the words of the whole cell, plain ASCII ones included, must
    also be two-thirds Vietnamese: a Danish "Jespersen & Søn" or a German
    "daß allen Menschen" fails there, a Vietnamese "Covid-19 tại xã" does not.
    """
    words = _words(text, raw)
    good, bad = _word_score([w for w in words if not w.isascii()], one_letter)
    if not good or bad * _TOLERATED_BAD > good:
        return False
    if ascii_too:
        ascii_good, ascii_bad = _word_score([w for w in words if w.isascii()])
        return good + ascii_good >= 2 * (bad + ascii_bad)
    return True


_TCVN3_ALPHABET = frozenset(_TCVN3_CODES)


def _tcvn3_reading(s: str) -> str | None:
    """The TCVN3 reading of ``s``; None when it holds a Latin-1 letter TCVN3 never uses ("à", "Ä")."""
    if any(c.isalpha() and not c.isascii() and c not in _TCVN3_ALPHABET for c in s):
        return None
    return tcvn3_to_unicode(s)


def _is_vietnamese_chunk(text: str, raw: bool) -> bool:
    words = _words(text, raw)
    return bool(words) and all(_neutral(w) or is_vietnamese_word(w) for w in words)


def _fixed_words(s: str, decode) -> tuple[int, int]:
    """Words of ``s`` that are no Vietnamese as they are and Vietnamese once
    decoded, and how many of them have two letters or more."""
    fixed = longer = 0
    for chunk in _CHUNK.findall(s):
        if chunk.isascii() or _is_vietnamese_chunk(chunk, raw=True):
            continue
        text = decode(chunk)
        if text is None or text == chunk or not _is_vietnamese_chunk(text, raw=False):
            continue
        fixed += 1
        longer += any(len(w) >= 2 and not w.isascii() for w in _words(text))
    return fixed, longer


_READINGS = ((VNI, vni_to_unicode), (TCVN3, _tcvn3_reading))


@lru_cache(maxsize=65536)
def read_cell(s: str) -> CellReading | None:
    """Judge a text cell; None for ASCII (nothing to convert, no evidence)."""
    if s.isascii():
        return None
    if _NOT_LEGACY.search(s):
        return _UNICODE_CELL
    legacy: dict[str, str] = {}
    fixed: dict[str, int] = {}
    evidence: dict[str, int] = {}
    strict: set[str] = set()
    for enc, decode in _READINGS:
        text = decode(s)
        if text is not None and text != s and _valid(text, one_letter=True):
            legacy[enc] = text
            fixed[enc], evidence[enc] = _fixed_words(s, decode)
            if _valid(text, ascii_too=True):
                strict.add(enc)
    return CellReading(unicode=_valid(s, raw=True), legacy=legacy, fixed=fixed, evidence=evidence,
                       strict=frozenset(strict))


# --- a sheet -------------------------------------------------------------------

VOTE_ROWS = 500  # a legacy sheet is typed throughout: its first rows are evidence enough
MIN_WORDS = 3  # words the proven legacy cells must fix between them


@dataclass
class LegacySheet:
    """A sheet after conversion: its rows (the same list when nothing changed),
    its name, the encoding found (None for none), and the cells converted and
    the ambiguous cells left as they were."""

    rows: list[list]
    sheet: str
    encoding: str | None = None
    converted: int = 0
    kept: int = 0
    original_sheet: str | None = None  # the name as the file holds it, when it was converted

    @property
    def notice(self) -> str | None:
        """The analyst's line about it (no cell content: cells may be personal)."""
        if not self.encoding:
            return None
        text = (f"Văn bản gõ bằng bảng mã {ENCODING_LABELS[self.encoding]}: "
                f"đã chuyển {self.converted} ô sang Unicode.")
        if self.original_sheet is not None:
            text += f" Tên sheet «{self.original_sheet}» đọc là «{self.sheet}»."
        if self.kept:
            text += (f" Giữ nguyên {self.kept} ô đọc được cả hai cách (Unicode hoặc "
                     f"{ENCODING_LABELS[self.encoding]}) vì phần lớn sheet là Unicode.")
        return text


def _vote(cells) -> tuple[str | None, bool]:
    """The sheet's legacy encoding (or None) and whether it outnumbers Unicode."""
    proven = {VNI: 0, TCVN3: 0}
    words = {VNI: 0, TCVN3: 0}
    unicode = other = both = 0
    for v in cells:
        r = read_cell(v) if isinstance(v, str) else None
        if r is None:
            continue
        found = [enc for enc in proven if r.proves(enc)]
        if r.proven or r.unicode and not r.legacy:
            unicode += 1
        elif len(found) == 1:
            proven[found[0]] += 1
            words[found[0]] += r.evidence[found[0]]
        elif found:
            both += 1
        elif not r.unicode:
            other += 1  # foreign text, or legacy-looking without a word to show for it
    enc = max(proven, key=lambda e: (proven[e], words[e]))
    if words[enc] < MIN_WORDS or proven[enc] <= other:
        return None, False
    return enc, proven[enc] + both > unicode


def decode_legacy_rows(rows: list[list], sheet: str = "") -> LegacySheet:
    """Convert the legacy-font cells of one sheet (and its name), leaving Unicode alone.

    The first :data:`VOTE_ROWS` rows vote; a sheet needs :data:`MIN_WORDS`
    Vietnamese words in cells valid only as legacy text, and more such cells
    than cells that read as neither Vietnamese nor legacy (foreign text), before
    anything is converted. Then: cells valid only in the winning encoding are
    converted; cells valid both as Unicode and in that encoding are converted
    only when the encoding outnumbers Unicode in the sheet (else counted in
    ``kept``); Unicode cells and cells of no reading stay as they are.
    """
    head = (v for row in rows[:VOTE_ROWS] for v in row)
    enc, majority = _vote(head if not sheet else _chain(head, sheet))
    if enc is None:
        return LegacySheet(rows, sheet)
    result = LegacySheet(rows, sheet, encoding=enc)

    def convert(v):
        if not isinstance(v, str):
            return v
        r = read_cell(v)
        if r is None or enc not in r.legacy:
            return v
        if not r.fixes(enc) and not majority:
            result.kept += 1
            return v
        result.converted += 1
        return r.legacy[enc]

    result.rows = [[convert(v) for v in row] for row in rows]
    if sheet:
        name = convert(sheet)
        if name != sheet:
            result.converted -= 1  # the name is no cell
            result.sheet, result.original_sheet = name, sheet
    return result


def _chain(cells, last):
    yield from cells
    yield last


# --- CSV bytes: Windows-1258 or a legacy font under Windows-1252 ----------------

def _punctuation_byte(b: int) -> bool:
    """A byte above 127 that is no letter in Windows-1252, Windows-1258 or TCVN3 ("–", "“", NBSP, "°")."""
    c1252 = bytes([b]).decode("cp1252", "replace")
    c1258 = bytes([b]).decode("cp1258", "replace")
    return not (c1252.isalpha() or c1258.isalpha() or unicodedata.combining(c1258) or c1252 in _TCVN3_ALPHABET)


_LETTER_BYTES = b"".join(bytes([b]) for b in range(0x80, 0x100) if not _punctuation_byte(b))
_BYTE_WORD = re.compile(b"[A-Za-z" + re.escape(_LETTER_BYTES) + b"]+")


def _cp1258_word(word: bytes) -> bool:
    """A word of Windows-1258 bytes that reads as Vietnamese (its tone marks composed)."""
    text = unicodedata.normalize("NFC", word.decode("cp1258", "replace"))
    if any(unicodedata.combining(c) for c in text):
        return False  # a tone mark after no vowel
    good, bad = _word_score([w for w in _words(text) if not w.isascii()])
    return good > 0 and bad == 0


def _cp1252_word(word: bytes) -> tuple[bool, bool]:
    """Whether a word of Windows-1252 bytes reads as legacy-font Vietnamese, and
    whether it reads as Vietnamese as it is ("Có" is either)."""
    r = read_cell(word.decode("cp1252", "replace"))
    if r is None:
        return False, False
    return any(r.proves(enc) for enc in r.legacy), r.unicode


def guess_single_byte_encoding(data: bytes) -> str | None:
    """``cp1258`` or ``cp1252`` for bytes that are not UTF-8, chosen by what the
    words become, or None when neither reading gives Vietnamese.

    Each distinct word holding a letter byte above 127 is read both ways: as
    Windows-1258 (tones as combining marks after the letter, "ho\\xd2i" = "hỏi")
    it must give Vietnamese syllables; as Windows-1252 it must read as
    legacy-font words (VNI "Ngaøy", TCVN3 "ViÖt", which the sheet-level
    conversion then turns into Unicode), some words allowed to read as
    Vietnamese as they are ("Có"). A reading wins with four words in five and
    more words than the other has legacy-font words (Windows-1258 wins a
    file of words that read alike both ways, "Có", "bài"); Portuguese "São"
    is no Vietnamese file. Text whose only
    bytes above 127 are punctuation both code pages share ("–", "“") reads as
    Windows-1258. Anything else — Western European, Polish, Russian text in
    a one-byte code page — cannot be told apart from its neighbours by the
    bytes and is an error for the caller to report.
    """
    words = {w for w in _BYTE_WORD.findall(data) if max(w) >= 0x80}
    if not words:
        high = {b for b in data if b >= 0x80}
        shared = all(bytes([b]).decode("cp1258", "replace") == bytes([b]).decode("cp1252", "replace")
                     for b in high)
        return "cp1258" if shared else None
    n = len(words)
    as_1258 = sum(map(_cp1258_word, words))
    readings = [_cp1252_word(w) for w in words]
    legacy = sum(1 for font, _ in readings if font)
    as_1252 = sum(1 for font, as_is in readings if font or as_is)
    if as_1258 * 5 >= n * 4 and as_1258 > legacy:
        return "cp1258"
    if legacy > as_1258 and as_1252 * 5 >= n * 4:
        return "cp1252"
    return None
