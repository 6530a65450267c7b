"""Numbers and sentences the way the office's reports print them.

Two styles, both defined here once; compare, the notebooks, the charts, the
Excel export and the report checker all call them:

- **Inside a report sentence** (`comparison_sentence`, `change_phrase`,
  `share_phrase`, `format_count`): counts below 10 with a leading zero ("02
  cuộc"), a share as a whole percent ("chiếm 14%"), a change in words: "tăng
  81 đơn so với năm 2019" / "giảm 05 lượt so với năm 2019" / "bằng năm 2019",
  a share's change in whole "điểm phần trăm".
- **Everywhere else** — table cells, chart labels, the workbook's text
  (`format_value`, `format_share`, `format_delta`, `format_pct_change`,
  `difference_label`): no zero padding ("2"), shares and % changes with one
  decimal ("13,7%", "−16,0%"), a share's change in "điểm %" ("−0,7 điểm %"), a
  difference signed with a true minus ("+81", "−4") and headed by the two
  years it compares ("2021 so với 2020").

Both group thousands with a dot ("3.372") and use a decimal comma.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))  # type: ignore[arg-type]
    except TypeError:
        return False


def group_thousands(digits: str) -> str:
    """'3372' → '3.372' (digits only, no sign)."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


MINUS = "\u2212"
"""The minus sign of differences outside sentences ("−4"): a true minus, not a hyphen."""

SHARE_UNIT = "%"
"""The unit the catalogue gives shares (fractions 0–1)."""

POINTS_UNIT = "điểm %"
"""How a change of a share is written outside sentences ("−0,7 điểm %")."""


def format_number(value: float | int | None, decimals: int = 0, pad: bool = False, fixed: bool = False) -> str:
    """Vietnamese number: dot thousands, comma decimals; `pad` gives '02' for counts below 10.

    `fixed` keeps trailing zeros of the decimals ('13,0' rather than '13').

    >>> format_number(3372), format_number(5, pad=True), format_number(85.5, 1), format_number(13, 1, fixed=True)
    ('3.372', '05', '85,5', '13,0')
    """
    if _is_missing(value):
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    number = abs(number)
    whole, _, frac = f"{number:f}".partition(".")
    if pad and not frac and len(whole) == 1:
        whole = "0" + whole
    text = sign + group_thousands(whole)
    if decimals and fixed:
        text += "," + frac
    elif decimals and frac.strip("0"):
        text += "," + frac.rstrip("0")
    return text


def format_count(value: float | int | None) -> str:
    """A count as the report prints it: '05', '36', '3.372', '154.000.000'."""
    if _is_missing(value):
        return ""
    if float(value) != int(value):
        return format_number(value, decimals=1)
    if int(value) == 0:
        return "0"  # the report pads counts 1-9 ("05 đơn"); nothing is written "00"
    return format_number(int(value), pad=True)


def round_half_up(value: float, decimals: int = 0) -> float:
    """Rounding as people do it (0.5 → 1), not banker's rounding."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def format_percent(fraction: float | None, decimals: int = 0) -> str:
    """0.138 → '14%'; 0.855 with one decimal → '85,5%'."""
    if _is_missing(fraction):
        return ""
    return format_number(round_half_up(float(fraction) * 100, decimals), decimals) + "%"


def share_phrase(fraction: float | None) -> str:
    """'chiếm 14%' — a share is printed as a whole percent rounded half up."""
    if _is_missing(fraction):
        return ""
    return f"chiếm {format_percent(fraction)}"


def equal_phrase(base_year: int, same_period: bool = False) -> str:
    """'bằng năm 2019' or, for a part of the year, 'bằng cùng kỳ năm 2019' (from COMPARISON_PHRASES)."""
    return _phrase("equal", base_year, same_period)


def change_phrase(value: float | None, base: float | None, unit: str, base_year: int, same_period: bool = False) -> str:
    """'tăng 81 đơn so với năm 2019', 'giảm 05 lượt so với cùng kỳ năm 2019' or 'bằng năm 2019'."""
    if _is_missing(value) or _is_missing(base):
        return ""
    delta = value - base
    if delta == 0:
        return equal_phrase(base_year, same_period)
    word = "tăng" if delta > 0 else "giảm"
    return f"{word} {format_count(abs(delta))} {unit} {comparison_phrase(base_year, same_period)}".replace("  ", " ")


def comparison_sentence(
    value: float | None, base: float | None, unit: str, base_year: int, is_share: bool = False,
    same_period: bool = False,
) -> str:
    """The sentence the report prints: '195 đơn (tăng 81 đơn so với năm 2019)'.

    A share compares in percentage points: 'chiếm 14% (tăng 2 điểm phần trăm so với năm 2019)'.
    ``same_period``: a quarter, six or nine months, a month — '… so với cùng kỳ năm 2019'.
    """
    if _is_missing(value):
        return ""
    if is_share:
        head = share_phrase(value)
        if _is_missing(base):
            return head
        points = round_half_up(value * 100) - round_half_up(base * 100)
        if points == 0:
            return f"{head} ({equal_phrase(base_year, same_period)})"
        word = "tăng" if points > 0 else "giảm"
        return f"{head} ({word} {format_count(abs(points))} điểm phần trăm {comparison_phrase(base_year, same_period)})"
    head = f"{format_count(value)} {unit}".strip()
    change = change_phrase(value, base, unit, base_year, same_period)
    return f"{head} ({change})" if change else head


# --- outside sentences: table cells, chart labels, workbook text ------------------------


def is_share(unit: str | None) -> bool:
    return unit == SHARE_UNIT


def format_plain(value: float | int | None) -> str:
    """A count or amount outside a sentence: '2', '36', '3.372'; a non-whole value with one decimal."""
    if _is_missing(value):
        return ""
    whole = float(value).is_integer()
    return format_number(value, 0 if whole else 1)


def format_share(fraction: float | None) -> str:
    """A share outside a sentence, always with one decimal: 0.137 → '13,7%', 0.13 → '13,0%'."""
    if _is_missing(fraction):
        return ""
    return format_number(round_half_up(float(fraction) * 100, 1), 1, fixed=True) + "%"


def format_value(value: float | int | None, unit: str | None = None) -> str:
    """A figure outside a sentence: a share as '13,7%', anything else as '3.372' (never '05')."""
    return format_share(value) if is_share(unit) else format_plain(value)


def format_signed(value: float | int | None, decimals: int = 0) -> str:
    """'+81', '−4', '0'; with decimals the zeros are kept ('−0,7', '+1,0')."""
    if _is_missing(value):
        return ""
    rounded = round_half_up(float(value), decimals)
    if rounded == 0:
        return format_number(0, decimals, fixed=bool(decimals))
    sign = "+" if rounded > 0 else MINUS
    return sign + format_number(abs(rounded), decimals, fixed=bool(decimals))


def shown_difference(value: float | None, base: float | None, unit: str | None = None) -> float:
    """``value − base``; for shares the difference of the shares as shown (one decimal), so a
    table showing 13,0% and 13,7% says −0,7 điểm %, never −0,8."""
    if _is_missing(value) or _is_missing(base):
        return math.nan
    if is_share(unit):
        return (round_half_up(float(value) * 100, 1) - round_half_up(float(base) * 100, 1)) / 100
    return value - base


def format_delta(delta: float | None, unit: str | None = None) -> str:
    """A difference outside a sentence: a count '+81' / '−4'; a share's change '−0,7 điểm %'."""
    if _is_missing(delta):
        return ""
    if is_share(unit):
        return f"{format_signed(float(delta) * 100, 1)} {POINTS_UNIT}"
    return format_signed(delta, 0 if float(delta).is_integer() else 1)


