"""What one number of a report is, from the words around it.

``classify`` gives a number its *kind*. Kinds a reader never compares (context
only): ``year``, ``date``, ``time``, ``period`` ("6 tháng đầu năm"),
``address`` ("xóm 6"), ``reference`` (document symbols "84/BC-TTT",
"51/2017/QH14", "Điều 6"), ``ordinal`` ("kỳ họp thứ 9"), ``file`` (a file
name), ``heading`` ("1." of a heading). Kinds that are figures: ``count``,
``money``, ``share`` (N%), ``lower_bound`` ("trên 80"), ``approximate``
("khoảng 2.200"), ``delta`` (after "tăng/giảm"), ``malformed`` (not a
well-formed Vietnamese number).

The Vietnamese number rules are the registers' own (:mod:`pipeline.vi.parsing`).
"""

from __future__ import annotations

import re

from pipeline.report import phrases
from pipeline.report.structure import SUPERSCRIPTS
from pipeline.vi import parsing
from pipeline.vi.formatting import format_count

NUMBER = re.compile(r"(?<![0-9A-Za-zÀ-ỹĐđ])[0-9]+(?:[.,][0-9]+)*(?![0-9])")
_WELL_FORMED = re.compile(r"^(?:0[0-9]|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]*|0)(?:,[0-9]+)?$")
_FILE = re.compile(r"\.(docx?|xlsx?|xlsm|pdf|txt|md|csv|odt|ods|pptx?|zip|rar|jpe?g|png)\b|_", re.I)
_SYMBOL_AFTER = re.compile(r"^(\s*/\s*[^\W\d_]|/\d+/\s*[^\W\d_]|-[^\W\d_]{1,8}/|/[^\W\d_])")
_DATE_PART = re.compile(r"^\s*([/.\-–])\s*(\d{1,2})(?:\s*\1\s*(\d{4}|\d{2}))?(?!\d|,\d|\.\d)")
_MONTH_YEAR = re.compile(r"^\s*[/\-]\s*\d{4}\b")
_POST_PERCENT = re.compile(r"^\s*%")
_POST_POINTS = re.compile(r"^\s*diem phan tram")
_POST_MONEY = re.compile(r"^\s*(triệu |tỷ |tỉ |nghìn |ngàn )?(đồng|VNĐ|VND|đ)(?![\wÀ-ỹ])", re.I)
_MULT = {"triệu": 1_000_000, "tỷ": 1_000_000_000, "tỉ": 1_000_000_000, "nghìn": 1_000, "ngàn": 1_000}
_YEAR_RANGE = (1900, 2100)
_COUNT_NOUN_AFTER = re.compile(
    r"^\s*(luot|nguoi|cu tri|don|vu|kien nghi|y kien|van ban|truong hop|ho|cuoc|buoi|dai bieu|cong dan)\b"
)
_STOP_UNIT = {
    "của", "tại", "với", "theo", "và", "trong", "so", "đã", "được", "có", "liên", "đối", "để",
    "là", "từ", "đến", "cho", "như", "ở", "gồm", "về", "thuộc", "đạt", "chiếm", "tăng", "giảm",
    "trên", "qua", "nhằm", "cụ", "này", "do", "mà", "đều", "nhưng", "còn", "hoặc", "hay", "đang",
}


def parse_number(printed: str) -> float | None:
    """'3.372' → 3372, '85,5' → 85.5, '02' → 2; None when not well formed."""
    if not _WELL_FORMED.match(printed):
        return None
    try:
        return parsing.parse_number(printed)
    except parsing.ParseError:
        return None


