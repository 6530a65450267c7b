"""Parsers for Vietnamese cell values (contract §2 and §5).

Every parser takes a raw cell value as :mod:`pipeline.read.files` returns it (str,
int, float, bool, date, datetime, or None), returns the parsed value or None
for a blank cell, and raises :class:`ParseError` with a short plain-language
reason for a value it cannot read. The reason goes to the rejects table as
it is, so it is written for the analyst, in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from pipeline.vi.text import category_key, fold, nfc

__all__ = [
    "ParseError",
    "is_blank",
    "parse_number",
    "parse_whole_number",
    "parse_money",
    "parse_percent",
    "parse_date",
    "is_place_date_line",
    "parse_session",
    "parse_round",
    "is_mark",
    "parse_plan_flag",
    "result_present",
    "normalise_district",
    "CategoryMatcher",
    "match_category",
]


class ParseError(ValueError):
    """A cell value that cannot be read; ``reason`` is plain language."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_blank(v: Any) -> bool:
    """True for None, "" and whitespace-only text (NBSP included)."""
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip() and not nfc(v)
    if isinstance(v, float):
        return math.isnan(v)
    return False


def _show(v: Any) -> str:
    """The value as the analyst would recognise it in a message."""
    text = nfc(v) if isinstance(v, str) else str(v)
    return text if len(text) <= 60 else text[:57] + "..."


# --- numbers ---------------------------------------------------------------

_PLAIN_INT = re.compile(r"[+-]?\d+")
# sign, the digits with "." thousands groups and "," decimals, then unit words.
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)\s*(?P<int>\d+(?:\.\d+)*)(?:,(?P<frac>\d+))?"
    r"\s*(?P<unit>(?:[^\W\d_]+\.?\s*)*)"
)
_MULTIPLIERS = {"nghin": 1_000, "ngan": 1_000, "trieu": 1_000_000, "ty": 1_000_000_000}


def _to_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def _number_text(s: str) -> Decimal:
    """Parse number text to a Decimal (exact, so "1,5 triệu" is 1500000)."""
    m = _NUMBER.fullmatch(s)
    if m is None:
        if not any(c.isdigit() for c in s):
            raise ParseError("không phải số: không có chữ số")
        if s.count(",") > 1:
            raise ParseError("không phải số: dấu phẩy là dấu thập phân, chỉ được có một")
        raise ParseError("không phải số")
    groups = m.group("int").split(".")
    if any(len(g) != 3 for g in groups[1:]):
        raise ParseError("không phải số: nhóm hàng nghìn phải có 3 chữ số")
    text = "".join(groups)
    if m.group("frac"):
        text += "." + m.group("frac")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits digits only
        raise ParseError("không phải số") from None
    unit = m.group("unit").strip()
    if unit:
        multiplier = _MULTIPLIERS.get(fold(unit).split()[0].rstrip("."))
        if multiplier:
            value *= multiplier
    return -value if m.group("sign") == "-" else value


@lru_cache(maxsize=65536)
def _parse_number_str(s: str) -> Decimal | None:
    s = nfc(s)
    if not s:
        return None
    if _PLAIN_INT.fullmatch(s):
        return Decimal(int(s))
    return _number_text(s)


