"""`python -m pipeline draft` on the sample: the 2020 draft reproduces the report's figure sentences and passes
check-report with every figure `khớp`; the six-month draft does the same with "cùng kỳ"; every figure is
commented and traced to its rows; the command's mistakes are one line each."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from pipeline import config
from pipeline.cli import INTERRUPTED, main
from pipeline.draft import build
from pipeline.draft.cli import read_inputs
from pipeline.report import read_report
from pipeline.specs.load import load_specs
from pipeline.vi.formatting import format_count

PERIODS = {p.id: p for p in load_specs(False).periods}


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          cwd=config.PROJECT_ROOT, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """One run of the sample (through draft --raw) and the 2020 and six-month drafts."""
    root = tmp_path_factory.mktemp("draft")
    env = {"VP_SECRETS_DIR": str(root / "secrets")}
    year = cli("draft", "--year", 2020, "--raw", config.RAW_DIR, "--out", root / "processed",
               "--to", root / "bao-cao-nhap-2020.docx", env=env)
    assert year.returncode == 0, year.stderr
    h1 = cli("draft", "--year", 2020, "--period", "h1", "--out", root / "processed", "--to", root / "h1.docx")
    assert h1.returncode == 0, h1.stderr
    return {"root": root, "out": root / "processed", "year": year, "h1": h1}


@pytest.fixture(scope="module")
def built(work):
    """The same drafts built in-process, for what a file does not show (figures, offsets)."""
    specs = load_specs()
    out = {}
    for pid, name in (("year", "bao-cao-nhap-2020"), ("h1", "h1")):
        period = PERIODS[pid]
        inputs = read_inputs(work["out"], period, 2020)
        out[pid] = build.build(specs, inputs["figures"], inputs["lineage"], 2020, 2019, period,
                               sources_name=f"{name}.nguon.csv")
    return out


def check(work, path, *extra):
    csv = path.with_suffix(".check.csv")
    proc = cli("check-report", path, "--year", 2020, "--base-year", 2019, "--out", work["out"], "--csv", csv, *extra)
    assert proc.returncode == 0, proc.stderr
    return pd.read_csv(csv, encoding="utf-8-sig")


# --------------------------------------------------------------------------- the 2020 draft


def test_raw_runs_the_pipeline_then_writes_the_draft_and_its_sources(work):
    stdout = work["year"].stdout
    assert "Kết quả ghi vào" in stdout  # the run's own summary, as «run» prints it
    wrote = re.search(r"Đã ghi .*bao-cao-nhap-2020\.docx: (\d+) số liệu \((\d+) có so sánh với năm 2019\), "
                      r"0 chỗ \[chưa có số liệu\]\.", stdout)
    assert wrote and int(wrote.group(1)) >= 70
    assert "mâu thuẫn nội bộ 0." in stdout and "lệch 0," in stdout
    assert (work["root"] / "bao-cao-nhap-2020.nguon.csv").exists()
    assert not list(work["root"].glob(".*.tmp"))


def test_the_2020_draft_reproduces_the_reports_figure_sentences(work):
    text = read_report(work["root"] / "bao-cao-nhap-2020.docx")
    for sentence in (
        "Đã nhận được 195 đơn (tăng 81 đơn so với năm 2019)",
        "xem xét 27 đơn, chiếm 14%",
        "ban hành 10 văn bản trả lời, 03 văn bản hướng dẫn công dân",
        "14 đơn (tăng 06 đơn so với năm 2019)",
        "Số đơn thư lưu, theo dõi là 168, chiếm 86% (tăng 75 đơn so với năm 2019)",  # the report printed 82%
        "tổ chức tiếp công dân tại Trụ sở làm việc 18 lượt (tăng 03 lượt so với năm 2019), liên quan đến 18 vụ việc",
        "12 kỳ, 20 lượt người, 12 vụ việc",
        "tại 12 huyện, thị, thành phố trong Tỉnh được 36 cuộc với 3.372 lượt cử tri tham dự",
        "lấy ý kiến 25 dự án luật, trong đó tổ chức Hội nghị lấy ý kiến góp ý được 11 luật",
        "tổ chức 04 đợt tiếp xúc cử tri tại 336 điểm, với 21.700 cử tri tham dự và có 1.729 lượt ý kiến",
        "tiếp nhận và xử lý 168 đơn",  # the report printed 163; its parts 17 + 05 + 146 make 168
        "chuyển 17 đơn, hướng dẫn, trả lời 05 đơn, lưu 146 đơn",
        "số tiền 154.000.000 đồng",
        "tiếp nhận 3.795 văn bản đến, phát hành 560 văn bản các loại",
        "Có 08 cá nhân đạt danh hiệu lao động tiên tiến",
    ):
        assert sentence in text, sentence


def test_every_figure_the_report_quotes_is_in_the_draft_with_the_value_of_the_data(built):
    written = {}
    for f in built["year"].draft.written:
        written.setdefault((f.indicator, f.body), []).append(f)
    reference = pd.read_csv(config.SEED_REPORT_FIGURES)
    for r in reference.itertuples(index=False):
        mine = written.get((r.indicator, r.body), [])
        assert mine, (r.indicator, r.body)
        f = mine[0]
        if not pd.isna(r.delta_vs_2019):  # "(tăng 81 đơn so với năm 2019)", "tăng 75 đơn so với năm 2019"
            assert any(g.compares and f"tăng {format_count(r.delta_vs_2019)} " in g.text for g in mine), r.indicator
        if r.qualifier == "at_least":  # "trên 80 Nghị quyết": the draft writes the count itself
            assert f.value > r.value_2020 and "trên" not in f.text
        elif (r.indicator, r.body) == ("petitions.received", "hdnd"):
            assert f.value == 168  # the report's 163 is its slip
        else:
            assert f.value == r.value_2020 and format_count(r.value_2020) in f.text, (r.indicator, f.text)
    assert len(reference) == 62 and len(built["year"].draft.written) == 74


def test_check_report_finds_every_figure_of_the_2020_draft_and_no_alarm(work, built):
    table = check(work, work["root"] / "bao-cao-nhap-2020.docx")
    assert set(table["status"]) == {"khớp"}
    draft = built["year"].draft
    assert (table["row_type"] == "figure").sum() == sum(1 for f in draft.written if f.form != "change")
    assert (table["row_type"] == "delta").sum() == sum(1 for f in draft.written if f.compares) == 5
    assert set(table.loc[table["row_type"] == "internal", "check"]) >= {"tổng và các phần", "tỷ lệ",
                                                                         "quan hệ giữa các chỉ tiêu"}
    assert built["year"].draft.reviews == []


def test_the_file_reads_back_as_the_draft_text(work, built):
    read = read_report(work["root"] / "bao-cao-nhap-2020.docx").split("\n\n")
    mine = built["year"].draft.text.split("\n\n")
    assert len(read) == len(mine)
    assert [a for a, b in zip(read, mine) if a != b and not a.startswith("Dự thảo phần số liệu")] == []


def test_every_figure_has_a_comment_with_its_indicator_and_source_rows(work, built):
    with zipfile.ZipFile(work["root"] / "bao-cao-nhap-2020.docx") as z:
        xml = z.read("word/comments.xml").decode("utf-8")
    comments = re.findall(r"<w:comment [^>]*>(.*?)</w:comment>", xml, flags=re.S)
    texts = [" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", c)) for c in comments]
    draft = built["year"].draft
    assert len(texts) == len(draft.written)
    received = next(f for f in draft.written if (f.indicator, f.body) == ("petitions.received", "doan-dbqh"))
    mine = next(t for t in texts if t.startswith(f"{received.key} · petitions.received"))
    assert "Giá trị 195: 195 dòng nguồn (2020/doan-dbqh/" in mine and "So với năm 2019, giá trị 114: 114 dòng nguồn" in mine
    share = next(t for t in texts if "petitions.handled_share" in t.split(" — ")[0])
    assert "Tử số petitions.handled: 27 dòng nguồn" in share and "Mẫu số petitions.received: 195 dòng nguồn" in share


def test_the_sources_table_traces_each_figure_to_its_rows(work, built):
    sources = pd.read_csv(work["root"] / "bao-cao-nhap-2020.nguon.csv", encoding="utf-8-sig")
    draft = built["year"].draft
    assert set(sources["figure"]) == {f.key for f in draft.written}
    lineage = pd.read_parquet(work["out"] / "lineage.parquet")
    received = next(f for f in draft.written if (f.indicator, f.body) == ("petitions.received", "hdnd"))
    rows = sources[(sources["figure"] == received.key) & (sources["source_of"] == "value")]
    assert len(rows) == 168
    known = set(zip(lineage["file"], lineage["sheet"], lineage["row"]))
    assert set(zip(rows["file"], rows["sheet"], rows["row"])) <= known


# --------------------------------------------------------------------------- the six-month draft


def test_the_six_month_draft_says_same_period_and_passes_check_report_h1(work, built):
    path = work["root"] / "h1.docx"
    text = read_report(path)
    assert "Kết quả công tác 6 tháng đầu năm 2020" in text
    assert "so với cùng kỳ năm 2019" in text and "so với năm 2019" not in text
    assert re.search(r"Đã nhận được \d+ đơn \((tăng|giảm) \d+ đơn so với cùng kỳ năm 2019\)", text)
    table = check(work, path, "--period", "h1")
    assert set(table["status"]) == {"khớp"}
    assert (table["row_type"] == "delta").sum() == sum(1 for f in built["h1"].draft.written if f.compares) == 5


def test_the_six_month_draft_marks_what_only_the_year_has(work, built):
    draft = built["h1"].draft
    text = draft.text
    assert "[Chưa có số liệu 6 tháng đầu năm 2020: Số dự án luật đã lấy ý kiến" in text
    part = text[text.index("II. SỐ LIỆU CHƯA CÓ"):]
    assert "sổ «Lấy ý kiến dự án luật» không ghi ngày: chỉ có số cả năm 2020" in part
    assert "Công tác thi đua, khen thưởng" not in text  # an annual group (periods = ["year", …])
    assert "chỗ [chưa có số liệu] (liệt kê ở mục II)." in work["h1"].stdout


def test_the_six_month_sources_fall_in_the_six_months(work):
    sources = pd.read_csv(work["root"] / "h1.nguon.csv", encoding="utf-8-sig")
    values = sources[sources["source_of"] == "value"]
    dates = pd.to_datetime(values["date"])
    assert dates.notna().all() and dates.min() >= pd.Timestamp("2020-01-01") and dates.max() <= pd.Timestamp("2020-06-30")
    based = pd.to_datetime(sources.loc[sources["source_of"] == "base", "date"])
    assert len(based) and based.min() >= pd.Timestamp("2019-01-01") and based.max() <= pd.Timestamp("2019-06-30")


# --------------------------------------------------------------------------- Markdown, the merged office


def test_a_markdown_draft_checks_the_same(work):
    path = work["root"] / "bao-cao-nhap-2020.md"
    proc = cli("draft", "--year", 2020, "--out", work["out"], "--to", path)
    assert proc.returncode == 0, proc.stderr
    raw = path.read_text(encoding="utf-8")
    assert "## I. KẾT QUẢ CÔNG TÁC NĂM 2020" in raw and "195 đơn (tăng 81 đơn so với năm 2019)<!-- SL" in raw
    table = check(work, path)
    docx = check(work, work["root"] / "bao-cao-nhap-2020.docx")
    assert table["status"].value_counts().to_dict() == docx["status"].value_counts().to_dict()
    assert table["printed"].astype(str).tolist() == docx["printed"].astype(str).tolist()


def test_the_merged_office_from_2021_and_a_reception_with_an_ad_hoc_case(work):
    path = work["root"] / "2021.md"
    proc = cli("draft", "--year", 2021, "--out", work["out"], "--to", path)
    assert proc.returncode == 0, proc.stderr
    text = read_report(path)
    for heading in ("1. Tham mưu, phục vụ Đoàn ĐBQH Tỉnh", "2. Tham mưu, phục vụ HĐND Tỉnh", "3. Công tác chung của Văn phòng"):
        assert heading in text
    assert "Văn phòng Đoàn ĐBQH Tỉnh\n" not in text
    # 29 cases: 19 at the office, 09 periodic, one ad hoc — so not "29 vụ việc, trong đó: …"
    assert "phản ánh 29 vụ việc. Tổ chức tiếp công dân tại Trụ sở làm việc 19 lượt" in text
    result = cli("check-report", path, "--year", 2021, "--out", work["out"], "--csv", work["root"] / "c21.csv")
    assert result.returncode == 0 and set(pd.read_csv(work["root"] / "c21.csv", encoding="utf-8-sig")["status"]) == {"khớp"}


# --------------------------------------------------------------------------- mistakes


@pytest.mark.parametrize("args, message", [
    (["--to", "{root}/bao-cao.pdf"], "chỉ ghi được tệp .docx (Word) hoặc .md (Markdown)"),
    (["--to", "{root}"], "là thư mục: ghi tên tệp, ví dụ --to"),
    (["--out", "{root}/no-run"], "chưa có số liệu đã chạy trong"),
    (["--year", "2030"], "không có số liệu năm 2030 trong"),
    (["--period", "h3"], "không có kỳ báo cáo «h3»"),
    (["--raw", "{root}/no-raw", "--out", "{root}/bao-cao-nhap-2020.docx"], "--out"),
])
def test_each_mistake_is_one_line_and_exit_2(work, capsys, args, message):
    argv = ["draft", "--year", "2020", "--out", str(work["out"]), "--to", str(work["root"] / "x.docx")]
    argv += [a.format(root=work["root"]) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("lỗi") and message in err[0], err


def test_ctrl_c_keeps_the_previous_draft(work, monkeypatch, capsys):
    import docx.document

    path = work["root"] / "bao-cao-nhap-2020.docx"
    before = path.read_bytes()

    def interrupted(self, *args):
        raise KeyboardInterrupt

    monkeypatch.setattr(docx.document.Document, "save", interrupted)
    assert main(["draft", "--year", "2020", "--out", str(work["out"]), "--to", str(path)]) == 130
    assert INTERRUPTED in capsys.readouterr().err
    assert path.read_bytes() == before and not list(work["root"].glob(".*.tmp"))


def test_run_does_not_import_python_docx(raw, tmp_path):
    code = ("import sys; from pipeline.cli import main; "
            f"rc = main(['run', '--raw', {str(raw)!r}, '--out', {str(tmp_path / 'out')!r}]); "
            "print(rc, 'docx' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=config.PROJECT_ROOT,
                          env={**os.environ, "VP_SECRETS_DIR": str(tmp_path / "secrets")})
    assert proc.stdout.strip().splitlines()[-1] == "0 False", proc.stderr
