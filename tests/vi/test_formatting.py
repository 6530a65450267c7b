"""Numbers and sentences in the report's style."""

import pytest

from pipeline.vi.formatting import (
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


# --- the display style (tables, charts, workbook): no padding, one decimal, signed, years named ---

from pipeline.vi.formatting import (  # noqa: E402
    MINUS,
    difference_label,
    format_delta,
    format_delta_with_pct,
    format_pct_change,
    format_share,
    format_signed,
    format_value,
    shown_difference,
)


@pytest.mark.parametrize("value, unit, text", [
    (9, "đơn", "9"), (0, "đơn", "0"), (3372, "lượt", "3.372"), (154_000_000, "đồng", "154.000.000"),
    (0.137, "%", "13,7%"), (0.13, "%", "13,0%"), (27 / 195, "%", "13,8%"), (1.0, "%", "100,0%"),
])
def test_display_values_are_never_zero_padded_and_shares_have_one_decimal(value, unit, text):
    assert format_value(value, unit) == text


def test_signed_differences_use_a_true_minus_and_keep_the_decimal():
    assert format_signed(81) == "+81" and format_signed(-4) == MINUS + "4" == "−4" and format_signed(0) == "0"
    assert format_delta(-26_700_000, "đồng") == "−26.700.000"
    assert format_pct_change(-0.16) == "−16,0%" and format_pct_change(81 / 114) == "+71,1%"
    assert format_pct_change(0) == "0,0%"
    assert format_delta(-0.007, "%") == "−0,7 điểm %" and format_delta(0.02, "%") == "+2,0 điểm %"
    assert format_delta_with_pct(81, 81 / 114, "đơn") == "+81 (+71,1%)"
    assert format_delta_with_pct(0, 0.0, "đơn") == "0"
    assert format_delta_with_pct(-0.007, None, "%") == "−0,7 điểm %"
    assert difference_label(2021, 2020) == "2021 so với 2020"


def test_a_share_change_is_the_difference_of_the_shares_as_shown():
    # 13,0% and 13,7% are shown; the change must read −0,7 điểm %, not the −0,8 of the raw fractions
    value, base = 49 / 378, 49 / 357
    assert (format_share(value), format_share(base)) == ("13,0%", "13,7%")
    assert format_delta(value - base, "%") == "−0,8 điểm %"
    assert format_delta(shown_difference(value, base, "%"), "%") == "−0,7 điểm %"
    assert shown_difference(195, 114, "đơn") == 81


def test_sentences_keep_the_report_style():
    # zero padding and whole percents stay inside report sentences only
    assert comparison_sentence(9, 11, "luật", 2020) == "09 luật (giảm 02 luật so với năm 2020)"
    assert comparison_sentence(0.159, 0.138, "%", 2020, is_share=True) == \
        "chiếm 16% (tăng 02 điểm phần trăm so với năm 2020)"