def _decimal(v: Any) -> Decimal | None:
    """Any raw cell to a Decimal, None for blank (shared by the parsers)."""
    if v is None:
        return None
    if isinstance(v, bool):
        raise ParseError("không phải số: giá trị đúng/sai")
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if math.isinf(v):
            raise ParseError("không phải số: vô cực")
        # repr-based conversion keeps 85.5 as 85.5, not 85.4999…
        return Decimal(repr(v))
    if isinstance(v, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        raise ParseError("không phải số: ô chứa ngày/giờ")
    if isinstance(v, str):
        return _parse_number_str(v)
    raise ParseError(f"không phải số: kiểu giá trị lạ ({type(v).__name__})")


def parse_number(v: Any) -> int | float | None:
    """Read a number: numeric cells as they are (integral floats become
    int); text like "3.372", "154.000.000 đồng", "85,5", "02", "-4".

    "." groups thousands (every group after the first exactly three digits),
    "," is the decimal mark, trailing unit words are dropped ("nghìn",
    "triệu", "tỷ" multiply). "3.5" and "60.000.00" raise ParseError.
    """
    if type(v) is int:  # fast path: most numeric cells
        return v
    if type(v) is float and v.is_integer():
        return int(v)
    d = _decimal(v)
    return None if d is None else _to_number(d)


def parse_whole_number(v: Any) -> int | None:
    """A count: a whole number ≥ 0, else ParseError."""
    if type(v) is int and v >= 0:
        return v
    d = _decimal(v)
    if d is None:
        return None
    if d != d.to_integral_value():
        raise ParseError("không phải số nguyên")
    if d < 0:
        raise ParseError("số âm")
    return int(d)


def parse_money(v: Any) -> int | None:
    """An amount in whole VND ("5.600.000đ", "1,5 triệu"), ≥ 0."""
    try:
        return parse_whole_number(v)
    except ParseError as e:
        if e.reason == "không phải số nguyên":
            raise ParseError("số tiền phải là số đồng nguyên") from None
        raise


def parse_percent(v: Any) -> float | None:
    """A share as a fraction: "85,5%" → 0.855, "14%" → 0.14. Numeric cells
    (and text without "%") ≤ 1 are already a fraction (Excel % format),
    > 1 are a percent number."""
    if isinstance(v, str):
        s = nfc(v)
        if not s:
            return None
        if s.endswith("%"):
            d = _decimal(s[:-1].rstrip())
            if d is None:
                raise ParseError("không phải tỷ lệ phần trăm")
            return float(d / 100)
    d = _decimal(v)
    if d is None:
        return None
    return float(d) if abs(d) <= 1 else float(d / 100)


# --- dates -----------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # 1900 date system, past the 1900 leap bug
_SERIAL_MIN = (dt.date(1990, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (dt.date(2100, 12, 31) - _EXCEL_EPOCH).days
_YEAR_MIN, _YEAR_MAX = 1900, 2100

# Matched on fold()ed text, so "ngày"/"Ngay"/"NGÀY" are all "ngay".
_DMY = re.compile(
    r"(?:ngay\s*)?(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"  # a time of day, as CSV exports write it
)
_WORDS_DATE = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*,?\s*nam\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00(?:\.0+)?)?)?")
_PLACE_DATE = re.compile(
    r"(?P<place>[^\W\d_][^\d]*?)\s*,?\s*ngay\b[\s\d.…_]*thang\b[\s\d.…_]*nam\b[\s\d.…_]*"
)


def _make_date(year: int, month: int, day: int, raw: Any) -> dt.date:
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        raise ParseError(f"năm không hợp lý: {year}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"ngày không tồn tại: {_show(raw)}") from None


@lru_cache(maxsize=65536)
def _parse_date_str(s: str) -> dt.date | None:
    key = fold(s).rstrip(".")
    if not key:
        return None
    m = _DMY.fullmatch(key)
    if m:
        day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
        y = int(year) + 2000 if len(year) == 2 else int(year)
        return _make_date(y, month, day, s)
    m = _WORDS_DATE.fullmatch(key)
    if m:
        return _make_date(int(m.group(3)), int(m.group(2)), int(m.group(1)), s)
    m = _ISO.fullmatch(key)
    if m:  # unambiguous: a 4-digit year first (CSV written by software)
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), s)
    if _PLACE_DATE.fullmatch(key):
        raise ParseError("dòng địa danh, ngày tháng (chữ ký), không phải ngày của bản ghi")
    raise ParseError(f"không phải ngày: {_show(s)}")


def parse_date(v: Any) -> dt.date | None:
    """A date, day first always: Excel dates, Excel serial numbers
    (1990–2100), "dd/mm/yyyy", "d/m/yy" (→ 20yy), "dd-mm-yyyy",
    "dd.mm.yyyy", "ngày 03 tháng 02 năm 2020", "ngày 3/2/2020", and ISO
    "yyyy-mm-dd". Impossible dates and place-and-date lines raise."""
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, bool):
        raise ParseError("không phải ngày: giá trị đúng/sai")
    if isinstance(v, (int, float)):
        if isinstance(v, float) and math.isnan(v):
            return None
        if not _SERIAL_MIN <= v < _SERIAL_MAX + 1:
            raise ParseError(f"không phải ngày: số {_show(v)} ngoài khoảng ngày Excel hợp lý")
        return _EXCEL_EPOCH + dt.timedelta(days=int(v))
    if isinstance(v, str):
        return _parse_date_str(v)
    raise ParseError(f"không phải ngày: kiểu giá trị lạ ({type(v).__name__})")


def is_place_date_line(v: Any) -> bool:
    """True for a place-and-date line such as "Đồng Tháp, ngày 31 tháng 12
    năm 2020" (day, month, year may be blank or dotted in a template)."""
    if not isinstance(v, str):
        return False
    key = fold(v).rstrip(".")
    return bool(key) and _PLACE_DATE.fullmatch(key) is not None


