"""draft_templates.toml: loaded and checked through specset like every spec, an office's merged over the package's."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.draft.templates import Piece, parse_sentence
from pipeline.specs.load import SpecError, load_specs, package_specs


def local(tmp_path, text: str):
    folder = tmp_path / "specs"
    folder.mkdir(exist_ok=True)
    (folder / "draft_templates.toml").write_text(text, encoding="utf-8")
    return folder


def problems(tmp_path, text: str) -> list[str]:
    with pytest.raises(SpecError) as err:
        load_specs(local(tmp_path, text))
    return err.value.problems


def test_the_package_templates_load_with_a_section_per_office_and_the_merged_office():
    templates = package_specs().draft_templates
    assert [s.body for s in templates.sections_for(2020)] == ["doan-dbqh", "hdnd"]
    assert [s.body for s in templates.sections_for(2021)] == ["doan-dbqh", "hdnd", "all"]
    assert templates.groups["awards-dbqh"].in_period("year") and not templates.groups["awards-dbqh"].in_period("h1")


def test_a_sentence_is_text_figures_and_the_reports_own_words():
    assert parse_sentence("Trong {period}, đã nhận được {petitions.received:compare}.") == (
        Piece(text="Trong "), Piece(variable="period"), Piece(text=", đã nhận được "),
        Piece(indicator="petitions.received", form="compare"), Piece(text="."))


def test_an_office_changes_the_wording_of_one_group_and_adds_a_section(tmp_path):
    specs = load_specs(local(tmp_path, """
[groups.reception-hdnd]
sentences = ["Đã tiếp {reception.visits} công dân; tiếp nhận {petitions.received:compare}."]

[groups.my-web]
heading = "Trang tin"
sentences = ["Đăng tải {web.news} tuyên truyền."]

[sections.extra]
heading = "Văn phòng HĐND Tỉnh (trang tin)"
body = "hdnd"
groups = ["my-web"]
"""))
    group = specs.draft_templates.groups["reception-hdnd"]
    assert group.heading == "Công tác tiếp công dân, tiếp nhận và xử lý đơn, thư của công dân"  # kept
    assert [p.indicator for p in group.sentences[0][0] if p.indicator] == ["reception.visits", "petitions.received"]
    assert specs.draft_templates.sections[-1].id == "extra"
    assert any(name.endswith("specs/draft_templates.toml") for name in specs.local_files)


def test_a_file_saved_in_nfd_reads_as_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", '[groups.web]\nheading = "Công tác thông tin"\n')
    specs = load_specs(local(tmp_path, nfd))
    assert specs.draft_templates.groups["web"].heading == unicodedata.normalize("NFC", "Công tác thông tin")


def test_the_wording_does_not_make_a_run_stale(tmp_path):
    before = load_specs(local(tmp_path, '[groups.web]\nheading = "Thông tin"\n')).fingerprint
    after = load_specs(local(tmp_path, '[groups.web]\nheading = "Công tác thông tin"\n')).fingerprint
    assert before == after


def test_every_problem_is_one_line_naming_file_table_and_sentence(tmp_path):
    found = problems(tmp_path, """
[groups.web]
sentences = ["Đăng {web.documnets} và {web.news:so} tin {petitions.handled_share:compare} {period:x}", "{oops"]
periods = ["h3"]

[sections.doan-dbqh]
body = "quochoi"
groups = ["laws", "voter-dbqh"]
from_year = "2021"

[widgets]
x = 1
""")
    name = f"{tmp_path}/specs/draft_templates.toml"
    assert found == [
        f"{name}: bảng [widgets] không có: chỉ được [document], [sections.*], [groups.*]",
        f"{name} › [groups.web] › câu 1: «{{web.documnets}}»: chỉ tiêu «web.documnets» không có trong indicators.csv; "
        "có phải «web.documents»?",
        f"{name} › [groups.web] › câu 1: «{{web.news:so}}»: dạng «so» không có; chỉ được {{web.news}}, "
        "{web.news:number}, {web.news:compare}, {web.news:change}",
        f"{name} › [groups.web] › câu 1: «{{petitions.handled_share:compare}}»: tỷ lệ chưa so sánh được giữa hai năm; "
        "dùng {petitions.handled_share} và so sánh số đếm của nó",
        f"{name} › [groups.web] › câu 1: «{{period:x}}»: {{period}} không có dạng sau dấu hai chấm",
        f"{name} › [groups.web] › câu 2: dấu ngoặc nhọn không khớp trong «{{oops…»: mỗi chỗ điền số là {{mã chỉ tiêu}}",
        f"{name} › [groups.web]: kỳ «h3» không có trong periods.csv",
        f"{name} › [sections.doan-dbqh]: body «quochoi» phải là một trong doan-dbqh, hdnd, all",
        f"{name} › [sections.doan-dbqh]: mặt công tác «voter-dbqh» không có [groups.voter-dbqh]; có phải «voters-dbqh»?",
        f"{name} › [sections.doan-dbqh]: from_year phải là một năm, ví dụ 2021 (không có ngoặc kép)",
    ]


def test_a_misspelt_key_and_a_missing_heading_are_named(tmp_path):
    found = problems(tmp_path, """
[groups.new-area]
sentence = ["Có {web.news}."]

[document]
titel = "BÁO CÁO"
placeholder = "[thiếu {labels}]"
""")
    name = f"{tmp_path}/specs/draft_templates.toml"
    assert found[0] == f"{name} › [document] › placeholder: «{{labels}}» không dùng được ở đây; chỉ được {{label}}"
    assert found[1].startswith(f"{name} › [document]: khoá «titel» không có; có phải «title»?; chỉ được: title, ")
    assert found[2] == (f"{name} › [groups.new-area]: khoá «sentence» không có; có phải «sentences»?; "
                        "chỉ được: heading, sentences, periods")
    assert found[3].startswith(f"{name} › [groups.new-area]: thiếu heading")
    assert found[4].startswith(f"{name} › [groups.new-area]: sentences phải là danh sách")
    assert len(found) == 5


def test_a_toml_syntax_error_is_the_usual_spec_error(tmp_path):
    found = problems(tmp_path, '[groups.web]\nheading = "không đóng ngoặc\n')
    assert len(found) == 1 and "draft_templates.toml: sai cú pháp TOML" in found[0]


def test_the_cli_stops_on_a_bad_template_before_any_work(tmp_path, capsys, monkeypatch):
    from pipeline.cli import main

    folder = local(tmp_path, '[groups.web]\nsentences = ["{web.nope}"]\n')
    monkeypatch.setenv("VP_SPECS_DIR", str(folder))  # what --specs sets for the process; undone after the test
    assert main(["draft", "--year", "2020", "--specs", str(folder), "--out", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("lỗi đặc tả: ") and "web.nope" in err[0]
