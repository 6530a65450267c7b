"""Tests for pipeline.vi.syllables: the Vietnamese syllable check behind legacy-font detection."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.vi.syllables import is_abbreviation, is_syllable, is_vietnamese_word

SENTENCES = [
    "Đoàn đại biểu Quốc hội tỉnh Đồng Tháp tiếp xúc cử tri huyện Tháp Mười trước kỳ họp thứ mười",
    "Cử tri kiến nghị nâng cấp tuyến đường, khắc phục tình trạng sạt lở bờ sông Tiền",
    "Ông Nguyễn Văn Phước khiếu nại quyết định thu hồi đất, bồi thường chưa thỏa đáng",
    "Bà Huỳnh Thị Tuyết đề nghị xem xét chế độ khuyến khích người có công",
    "Thường trực Hội đồng nhân dân giám sát việc giải quyết đơn thư tồn đọng",
    "Khuya, khuỷu tay, nguyệt, quyển, thuở, xoong, boong, giường, giữ gìn, ngoằn ngoèo",
    "Thị xã Hồng Ngự, thành phố Sa Đéc, huyện Lấp Vò, Lai Vung, Châu Thành, Tân Hồng",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_vietnamese_words_are_syllables(sentence):
    for word in sentence.replace(",", " ").split():
        assert is_syllable(word), word
        assert is_syllable(word.upper()) and is_syllable(unicodedata.normalize("NFD", word)), word


@pytest.mark.parametrize(
    "word",
    [
        "Ngaøy", "nhaän", "Höôùng",  # VNI read as Latin-1
        "Ngaứy", "ủụn",  # VNI read as TCVN3
        "ViÖt", "c¸o",  # TCVN3 read as Latin-1
        "café", "schön", "Müller", "Straße", "où", "très", "Zürich",  # foreign
        "hàt", "bạc\u0300",  # a closed syllable with a grave tone; two tones
        "kan", "ghà", "cinh", "ngê",  # k/gh/ngh only before i e ê y; c/ng never
        "NgÀy", "",  # mixed case inside a word
    ],
)
def test_not_syllables(word):
    assert not is_syllable(word)


def test_abbreviations_with_d_stroke():
    assert is_abbreviation("HĐND") and is_abbreviation("ĐBQH") and is_abbreviation("QĐ")
    assert not is_abbreviation("UBND")  # plain ASCII: nothing a legacy reading could have made
    assert not is_abbreviation("Đoàn")
    assert is_vietnamese_word("HĐND") and is_vietnamese_word("tỉnh")