# --- sessions and rounds ---------------------------------------------------

_UNITS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "nhat": 1,
    "nhi": 2,
}
# Words that are digits only after "mười/mươi" ("mười lăm", "hai mươi mốt")
_AFTER_TENS_ONLY = {"lam"}
_STANDALONE_ONLY = {"nhat", "nhi"}
_NUMBER_WORDS = set(_UNITS) | {"muoi", "linh", "le"}
_ROMAN = re.compile(r"(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")  # 1-89 is plenty
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_TOKEN = re.compile(r"[a-z]+|\d+")
# Words that name the term, not the session: "khóa XIV", "nhiệm kỳ 2016-2021".
_TERM_WORDS = {"khoa"}


def _roman(token: str) -> int | None:
    if not token or not _ROMAN.fullmatch(token):
        return None
    total = 0
    prev = 0
    for c in reversed(token):
        value = _ROMAN_VALUES[c]
        total += -value if value < prev else value
        prev = max(prev, value)
    return total or None


def parse_roman(token: str) -> int | None:
    """A roman numeral 1–89 in either case ("III" → 3, "xiv" → 14); None if it is not one."""
    return _roman(token.strip().lower()) if isinstance(token, str) else None


def _words_to_int(words: list[str]) -> int:
    """Vietnamese number words 1–99 ("mười lăm", "hai mươi mốt")."""
    if "muoi" in words:
        i = words.index("muoi")
        head, tail = words[:i], words[i + 1 :]
        if len(head) > 1 or len(tail) > 2 or "muoi" in tail:
            raise ParseError("không đọc được số kỳ họp")
        if tail and tail[0] in ("linh", "le"):
            tail = tail[1:]
        tens = 1 if not head else _UNITS.get(head[0], 0)
        if head and (head[0] in _AFTER_TENS_ONLY | _STANDALONE_ONLY or tens < 2):
            raise ParseError("không đọc được số kỳ họp")
        unit = 0
        if tail:
            if len(tail) != 1 or tail[0] not in _UNITS or tail[0] in _STANDALONE_ONLY:
                raise ParseError("không đọc được số kỳ họp")
            unit = _UNITS[tail[0]]
        return tens * 10 + unit
    if len(words) != 1 or words[0] in _AFTER_TENS_ONLY:
        raise ParseError("không đọc được số kỳ họp")
    return _UNITS[words[0]]


# A number word or roman numeral is only a session after one of these
# ("thứ chín", "kỳ họp IX", "số 9"), or when it is the whole cell ("chín",
# "IX"): elsewhere "năm", "sáu", "tư" are ordinary words.
_ORDINAL_MARKERS = frozenset({"thu", "hop", "so", "lan"})


@lru_cache(maxsize=4096)
def _session_numbers(key: str) -> tuple[int, ...]:
    tokens = _TOKEN.findall(key)
    numbers: list[int] = []
    after_term = False  # the number after "khóa" is the term, not the session
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        prev = tokens[i - 1] if i else ""
        value: int | None = None
        if tok in _TERM_WORDS:
            after_term = True
            i += 1
            continue
        if tok.isdigit():
            # Four digits are a year ("năm 2020", "2016-2021"), not a session.
            value = int(tok) if len(tok) < 4 else None
            i += 1
        elif tok in _NUMBER_WORDS:
            j = i
            while j < len(tokens) and tokens[j] in _NUMBER_WORDS:
                j += 1
            run = tokens[i:j]
            whole = i == 0 and j == len(tokens)
            if prev in _ORDINAL_MARKERS or whole or after_term:
                value = _words_to_int(run)
            i = j
        else:
            r = _roman(tok)
            if r is not None and (prev in _ORDINAL_MARKERS or len(tokens) == 1 or after_term):
                value = r
            i += 1
        if value is None:
            continue
        if after_term:
            after_term = False
            continue
        numbers.append(value)
    return tuple(numbers)


