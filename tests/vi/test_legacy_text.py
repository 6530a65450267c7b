"""Tests for pipeline.vi.legacy_text: the VNI and TCVN3 tables letter by letter against
Unicode, telling VNI, TCVN3, Unicode and foreign text apart, and sheet conversion."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.samplegen.tcvn3 import to_tcvn3
from pipeline.samplegen.vni import to_vni
from pipeline.vi.legacy_text import (
    TCVN3,
    TCVN3_TO_UNICODE,
    UNICODE_TO_VNI,
    VNI,
    VNI_TO_UNICODE,
    decode_legacy_rows,
    guess_single_byte_encoding,
    read_cell,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from pipeline.vi.syllables import ONSETS, RHYMES

TONES = {"grave": "\u0300", "acute": "\u0301", "hook above": "\u0309", "tilde": "\u0303", "dot below": "\u0323"}
BASES = "aăâeêioôơuưy"
LOWER = [unicodedata.normalize("NFC", b + t) for b in BASES for t in ("", *TONES.values())
         if not (b + t).isascii()] + ["đ"]
LETTERS = LOWER + [c.upper() for c in LOWER]  # the 134 letters of Vietnamese beyond ASCII


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def test_there_are_134_letters():
    assert len(LOWER) == 67 and len(set(LETTERS)) == 134


# --- the VNI Windows table ----------------------------------------------------------

# What each VNI character means, written from the VNI keyboard layout (not from the table).
VNI_MARKS = {
    "ù": ["ACUTE"], "ø": ["GRAVE"], "û": ["HOOK ABOVE"], "õ": ["TILDE"], "ï": ["DOT BELOW"],
    "â": ["CIRCUMFLEX"], "á": ["CIRCUMFLEX", "ACUTE"], "à": ["CIRCUMFLEX", "GRAVE"],
    "å": ["CIRCUMFLEX", "HOOK ABOVE"], "ã": ["CIRCUMFLEX", "TILDE"], "ä": ["CIRCUMFLEX", "DOT BELOW"],
    "ê": ["BREVE"], "é": ["BREVE", "ACUTE"], "è": ["BREVE", "GRAVE"], "ú": ["BREVE", "HOOK ABOVE"],
    "ü": ["BREVE", "TILDE"], "ë": ["BREVE", "DOT BELOW"],
}
VNI_SINGLE = {"í": ("I", ["ACUTE"]), "ì": ("I", ["GRAVE"]), "æ": ("I", ["HOOK ABOVE"]), "ó": ("I", ["TILDE"]),
              "ò": ("I", ["DOT BELOW"]), "î": ("Y", ["DOT BELOW"]), "ñ": ("D", ["STROKE"]),
              "ô": ("O", ["HORN"]), "ö": ("U", ["HORN"])}


def expected_name(vni: str) -> str:
    """The Unicode name a VNI spelling must decode to, e.g. "aá" → "... A WITH CIRCUMFLEX AND ACUTE"."""
    case = "CAPITAL" if vni[0].isupper() else "SMALL"
    first = vni[0].lower()
    base, marks = VNI_SINGLE.get(first, (first.upper(), []))
    if len(vni) == 2:
        marks = marks + VNI_MARKS[vni[1].lower()]
    return f"LATIN {case} LETTER {base} WITH {' AND '.join(marks)}"


def test_vni_table_holds_every_letter_once():
    assert set(UNICODE_TO_VNI) == set(LETTERS)
    assert len(VNI_TO_UNICODE) == 134


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_letter_against_unicode(letter):
    vni = UNICODE_TO_VNI[letter]
    assert unicodedata.name(letter) == expected_name(vni)
    assert vni_to_unicode(vni) == letter
    assert to_vni(letter) == vni  # the sample generator's encoder works from decomposition, not the table


@pytest.mark.parametrize("letter", LETTERS)
def test_tcvn3_letter(letter):
    """TCVN3 has the 67 lower-case letters and seven capitals; capitals with tones
    come from the ".VnTimeH" capital fonts, which reuse the lower-case codes."""
    if letter in TCVN3_TO_UNICODE.values():
        code = to_tcvn3(letter)  # the generator's own table
        assert TCVN3_TO_UNICODE[code] == letter
        assert tcvn3_to_unicode(code) == letter
    else:
        assert letter.isupper()
        word = "H" + to_tcvn3(letter.lower()) + "N"  # a word typed in capitals
        assert tcvn3_to_unicode(word) == "H" + letter + "N"


@pytest.mark.parametrize("letter", LETTERS)
def test_windows_1258_letter(letter):
    """Windows-1258 holds some letters whole and the others as letter + combining tone byte."""
    tone_bytes = {"\u0300": b"\xcc", "\u0309": b"\xd2", "\u0303": b"\xde", "\u0301": b"\xec", "\u0323": b"\xf2"}
    try:
        data = letter.encode("cp1258")
    except UnicodeEncodeError:
        parts = nfd(letter)
        tone = next(c for c in parts if c in tone_bytes)
        data = unicodedata.normalize("NFC", parts.replace(tone, "")).encode("cp1258") + tone_bytes[tone]
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == letter


@pytest.mark.parametrize(
    "vni, unicode",
    [
        ("Ngaøy nhaän ñôn", "Ngày nhận đơn"),
        ("Höôùng xöû lyù", "Hướng xử lý"),
        ("Ñoàng Thaùp", "Đồng Tháp"),
        ("ÑOAØN ÑAÏI BIEÅU QUOÁC HOÄI", "ĐOÀN ĐẠI BIỂU QUỐC HỘI"),
        ("Thò xaõ Hoàng Ngöï, huyeän Thaùp Möôøi", "Thị xã Hồng Ngự, huyện Tháp Mười"),
        ("Khuyeân, khuyûu, nguyeãn, quyeát", "Khuyên, khuỷu, nguyễn, quyết"),
    ],
)
def test_vni_to_unicode(vni, unicode):
    assert vni_to_unicode(vni) == unicode
    assert unicode_to_vni(unicode) == vni


@pytest.mark.parametrize("text", ["café", "Müller", "Bên"])
def test_vni_refuses_text_it_cannot_hold(text):
    # "é" and "ü" are VNI tone modifiers that must follow "a"; "ê" alone is a floating breve
    assert vni_to_unicode(text) is None


@pytest.mark.parametrize(
    "garbled, unicode",
    [
        ("ViÖt Nam", "Việt Nam"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§ång Th¸p, ngµy 31 th¸ng 12 n¨m 2020", "Đồng Tháp, ngày 31 tháng 12 năm 2020"),
        ("Ng\u00adêi lËp biÓu", "Người lập biểu"),
        ("HéI §åNG NH¢N D¢N TØNH §åNG TH¸P", "HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP"),
        ("Theo QuyÕt ®Þnh cña Chñ tÞch UBND tØnh", "Theo Quyết định của Chủ tịch UBND tỉnh"),
    ],
)
def test_tcvn3_to_unicode(garbled, unicode):
    assert tcvn3_to_unicode(garbled) == unicode


# --- one cell ---------------------------------------------------------------------

PHRASES = [
    "Sổ tiếp nhận, xử lý đơn",
    "Khiếu nại, tố cáo, kiến nghị, phản ánh",
    "Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
    "Thường trực HĐND, Ban Kinh tế - Ngân sách",
    "Trước kỳ họp thứ mười lăm",
    "Thăm, tặng quà gia đình chính sách",
    "Chuyển đơn đến cơ quan có thẩm quyền giải quyết",
    "Huyện Tháp Mười, thị xã Hồng Ngự, thành phố Cao Lãnh",
    "Ủy ban Thường vụ Quốc hội tặng bằng khen",
    "Quyết định số 1234/QĐ-UBND ngày 12-03-2020",
    "Covid-19 tại xã Tân Hội Trung",
    "Nguyễn Thị Mỹ Hưng",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_legacy_forms_are_told_apart(phrase):
    vni, tcvn3 = read_cell(unicode_to_vni(phrase)), read_cell(to_tcvn3(phrase))
    assert vni.proves(VNI) and not vni.proves(TCVN3)
    assert vni.legacy[VNI] == phrase
    assert tcvn3.proves(TCVN3) and not tcvn3.proves(VNI)


@pytest.mark.parametrize("phrase", PHRASES + ["Có", "Tôi", "Hoà Bình", "Bình", "Không", "An Phú"])
@pytest.mark.parametrize("form", ["nfc", "nfd", "upper"])
def test_unicode_vietnamese_is_never_proven_legacy(phrase, form):
    text = {"nfc": phrase, "nfd": nfd(phrase), "upper": phrase.upper()}[form]
    r = read_cell(text)
    assert r is not None and r.unicode
    assert not r.proves(VNI) and not r.proves(TCVN3)


# Patterns met in public spreadsheets (SheetJS, Apache POI, tidyxl test files), retyped:
# symbols TCVN3 uses as letters, Danish ø/Ø (TCVN3 ứ/ỉ), German ß (TCVN3 ò), French "où" (VNI ó).
FOREIGN = [
    "×", "£1.00", "-¥12.30", "¶", "Annual Sales (in ¥ or US$):",
    "Odense SØ", "Esbjerg Ø", "H. Jespersen & Søn A/S", "Lars Mæng Christensen",
    "Gott will, daß allen Menschen geholfen werde", "Bibelarbeit Rö 7+8",
    "la commune où se situe le poste est Noves", "Café à côté de l'école, élève très âgé",
    "Müller Größe über Straße", "São Paulo", "François Mitterrand « Où êtes-vous ? »",
    "naïve façade, résumé", "Ærø, Ålborg", "Zürich", "niño, año, corazón", "déjà vu",
]


@pytest.mark.parametrize("text", FOREIGN)
def test_foreign_text_is_no_legacy_text(text):
    r = read_cell(text)
    assert r is not None and not r.proves(VNI) and not r.proves(TCVN3)


def test_a_foreign_sheet_is_not_converted_even_with_one_word_lookalikes():
    # "Høng" is Danish and TCVN3 "Hứng" alike; the sheet around it tells
    rows = [["Firma", "By"]] + [[f"{n} & Søn A/S", c] for n, c in
                                [("Jespersen", "Høng"), ("Knudsen", "Odense SØ"), ("Pihl", "Høng"),
                                 ("Larsen", "Århus"), ("Justesen", "Høng"), ("Haugsted", "Ærø")]]
    result = decode_legacy_rows(rows, "Kunder")
    assert result.encoding is None and result.rows is rows


def test_ascii_has_no_reading():
    assert read_cell("Ngay nhan don 2020") is None


# --- a sheet -----------------------------------------------------------------------


def test_vni_register_with_a_header_retyped_in_unicode():
    rows = [
        [unicode_to_vni("SỔ THEO DÕI TIẾP NHẬN ĐƠN NĂM 2019")],
        ["STT", "Ngày nhận đơn", "Họ và tên", "Phân loại"],  # retyped in Unicode
        [1, "02/01/2019", unicode_to_vni("Nguyễn Văn Phước"), unicode_to_vni("Khiếu nại")],
        [2, "03/01/2019", unicode_to_vni("Lê Thị Kim Thoa"), unicode_to_vni("Tố cáo")],
        [3, None, unicode_to_vni("Trần Văn Hòa"), unicode_to_vni("Kiến nghị, phản ánh")],
        [None, None, unicode_to_vni("Người lập biểu"), "Có"],
    ]
    result = decode_legacy_rows(rows, unicode_to_vni("Đơn thư"))
    assert result.encoding == VNI
    assert result.rows[1] == rows[1]
    assert result.rows[0] == ["SỔ THEO DÕI TIẾP NHẬN ĐƠN NĂM 2019"]
    assert result.rows[2][2:] == ["Nguyễn Văn Phước", "Khiếu nại"]
    assert result.rows[4][3] == "Kiến nghị, phản ánh"
    assert result.rows[5][3] == "Có"  # no VNI reading: "Cĩ" is no Vietnamese spelling
    assert result.converted == 8 and result.kept == 0
    assert result.sheet == "Đơn thư" and result.original_sheet == "Ñôn thö"
    assert result.notice == ("Văn bản gõ bằng bảng mã VNI Windows: đã chuyển 8 ô sang Unicode. "
                             "Tên sheet «Ñôn thö» đọc là «Đơn thư».")
    assert rows[2][2] == unicode_to_vni("Nguyễn Văn Phước")  # the input is not modified


def test_tcvn3_sheet_mixed_with_unicode():
    rows = [
        ["Ngày tiếp", "Nội dung", "Đơn vị"],  # header retyped in Unicode
        ["03/02/2020", unicode_to_tcvn3("Khiếu nại về đất đai"), unicode_to_tcvn3("Huyện Tháp Mười")],
        ["04/02/2020", unicode_to_tcvn3("Tố cáo cán bộ xã"), unicode_to_tcvn3("Thành phố Cao Lãnh")],
        [None, 12, unicode_to_tcvn3("Có")],  # "Cã": Unicode "Cã" or TCVN3 "Có"; the sheet is TCVN3
    ]
    result = decode_legacy_rows(rows)
    assert result.encoding == TCVN3
    assert result.rows[0] == rows[0]
    assert result.rows[1] == ["03/02/2020", "Khiếu nại về đất đai", "Huyện Tháp Mười"]
    assert result.rows[3] == [None, 12, "Có"]
    assert result.converted == 5


def test_unicode_sheet_with_a_few_pasted_vni_cells_keeps_its_ambiguous_cells():
    unicode = [["Ngày tiếp", "Nội dung", "Kết quả"]] + [
        ["03/02/2020", f"Kiến nghị số {n} về đường giao thông nông thôn", "Có"] for n in range(6)]
    pasted = [["04/02/2020", unicode_to_vni("Khiếu nại việc thu hồi đất"), "Tôi"],
              ["05/02/2020", unicode_to_vni("Tranh chấp ranh đất"), unicode_to_vni("Đã trả lời")]]
    result = decode_legacy_rows(unicode + pasted)
    assert result.encoding == VNI
    assert result.rows[-2][1] == "Khiếu nại việc thu hồi đất"
    assert result.rows[-1][1:] == ["Tranh chấp ranh đất", "Đã trả lời"]
    assert result.rows[-2][2] == "Tôi"  # VNI "Tôi" is "Tơi", but as it is it reads as Unicode: kept
    assert result.kept == 1 and "Giữ nguyên 1 ô" in result.notice
    assert all(row == orig for row, orig in zip(result.rows, unicode))


def test_unicode_sheet_is_left_alone():
    rows = [["Ngày tiếp", "Nội dung"], ["03/02/2020", "Có"], ["x", "Müller Größe"], ["y", "Tôi"]]
    result = decode_legacy_rows(rows, "Tiếp dân")
    assert result.rows is rows and result.encoding is None and result.notice is None


def test_notice_holds_no_cell_content():
    rows = [[unicode_to_vni(f"Nguyễn Văn Phước {n}"), unicode_to_vni("Khiếu nại")] for n in range(5)]
    notice = decode_legacy_rows(rows, "Sheet1").notice
    assert "Phước" not in notice and "Khiếu" not in notice


# --- properties ----------------------------------------------------------------------

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def syllables(draw):
    """Any well-formed Vietnamese syllable (onset + rhyme + tone), in any case and NFC or NFD."""
    onset = draw(st.sampled_from([o for o in ONSETS if o not in ("k", "gh", "ngh", "c", "ng", "g", "qu")]))
    rhyme = draw(st.sampled_from(sorted(RHYMES)))
    tone = draw(st.sampled_from(["", *TONES.values()]))
    if rhyme.endswith(("c", "ch", "p", "t")) and tone not in ("", TONES["acute"], TONES["dot below"]):
        tone = TONES["acute"]
    vowel = max((i for i, c in enumerate(rhyme) if c in "aăâeêioôơuưy"), default=0)
    word = unicodedata.normalize("NFC", onset + rhyme[:vowel + 1] + tone + rhyme[vowel + 1:])
    word = draw(st.sampled_from([word, word.capitalize(), word.upper()]))
    return draw(st.sampled_from([word, nfd(word)]))


ascii_words = st.sampled_from(["UBND", "HĐND", "ĐBQH", "Covid-19", "123/QĐ-UBND", "01/02/2020", "x", "(1)", "-", "TP."])
foreign_words = st.sampled_from(["café", "élève", "très", "déjà", "où", "Müller", "Größe", "über", "schön", "Straße",
                                 "niño", "año", "São", "coração", "François", "Zürich", "naïve", "façade", "£5", "×",
                                 "Søren", "Ærø", "Ålborg", "¥100", "§ 3", "«Bonjour»", "© 2019", "½", "°C"])
vietnamese_cells = st.lists(st.one_of(syllables(), ascii_words), min_size=1, max_size=8).map(" ".join)
foreign_cells = st.lists(st.one_of(foreign_words, ascii_words), min_size=1, max_size=6).map(" ".join)
cells = st.one_of(st.none(), st.integers(), vietnamese_cells, foreign_cells)


@given(st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=30), vietnamese_cells)
@SETTINGS
def test_property_unicode_and_foreign_text_is_never_converted(rows, sheet):
    result = decode_legacy_rows(rows, sheet)
    assert result.encoding is None and result.converted == 0
    assert result.rows is rows and result.sheet == sheet


@given(st.text(), st.sampled_from(list("ăĂđĐơƠưƯạệữỹ") + ["\u0301", "\u0323"]), st.text())
@SETTINGS
def test_property_text_with_a_unicode_only_letter_is_unicode(head, letter, tail):
    r = read_cell(head + letter + tail)
    assert r.proven and not r.legacy


@given(st.lists(st.lists(vietnamese_cells, min_size=1, max_size=4), min_size=3, max_size=20))
@SETTINGS
def test_property_vni_sheet_round_trips(rows):
    nfc_rows = [[unicodedata.normalize("NFC", v) for v in row] for row in rows]
    encoded = [[unicode_to_vni(v) for v in row] for row in nfc_rows]
    result = decode_legacy_rows(encoded)
    if result.encoding is None:  # too little to go on (e.g. only ASCII words): nothing is converted
        assert result.rows is encoded
        return
    assert result.encoding == VNI
    assert result.rows == nfc_rows
    assert decode_legacy_rows(result.rows).encoding is None  # converted text is Unicode for good


_ALPHABET = "".join(LETTERS) + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY 0123456789,.-/()"


@given(st.text(alphabet=_ALPHABET))
def test_property_vni_round_trip(s):
    assert vni_to_unicode(unicode_to_vni(s)) == s


@given(st.text(alphabet="".join(LOWER) + "abcdeghiklmnopqrstuvxy 0123456789,.-"))
def test_property_tcvn3_round_trip(s):
    assert tcvn3_to_unicode(unicode_to_tcvn3(s)) == s


# --- CSV bytes ---------------------------------------------------------------------


def test_bytes_of_every_letter_in_windows_1258_are_told_from_windows_1252():
    from pipeline.samplegen.writers import to_windows1258

    words = [("l" if c.islower() else "L") + c + ("n" if c.lower() in "ăâắằẳẵặấầẩẫậ" else "")
             for c in LETTERS if c.lower() != "đ"] + ["đi", "ĐI"]
    words = [w.upper() if w[1].isupper() else w for w in words]
    data = to_windows1258("\r\n".join(words))
    assert guess_single_byte_encoding(data) == "cp1258"
    assert unicodedata.normalize("NFC", data.decode("cp1258")).split("\r\n") == words
    assert guess_single_byte_encoding(unicode_to_vni("\r\n".join(words)).encode("cp1252")) == "cp1252"


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Đoàn ĐBQH tỉnh, ngày nhận đơn, hướng xử lý", "cp1258"),
        (unicode_to_vni("Đoàn ĐBQH tỉnh, ngày nhận đơn, hướng xử lý"), "cp1252"),
        (to_tcvn3("Đoàn ĐBQH tỉnh, ngày nhận đơn, hướng xử lý"), "cp1252"),
        ("Ngày 03/02/2020 – “Tin, bài”", "cp1258"),  # letters and punctuation alike in both
        ("Số 03/02/2020 – “Tin”", "cp1258"),  # only punctuation both code pages share
    ],
)
def test_guess_single_byte_encoding(text, encoding):
    from pipeline.samplegen.writers import to_windows1258

    data = to_windows1258(text) if encoding == "cp1258" else text.encode("cp1252")
    assert guess_single_byte_encoding(data) == encoding


@pytest.mark.parametrize(
    "data",
    [
        "Café à côté de l'école, élève très âgé; São Paulo".encode("cp1252"),
        "Zażółć gęślą jaźń; Łódź".encode("cp1250"),
        "Съешь же ещё этих мягких французских булок".encode("cp1251"),
        "Müller, Größe, über die Straße".encode("latin-1"),
    ],
)
def test_guess_refuses_what_the_bytes_cannot_tell(data):
    assert guess_single_byte_encoding(data) is None
