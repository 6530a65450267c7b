"""How the checker reads numbers the way other offices write them (issue 11, patterns 1, 2, 5, 6).

Each sentence is written for the test; none is copied from a report.
"""

from __future__ import annotations

import pytest

from pipeline.report import infer_year, read
from pipeline.report.figures import CONTEXT_KINDS, units_compatible


def figures(text: str):
    return read(text).figures


def by_printed(text: str) -> dict:
    figs = figures(text)
    return {f.printed: f for f in figs}


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.printed, f.kind) for f in figures(text)]


# --------------------------------------------------------------------------- 1. pairs after a slash


def test_visits_and_people_pair_both_numbers_read():
    f = by_printed("Trong quý đã tiếp 412 lượt/455 lượt người đến kiến nghị.")
    assert (f["412"].value, f["412"].unit, f["412"].role) == (412, "lượt", "pair")
    assert (f["455"].value, f["455"].unit, f["455"].role) == (455, "lượt người", "pair")
    assert f["412"].mate == f["455"].index and f["412"].pair_kind == "visits_people"


def test_second_number_keeps_its_thousands_group():
    figs = figures("Tiếp thường xuyên 1.203 lượt/1.318 người; cùng kỳ 1.020 lượt/1.094 lượt người.")
    assert [(f.printed, f.value) for f in figs] == [
        ("1.203", 1203), ("1.318", 1318), ("1.020", 1020), ("1.094", 1094)]
    assert all(f.kind != "malformed" for f in figs)


def test_done_of_total_is_a_ratio_not_a_reference():
    f = by_printed("Đã giải quyết được 57/64 vụ việc thuộc thẩm quyền.")
    assert f["57"].pair_kind == "ratio" and f["57"].unit == "vụ việc" and f["64"].unit == "vụ việc"
    assert f["57"].total == f["64"].index


def test_unitless_first_member_before_people_is_visits():
    f = by_printed("Trong đó, tiếp thường xuyên 140/162 người; tiếp định kỳ 35 lượt /41 người.")
    assert (f["140"].unit, f["140"].pair_kind) == ("lượt", "visits_people")
    assert (f["35"].unit, f["41"].unit) == ("lượt", "người")


def test_pair_across_a_parenthesis_and_pair_with_voi():
    f = by_printed("Đã giải quyết 41 đơn (30 khiếu nại, 11 tố cáo)/52 đơn. Tiếp 640 lượt với 598 người.")
    assert f["41"].mate == f["52"].index and f["41"].pair_kind == "ratio"
    assert f["640"].mate == f["598"].index and f["640"].pair_kind == "visits_people"


# --------------------------------------------------------------------------- 2. numbers that are not figures


@pytest.mark.parametrize("text, kind", [
    ("Chiều 24.12, Văn phòng họp tổng kết.", "date"),
    ("Chiều 26-1 Đoàn họp.", "date"),
    ("Sáng nay 4-7, kỳ họp khai mạc.", "date"),
    ("Từ ngày 6 - 7.7 tổ chức tiếp xúc.", "date"),
    ("Ngày 19 tháng 10 tiếp xúc cử tri.", "date"),
    ("Nhân Ngày Quốc tế Phụ nữ 8/3 và 1/6, tặng quà.", "date"),
    ("Ngày đăng 08/07/2024, bản cập nhật.", "date"),
    ("Đăng lúc 11:38.", "time"),
    ("Tiếp dân từ 8 giờ 30 đến 11h00.", "time"),
    ("Trong 6 tháng đầu năm, 06 tháng cuối năm và 9 tháng.", "period"),
    ("Kết quả quý 1 và 02 năm liền đạt danh hiệu.", "period"),
    ("Chậm nhất 05 ngày sau khi tiếp công dân.", "period"),
    ("Tiếp xúc cử tri tại xóm 6, tổ 3, khu phố 2 và ấp 4.", "address"),
    ("Theo Báo cáo số 84/BC-TTT và Công văn 265/BDN.", "reference"),
    ("Thực hiện Nghị quyết 51/2017/QH14 và Kết luận 45-CT/TW.", "reference"),
    ("Đoàn đại biểu bầu cử số 2 tiếp xúc.", "reference"),
    ("Tại kỳ họp thứ 9, Quốc hội khóa 15, lần 2.", "ordinal"),
    ("Gửi kèm tệp Bao_cao_2020.docx cho các Ban.", "file"),
    ("Ngày 15.11.2021, Đoàn ban hành lịch tiếp dân tháng 3.2022.", "date"),
    ("Trong các ngày 7,8/5/2021 Đoàn giám sát tại huyện.", "date"),
    ("Từ ngày 14- 19/5 tổ chức tiếp xúc cử tri.", "date"),
])
def test_not_a_figure(text, kind):
    read_as = {k for p, k in kinds(text) if not p.isdigit() or len(p) != 4 or k != "year"}
    assert read_as == {kind}, kinds(text)


