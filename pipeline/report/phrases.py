"""The words that tell what a number in a report is: one phrase table.

Each entry is a list of words or short phrases as the offices write them,
with diacritics. They are matched on the lower-cased text with its diacritics
(folding would make "tầng 3" read like "tăng 3"). The comparison phrases ("so với cùng kỳ năm
2019") are not here: they live beside the sentence writer in
:mod:`pipeline.vi.formatting` (``COMPARISON_PHRASES``) so that what the project
prints is exactly what the checker reads back.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.vi.formatting import CHANGE_WORDS, COMPARISON_PHRASES

PHRASES: dict[str, tuple[str, ...]] = {
    # a number right after these is a date or a time of day: "ngày 19", "Chiều 24.12"
    "date_before": ("ngày", "tháng", "sáng", "chiều", "tối", "trưa", "đêm", "hôm nay", "sáng nay",
                    "chiều nay", "hôm qua", "từ", "đến", "hết", "vào", "lúc", "đầu tháng", "cuối tháng"),
    # a number right before these is a period, not a count: "6 tháng đầu năm", "02 năm liền"
    "period_after": ("tháng", "quý", "tuần", "năm"),
    # "05 ngày sau khi", but "03 ngày lương" is a count
    "day_period_after": ("sau", "trước", "kể từ", "làm việc", "liên tục", "liền", "đầu", "cuối", "qua", "tới"),
    "period_before": ("quý",),
    # "xóm 6", "tổ 3", "khu phố 2", "ấp 4"
    "address_before": ("xóm", "tổ", "tổ dân phố", "khu phố", "khu dân cư", "khu vực", "khu", "ấp", "thôn",
                       "khóm", "phường", "quận", "lô", "đường", "hẻm", "ngõ", "ngách", "số nhà", "đội",
                       "làng", "buôn", "sóc", "tầng", "phòng"),
    # "kỳ họp thứ 9", "khóa 15", "lần 2"
    "ordinal_before": ("thứ", "lần thứ", "khóa", "khoá", "lần", "đợt", "giai đoạn", "phiên", "kỳ họp",
                       "mục", "phần", "chương", "tiết", "bước", "vòng", "loại"),
    # "Điều 6", "Nghị quyết 120", "Số: 130/BC-VP" (but "tổng số 25 đơn" is a count)
    # (not "hướng dẫn", "thông báo", "quyết định": verbs too, "hướng dẫn 03 lượt công dân";
    # their symbols "12/HD-VP" are read by the slash; not "điểm": "giải quyết dứt điểm 45 kiến nghị")
    "reference_before": ("điều", "khoản", "nghị quyết", "nghị định", "chỉ thị", "thông tư",
                         "công văn", "tờ trình", "pháp lệnh", "đề án", "phụ lục", "biểu", "mẫu", "mã số",
                         "covid", "sars-cov"),
    # a four-digit number after these is a year
    "year_before": ("năm", "từ", "đến", "giai đoạn", "nhiệm kỳ", "khóa", "khoá", "niên độ"),
    # "đồng" is money, but not in "đồng chí", "đồng bào", "đồng thời"…
    "money_compounds": ("chí", "bào", "nghiệp", "thời", "ý", "tình", "hồ", "phục", "thuận", "loạt",
                        "đều", "hành", "ruộng", "bằng", "khởi", "chủ trì", "tổ chức", "sáng lập", "cảm",
                        "lòng", "minh", "đội", "niên", "hương", "dạng", "bộ", "thanh", "tâm", "ca"),
    "lower_bound_before": ("trên", "hơn", "ít nhất", "tối thiểu", "không dưới", "vượt trên"),
    "approximate_before": ("gần", "khoảng", "xấp xỉ", "ước", "ước tính", "hàng"),
    # "đã giải quyết 238/316 vụ việc": the first number of a slash pair is done, the second the total
    "ratio_verbs": ("giải quyết", "trả lời", "thực hiện", "hoàn thành", "tham gia", "tham dự", "có mặt",
                    "tiếp thu", "khắc phục", "xong", "đạt", "phê duyệt", "ban hành", "thông qua"),
    # "đạt 86,74%", "chiếm 14%", "đạt tỷ lệ 79,63%": a share of the figure before
    "share_words": ("chiếm", "đạt", "tỷ lệ", "bằng"),
    # "còn lại 35 vụ việc", ", còn 311 vụ việc", "Số còn lại 1.315 đơn"
    "remainder_before": ("còn lại", "còn", "số còn lại", "còn lại là"),
    "remainder_after": ("còn lại",),
    # "… nên vừa chuyển …, đồng thời trả lời …": the text explains why parts overlap
    "overlap_words": ("vừa", "đồng thời", "nhiều nội dung", "trùng", "cùng lúc", "cả hai", "vừa là"),
    # a parenthesis holding a clause (these words), not a list of items
    "clause_words": ("có", "nên", "vì", "do", "vừa", "đồng thời", "được", "đã", "là", "mà", "nhưng", "để"),
    # part-lists: "163 đơn, trong đó …"
    "parts_words": ("trong đó", "bao gồm", "gồm có", "gồm"),
    # a change said roughly: "giảm gần 30% so với cùng kỳ", "tăng hơn 20 đơn"
    "change_approximate": ("gần", "khoảng", "xấp xỉ"),
    "change_lower_bound": ("hơn", "trên", "ít nhất"),
}


def _alternation(words: tuple[str, ...]) -> str:
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def before(name: str) -> re.Pattern:
    """One of the words of `name` right before a number (lower-cased text ending at the number)."""
    return re.compile(rf"(?:^|[^\w])(?:{_alternation(PHRASES[name])})\s*:?\s*$")


@cache
def after(name: str) -> re.Pattern:
    """One of the words of `name` right after a number (lower-cased text starting after it)."""
    return re.compile(rf"^\s*(?:{_alternation(PHRASES[name])})(?!\w)")


@cache
def anywhere(name: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{_alternation(PHRASES[name])})(?!\w)")


@cache
def change_word() -> re.Pattern:
    """'tăng' / 'giảm' (optionally 'thêm', and 'gần' / 'hơn' …) right before a number; group 1 is the word,
    group ``approximate`` or ``lower_bound`` the qualifier ('giảm gần 30%': about 30%, 'tăng hơn 20': more)."""
    return re.compile(rf"(?<!\w)({_alternation(tuple(CHANGE_WORDS))})(?:\s+thêm)?"
                      rf"(?:\s+(?:(?P<approximate>{_alternation(PHRASES['change_approximate'])})"
                      rf"|(?P<lower_bound>{_alternation(PHRASES['change_lower_bound'])})))?\s*$")


def change_qualifier(match: re.Match | None) -> str:
    """'' (exact), 'approximate' or 'lower_bound', from a :func:`change_word` match."""
    if match is None:
        return ""
    return "approximate" if match.group("approximate") else "lower_bound" if match.group("lower_bound") else ""


def change_sign(word: str) -> int:
    return {w.lower(): s for w, s in CHANGE_WORDS.items()}[word.lower()]


@cache
def comparisons() -> list[tuple[re.Pattern, dict]]:
    """The phrases of formatting.COMPARISON_PHRASES as patterns on lower-cased text, longest first."""
    out = []
    for row in sorted(COMPARISON_PHRASES, key=lambda r: -len(r["words"])):
        words = row["words"].lower()
        head, _, tail = words.partition("{year}")
        pattern = re.escape(head).replace(r"\ ", r"\s+")
        if "{year}" in words:
            pattern += r"(?P<year>\d{4})" + re.escape(tail).replace(r"\ ", r"\s+")
        out.append((re.compile(rf"(?<!\w){pattern}"), row))
    return out


def find_comparison(lower: str, lo: int, hi: int) -> tuple[int, int, dict, int | None] | None:
    """The first comparison phrase inside lower[lo:hi]: (start, end, table row, year or None)."""
    best = None
    for pattern, row in comparisons():
        m = pattern.search(lower, lo, hi)
        if m and (best is None or m.start() < best[0] or (m.start() == best[0] and m.end() > best[1])):
            year = int(m.group("year")) if "year" in pattern.groupindex else None
            best = (m.start(), m.end(), row, year)
    return best