def parse_session(v: Any) -> int | None:
    """A session number: "Kỳ họp thứ 9", "thứ 9", "9", "thứ chín", "IX",
    "Kỳ họp thứ mười lăm", "thứ hai mươi mốt" → int. The term ("khóa XIV")
    and years are ignored; two session numbers in one cell raise."""
    if v is None:
        return None
    if isinstance(v, bool):
        raise ParseError("không phải số kỳ họp")
    if isinstance(v, (int, float)):
        if isinstance(v, float) and math.isnan(v):
            return None
        if float(v).is_integer() and v >= 1:
            return int(v)
        raise ParseError(f"không phải số kỳ họp: {_show(v)}")
    if not isinstance(v, str):
        raise ParseError(f"không phải số kỳ họp: {_show(v)}")
    key = fold(v)
    if not key:
        return None
    numbers = _session_numbers(key)
    if not numbers:
        raise ParseError(f"không có số kỳ họp: {_show(v)}")
    if len(numbers) > 1:
        raise ParseError(f"có hơn một số kỳ họp trong ô: {_show(v)}")
    if numbers[0] < 1:
        raise ParseError(f"không phải số kỳ họp: {_show(v)}")
    return numbers[0]


_TIMING = re.compile(r"\b(truoc|sau)\b")


def parse_round(v: Any) -> str | None:
    """A voter-meeting round, canonical "trước kỳ họp thứ 9" / "sau kỳ họp
    thứ 15". Text without a timing word or a session is returned as NFC text,
    kept as written."""
    if is_blank(v):
        return None
    text = nfc(v) if isinstance(v, str) else nfc(str(v))
    key = fold(text)
    m = _TIMING.search(key)
    if m is None:
        return text
    # "sau" is also the number six: read the session from the rest only.
    rest = key[: m.start()] + " " + key[m.end() :]
    try:
        session = parse_session(rest)
    except ParseError:
        return text
    if session is None:
        return text
    timing = "trước" if m.group(1) == "truoc" else "sau"
    return f"{timing} kỳ họp thứ {session}"


# --- marks, flags, results -------------------------------------------------

_MARKS = frozenset({"x", "X", "1", "✓", "✔", "√", "v", "V", "☑", "☒"})


def is_mark(v: Any) -> bool:
    """True for a tick in a choice sub-column: x, X, 1, ✓, ✔, √, v, V, the
    number 1 or Excel TRUE; everything else (blank included) is False."""
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v == 1
    if isinstance(v, str):
        return nfc(v) in _MARKS
    return False


_PLAN_YES = frozenset({"co", "x", "1", "✓", "✔", "√", "theo ke hoach", "trong ke hoach"})
_PLAN_NO = frozenset({"khong", "0", "ngoai ke hoach", "phat sinh"})


def parse_plan_flag(v: Any) -> bool:
    """`Theo kế hoạch`: Có / x / 1 / ✓ / blank → True; Không / 0 / Ngoài kế
    hoạch / Phát sinh → False; anything else raises."""
    if is_blank(v):
        return True
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        if v == 1:
            return True
        if v == 0:
            return False
        raise ParseError(f"không rõ có theo kế hoạch hay không: {_show(v)}")
    key = category_key(str(v)) if isinstance(v, str) else ""
    if key in _PLAN_YES:
        return True
    if key in _PLAN_NO:
        return False
    raise ParseError(f"không rõ có theo kế hoạch hay không: {_show(v)}")


_NO_RESULT = frozenset({"", "chua", "khong", "0", "chua co", "chua co ket qua"})


def result_present(v: Any) -> bool:
    """True when a `Kết quả giải quyết` cell holds a result; blank, "Chưa",
    "Không", "0" and "-" count as no result."""
    if is_blank(v):
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v != 0
    if isinstance(v, str):
        # category_key turns "-" into "" (dashes are separators there).
        return category_key(v).strip("–—_") not in _NO_RESULT
    return True


# --- districts -------------------------------------------------------------

_DISTRICT_PREFIX = re.compile(
    r"(?:(?P<tp_full>thành\s+phố|thanh\s+pho)|(?P<tx_full>thị\s+xã|thi\s+xa)"
    r"|(?P<h_full>huyện|huyen)|(?P<q_full>quận|quan)"
    r"|(?P<tp>t\s?\.?\s?p)|(?P<tx>t\s?\.?\s?x)|(?P<h>h))"
    r"(?:\s*\.\s*|\s+|$)",
    re.IGNORECASE,
)
_PREFIX_NAMES = {
    "tp_full": "Thành phố",
    "tp": "Thành phố",
    "tx_full": "Thị xã",
    "tx": "Thị xã",
    "h_full": "Huyện",
    "h": "Huyện",
    "q_full": "Quận",
}


