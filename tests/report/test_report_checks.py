"""The report checked against itself (issue 11, patterns 3, 4, 5) and never crashing.

Each sentence is written for the test; none is copied from a report.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.report import STATUS_INTERNAL, STATUS_MATCH, check_report
from pipeline.report import checks as registry


def internal(text: str, indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    res = check_report(text, indicators, 2020)
    return res[res["row_type"] == "internal"].reset_index(drop=True)


def one(text: str, check: str) -> pd.Series:
    rows = internal(text)
    rows = rows[rows["check"] == check]
    assert len(rows) == 1, rows[["printed", "status", "note"]]
    return rows.iloc[0]


def alarms(text: str) -> pd.DataFrame:
    res = check_report(text, None, 2020)
    return res[res["status"].isin([STATUS_INTERNAL, "sai định dạng"])]


# --------------------------------------------------------------------------- 3. "trong đó" scope


def test_list_belongs_to_the_nearest_total_not_every_total_with_the_same_noun():
    text = "Có 12 đơn không đủ điều kiện và 9 đơn đủ điều kiện, trong đó: chuyển 05 đơn, trả lời 03 đơn, hướng dẫn 01 đơn."
    rows = internal(text)
    assert rows[["printed", "status"]].values.tolist() == [["9", STATUS_MATCH]]


def test_overlap_the_text_explains_is_a_note_not_an_alarm():
    text = ("Có 9 đơn đủ điều kiện, trong đó: chuyển 05 đơn, trả lời 03 đơn, hướng dẫn 02 đơn "
            "(có một đơn vừa được chuyển vừa được trả lời).")
    row = one(text, "tổng và các phần")
    assert row["status"] == STATUS_MATCH and "giải thích phần trùng" in row["note"] and "hơn 9 là 01" in row["note"]
    assert alarms(text).empty


def test_the_same_overlap_unexplained_is_an_alarm():
    row = one("Có 9 đơn đủ điều kiện, trong đó: chuyển 05 đơn, trả lời 03 đơn, hướng dẫn 02 đơn.", "tổng và các phần")
    assert row["status"] == STATUS_INTERNAL and "05 + 03 + 02 = 10, khác 9" in row["note"]


def test_an_explanatory_parenthesis_is_not_a_list_to_count():
    text = "Hướng dẫn 02 đơn (có một đơn nhiều nội dung nên vừa chuyển, vừa trả lời công dân)."
    assert internal(text).empty


def test_list_goes_on_in_the_next_clauses_that_start_alike_and_pairs_split_by_unit():
    text = ("Đã tiếp 1.250 lượt công dân; trong đó, tiếp thường xuyên 900 lượt/1.010 người; tiếp định kỳ "
            "350 lượt/420 người; vụ việc mới 700 vụ việc.")
    row = one(text, "tổng và các phần")
    assert row["status"] == STATUS_MATCH and "900 + 350 = 1.250" in row["note"]


def test_trong_do_opening_a_sentence_takes_the_totals_of_the_sentence_before():
    text = "Trong tháng, tiếp 300 lượt công dân/340 người. Trong đó, tiếp thường xuyên 200/225 người; tiếp định kỳ 100 lượt/115 người."
    rows = internal(text)
    assert sorted(rows["note"]) == ["Tổng các phần 200 + 100 = 300, bằng 300", "Tổng các phần 225 + 115 = 340, bằng 340"]


def test_a_list_in_a_new_paragraph_is_not_given_to_the_paragraph_before():
    text = "Phát sinh 290 vụ việc.\n\nTrong đó: đã giải quyết được 250/320 vụ việc."
    assert internal(text)[lambda r: r["check"] == "tổng và các phần"].empty


def test_a_parenthesis_that_adds_up_to_the_grand_total_instead_of_its_subtotal():
    text = ("Tiếp nhận 2.000 đơn, trong đó đơn không đủ điều kiện là 300 đơn; đơn đủ điều kiện là 1.700 đơn "
            "(khiếu nại 100, tố cáo 200 và kiến nghị 1.700 đơn).")
    rows = internal(text).set_index("printed")
    assert rows.loc["2.000", "status"] == STATUS_MATCH
    assert rows.loc["1.700", "status"] == STATUS_INTERNAL and "100 + 200 + 1.700 = 2.000, khác 1.700" in rows.loc["1.700", "note"]


def test_breakdown_in_parentheses_with_other_nouns():
    assert one("Có 221 đơn (196 khiếu nại, 25 tố cáo) thuộc thẩm quyền.", "tổng và các phần")["status"] == STATUS_MATCH


# --------------------------------------------------------------------------- 4. checks that never ran


TWO_YEARS = ("Trong quý đã tiếp 412 lượt/455 lượt người. So với cùng kỳ năm trước giảm {a} lượt tiếp, "
             "{b} lượt người (cùng kỳ năm 2019: 450 lượt/496 lượt người).")


def test_differences_with_the_owner_in_the_sentence_before_and_the_second_member():
    rows = internal(TWO_YEARS.format(a="38", b="41"))
    assert rows["status"].tolist() == [STATUS_MATCH, STATUS_MATCH]
    assert "412 − 450 = −38" in rows.loc[0, "note"] and "455 − 496 = −41" in rows.loc[1, "note"]


def test_a_wrong_second_member_is_caught():
    rows = internal(TWO_YEARS.format(a="38", b="45"))
    assert rows["status"].tolist() == [STATUS_MATCH, STATUS_INTERNAL]
    assert rows.loc[1, "expected_printed"] == "giảm 41"


def test_percentage_change_against_the_same_period():
    ok = "Đã tiếp 5.500 lượt công dân, tăng 10% so với cùng kỳ (cùng kỳ năm 2019: 5.000 lượt công dân)."
    assert one(ok, "chênh lệch với cùng kỳ")["status"] == STATUS_MATCH
    bad = one(ok.replace("10%", "12%"), "chênh lệch với cùng kỳ")
    assert bad["status"] == STATUS_INTERNAL and bad["expected_printed"] == "tăng 10%"


def test_percentage_change_without_a_base_is_not_an_alarm():
    assert alarms("Tiếp nhận 870 đơn, tăng 7,5% so với cùng kỳ năm 2019.").empty


@pytest.mark.parametrize("share, status", [("75%", STATUS_MATCH), ("80%", STATUS_INTERNAL)])
def test_dat_ty_le_share_of_a_done_total_pair(share, status):
    row = one(f"Đã giải quyết 45/60 vụ việc, đạt tỷ lệ {share}.", "tỷ lệ")
    assert row["status"] == status and "45 / 60 = 75%" in row["note"]


@pytest.mark.parametrize("left, status", [("15", STATUS_MATCH), ("20", STATUS_INTERNAL)])
def test_remainder(left, status):
    row = one(f"Đã giải quyết 45/60 vụ việc, còn lại {left} vụ việc đang xác minh.", "số còn lại")
    assert row["status"] == status and row["expected_printed"] == "15"


def test_remainder_of_a_total_in_the_clause_before():
    row = one("Tiếp nhận 120 vụ việc; đã giải quyết 85 vụ việc, còn 35 vụ việc đang giải quyết.", "số còn lại")
    assert row["status"] == STATUS_MATCH and "120 − 85 = 35" in row["note"]


def test_share_and_remainder_that_agree_on_another_done_figure_point_at_the_typo():
    rows = internal("Đã giải quyết 204/300 vụ việc, đạt tỷ lệ 90%, còn lại 30 vụ việc.").set_index("check")
    assert rows.loc["tỷ lệ", "status"] == STATUS_INTERNAL
    assert "có thể 204 là số gõ nhầm" in rows.loc["số còn lại", "note"]


def test_done_above_total():
    assert one("Đã giải quyết 40/35 vụ việc.", "đã làm / tổng số")["status"] == STATUS_INTERNAL


def test_whole_of_a_share_in_an_earlier_paragraph_with_the_same_unit():
    text = "Có 527 vụ việc khiếu nại và 46 vụ việc tố cáo.\n\nĐã giải quyết xong 376 vụ việc khiếu nại, đạt 71,3%; 35 vụ việc tố cáo, đạt 76%."
    rows = internal(text)
    assert rows["status"].tolist() == [STATUS_MATCH, STATUS_MATCH]
    assert "35 / 46" in rows.loc[1, "note"]


# --------------------------------------------------------------------------- 5. rounding


@pytest.mark.parametrize("printed, status", [
    ("85,56%", STATUS_MATCH),  # 83/97 = 85,567% cut
    ("85,57%", STATUS_MATCH),  # rounded
    ("85,6%", STATUS_MATCH),
    ("85,4%", STATUS_INTERNAL),
    ("86%", STATUS_MATCH),
    ("84%", STATUS_INTERNAL),
])
def test_share_within_one_unit_of_the_last_printed_digit(printed, status):
    row = one(f"Đã giải quyết 83/97 vụ việc, đạt {printed}.", "tỷ lệ")
    assert row["status"] == status, row["note"]


@pytest.mark.parametrize("share", ["đạt gần 97%", "đạt trên 90%", "đạt khoảng 95%"])
def test_an_approximate_share_is_not_checked(share):
    text = f"Tiếp nhận 2.400 đơn, trong đó đủ điều kiện 2.100 đơn; đã giải quyết 1.650 đơn thuộc thẩm quyền, {share}."
    assert internal(text)[lambda r: r["check"] == "tỷ lệ"].empty


def test_a_cut_share_says_so():
    assert "cắt bớt" in one("Đã giải quyết 83/97 vụ việc, đạt 85,56%.", "tỷ lệ")["note"]


# --------------------------------------------------------------------------- never crash


def test_share_of_the_first_figure_of_a_paragraph_does_not_crash():
    # pandas' string dtype once made this raise "operation 'and_' not supported for dtype 'str' with dtype 'bool'"
    res = check_report("Văn phòng đã xem xét 27 đơn, chiếm 14%.", None, 2020)
    assert "14%" in res["printed"].tolist()


def test_a_failing_check_becomes_a_note_and_the_table_is_still_written(monkeypatch):
    def boom(ctx, item):
        raise RuntimeError("hỏng")

    items = lambda ctx: [registry.Item(f, f) for f in ctx.figures if f.printed == "27"]  # noqa: E731
    monkeypatch.setattr(registry, "CHECKS", [*registry.CHECKS, registry.Check("thử", items, boom)])
    res = check_report("Đã nhận 195 đơn. Văn phòng đã xem xét 27 đơn, chiếm 14%.", None, 2020)
    row = res[res["printed"] == "27"].iloc[0]
    assert "Không kiểm tra được (thử): RuntimeError: hỏng" in row["note"]
    assert (res["check"] == "tỷ lệ").any()


@pytest.mark.parametrize("text", [
    "", "   \n\n", "12", "(((", "Trong đó:", "trong đó 5", "giảm , tăng", "còn lại", "5/0 vụ việc, đạt 10%",
    "0 đơn, chiếm 50%", "Đã giải quyết 0/0 vụ việc, đạt 0%, còn lại 0 vụ việc.", "tăng 5% so với cùng kỳ (cùng kỳ: 0 đơn)",
    "1.2.3.4 đơn; 99999999999999999999 lượt", "I. A\n\nIII. B\n\nXL. C", "¹ chú thích mồ côi",
])
def test_odd_text_never_crashes(text):
    res = check_report(text, None, 2020)
    assert not res["note"].astype(str).str.contains("Không kiểm tra được").any()