def format_pct_change(fraction: float | None) -> str:
    """A percentage change, signed, one decimal: -0.16 → '−16,0%', 0.7105 → '+71,1%'."""
    if _is_missing(fraction):
        return ""
    return format_signed(float(fraction) * 100, 1) + "%"


def format_delta_with_pct(delta: float | None, pct: float | None, unit: str | None = None) -> str:
    """'+81 (+71,1%)' for a count; a share's change alone: '−0,7 điểm %'."""
    head = format_delta(delta, unit)
    if not head or is_share(unit) or _is_missing(pct) or float(delta) == 0:
        return head
    return f"{head} ({format_pct_change(pct)})"


def difference_label(year: int, base_year: int) -> str:
    """The heading of a difference column: '2021 so với 2020'."""
    return f"{year} so với {base_year}"


# --- comparison phrases: one table for writing and for recognising ---------------
# `change_phrase` writes "so với năm {year}"; a six-month report writes "so với cùng
# kỳ năm {year}". The report checker recognises every row of this table, so a
# phrase added here is both printable and readable back. `base` says which
# period the comparison is with: "year" (the year printed in the phrase),
# "previous" (the year before the report's), "previous_period" (the report
# before this one, no year). `relation`: "change" (after "tăng/giảm N"),
# "equal" ("bằng năm 2019": a change of zero), "about" ("tương đương", no value).

CHANGE_WORDS = {"tăng": 1, "giảm": -1}

COMPARISON_PHRASES = (
    {"words": "so với cùng kỳ năm {year}", "same_period": True, "base": "year", "relation": "change"},
    {"words": "so với cùng kỳ năm trước", "same_period": True, "base": "previous", "relation": "change"},
    {"words": "so với cùng kỳ", "same_period": True, "base": "previous", "relation": "change"},
    {"words": "so với năm {year}", "same_period": False, "base": "year", "relation": "change"},
    {"words": "so với năm trước", "same_period": False, "base": "previous", "relation": "change"},
    {"words": "so với kỳ báo cáo trước", "same_period": False, "base": "previous_period", "relation": "change"},
    {"words": "so với kỳ trước", "same_period": False, "base": "previous_period", "relation": "change"},
    {"words": "bằng cùng kỳ năm {year}", "same_period": True, "base": "year", "relation": "equal"},
    {"words": "bằng năm {year}", "same_period": False, "base": "year", "relation": "equal"},
    {"words": "tương đương so với cùng kỳ năm {year}", "same_period": True, "base": "year", "relation": "about"},
    {"words": "tương đương cùng kỳ năm {year}", "same_period": True, "base": "year", "relation": "about"},
    {"words": "tương đương so với cùng kỳ", "same_period": True, "base": "previous", "relation": "about"},
)


def comparison_phrase(base_year: int, same_period: bool = False) -> str:
    """'so với năm 2019' or, for a part of the year, 'so với cùng kỳ năm 2019' (from the table)."""
    return _phrase("change", base_year, same_period)


def _phrase(relation: str, base_year: int, same_period: bool) -> str:
    for row in COMPARISON_PHRASES:
        if row["relation"] == relation and row["base"] == "year" and row["same_period"] == same_period:
            return row["words"].format(year=base_year)
    raise LookupError(f"COMPARISON_PHRASES has no {relation} phrase for this comparison")  # pragma: no cover


def roman_numeral(n: int) -> str:
    """3 → 'III', 14 → 'XIV' (section numbers; read back by parsing.parse_roman)."""
    out = ""
    for value, mark in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += mark
            n -= value
    return out
