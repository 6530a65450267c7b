"""Composing the draft from templates and a small table of figures: the report's number style, placeholders,
sentences of zeros, and the other wording chosen when the checker would not agree."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.draft.agree import check_draft, disagreements, settle
from pipeline.draft.compose import Figures, compose
from pipeline.draft.templates import load_templates
from pipeline.report.published import period_by_id
from pipeline.specs.load import package_specs
from pipeline.specs.periods import YEAR

SPECS = package_specs()
PERIODS = {p.id: p for p in SPECS.periods}


def templates(groups: dict, body: str = "doan-dbqh"):
    problems: list[str] = []
    catalogue = SPECS.catalogue.table
    shares = set(catalogue.loc[catalogue["aggregation"] == "share", "indicator"])
    data = {"sections": {"s": {"heading": "Văn phòng Đoàn ĐBQH Tỉnh", "body": body, "groups": list(groups)}},
            "groups": {gid: {"heading": heading, "sentences": sentences} for gid, (heading, sentences) in groups.items()}}
    built = load_templates({}, data, "pkg", "local", set(catalogue["indicator"]), shares, set(PERIODS), problems)
    assert not problems, problems
    return built


def figures(rows, year_only=()):
    table = pd.DataFrame(rows, columns=["year", "body", "indicator", "value", "unit_vi"]).assign(label_vi="")
    registers = {r.name: r.label_vi for r in SPECS.schema.registers.values()}
    return Figures(table, SPECS.catalogue.table, registers, set(year_only))


PETITIONS = [
    (2020, "doan-dbqh", "petitions.received", 195, "đơn"), (2019, "doan-dbqh", "petitions.received", 114, "đơn"),
    (2020, "doan-dbqh", "petitions.handled", 27, "đơn"), (2020, "doan-dbqh", "petitions.handled_share", 27 / 195, "%"),
    (2020, "doan-dbqh", "voters.attendance", 3372, "lượt cử tri"), (2020, "doan-dbqh", "petitions.guided", 3, "văn bản"),
]


def test_numbers_are_written_the_way_the_report_prints_them():
    t = templates({"p": ("Công tác tiếp công dân", [
        "Đã nhận được {petitions.received:compare}.",
        "Văn phòng đã tham mưu xem xét {petitions.handled}, {petitions.handled_share}; ban hành {petitions.guided} hướng dẫn.",
        "Tiếp xúc cử tri với {voters.attendance} tham dự, tức {voters.attendance:number}.",
    ])})
    draft = compose(t, figures(PETITIONS), 2020, 2019, PERIODS[YEAR])
    area = next(b.text for b in draft.blocks if b.kind == "area")
    assert area == ("- Công tác tiếp công dân: Đã nhận được 195 đơn (tăng 81 đơn so với năm 2019). Văn phòng đã "
                    "tham mưu xem xét 27 đơn, chiếm 14%; ban hành 03 văn bản hướng dẫn. Tiếp xúc cử tri với 3.372 "
                    "lượt cử tri tham dự, tức 3.372.")
    assert [b.kind for b in draft.blocks] == ["title", "subtitle", "note", "part", "section", "area"]
    assert all(draft.text[f.start:f.end] == f.text for f in draft.figures)  # offsets are the checker's


def test_a_part_of_the_year_compares_with_the_same_period():
    rows = [(2020, "doan-dbqh", "petitions.received", 107, "đơn"), (2019, "doan-dbqh", "petitions.received", 110, "đơn")]
    t = templates({"p": ("Đơn thư", ["Trong {period}, đã nhận được {petitions.received:compare}."])})
    draft = compose(t, figures(rows), 2020, 2019, PERIODS["h1"])
    assert "Trong 6 tháng đầu năm 2020, đã nhận được 107 đơn (giảm 03 đơn so với cùng kỳ năm 2019)." in draft.text
    assert draft.blocks[1].text == "Kết quả công tác 6 tháng đầu năm 2020"
    assert "từ ngày 01/01/2020 đến ngày 30/06/2020" in draft.blocks[2].text


def test_a_figure_without_data_is_a_visible_placeholder_listed_at_the_end():
    t = templates({"p": ("Công tác", [
        "Đã xem xét {petitions.handled}, lấy ý kiến {laws.consulted}.",
        "Lấy ý kiến {laws.consulted} và {laws.by_conference}.",
    ])})
    draft = compose(t, figures(PETITIONS[2:], year_only={(2020, "doan-dbqh", "laws.consulted")}), 2020, 2019,
                    PERIODS["h1"])
    text = draft.text
    assert "Đã xem xét 27 đơn, lấy ý kiến [chưa có số liệu: Số dự án luật đã lấy ý kiến]." in text
    assert ("[Chưa có số liệu 6 tháng đầu năm 2020: Số dự án luật đã lấy ý kiến; "
            "Số luật lấy ý kiến tại hội nghị].") in text  # a sentence with no figure is one mark
    part = text[text.index("II. SỐ LIỆU CHƯA CÓ"):]
    assert "Số dự án luật đã lấy ý kiến (laws.consulted) — sổ «Lấy ý kiến dự án luật» không ghi ngày" in part
    assert "Số luật lấy ý kiến tại hội nghị (laws.by_conference) — không có sổ «Lấy ý kiến dự án luật» năm 2020" in part
    read = check_draft(draft, figures(PETITIONS).table, set())  # the checker reads this part too: no figure in it
    assert read[read["offset"] >= text.index("II. SỐ LIỆU CHƯA CÓ")].empty
    assert len(draft.written) == 1 and len(draft.missing) == 3
    marks = [r.text for b in draft.blocks for r in b.runs if r.placeholder]  # highlighted in Word
    assert len(marks) == 2 and marks[0] == "[chưa có số liệu: Số dự án luật đã lấy ý kiến]"


def test_a_comparison_without_the_base_year_is_a_placeholder():
    t = templates({"p": ("Đơn", ["Đã nhận {petitions.handled:compare}; ({petitions.handled:change})."])})
    draft = compose(t, figures(PETITIONS), 2020, 2019, PERIODS[YEAR])
    assert "Đã nhận 27 đơn ([chưa có số liệu năm 2019 để so sánh]); ([chưa có số liệu năm 2019 để so sánh])." in draft.text
    assert "không so sánh được với năm 2019" in draft.text


def test_a_sentence_of_zeros_is_left_out_and_listed():
    rows = [(2020, "doan-dbqh", "oversight.thematic", 0, "chuyên đề"),
            (2020, "doan-dbqh", "oversight.recommendations", 0, "kiến nghị"), *PETITIONS]
    t = templates({"o": ("Công tác giám sát", ["Giám sát {oversight.thematic}, có {oversight.recommendations}."]),
                   "p": ("Đơn", ["Đã nhận được {petitions.received}."])})
    draft = compose(t, figures(rows), 2020, 2019, PERIODS[YEAR])
    assert "Công tác giám sát:" not in draft.text.split("II.")[0]  # its only sentence is gone, and so is it
    assert "- Văn phòng Đoàn ĐBQH Tỉnh › Công tác giám sát: Số chuyên đề giám sát (oversight.thematic); " in draft.text
    assert "bằng không trong năm 2020" in draft.text and len(draft.omitted) == 2


RECEPTION = [  # 29 cases: 19 at the office, 09 periodic, one ad hoc
    (2020, "doan-dbqh", "reception.cases", 29, "vụ việc"), (2020, "doan-dbqh", "reception.office.cases", 19, "vụ việc"),
    (2020, "doan-dbqh", "reception.periodic.cases", 9, "vụ việc"),
]


@pytest.mark.parametrize("cases, wording", [(28, 0), (29, 1)])
def test_the_checker_decides_between_the_wordings(cases, wording):
    rows = [(y, b, i, cases if i == "reception.cases" else v, u) for y, b, i, v, u in RECEPTION]
    t = templates({"r": ("Tiếp công dân", [[
        "Đã tiếp công dân về {reception.cases}, trong đó: tại Trụ sở {reception.office.cases}; định kỳ {reception.periodic.cases}.",
        "Đã tiếp công dân về {reception.cases}. Tại Trụ sở {reception.office.cases}; định kỳ {reception.periodic.cases}.",
    ]])})
    table = pd.DataFrame(rows, columns=["year", "body", "indicator", "value", "unit_vi"])
    draft, result = settle(lambda choice: compose(t, figures(rows), 2020, 2019, PERIODS[YEAR], choice),
                           lambda d: check_draft(d, table, set()))
    assert ("trong đó" in draft.text) == (wording == 0)
    assert draft.reviews == [] and set(result["status"]) == {"khớp"}


def test_what_the_checker_cannot_read_is_kept_for_review():
    rows = [(2020, "doan-dbqh", "petitions.received", 195, "đơn")]
    t = templates({"p": ("Đơn", ["Có {petitions.received:number} cái, và 12 cái khác."])})
    table = pd.DataFrame(rows, columns=["year", "body", "indicator", "value", "unit_vi"])
    draft = compose(t, figures(rows), 2020, 2019, PERIODS[YEAR])
    reviews = disagreements(draft, check_draft(draft, table, set()))
    assert [r.message.split(":")[0] for r in reviews] == ["«195» (petitions.received)", "số «12» không do mẫu câu điền"]
    assert all(r.sentence == ("s", "p", 0) for r in reviews)


def test_period_ids_come_from_the_specs():
    assert period_by_id("nd09.h1", SPECS.periods).bounds(2020)[0].isoformat() == "2019-12-15"