def _title_vi(text: str) -> str:
    """Capitalise each word the Vietnamese way: first letter upper, rest
    lower (str.title() would also split at apostrophes and digits)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


@lru_cache(maxsize=4096)
def _normalise_district_str(s: str) -> tuple[str | None, bool]:
    text = nfc(s)
    if not text:
        return None, False
    m = _DISTRICT_PREFIX.match(text)
    if m and text[m.end() :].strip():
        prefix = _PREFIX_NAMES[m.lastgroup]
        return f"{prefix} {_title_vi(text[m.end() :])}", False
    return _title_vi(text), True


def normalise_district(v: Any) -> tuple[str | None, bool]:
    """Canonical district name and whether it is bare.

    "TP. Cao Lãnh", "Tp.Cao Lãnh", "TP Cao Lãnh", "thành phố cao lãnh" →
    ("Thành phố Cao Lãnh", False); "TX. Hồng Ngự" → "Thị xã Hồng Ngự";
    "H. Lai Vung" → "Huyện Lai Vung". A name without a prefix ("Cao Lãnh",
    both a huyện and a thành phố) is only re-spaced and capitalised, and the
    flag is True so the caller can give a notice. Blank → (None, False).
    """
    if is_blank(v):
        return None, False
    return _normalise_district_str(v if isinstance(v, str) else str(v))


# --- categories ------------------------------------------------------------


class CategoryMatcher:
    """Match cells against a category list (contract §5 "Categories").

    ``variants`` maps a canonical code to its listed values and
    abbreviations. Matching is by :func:`category_key` equality of the whole
    cell; a variant ending in "*" matches any key that starts with it as
    whole words ("Bằng khen*" matches "Bằng khen của UBND tỉnh"). Build once
    per list and reuse: lookups are cached per distinct cell text.
    """

    def __init__(self, variants: Mapping[str, Iterable[str]], name: str | None = None):
        self.name = name  # the [categories.…] set, for the message that suggests a fix
        self.exact: dict[str, str] = {}
        self.shown: list[str] = []  # the variants as written, offered when a value matches none
        prefixes: dict[str, str] = {}
        for code, values in variants.items():
            if isinstance(values, str):
                values = [values]
            for value in values:
                raw = nfc(str(value))
                self.shown.append(raw.rstrip("*"))
                is_prefix = raw.endswith("*")
                key = category_key(raw.rstrip("*"))
                if not key:
                    continue
                table = prefixes if is_prefix else self.exact
                if table.get(key, code) != code:
                    raise ValueError(
                        f"danh mục mâu thuẫn: '{value}' thuộc cả '{table[key]}' và '{code}'"
                    )
                table[key] = code
        # Longest prefix first, so the most specific variant wins.
        self.prefixes: list[tuple[str, str]] = sorted(
            prefixes.items(), key=lambda kv: len(kv[0]), reverse=True
        )
        self._cache: dict[str, str | None] = {}

    def _lookup(self, key: str) -> str | None:
        code = self.exact.get(key)
        if code is not None:
            return code
        for prefix, code in self.prefixes:
            if key == prefix or key.startswith(prefix + " "):
                return code
        return None

    def match(self, v: Any) -> str | None:
        """The code for ``v``; None for blank; ParseError if unknown."""
        if is_blank(v):
            return None
        text = v if isinstance(v, str) else str(v)
        try:
            code = self._cache[text]
        except KeyError:
            code = self._cache[text] = self._lookup(category_key(text))
        if code is None:
            raise ParseError(self._unknown(text))
        return code

    def _unknown(self, text: str) -> str:
        """'giá trị không có trong danh mục: «…»; gần nhất: «…», «…» (…)' — near misses offered, never taken."""
        from pipeline.vi.nearest import closest

        message = f"giá trị không có trong danh mục: {_show(text)}"
        near = closest(text, self.shown, limit=3)
        if near:
            message += "; gần nhất: " + ", ".join(f"«{n}»" for n in near)
        if self.name:
            message += f" (nếu là cách viết khác, thêm vào variants của [categories.{self.name}] trong data/specs/registers.toml)"
        return message


_MATCHERS: dict[int, tuple[Mapping[str, Iterable[str]], CategoryMatcher]] = {}


def match_category(v: Any, variants: Mapping[str, Iterable[str]] | CategoryMatcher) -> str | None:
    """Match ``v`` against ``variants`` (see :class:`CategoryMatcher`).

    The matcher is built once per mapping object and cached by identity (the
    mapping is kept alive with it, so the id cannot be reused). Passing a
    prebuilt :class:`CategoryMatcher` works too.
    """
    if isinstance(variants, CategoryMatcher):
        return variants.match(v)
    entry = _MATCHERS.get(id(variants))
    if entry is None or entry[0] is not variants:
        entry = (variants, CategoryMatcher(variants))
        _MATCHERS[id(variants)] = entry
    return entry[1].match(v)
