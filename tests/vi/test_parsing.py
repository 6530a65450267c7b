"""Tests for pipeline.vi.parsing: Vietnamese numbers, dates, sessions, flags."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.vi.parsing import (
    CategoryMatcher,
    ParseError,
    is_mark,
    is_place_date_line,
    match_category,
    normalise_district,
    parse_date,
    parse_money,
    parse_number,
    parse_percent,
    parse_plan_flag,
    parse_round,
    parse_session,
    parse_whole_number,
    result_present,
)


def vn_thousands(n: int) -> str:
    """Format n the Vietnamese way: 1234567 -> "1.234.567"."""
    return f"{n:,}".replace(",", ".")


# --- numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, None),
        ("", None),
        ("  \u00a0 ", None),
        (7, 7),
        (3.0, 3),
        (2.5, 2.5),
        ("3.372", 3372),
        ("21.700", 21700),
        ("02", 2),
        ("154.000.000 đồng", 154_000_000),
        ("1.729 ý kiến", 1729),
        ("5.600.000đ", 5_600_000),
        ("5.600.000 VNĐ", 5_600_000),
        ("12 người", 12),
        ("18 lượt", 18),
        ("85,5", 85.5),
        ("1.234,75", 1234.75),
        ("-4", -4),
        ("+4", 4),
        ("- 4", -4),
        (" 3.372 ", 3372),
        ("1,5 triệu", 1_500_000),
        ("2 tỷ", 2_000_000_000),
        (unicodedata.normalize("NFD", "154.000.000 đồng"), 154_000_000),
    ],
)
def test_parse_number(raw, expected):
    got = parse_number(raw)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    "raw",
    [
        "60.000.00",
        "3.5",
        "1.23",
        "abc",
        "đồng",
        "-",
        "1,2,3",
        "85%",
        "12/5",
        "khoảng 50",
        True,
        dt.date(2020, 1, 1),
        float("inf"),
        "1..000",
        ",5",
    ],
)
def test_parse_number_rejects(raw):
    with pytest.raises(ParseError) as err:
        parse_number(raw)
    assert err.value.reason
    assert isinstance(err.value, ValueError)


def test_parse_number_reason_thousands():
    with pytest.raises(ParseError, match="nhóm hàng nghìn phải có 3 chữ số"):
        parse_number("60.000.00")


@given(st.text())
def test_parse_number_only_raises_parse_error(s):
    try:
        parse_number(s)
    except ParseError:
        pass


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_round_trips_vietnamese_integers(n):
    assert parse_number(vn_thousands(n)) == n
    assert parse_number(vn_thousands(n) + " đồng") == n


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=99))
def test_parse_number_decimal_comma(whole, frac):
    text = f"{vn_thousands(abs(whole))},{frac:02d}"
    expected = abs(whole) + frac / 100
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "raw, expected", [("02", 2), (5.0, 5), ("1.729", 1729), (None, None), ("", None)]
)
def test_parse_whole_number(raw, expected):
    assert parse_whole_number(raw) == expected


@pytest.mark.parametrize("raw", ["2,5", 2.5, "-3", -1, "x"])
def test_parse_whole_number_rejects(raw):
    with pytest.raises(ParseError):
        parse_whole_number(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("154.000.000 đồng", 154_000_000),
        ("5.600.000đ", 5_600_000),
        (2_000_000.0, 2_000_000),
        ("1,5 triệu", 1_500_000),
        (None, None),
    ],
)
def test_parse_money(raw, expected):
    assert parse_money(raw) == expected


@pytest.mark.parametrize("raw", ["1.500,5 đồng", "60.000.00"])
def test_parse_money_rejects(raw):
    with pytest.raises(ParseError):
        parse_money(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("85,5%", 0.855),
        ("14%", 0.14),
        ("100%", 1.0),
        ("14 %", 0.14),
        (0.855, 0.855),
        (1, 1.0),
        (85.5, 0.855),
        ("0,5", 0.5),
        (None, None),
        ("", None),
    ],
)
def test_parse_percent(raw, expected):
    assert parse_percent(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["%", "abc%", "85.5%"])
def test_parse_percent_rejects(raw):
    with pytest.raises(ParseError):
        parse_percent(raw)


# --- dates -----------------------------------------------------------------

D = dt.date(2020, 2, 3)


@pytest.mark.parametrize(
    "raw",
    [
        D,
        dt.datetime(2020, 2, 3, 14, 30),
        43864,  # Excel serial of 03/02/2020
        43864.6,
        "03/02/2020",
        "3/2/2020",
        "3/2/20",
        "03-02-2020",
        "03.02.2020",
        " 03 / 02 / 2020 ",
        "ngày 03 tháng 02 năm 2020",
        "Ngày 3 tháng 2 năm 2020",
        "NGAY 3 THANG 2 NAM 2020",
        unicodedata.normalize("NFD", "ngày 03 tháng 02 năm 2020"),
        "ngày 3/2/2020",
        "2020-02-03",
        "03/02/2020 08:30",
        "03/02/2020 00:00:00",
    ],
)
def test_parse_date(raw):
    assert parse_date(raw) == D


def test_parse_date_day_first_always():
    assert parse_date("01/02/2020") == dt.date(2020, 2, 1)
    assert parse_date("12/01/2020") == dt.date(2020, 1, 12)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_parse_date_blank(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "31/02/2020",
        "29/02/2021",
        "13/13/2020",
        "00/01/2020",
        "Đồng Tháp, ngày 31 tháng 12 năm 2020",
        "Đồng Tháp, ngày 03 tháng 02 năm 2021",
        "hôm qua",
        "03/02",
        "03/02-2020",
        12,  # far too early for an Excel serial in these registers
        10_000_000,
        True,
        "ngày 31 tháng 02 năm 2020",
        "03/02/1020",
    ],
)
def test_parse_date_rejects(raw):
    with pytest.raises(ParseError):
        parse_date(raw)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_parse_date_round_trips(d):
    assert parse_date(d.strftime("%d/%m/%Y")) == d
    assert parse_date(f"{d.day}/{d.month}/{d.year}") == d
    assert parse_date(f"ngày {d.day} tháng {d.month} năm {d.year}") == d
    assert parse_date(f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}") == d
    if d.year >= 2000:
        assert parse_date(d.strftime("%d/%m/%y")) == d


@given(st.text())
def test_parse_date_only_raises_parse_error(s):
    try:
        parse_date(s)
    except ParseError:
        pass


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Đồng Tháp, ngày 31 tháng 12 năm 2020", True),
        ("Đồng Tháp, ngày      tháng     năm 2020", True),
        ("Đồng Tháp, ngày ... tháng ... năm ...", True),
        ("Cao Lãnh ngày 3 tháng 2 năm 2021", True),
        (unicodedata.normalize("NFD", "TP. Cao Lãnh, ngày 3 tháng 2 năm 2021."), True),
        ("ngày 03 tháng 02 năm 2020", False),
        ("03/02/2020", False),
        ("Nguyễn Văn An", False),
        (None, False),
        (43864, False),
    ],
)
def test_is_place_date_line(raw, expected):
    assert is_place_date_line(raw) is expected


# --- sessions and rounds ---------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Kỳ họp thứ 9", 9),
        ("thứ 9", 9),
        ("9", 9),
        (9, 9),
        (9.0, 9),
        ("thứ chín", 9),
        ("thu chin", 9),
        ("IX", 9),
        ("Kỳ họp thứ IX", 9),
        ("Kỳ họp thứ mười lăm", 15),
        ("thứ mười bốn", 14),
        ("thứ hai mươi mốt", 21),
        ("thứ hai mươi", 20),
        ("thứ ba mươi tư", 34),
        ("thứ bốn mươi", 40),
        ("thứ mười", 10),
        ("thứ mười một", 11),
        ("Kỳ họp thứ nhất", 1),
        ("Kỳ họp thứ tư", 4),
        ("Kỳ họp thứ 9, khóa XIV", 9),
        ("Kỳ họp thứ 9 Quốc hội khóa XIV", 9),
        ("Khóa XIV, kỳ họp thứ 9", 9),
        ("Kỳ họp thứ 9 năm 2020", 9),
        ("KỲ HỌP THỨ MƯỜI LĂM", 15),
        (None, None),
        ("", None),
    ],
)
def test_parse_session(raw, expected):
    assert parse_session(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Kỳ họp thứ 9 và thứ 10",
        "9, 10",
        "thứ 9 (thứ mười)",
        "Kỳ họp chuyên đề",
        "khóa XIV",
        0,
        2.5,
        "abc",
    ],
)
def test_parse_session_rejects(raw):
    with pytest.raises(ParseError):
        parse_session(raw)


@pytest.mark.parametrize("n", range(1, 41))
def test_parse_session_number_words(n):
    units = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
    tens, unit = divmod(n, 10)
    if tens == 0:
        words = units[unit]
    else:
        head = "mười" if tens == 1 else f"{units[tens]} mươi"
        tail = {0: "", 1: " mốt" if tens > 1 else " một", 5: " lăm"}.get(unit, f" {units[unit]}")
        words = head + tail
    assert parse_session(f"thứ {words}") == n
    assert parse_session(f"Kỳ họp thứ {words}".upper()) == n


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Trước kỳ họp thứ 9", "trước kỳ họp thứ 9"),
        ("Trước kỳ họp thứ chín", "trước kỳ họp thứ 9"),
        ("TRƯỚC KỲ HỌP THỨ IX", "trước kỳ họp thứ 9"),
        ("Sau kỳ họp thứ mười lăm", "sau kỳ họp thứ 15"),
        ("sau ky hop thu 15", "sau kỳ họp thứ 15"),
        ("Sau kỳ họp thứ sáu", "sau kỳ họp thứ 6"),
        ("Đợt 1  năm 2020", "Đợt 1 năm 2020"),
        ("Trước kỳ họp", "Trước kỳ họp"),
        (None, None),
        ("", None),
    ],
)
def test_parse_round(raw, expected):
    assert parse_round(raw) == expected


# --- marks, flags, results -------------------------------------------------


@pytest.mark.parametrize("raw", ["x", "X", " x ", "1", 1, 1.0, "✓", "✔", "√", "v", "V"])
def test_is_mark_true(raw):
    assert is_mark(raw)


@pytest.mark.parametrize("raw", [None, "", " ", "0", 0, 2, "xx", "Có", "-"])
def test_is_mark_false(raw):
    assert not is_mark(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Có", True),
        ("có", True),
        ("CO", True),
        ("x", True),
        ("X", True),
        ("1", True),
        (1, True),
        ("✓", True),
        (None, True),
        ("", True),
        ("Không", False),
        ("khong", False),
        ("0", False),
        (0, False),
        ("Ngoài kế hoạch", False),
        ("Phát sinh", False),
        ("PHÁT SINH", False),
    ],
)
def test_parse_plan_flag(raw, expected):
    assert parse_plan_flag(raw) is expected


@pytest.mark.parametrize("raw", ["Có thể", "2", 2, "?"])
def test_parse_plan_flag_rejects(raw):
    with pytest.raises(ParseError):
        parse_plan_flag(raw)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Đã trả lời", True),
        ("12/03/2020", True),
        (dt.date(2020, 3, 12), True),
        (1, True),
        ("Chưa", False),
        ("chưa", False),
        ("Không", False),
        ("0", False),
        (0, False),
        ("-", False),
        (" - ", False),
        (None, False),
        ("", False),
    ],
)
def test_result_present(raw, expected):
    assert result_present(raw) is expected


# --- districts -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("TP. Cao Lãnh", ("Thành phố Cao Lãnh", False)),
        ("Tp.Cao Lãnh", ("Thành phố Cao Lãnh", False)),
        ("TP Cao Lãnh", ("Thành phố Cao Lãnh", False)),
        ("T.P Cao Lãnh", ("Thành phố Cao Lãnh", False)),
        ("thành phố cao lãnh", ("Thành phố Cao Lãnh", False)),
        ("THÀNH PHỐ  CAO LÃNH", ("Thành phố Cao Lãnh", False)),
        (unicodedata.normalize("NFD", "Thành phố Sa Đéc"), ("Thành phố Sa Đéc", False)),
        ("TX. Hồng Ngự", ("Thị xã Hồng Ngự", False)),
        ("TX Hồng Ngự", ("Thị xã Hồng Ngự", False)),
        ("thị xã hồng ngự", ("Thị xã Hồng Ngự", False)),
        ("H. Lai Vung", ("Huyện Lai Vung", False)),
        ("H.Tháp Mười", ("Huyện Tháp Mười", False)),
        ("huyện tháp mười", ("Huyện Tháp Mười", False)),
        ("Cao Lãnh", ("Cao Lãnh", True)),
        ("cao  lãnh", ("Cao Lãnh", True)),
        ("Hồng Ngự", ("Hồng Ngự", True)),
        ("Tân Hồng", ("Tân Hồng", True)),
        ("Tháp Mười", ("Tháp Mười", True)),
        (None, (None, False)),
        ("", (None, False)),
    ],
)
def test_normalise_district(raw, expected):
    assert normalise_district(raw) == expected


# --- categories ------------------------------------------------------------

PETITION_KINDS = {
    "khieu_nai": ["Khiếu nại", "KN"],
    "to_cao": ["Tố cáo", "TC"],
    "kien_nghi": ["Kiến nghị, phản ánh", "KNPA", "Kiến nghị", "Phản ánh"],
}
AWARDS = {
    "bang_khen": ["Bằng khen*"],
    "giay_khen": ["Giấy khen"],
    "tap_the_ldtt": ["Tập thể lao động tiên tiến"],
    "ldtt": ["Lao động tiên tiến"],
}
OVERSIGHT = {
    "giam_sat": ["Giám sát"],
    "giam_sat_cd": ["Giám sát chuyên đề"],
    "khao_sat": ["Khảo sát"],
}


@pytest.mark.parametrize(
    "raw, variants, expected",
    [
        ("Khiếu nại", PETITION_KINDS, "khieu_nai"),
        ("KHIẾU NẠI", PETITION_KINDS, "khieu_nai"),
        ("khieu nai", PETITION_KINDS, "khieu_nai"),
        ("kn", PETITION_KINDS, "khieu_nai"),
        ("Kiến nghị - phản ánh", PETITION_KINDS, "kien_nghi"),
        ("Kiến nghị phản ánh", PETITION_KINDS, "kien_nghi"),
        (unicodedata.normalize("NFD", " Tố  cáo "), PETITION_KINDS, "to_cao"),
        ("Bằng khen", AWARDS, "bang_khen"),
        ("Bằng khen của UBND tỉnh", AWARDS, "bang_khen"),
        ("BẰNG KHEN Thủ tướng Chính phủ", AWARDS, "bang_khen"),
        ("Lao động tiên tiến", AWARDS, "ldtt"),
        ("Tập thể lao động tiên tiến", AWARDS, "tap_the_ldtt"),
        ("Giám sát chuyên đề", OVERSIGHT, "giam_sat_cd"),
        ("Giám sát", OVERSIGHT, "giam_sat"),
        (None, PETITION_KINDS, None),
        ("  ", PETITION_KINDS, None),
    ],
)
def test_match_category(raw, variants, expected):
    assert match_category(raw, variants) == expected
    assert CategoryMatcher(variants).match(raw) == expected


@pytest.mark.parametrize(
    "raw, variants",
    [
        ("Khiếu nại đông người", PETITION_KINDS),
        ("Khiếu", PETITION_KINDS),
        ("Bằng khenxyz", AWARDS),
        ("Giấy khen của Giám đốc", AWARDS),
        ("Giám sát chuyên đề năm 2020", OVERSIGHT),
        (5, PETITION_KINDS),
    ],
)
def test_match_category_rejects(raw, variants):
    with pytest.raises(ParseError, match="giá trị không có trong danh mục"):
        match_category(raw, variants)


def test_category_matcher_conflict():
    with pytest.raises(ValueError):
        CategoryMatcher({"a": ["Tin, bài"], "b": ["Tin bài"]})


def test_match_category_accepts_prebuilt_matcher():
    matcher = CategoryMatcher(PETITION_KINDS)
    assert match_category("TC", matcher) == "to_cao"
