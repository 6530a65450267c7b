"""The report checker: number and phrase extraction, body detection, linking, a small
report with one planted error of each kind, reading .docx and the command's main()."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.report import (
    RESULT_COLUMNS,
    STATUS_INTERNAL,
    STATUS_MALFORMED,
    STATUS_MATCH,
    STATUS_MISMATCH,
    ReportError,
    check_report,
    extract_figures,
    fold,
    link_figures,
    load_catalogue,
    load_links,
    main,
    read_report,
)
from pipeline.report.figures import CONTEXT_KINDS


def checked(text: str) -> pd.DataFrame:
    """The figures a reader compares (no years, dates, periods, addresses, symbols, ordinals…)."""
    figs = extract_figures(text)
    return figs[~figs["kind"].isin(CONTEXT_KINDS)].reset_index(drop=True)


def one(text: str, printed: str) -> pd.Series:
    figs = extract_figures(text)
    hit = figs[figs["printed"] == printed]
    assert len(hit) == 1, f"{printed!r} in {figs['printed'].tolist()}"
    return hit.iloc[0]


# --------------------------------------------------------------------------- extraction


def test_counts_with_leading_zero_and_thousands_dot():
    f = one("Tổ chức 02 cuộc Hội nghị với 3.372 lượt cử tri tham dự.", "02")
    assert (f["kind"], f["value"], f["unit"]) == ("count", 2, "cuộc Hội nghị")
    f = one("Tổ chức 02 cuộc Hội nghị với 3.372 lượt cử tri tham dự.", "3.372")
    assert (f["kind"], f["value"]) == ("count", 3372)
    assert f["unit"].startswith("lượt cử tri")


def test_money_and_share_formats():
    text = "Thăm tặng quà số tiền 154.000.000 đồng; xem xét 27 đơn, chiếm 14%; đạt 85,5% kế hoạch; hỗ trợ 1,5 triệu đồng."
    f = one(text, "154.000.000")
    assert (f["kind"], f["value"], f["unit"]) == ("money", 154_000_000, "đồng")
    f = one(text, "14%")
    assert (f["kind"], f["value"]) == ("share", 14)
    f = one(text, "85,5%")
    assert (f["kind"], f["value"]) == ("share", 85.5)
    f = one(text, "1,5")
    assert (f["kind"], f["value"]) == ("money", 1_500_000)


def test_lower_bound():
    f = one("Ban hành trên 80 Nghị quyết, trong đó có trên 30 Nghị quyết quy phạm pháp luật.", "80")
    assert (f["kind"], f["value"]) == ("lower_bound", 80)


def test_year_on_year_phrases():
    figs = extract_figures(
        "Đã nhận được 195 đơn (tăng 81 đơn so với năm 2019). Tiếp 18 lượt (giảm 05 lượt so với cùng kỳ năm 2019). "
        "Tiếp 12 kỳ (bằng năm 2019)."
    )
    deltas = figs[figs["kind"] == "delta"]
    assert deltas["printed"].tolist() == [
        "tăng 81 đơn so với năm 2019", "giảm 05 lượt so với cùng kỳ năm 2019", "bằng năm 2019"]
    assert deltas["delta_sign"].tolist() == [1, -1, 0]
    assert deltas["base_year"].tolist() == [2019, 2019, 2019]
    owners = [figs.loc[int(o), "printed"] for o in deltas["owner"]]
    assert owners == ["195", "18", "12"]


def test_malformed_number():
    f = one("thăm các tập thể sản xuất giỏi, số tiền 60.000.00 đồng;", "60.000.00")
    assert f["kind"] == "malformed" and pd.isna(f["value"])
    assert one("tổng 1.5 tỷ", "1.5")["kind"] == "malformed"


def test_dates_years_symbols_ordinals_and_footnote_markers_are_not_figures():
    text = (
        "Số: 130/BC-VP\n\nĐồng Tháp, ngày 03 tháng 2 năm 2021\n\n"
        "Nghị quyết số 88/2014/QH13; tại kỳ họp thứ 9 và thứ 10; dịch Covid-19 và Covid 19; "
        "ngày 8/3 và 1/6; Điều 6, khoản 2; giai đoạn 2015-2020; được 11 luật¹ và 14 dự án luật².\n\n"
        "¹ Luật A; Luật B.\n\n² Luật C; Luật D."
    )
    figs = checked(text)
    assert figs["printed"].tolist() == ["11", "14"]
    assert figs["footnote_ref"].tolist() == [1, 2]


def test_fold_keeps_offsets():
    s = "Đoàn ĐBQH và HĐND Tỉnh"
    assert fold(s) == "doan dbqh va hdnd tinh" and len(fold(s)) == len(s)


# --------------------------------------------------------------------------- bodies

BODY_TEXT = """I. HOẠT ĐỘNG NĂM 2020