def test_context_numbers_are_never_checked_or_flagged():
    figs = figures("Chiều 24.12 tại tổ 3 theo Báo cáo 84/BC-TTT trong 6 tháng đầu năm.")
    assert all(f.kind in CONTEXT_KINDS for f in figs)


def test_restating_a_total_and_settling_for_good_are_counts():
    f = by_printed("Trong số 120 đơn, đã chuyển 70 đơn. Đã giải quyết dứt điểm 38 kiến nghị.")
    assert (f["120"].kind, f["38"].kind) == ("count", "count")


def test_visits_with_people_but_not_visits_with_cases():
    f = by_printed("Đã tiếp 2.150 lượt, với 1.980 người; tiếp 3.100 lượt công dân, với 2406 vụ việc.")
    assert f["2.150"].mate == f["1.980"].index
    assert f["3.100"].mate is None and f["2406"].role == "count"


def test_dong_chi_is_not_money_but_trieu_dong_is():
    f = by_printed("Cử 1 đồng chí tham dự; hỗ trợ 2 triệu đồng; tặng 500.000đ.")
    assert f["1"].kind == "count" and f["1"].unit.startswith("đồng chí")
    assert (f["2"].kind, f["2"].value) == ("money", 2_000_000)
    assert f["500.000"].kind == "money"


def test_floor_number_is_not_a_difference():
    assert by_printed("Họp tại tầng 3 nhà khách.")["3"].kind == "address"


def test_a_days_wage_is_a_count_and_a_plain_number_of_people_is_not_a_year():
    f = by_printed("Ủng hộ 03 ngày lương; có 2000 cử tri dự.")
    assert f["03"].kind == "count" and f["2000"].kind == "count"


# --------------------------------------------------------------------------- 4. roles


def test_second_member_of_a_difference_and_its_owner_in_the_sentence_before():
    f = by_printed("Trong quý đã tiếp 412 lượt/455 lượt người. So với cùng kỳ năm trước giảm 38 lượt tiếp, "
                   "41 lượt người (cùng kỳ năm 2019: 450 lượt/496 lượt người).")
    d1, d2 = f["giảm 38 lượt tiếp"], f["41 lượt người"]
    assert (d1.role, d2.role, d1.delta_sign, d2.delta_sign) == ("difference", "difference", -1, -1)
    assert (d1.owner, d2.owner) == (f["412"].index, f["455"].index)
    assert (f["450"].role, f["496"].role, f["450"].base_year) == ("same_period", "same_period", 2019)
    assert (d1.base, d2.base) == (f["450"].index, f["496"].index)
    assert d1.same_period and d1.base_ref == "previous"


def test_percentage_change_is_not_a_share():
    f = by_printed("Đã tiếp 5.500 lượt công dân, tăng 9,5% so với cùng kỳ năm 2019.")
    pct = f["tăng 9,5% so với cùng kỳ năm 2019"]
    assert (pct.kind, pct.role, pct.unit, pct.value, pct.owner) == ("delta", "pct_change", "%", 9.5, f["5.500"].index)


def test_owner_skips_a_closed_parenthesis():
    f = by_printed("Tiếp nhận 1.240 đơn (tồn 30 đơn, mới 1.210 đơn), tăng 40 đơn so với cùng kỳ (cùng kỳ 1.200 đơn).")
    assert f["tăng 40 đơn so với cùng kỳ"].owner == f["1.240"].index and f["1.200"].role == "same_period"


