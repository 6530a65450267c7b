"""A short report written for this test, with the slips real reports make, each planted once.

Checked against itself (no data): the clean version raises no alarm, and each slip is
caught by the check meant for it, alone or all six together.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.report import STATUS_INTERNAL, STATUS_MALFORMED, STATUS_MATCH, check_report

REPORT = """BÁO CÁO
Kết quả công tác năm 2022

I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ

1. Công tác tiếp công dân

Trong năm 2022, Văn phòng đã tham mưu tiếp 84 lượt công dân/97 người; trong đó, tiếp thường xuyên 60 lượt/68 người; tiếp định kỳ 24 lượt/29 người. So với năm trước tăng {visits_up} lượt tiếp, 15 lượt người (năm 2021: 72 lượt/82 người).

2. Công tác xử lý đơn thư

Đã tiếp nhận 150 đơn, trong đó chuyển 40 đơn, hướng dẫn 20 đơn, lưu {archived} đơn theo quy định.

Trong năm, nhận được 80 đơn thuộc thẩm quyền; Văn phòng đã tham mưu xem xét 32 đơn, chiếm {share}%.

Đã giải quyết 45/60 vụ việc, đạt 75%, còn lại {left} vụ việc đang xác minh.

3. Công tác giám sát

Tổ chức 6 cuộc giám sát, trong đó {thematic} cuộc giám sát chuyên đề.

4. Công tác an sinh

Hỗ trợ các gia đình chính sách số tiền {money} đồng.
"""

CLEAN = dict(visits_up="12", archived="90", share="40", left="15", thematic="4", money="12.500.000")
SLIPS = {
    "difference": (dict(visits_up="14"), "chênh lệch với cùng kỳ", "tăng 14 lượt tiếp"),  # 84 − 72 = 12
    "sum": (dict(archived="95"), "tổng và các phần", "150"),  # 40 + 20 + 95 = 155
    "share": (dict(share="45"), "tỷ lệ", "45%"),  # 32 / 80 = 40%
    "remainder": (dict(left="12"), "số còn lại", "12"),  # 60 − 45 = 15
    "part over total": (dict(thematic="8"), "tổng và các phần", "6"),  # 8 of 6
    "malformed": (dict(money="12.500.00"), "", "12.500.00"),
}


def alarms(**changes) -> pd.DataFrame:
    res = check_report(REPORT.format(**{**CLEAN, **changes}), None, 2022)
    return res[res["status"].isin([STATUS_INTERNAL, STATUS_MALFORMED])].reset_index(drop=True)


def test_clean_report_raises_no_alarm_and_confirms_its_sums():
    res = check_report(REPORT.format(**CLEAN), None, 2022)
    assert res[res["status"].isin([STATUS_INTERNAL, STATUS_MALFORMED])].empty
    confirmed = res[(res["row_type"] == "internal") & (res["status"] == STATUS_MATCH)]
    assert set(confirmed["check"]) == {"tổng và các phần", "chênh lệch với cùng kỳ", "tỷ lệ", "số còn lại"}
    assert len(confirmed) >= 8


@pytest.mark.parametrize("slip", SLIPS)
def test_each_slip_alone_is_caught_by_its_check(slip):
    changes, check, printed = SLIPS[slip]
    found = alarms(**changes)
    assert len(found) == 1, found[["printed", "check", "note"]]
    assert found.loc[0, "printed"] == printed
    assert found.loc[0, "check"] == check or (check == "" and found.loc[0, "status"] == STATUS_MALFORMED)


def test_all_six_slips_together_six_alarms():
    changes = {k: v for slip in SLIPS.values() for k, v in slip[0].items()}
    found = alarms(**changes)
    assert sorted(found["printed"]) == sorted(p for _, _, p in SLIPS.values())
    notes = " | ".join(found["note"])
    assert "84 − 72 = 12" in notes and "40 + 20 + 95 = 155, khác 150" in notes and "32 / 80 = 40%" in notes
    assert "60 − 45 = 15, không phải 12" in notes and "Phần 8 lớn hơn tổng 6" in notes and "12.500.000" in notes
