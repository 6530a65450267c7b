"""Numbers and sentences in the report's style."""

import pytest

from pipeline.formatting import (
    comparison_sentence,
    format_count,
    format_number,
    format_percent,
    share_phrase,
)


@pytest.mark.parametrize("value, text", [(2, "02"), (0, "0"), (36, "36"), (3372, "3.372"), (21700, "21.700"), (154000000, "154.000.000"), (10, "10")])
def test_counts(value, text):
    assert format_count(value) == text


def test_decimals_and_percent():
    assert format_number(85.5, 1) == "85,5"
    assert format_percent(0.855, 1) == "85,5%"
    assert format_percent(27 / 195) == "14%"
    assert format_percent(0.125) == "13%"  # half up, not banker's rounding
    assert share_phrase(168 / 195) == "chiếm 86%"


@pytest.mark.parametrize(
    "value, base, unit, sentence",
    [
        (195, 114, "đơn", "195 đơn (tăng 81 đơn so với năm 2019)"),
        (18, 23, "lượt", "18 lượt (giảm 05 lượt so với năm 2019)"),
        (12, 12, "cuộc", "12 cuộc (bằng năm 2019)"),
        (3372, None, "lượt cử tri", "3.372 lượt cử tri"),
        (14, 8, "đơn", "14 đơn (tăng 06 đơn so với năm 2019)"),
    ],
)
def test_comparison_sentence(value, base, unit, sentence):
    assert comparison_sentence(value, base, unit, 2019) == sentence