1. Thi đua thực hiện nhiệm vụ

* Đối với Văn phòng Đoàn ĐBQH Tỉnh:

- Công tác tiếp công dân: Trong năm đã tiếp 30 lượt công dân.

*** Đối với Văn phòng HĐND Tỉnh:**

- Công tác tiếp công dân: Trong năm 2020, đã tiếp 40 lượt công dân.

2. Thi đua khen thưởng

Kết quả khen thưởng năm 2020 như sau:

+ Văn phòng Đoàn ĐBQH Tỉnh: Có 08 cá nhân đạt danh hiệu lao động tiên tiến.

+ Văn phòng HĐND Tỉnh: Có 24 cá nhân đạt danh hiệu Lao động tiên tiến.

3. Đánh giá chung: 100% công chức đăng ký thi đua.
"""


def test_body_detection_from_headings_and_markers():
    figs = checked(BODY_TEXT).set_index("printed")
    assert figs.loc["30", "body"] == "doan-dbqh"
    assert figs.loc["40", "body"] == "hdnd"
    assert figs.loc["08", "body"] == "doan-dbqh"
    assert figs.loc["24", "body"] == "hdnd"
    assert pd.isna(figs.loc["100%", "body"])  # a numbered heading ends the office's part


def test_footnote_takes_the_body_of_the_paragraph_citing_it():
    text = "* Đối với Văn phòng HĐND Tỉnh:\n\nCông tác an sinh xã hội⁴.\n\n⁴ Thăm tặng quà số tiền 10.000.000 đồng."
    f = one(text, "10.000.000")
    assert f["body"] == "hdnd" and f["footnote"] == 4


# --------------------------------------------------------------------------- linking


def linked(text: str) -> dict[str, str]:
    figs = link_figures(extract_figures(text))
    figs = figs[figs["indicator"].notna()]
    return dict(zip(figs["printed"], figs["indicator"]))


def test_linking_by_unit_and_words_around():
    text = (
        "* Đối với Văn phòng Đoàn ĐBQH Tỉnh:\n\n"
        "Trong năm đã tiếp 31 lượt công dân, phản ánh 29 vụ việc, trong đó: tiếp công dân tại Trụ sở làm việc 19 lượt, "
        "liên quan đến 17 vụ việc; tiếp công dân định kỳ 11 kỳ, 21 lượt người, 13 vụ việc. "
        "Đã nhận được 196 đơn. Văn phòng đã xem xét 28 đơn, chuyển 15 đơn, lưu 168 đơn. Có 07 cá nhân đạt danh hiệu lao động tiên tiến."
    )
    assert linked(text) == {
        "31": "reception.visits", "29": "reception.cases", "19": "reception.office.visits",
        "17": "reception.office.cases", "11": "reception.periodic.sessions", "21": "reception.periodic.people",
        "13": "reception.periodic.cases", "196": "petitions.received", "28": "petitions.handled",
        "15": "petitions.forwarded", "168": "petitions.archived", "07": "awards.advanced_workers",
    }


def test_unknown_wording_stays_unlinked():
    assert linked("* Đối với Văn phòng HĐND Tỉnh:\n\nTổ chức 02 Văn phòng và 01 tấn gạo, 03 ngày lương.") == {}


def test_share_links_to_the_catalogue_share_of_its_part():
    got = linked("* Đối với Văn phòng Đoàn ĐBQH Tỉnh:\n\nĐã nhận được 200 đơn. Văn phòng đã xem xét 50 đơn, chiếm 25%.")
    assert got["25%"] == "petitions.handled_share"


def test_link_spec_names_only_catalogue_indicators():
    catalogue = load_catalogue()
    spec = load_links(catalogue=catalogue)  # validates every row against the catalogue
    assert set(spec["indicator"]) <= set(catalogue["indicator"])


def _frame(values: dict[tuple[str, str], float], year: int = 2020) -> pd.DataFrame:
    return pd.DataFrame([dict(year=year, body=b, indicator=i, value=v) for (b, i), v in values.items()])


# --------------------------------------------------------------------------- planted errors

REPORT = """BÁO CÁO