def test_remainder_and_its_done_and_total():
    f = by_printed("Đã giải quyết 45/60 vụ việc, còn lại 15 vụ việc. Tiếp nhận 120 vụ việc; đã giải quyết 85 vụ việc, "
                   "còn 35 vụ việc đang giải quyết. Giải quyết 21/30 vụ việc, 9 vụ còn lại.")
    assert (f["15"].role, f["15"].done, f["15"].total) == ("remainder", f["45"].index, f["60"].index)
    assert (f["35"].role, f["35"].done, f["35"].total) == ("remainder", f["85"].index, f["120"].index)
    assert (f["9"].role, f["9"].total) == ("remainder", f["30"].index)


def test_also_is_not_a_remainder():
    assert by_printed("Văn phòng còn tham mưu tổ chức 02 cuộc hội nghị.")["02"].role == "count"


def test_share_of_a_ratio():
    f = by_printed("Đã có 180/200 kiến nghị được trả lời, đạt 90%.")
    assert (f["90%"].owner, f["90%"].whole) == (f["180"].index, f["200"].index)


# --------------------------------------------------------------------------- 5. ratios are not dates


def test_done_total_recommendations_are_not_dates():
    f = by_printed("Đã thực hiện xong 01/08 kiến nghị, 03/04 kiến nghị đang thực hiện.")
    assert [(p, f[p].kind, f[p].pair_kind) for p in ("01", "08", "03", "04")] == [
        ("01", "count", "ratio"), ("08", "count", "ratio"), ("03", "count", "ratio"), ("04", "count", "ratio")]


# --------------------------------------------------------------------------- 6. linking


def test_qualifier_of_the_previous_clause_does_not_leak():
    f = by_printed("Trong năm đã tiếp 60 lượt công dân, trong đó tiếp định kỳ 20 lượt; số vụ việc mới 35 vụ việc.")
    assert f["35"].indicator == "reception.cases"


def test_an_item_opening_its_clause_keeps_the_sentence_words():
    f = by_printed("Đăng tải trên trang thông tin 120 văn bản; 45 tin hoạt động.")
    assert (f["120"].indicator, f["45"].indicator) == ("web.documents", "web.news")


def test_one_body_indicators_are_tried_when_no_office_is_named():
    f = by_printed("Trong năm đã tổ chức 4 kỳ họp.")
    assert (f["4"].indicator, f["4"].body) == ("council.sessions", "hdnd")


def test_being_processed_is_not_handled_and_replies_received_are_not_answers():
    f = by_printed("Đã chuyển 12 đơn, đang xử lý 7 đơn, lưu 9 đơn. Nhận 6 văn bản trả lời của các cơ quan.")
    assert f["7"].indicator is None
    assert f["6"].indicator == "petitions.results_received"


def test_units_compatible():
    assert units_compatible("lượt công dân", "lượt") and units_compatible("đơn", "đơn thư")
    assert units_compatible("người", "lượt người")
    assert not units_compatible("lượt công dân", "lượt người")
    assert not units_compatible("vụ việc KN", "vụ việc TC")
    assert not units_compatible("lượt", "lượt người")


# --------------------------------------------------------------------------- the year


def test_year_from_the_text_not_from_the_date_line_or_the_plan():
    text = ("Hà Nội, ngày 05 tháng 01 năm 2022\n\nBÁO CÁO kết quả công tác năm 2021\n\n"
            "Trong năm 2021 đã tiếp 30 lượt, tăng 5 lượt so với năm 2020. Phương hướng năm 2022: …")
    assert infer_year(text) == 2021
    assert infer_year("Không có năm nào ở đây.") is None


def test_year_of_a_six_month_report_that_cites_the_same_period_before():
    # a real six-month report names its base period as often as its own, in parentheses
    text = ("Kết quả 6 tháng đầu năm 2022\n\nTrong 6 tháng đầu năm 2022 đã tiếp 50 lượt/61 người, giảm 10 lượt "
            "so với cùng kỳ (6 tháng đầu năm 2021 đã tiếp 60 lượt/70 người). Đoàn đông người giảm 02 đoàn "
            "(quý I năm 2021 có 03 đoàn).")
    assert infer_year(text) == 2022
    assert infer_year("Năm 2020 tiếp 5 lượt. Năm 2019 tiếp 4 lượt.") == 2020  # a tie: the later year