def lower_keep_length(text: str) -> str:
    """`text` lower-cased, same length (offsets carry over)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text)


def _date_compound(t: str, low: str, s: int, e: int, printed: str) -> bool:
    """'24.12', '26-1', '8/3', '09/6/2020', '4/2017' (month/year), '6 - 7.7' as a date."""
    lb = low[max(0, s - 25):s]
    date_word = bool(phrases.before("date_before").search(lb))
    tail = t[e:]
    if re.fullmatch(r"\d{1,2},\d{1,2}", printed) and re.match(r"^/\d{1,2}\b", t[e:]):  # 'ngày 9,10/6/2020'
        return True
    full = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", printed)  # '20.12.2019' is one token
    if full:
        return 1 <= int(full.group(1)) <= 31 and 1 <= int(full.group(2)) <= 12
    if re.fullmatch(r"\d{1,2}\.\d{4}", printed):  # 'tháng 4.2020'
        return bool(re.search(r"tháng\s*$", lb)) and 1 <= int(printed.split(".")[0]) <= 12
    if re.fullmatch(r"\d{1,2}\.\d{1,2}", printed):  # '24.12' is one token
        day, month = (int(x) for x in printed.split("."))
        return 1 <= day <= 31 and 1 <= month <= 12 and (date_word or bool(re.search(r"\d\s*[-–]\s*$", lb)))
    if re.fullmatch(r"\d{1,2}", printed) and _MONTH_YEAR.match(tail) and re.search(r"tháng\s*$", lb):
        return True
    first = _DATE_PART.match(tail) if re.fullmatch(r"\d{1,2}", printed) else None
    if first:
        day, month, year = int(printed), int(first.group(2)), first.group(3)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return False
        if year or date_word or re.search(r"(ngày|từ)\s+\d{1,2}\s*([-–]|đến)\s*$", lb):  # 'ngày 12- 17/6'
            return True
        rest = low[e + first.end():]
        return not re.match(r"^\s*[^\W\d_]", rest) or bool(re.match(r"^\s*(và|hoặc)\b", rest))
    m = re.search(r"(\d{1,2})\s*([/.\-–])\s*$", t[max(0, s - 6):s])
    if m and re.fullmatch(r"\d{1,2}|\d{4}", printed):  # the second part of a compound
        start = s - len(m.group(0))
        return _date_compound(t, low, start, start + len(m.group(1)), m.group(1))
    return False


def classify(t: str, f: str, low: str, s: int, e: int) -> tuple[str, float | None]:
    """The kind of the number t[s:e] and its value (None for the kinds never compared).

    `t` is the paragraph's text, `f` the same text folded and `low` lower-cased
    (all three the same length). The role words are matched on `low`.
    """
    printed = t[s:e]
    ob, lb, fa, la = t[max(0, s - 40):s], low[max(0, s - 40):s], f[e:e + 50], low[e:e + 50]
    if _FILE.search(t[_token_start(t, s):_token_end(t, e)]):
        return "file", None
    if re.search(r"\d:$", lb) or re.match(r"^(:\d|\s*giờ(?!\w)|h\d|\s?h(?!\w))", la) or re.search(r"giờ\s*$", lb):
        return "time", None
    if _SYMBOL_AFTER.match(t[e:e + 12]) or re.search(r"[A-ZĐ]{2,}\s*/\s*$", ob):
        return "reference", None
    if re.search(r"[^\W\d_]-$", ob):  # 'Covid-19', 'BC-VP-2020'
        return "reference", None
    plain = printed.isdigit()
    if plain and len(printed) == 4 and _YEAR_RANGE[0] <= int(printed) <= _YEAR_RANGE[1]:
        if phrases.before("year_before").search(lb) or re.search(r"[/\-–]\s*$", lb) or not (
            _COUNT_NOUN_AFTER.match(fa) or _POST_MONEY.match(t[e:]) or _POST_PERCENT.match(fa)
        ):
            return "year", int(printed)
    if phrases.before("reference_before").search(lb) or re.search(r"(?<!tổng )(?<!trong )(?<!\w)số\s*:?\s*$", lb):
        return "reference", None
    if phrases.before("ordinal_before").search(lb):
        return "ordinal", None
    if _date_compound(t, low, s, e, printed):
        return "date", None
    if plain and int(printed) <= 31 and re.search(r"(?<!\w)(ngày|tháng)\s*$", lb) and not _POST_PERCENT.match(fa):
        return "date", None
    if plain and re.search(r"ngày\s+\d{1,2}\s*([-–]|đến)\s*$", lb):
        return "date", None
    if phrases.before("period_before").search(lb) or _period_after(la):
        return "period", None
    if phrases.before("address_before").search(lb) and not re.search(r"văn bản\s*$", lb):
        return "address", None
    value = parse_number(printed)
    if value is None:
        return "malformed", None
    if phrases.change_word().search(lb):
        return "delta", value
    if _POST_PERCENT.match(fa):
        return "share", value
    money = _POST_MONEY.match(t[e:])
    if money and not _money_compound(low[e + money.end():]):
        mult = money.group(1)
        return "money", value * _MULT[mult.strip().lower()] if mult else value
    if phrases.before("lower_bound_before").search(lb):
        return "lower_bound", value
    if phrases.before("approximate_before").search(lb):
        return "approximate", value
    return "count", value


def _period_after(la: str) -> bool:
    """'6 tháng đầu năm', '02 năm liền', '05 ngày sau khi' (but '03 ngày lương' is a count)."""
    if re.match(r"^\s*(tháng|quý|tuần)(?!\w)", la) or re.match(r"^\s*năm(?!\w)(?!\s*\d)", la):
        return True
    day = re.match(r"^\s*ngày\s", la)
    return bool(day and phrases.after("day_period_after").match(la[day.end():]))


def _token_start(t: str, s: int) -> int:
    return max(t.rfind(" ", 0, s), t.rfind("\n", 0, s)) + 1


def _token_end(t: str, e: int) -> int:
    ends = [i for i in (t.find(" ", e), t.find("\n", e)) if i >= 0]
    return min(ends) if ends else len(t)


def _money_compound(after_dong: str) -> bool:
    """'đồng chí', 'đồng bào': the word after 'đồng' makes it not money."""
    return bool(re.match(r"^\s", after_dong)) and bool(phrases.after("money_compounds").match(after_dong))


def unit_words(after: str, limit: int = 4) -> str:
    """The unit noun after a number: up to `limit` words, stopping at punctuation,
    a slash, a bracket or a function word ('866 lượt/964' → 'lượt')."""
    words = []
    for m in re.finditer(r"[^\s/()]+|[/()]", after):
        token = m.group(0)
        if token in "/()":
            break
        clean = token.strip("“”\"'")
        bare = re.sub(r"[,.;:!?…%" + SUPERSCRIPTS + r"]+$", "", clean)
        if not bare or not re.match(r"^[^\W\d_]+$", bare) or bare.lower() in _STOP_UNIT:
            break
        words.append(bare)
        if bare != clean or len(words) >= limit:
            break
    return " ".join(words)


def malformed_note(printed: str) -> tuple[str, str]:
    """Why `printed` is not a Vietnamese number, and its likely readings."""
    groups = printed.split(",")[0].split(".")
    if len(groups) > 1 and any(len(g) != 3 for g in groups[1:]):
        bad = [g for g in groups[1:] if len(g) != 3]
        guesses = []
        padded = ".".join([groups[0]] + [g.ljust(3, "0") if len(g) < 3 else g for g in groups[1:]])
        if parse_number(padded) is not None:
            guesses.append(padded)
        joined = format_count(int("".join(groups))) if "".join(groups).isdigit() else ""
        if joined and joined not in guesses and joined != printed:
            guesses.append(joined)
        note = (
            f"Số {printed} không đúng định dạng: nhóm nghìn phải đủ 3 chữ số "
            f"(nhóm {', '.join(bad)} có {len(bad[0])} chữ số)"
        )
        if guesses:
            note += f"; có thể là {' hoặc '.join(guesses)}"
        return note, " hoặc ".join(guesses)
    if printed.startswith("0") and len(printed) > 2:
        return f"Số {printed} có chữ số 0 thừa ở đầu", format_count(int(printed.replace(".", "")))
    return f"Số {printed} không đúng định dạng số Việt Nam (dấu chấm phân nghìn, dấu phẩy thập phân)", ""