I. KẾT QUẢ NĂM 2020

* Đối với Văn phòng Đoàn ĐBQH Tỉnh:

- Công tác tiếp công dân: Đã nhận được {received} đơn (tăng {delta} đơn so với năm 2019{base}). Văn phòng đã tham mưu xem xét {handled} đơn, chiếm {share}% (trong đó: ban hành {answered} văn bản trả lời, {guided} văn bản hướng dẫn, chuyển đến cơ quan có thẩm quyền: {forwarded} đơn). Số đơn thư lưu, theo dõi là {archived}.

- An sinh xã hội: thăm tặng quà số tiền {gifts} đồng.
"""
GOOD = dict(received="200", delta="40", base="", handled="50", share="25", answered="10", guided="05",
            forwarded="35", archived="150", gifts="12.000.000")
DATA = {
    ("doan-dbqh", "petitions.received"): 200, ("doan-dbqh", "petitions.handled"): 50,
    ("doan-dbqh", "petitions.answered"): 10, ("doan-dbqh", "petitions.guided"): 5,
    ("doan-dbqh", "petitions.forwarded"): 35, ("doan-dbqh", "petitions.archived"): 150,
    ("doan-dbqh", "welfare.gifts"): 12_000_000,
}
DATA_2019 = {("doan-dbqh", "petitions.received"): 160}


def run(**changes) -> pd.DataFrame:
    text = REPORT.format(**{**GOOD, **changes})
    ind = pd.concat([_frame(DATA), _frame(DATA_2019, 2019)])
    return check_report(text, ind, 2020, 2019)


def problems(result: pd.DataFrame) -> pd.DataFrame:
    return result[result["status"] != STATUS_MATCH]


def test_planted_clean_report_has_no_problem():
    assert problems(run()).empty, problems(run())[["printed", "status", "note"]]


def test_planted_wrong_figure_against_data():
    bad = problems(run(answered="12", forwarded="33"))  # parts still add up to 50
    assert bad["status"].tolist() == [STATUS_MISMATCH, STATUS_MISMATCH]
    row = bad.iloc[0]
    assert (row["printed"], row["indicator"], row["expected_printed"]) == ("12", "petitions.answered", "10")


def test_planted_wrong_share():
    bad = problems(run(share="30"))
    assert set(bad["status"]) == {STATUS_MISMATCH, STATUS_INTERNAL}
    internal = bad[bad["status"] == STATUS_INTERNAL].iloc[0]
    assert internal["expected_printed"] == "25%" and "50 / 200" in internal["note"]
    assert internal["expected_sentence"] == "chiếm 25%"


def test_planted_parts_not_adding_to_total():
    bad = problems(run(handled="60", archived="140", share="30"))  # handled is 60 in the text, parts 50
    internal = bad[bad["status"] == STATUS_INTERNAL]
    assert "Tổng các phần 10 + 05 + 35 = 50, khác 60" in " ".join(internal["note"])


def test_planted_malformed_number():
    bad = problems(run(gifts="12.000.00"))
    assert bad["status"].tolist() == [STATUS_MALFORMED]
    assert "12.000.000" in bad.iloc[0]["expected_printed"]


def test_planted_wrong_difference_against_data():
    bad = problems(run(delta="50"))
    assert bad["status"].tolist() == [STATUS_MISMATCH]
    row = bad.iloc[0]
    assert row["row_type"] == "delta" and row["computed"] == 40 and row["expected_printed"] == "tăng 40"
    assert row["expected_sentence"] == "200 đơn (tăng 40 đơn so với năm 2019)"


def test_planted_difference_against_the_two_years_printed():
    bad = problems(run(base=": 150 đơn"))  # 200 − 150 = 50, not 40
    internal = bad[bad["status"] == STATUS_INTERNAL]
    assert len(internal) == 1 and "200 − 150 = 50" in internal.iloc[0]["note"]


def test_planted_list_longer_than_its_count():
    text = ("* Đối với Văn phòng Đoàn ĐBQH Tỉnh:\n\nTổ chức lấy ý kiến bằng văn bản đối với 03 dự án luật¹.\n\n"
            "¹ Luật A; Luật B (sửa đổi); Luật C; Luật D.")
    res = check_report(text, _frame({}), 2020)
    internal = res[res["status"] == STATUS_INTERNAL]
    assert len(internal) == 1 and "liệt kê 4 mục" in internal.iloc[0]["note"]


def test_lower_bound_matches_only_when_more():
    text = "* Đối với Văn phòng HĐND Tỉnh:\n\nBan hành trên 80 Nghị quyết của Hội đồng nhân dân Tỉnh."
    ok = check_report(text, _frame({("hdnd", "resolutions.adopted"): 81}), 2020)
    bad = check_report(text, _frame({("hdnd", "resolutions.adopted"): 80}), 2020)
    assert ok.loc[ok["indicator"] == "resolutions.adopted", "status"].tolist() == [STATUS_MATCH]
    assert bad.loc[bad["indicator"] == "resolutions.adopted", "status"].tolist() == [STATUS_MISMATCH]


# --------------------------------------------------------------------------- reading and CLI


def test_read_docx_paragraphs_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("* Đối với Văn phòng HĐND Tỉnh:")
    d.add_paragraph("Trong năm 2020, đã tiếp 40 lượt công dân.")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Văn bản đến"
    t.cell(0, 1).text = "3.795"
    path = tmp_path / "r.docx"
    d.save(path)
    text = read_report(path)
    assert "40 lượt công dân" in text and "Văn bản đến | 3.795" in text
    assert linked(text)["40"] == "reception.visits"


def test_unsupported_format_names_the_file(tmp_path):
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(ReportError, match="bao-cao.pdf"):
        read_report(path)


def test_main_prints_writes_csv_and_exits_zero_with_mismatches(tmp_path, capsys):
    report = tmp_path / "r.md"
    report.write_text(REPORT.format(**{**GOOD, "delta": "50"}), encoding="utf-8")
    pd.concat([_frame(DATA), _frame(DATA_2019, 2019)]).assign(unit_vi="đơn", label_vi="x").to_csv(
        tmp_path / "indicators.csv", index=False)
    out = tmp_path / "check.csv"
    assert main([str(report), "--year", "2020", "--out", str(tmp_path), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "lệch" in printed and "petitions.received" in printed
    assert not printed.startswith("Không có số liệu")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(pd.read_csv(out, encoding="utf-8-sig").columns) == RESULT_COLUMNS


def test_main_fatal_input_exits_one(tmp_path, capsys):
    assert main([str(tmp_path / "missing.txt"), "--year", "2020", "--out", str(tmp_path)]) == 1
    assert "missing.txt" in capsys.readouterr().err


def test_main_indicators_without_their_columns_is_fatal_and_says_what_to_do(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text("Năm 2020 đã tiếp 30 lượt công dân.", encoding="utf-8")
    pd.DataFrame({"year": [2020], "value": [1]}).to_csv(tmp_path / "indicators.csv", index=False)
    assert main([str(report), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "indicators.csv" in err and "thiếu cột body, indicator" in err
    assert "--indicators" not in err and "python -m pipeline run" in err
