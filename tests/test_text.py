"""Tests for pipeline.text: normalisation keys, TCVN3, scrubbing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.tcvn3 import TCVN3_TO_UNICODE
from pipeline.text import (
    REDACTED,
    category_key,
    decode_tcvn3_rows,
    fold,
    header_key,
    looks_like_tcvn3,
    nfc,
    scrub_text,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Ngày   tiếp  ", "Ngày tiếp"),
        ("Ngày tiếp\ncông dân", "Ngày tiếp công dân"),
        ("Ngày\u00a0tiếp\r\n\tcông dân", "Ngày tiếp công dân"),
        (nfd("Nguyễn Thị Hường"), "Nguyễn Thị Hường"),
        ("", ""),
        ("\u200bx", "x"),
    ],
)
def test_nfc(raw, expected):
    assert nfc(raw) == expected
    assert unicodedata.is_normalized("NFC", nfc(raw))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Ngày tiếp\ncông dân", "ngay tiep cong dan"),
        ("NGÀY TIẾP CÔNG DÂN", "ngay tiep cong dan"),
        (nfd("Ngày  tiếp công dân "), "ngay tiep cong dan"),
        ("Đoàn ĐBQH", "doan dbqh"),
        ("Hội đồng nhân dân", "hoi dong nhan dan"),
        ("Ngay tiep", "ngay tiep"),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("Thăm, tặng quà", "Thăm tặng quà"),
        ("KHIẾU NẠI", "khiếu nại"),
        ("Kiến nghị, phản ánh", "kien nghi phan anh"),
        ("Ban Kinh tế - Ngân sách", "Ban Kinh tế Ngân sách"),
        ("Tin, bài", "Tin bài"),
        ("Quy phạm pháp luật", nfd("quy  phạm pháp luật")),
    ],
)
def test_category_key_equal(a, b):
    assert category_key(a) == category_key(b)


@pytest.mark.parametrize("a, b", [("Giám sát chuyên đề", "Giám sát"), ("Tố cáo", "Khiếu nại")])
def test_category_key_distinct(a, b):
    assert category_key(a) != category_key(b)


@given(st.text())
def test_category_key_idempotent(s):
    key = category_key(s)
    assert category_key(key) == key


@given(st.text())
def test_fold_idempotent(s):
    assert fold(fold(s)) == fold(s)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Huyện/TX/TP", "Huyện / TX / TP"),
        ("Huyện/TX/TP", "HUYEN/TX/TP"),
        ("Huyện, thị xã, thành phố", "Huyện ,thị xã,  thành phố"),
        ("Ngày tiếp\ncông dân", "NGAY TIEP CONG DAN"),
        ("Số CCCD/CMND", "Số CCCD / CMND:"),
        (
            "Họ tên - Địa chỉ - CMND/Hộ chiếu của công dân",
            "Họ tên-Địa chỉ-CMND/Hộ chiếu của công dân",
        ),
        ("Ban Kinh tế – Ngân sách", "Ban Kinh tế - Ngân sách"),
    ],
)
def test_header_key_equal(a, b):
    assert header_key(a) == header_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Huyện/TX/TP", "Huyện, thị xã, thành phố"),
        ("Đơn vị hoặc người nhận", "Đơn vị"),
        ("Cơ quan nhận", "Cơ quan"),
    ],
)
def test_header_key_distinct(a, b):
    assert header_key(a) != header_key(b)


# --- TCVN3 -----------------------------------------------------------------


@pytest.mark.parametrize(
    "garbled, unicode",
    [
        ("ViÖt Nam", "Việt Nam"),
        ("Sæ theo dâi", "Sổ theo dõi"),
        ("§oµn §BQH", "Đoàn ĐBQH"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("§ång Th¸p, ngµy 31 th¸ng 12 n¨m 2020", "Đồng Tháp, ngày 31 tháng 12 năm 2020"),
        ("Ng\u00adêi lËp biÓu", "Người lập biểu"),
    ],
)
def test_tcvn3_to_unicode(garbled, unicode):
    assert tcvn3_to_unicode(garbled) == unicode


def test_tcvn3_table_is_complete():
    # 7 capitals + 7 plain modified lower-case + 12 vowels x 5 tones = 74
    assert len(TCVN3_TO_UNICODE) == 74
    assert len(set(TCVN3_TO_UNICODE.values())) == 74
    lower_vowels = "aăâeêioôơuưy"
    tones = "\u0300\u0309\u0303\u0301\u0323"
    for base in lower_vowels:
        for tone in tones:
            letter = unicodedata.normalize("NFC", base + tone)
            assert letter in TCVN3_TO_UNICODE.values(), letter


PHRASES = [
    "sổ tiếp nhận, xử lý đơn",
    "sổ theo dõi tiếp công dân năm 2020",
    "khiếu nại, tố cáo, kiến nghị, phản ánh",
    "đoàn đại biểu quốc hội tỉnh đồng tháp",
    "hội đồng nhân dân tỉnh",
    "thường trực hđnd, ban kinh tế - ngân sách",
    "người lập biểu",
    "chánh văn phòng",
    "trước kỳ họp thứ mười lăm",
    "thăm, tặng quà gia đình chính sách",
    "chuyển đơn đến cơ quan có thẩm quyền giải quyết",
    "huyện tháp mười, thị xã hồng ngự, thành phố cao lãnh",
    "ủy ban thường vụ quốc hội tặng bằng khen",
    "Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
    "ỳ ỷ ỹ ý ỵ ừ ử ữ ứ ự ờ ở ỡ ớ ợ ặ ẵ ắ ằ ẳ",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_tcvn3_round_trip(phrase):
    encoded = unicode_to_tcvn3(phrase)
    assert tcvn3_to_unicode(encoded) == unicodedata.normalize("NFC", phrase)


_TCVN3_ALPHABET = "".join(TCVN3_TO_UNICODE.values()) + "abcdeghiklmnopqrstuvxy 0123456789,.-"


@given(st.text(alphabet=_TCVN3_ALPHABET))
def test_tcvn3_round_trip_property(s):
    assert tcvn3_to_unicode(unicode_to_tcvn3(s)) == s


@pytest.mark.parametrize(
    "text",
    [
        unicode_to_tcvn3("Cộng hòa xã hội chủ nghĩa Việt Nam"),
        unicode_to_tcvn3("Sổ tiếp nhận, xử lý đơn năm 2020"),
        unicode_to_tcvn3("Đồng Tháp, ngày 31 tháng 12 năm 2020"),
        unicode_to_tcvn3("Người lập biểu"),
    ],
)
def test_looks_like_tcvn3_true(text):
    assert looks_like_tcvn3(text)


@pytest.mark.parametrize("phrase", PHRASES)
def test_looks_like_tcvn3_false_on_unicode(phrase):
    assert not looks_like_tcvn3(phrase)
    assert not looks_like_tcvn3(nfd(phrase))


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII text, 123",
        "Café à côté de l'école, élève très âgé",
        "Müller Größe über Straße",
        "Có",
        "Nội dung",
        "François Mitterrand « Où êtes-vous ? »",
        "",
    ],
)
def test_looks_like_tcvn3_false(text):
    assert not looks_like_tcvn3(text)


# --- scrubbing -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("CMND số 341234567 cấp ngày", f"CMND số {REDACTED} cấp ngày"),
        ("CMND 341.234.567", f"CMND {REDACTED}"),
        ("CCCD 087 123 456 789.", f"CCCD {REDACTED}."),
        ("CCCD 087123456789", f"CCCD {REDACTED}"),
        ("ĐT 0912345678", f"ĐT {REDACTED}"),
        ("ĐT 0912 345 678, ", f"ĐT {REDACTED},"),
        ("ĐT: 0912.345.678", f"ĐT: {REDACTED}"),
        ("ĐT 0277-3851-234", f"ĐT {REDACTED}"),
        ("gọi +84 912 345 678", f"gọi {REDACTED}"),
        ("gọi +84912345678", f"gọi {REDACTED}"),
        ("số 3 0912345678", f"số 3 {REDACTED}"),
    ],
)
def test_scrub_numbers(raw, expected):
    assert scrub_text(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Hỗ trợ 154.000.000 đồng",
        "Ngày 03/02/2020 có 15 đơn",
        "năm 2020 tiếp 195 lượt",
        "Quyết định số 1234/QĐ-UBND ngày 12-03-2020",
        "12/2020/NQ-HĐND",
    ],
)
def test_scrub_keeps_ordinary_numbers(raw):
    assert scrub_text(raw) == nfc(raw)


def test_scrub_names():
    text = "Ông NGUYỄN VĂN AN (nguyen van an) khiếu nại ông Nguyễn Văn Anh; bà Lê Thị Bé"
    out = scrub_text(text, ["Nguyễn Văn An", "lê thị bé", ""])
    assert out == f"Ông {REDACTED} ({REDACTED}) khiếu nại ông Nguyễn Văn Anh; bà {REDACTED}"


def test_scrub_names_nfd_and_spacing():
    out = scrub_text(nfd("Bà Trần   Thị\nHường đến"), ["tran thi huong"])
    assert out == f"Bà {REDACTED} đến"


def test_scrub_empty():
    assert scrub_text("   ") == ""


def test_decode_tcvn3_rows_mixed_sheet():
    rows = [
        ["Ngày tiếp", "Nội dung", "Đơn vị"],  # header retyped in Unicode
        [
            "03/02/2020",
            unicode_to_tcvn3("Khiếu nại về đất đai"),
            unicode_to_tcvn3("Huyện Tháp Mười"),
        ],
        [
            "04/02/2020",
            unicode_to_tcvn3("Tố cáo cán bộ xã"),
            unicode_to_tcvn3("Thành phố Cao Lãnh"),
        ],
        [None, 12, unicode_to_tcvn3("Có")],
    ]
    out, converted = decode_tcvn3_rows(rows)
    assert out[0] == rows[0]
    assert out[1] == ["03/02/2020", "Khiếu nại về đất đai", "Huyện Tháp Mười"]
    assert out[2][1:] == ["Tố cáo cán bộ xã", "Thành phố Cao Lãnh"]
    assert out[3] == [None, 12, "Có"]
    assert converted == 5


def test_decode_tcvn3_rows_leaves_unicode_sheet():
    rows = [["Ngày tiếp", "Nội dung"], ["03/02/2020", "Có"], ["x", "Müller Größe"]]
    out, converted = decode_tcvn3_rows(rows)
    assert out is rows and converted == 0


@pytest.mark.parametrize(
    "garbled, unicode",
    [
        ("HéI §åNG NH¢N D¢N TØNH §åNG TH¸P", "HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP"),
        ("Sæ THEO DâI BIÕN §éNG C¤NG CHøC", "Sổ THEO DÕI BIẾN ĐỘNG CÔNG CHỨC"),
        ("Theo QuyÕt ®Þnh cña Chñ tÞch UBND tØnh", "Theo Quyết định của Chủ tịch UBND tỉnh"),
    ],
)
def test_tcvn3_capital_words(garbled, unicode):
    assert tcvn3_to_unicode(garbled) == unicode
