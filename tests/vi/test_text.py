"""Tests for pipeline.vi.text: normalisation keys and scrubbing (legacy fonts: test_legacy_text.py)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.vi.text import (
    REDACTED,
    category_key,
    fold,
    header_key,
    nfc,
    scrub_text,
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
