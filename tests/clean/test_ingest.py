"""Real files through the whole pipeline: each mess of the contract in a small workbook built here."""

import datetime as dt
import unicodedata

import pandas as pd
import pytest
import xlsxwriter

from pipeline.run import run_pipeline


def run(raw, tmp_path):
    return run_pipeline(raw, secrets_dir=tmp_path / "secrets", cache_dir=None)


def value(result, indicator, body, year=2020):
    ind = result.indicators
    hit = ind[(ind.year == year) & (ind.body == body) & (ind.indicator == indicator)]
    return None if hit.empty else hit["value"].iloc[0]


@pytest.fixture
def raw(tmp_path):
    return tmp_path / "raw"


def folder(raw, year, office):
    path = raw / str(year) / office
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_messy_petitions_workbook(raw, tmp_path):
    """Title block, two-row header with an x-mark group, column numbers, merged dates,
    a COUNTA total with its cached value, a signature block, an instructions sheet."""
    wb = xlsxwriter.Workbook(folder(raw, 2020, "hdnd") / "sổ đơn.xlsx")
    guide = wb.add_worksheet("Hướng dẫn")
    guide.write(0, 0, "Nhập mỗi đơn một dòng")
    ws = wb.add_worksheet("Đơn 2020")
    ws.write(0, 0, "VĂN PHÒNG HĐND TỈNH ĐỒNG THÁP")
    ws.write(1, 0, "SỔ THEO DÕI TIẾP NHẬN, XỬ LÝ ĐƠN NĂM 2020")
    ws.write(2, 0, "(Từ ngày 01/01/2020 đến ngày 31/12/2020)")
    for col, name in enumerate(["STT", unicodedata.normalize("NFD", "Ngày nhận\nđơn"), "Người đứng đơn", "CMND", "Phân loại"]):
        ws.merge_range(4, col, 5, col, name)
    ws.merge_range(4, 5, 4, 8, "HƯỚNG XỬ LÝ")
    ws.write_row(5, 5, ["Chuyển đơn", "Hướng dẫn", "Trả lời", "Lưu"])
    ws.merge_range(4, 9, 5, 9, "Kết quả giải quyết")
    ws.write_row(6, 0, [f"({n})" for n in range(1, 11)])
    ws.merge_range(7, 1, 8, 1, "02/01/2020")  # one date for two petitions
    rows = [
        [1, None, "Lê Văn Tám", "311234567", "KN", "x", None, None, None, "Đã có văn bản"],
        [2, None, "Võ Thị Chín", None, "Tố cáo", None, None, None, "X", "Chưa"],
        [3, "ngày 05 tháng 3 năm 2020", "Ngô Văn Mười", None, "KNPA", None, "✓", None, None, None],
        [4, dt.date(2020, 4, 1), "Đinh Văn Một", None, "kiến nghị", None, None, 1, None, None],
        [5, "31/02/2020", "Bùi Văn Hai", None, "KN", None, None, None, "x", None],
    ]
    for offset, row in enumerate(rows):
        for col, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(7 + offset, col, dt.datetime.combine(v, dt.time()), wb.add_format({"num_format": "dd/mm/yyyy"}))
            else:
                ws.write(7 + offset, col, v)
    ws.write(12, 0, "Tổng cộng")
    ws.write_formula(12, 5, "=COUNTA(F8:F12)", None, 1)
    ws.write_formula(12, 8, "=COUNTA(I8:I12)", None, 3)  # says 3, only 1 accepted record is marked
    ws.write(14, 6, "Đồng Tháp, ngày 31 tháng 12 năm 2020")
    ws.write(15, 6, "NGƯỜI LẬP BIỂU")
    ws.write(18, 6, "Trần Văn Ký")
    wb.close()

    result = run(raw, tmp_path)
    recs = result.tables["petitions"]
    assert recs["_row"].tolist() == [8, 9, 10, 11]
    assert recs["received_date"].tolist() == [dt.date(2020, 1, 2), dt.date(2020, 1, 2), dt.date(2020, 3, 5), dt.date(2020, 4, 1)]
    assert recs["action"].tolist() == ["forward", "archive", "guide", "answer"]
    assert recs["has_result"].tolist() == [True, False, False, False]
    assert not {"sender", "id_number"} & set(recs.columns)
    assert result.rejects[["sheet", "row", "column", "value"]].values.tolist() == [
        ["Đơn 2020", 12, unicodedata.normalize("NFD", "Ngày nhận\nđơn"), "31/02/2020"]  # header as written
    ]
    assert result.totals[["row", "stated", "computed"]].values.tolist() == [[13, 3, 1]]
    assert any("Hướng dẫn" == s and "bỏ qua" in m for s, m in zip(result.notices["sheet"], result.notices["message"]))
    assert value(result, "petitions.received", "hdnd") == 4
    assert value(result, "petitions.results_received", "hdnd") == 1
    acc = result.accounting.iloc[0]
    assert (acc.rows_read, acc.accepted, acc.rejected, acc.total_rows, acc.ignored_rows) == (9, 4, 1, 1, 3)


def test_csv_with_bom_and_semicolons_and_text_numbers(raw, tmp_path):
    text = (
        "SỔ TIẾP XÚC CỬ TRI NĂM 2020;;;;\n"
        "Ngày tiếp xúc;Địa bàn;Lượt cử tri;Số lượt ý kiến;Hình thức\n"
        "1;2;3;4;5\n"
        "03/07/2020;TP. Sa Đéc;1.200;12;Định kỳ\n"
        "\"04-07-2020\";\"Huyện\nLai Vung\";02;01;\n"
        "5/7/20;TX Hồng Ngự;3.372;268;ĐỊNH KỲ\n"
        "Tổng cộng;;4.574;281 ý kiến;\n"
    )
    (folder(raw, 2020, "doan-dbqh") / "txct.csv").write_text(text, encoding="utf-8-sig")
    result = run(raw, tmp_path)
    recs = result.tables["voter_meetings"]
    assert recs["_row"].tolist() == [4, 5, 7]  # the quoted cell spans lines 5-6
    assert recs["voters"].tolist() == [1200, 2, 3372]
    assert recs["district"].tolist() == ["Thành phố Sa Đéc", "Huyện Lai Vung", "Thị xã Hồng Ngự"]
    assert recs["date"].tolist() == [dt.date(2020, 7, 3), dt.date(2020, 7, 4), dt.date(2020, 7, 5)]
    assert result.totals.empty
    assert value(result, "voters.attendance", "doan-dbqh") == 4574


def test_legacy_xls_and_merged_office_attribution(raw, tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Tiếp dân")
    for col, name in enumerate(["Ngày tiếp", "Hình thức tiếp", "Phân loại đơn/Số người", "Bộ phận"]):
        sheet.write(0, col, name)
    sheet.write_merge(1, 2, 3, 3, "Thường trực HĐND")  # body merged down over a block
    data = [["04/01/2021", "TX", "Khiếu nại / 1"], ["05/01/2021", "ĐK", "Tập thể: 5"], ["06/01/2021", "Thường xuyên", "Không đơn"]]
    for r, row in enumerate(data, start=1):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    sheet.write(3, 3, "Đoàn ĐBQH")
    book.save(str(folder(raw, 2021, "doan-dbqh-hdnd") / "TCD.xls"))
    result = run(raw, tmp_path)
    recs = result.tables["citizen_reception"]
    assert recs["body"].tolist() == ["hdnd", "hdnd", "doan-dbqh"]
    assert recs["people"].tolist() == [1, 5, 1]
    assert value(result, "reception.visits", "hdnd", 2021) == 2
    assert value(result, "reception.people", "all", 2021) == 7


def test_register_split_over_sheets_combines_and_a_repeated_sheet_counts_once(raw, tmp_path):
    wb = xlsxwriter.Workbook(folder(raw, 2020, "hdnd") / "van ban.xlsx")
    for name, months in [("VB đến 6 tháng đầu", (1, 2)), ("VB đến 6 tháng cuối", (7, 8)), ("Bản sao", (7, 8))]:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["Số đến", "Ngày đến", "Tên loại và trích yếu nội dung"])
        for i, m in enumerate(months, start=1):
            ws.write_row(i, 0, [str(i), f"10/{m:02d}/2020", f"Công văn {m}"])
    wb.close()
    result = run(raw, tmp_path)
    assert value(result, "documents.incoming", "hdnd") == 4
    messages = " ".join(result.notices["message"])
    assert "lặp lại nguyên văn sheet «van ban.xlsx › VB đến 6 tháng cuối»" in messages.replace("2020/hdnd/", "")
    assert "«Sổ đăng ký văn bản đến» ghép từ 3 nơi" in messages


def test_sheets_alike_at_first_middle_and_last_row_but_not_inside_both_count(raw, tmp_path):
    # the repeat check samples three rows before hashing: agreeing there must not make a repeat
    wb = xlsxwriter.Workbook(folder(raw, 2020, "hdnd") / "van ban.xlsx")
    for name, second in [("Quý I", "Công văn B"), ("Quý II", "Công văn khác")]:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ["Số đến", "Ngày đến", "Tên loại và trích yếu nội dung"])
        for i, text in enumerate(["Công văn A", second, "Công văn C", "Công văn D", "Công văn E"], start=1):
            ws.write_row(i, 0, [str(i), "10/02/2020", text])
    wb.close()
    result = run(raw, tmp_path)
    assert value(result, "documents.incoming", "hdnd") == 10
    assert not any("lặp lại nguyên văn" in m for m in result.notices["message"])


def test_repeat_pre_filter_agrees_with_the_full_hash_wherever_the_hash_finds_a_repeat():
    from pipeline.run import _content_hash, _sample_key

    def sheet(values, place):
        return pd.DataFrame({"_file": place, "_sheet": "S", "_row": range(2, 2 + len(values)), "so": values})

    # compared as text, like the hash: "1" and 1 are one repeat for both (the filter must not hide it)
    a, b = sheet(["1", "2", "3"], "a.xlsx"), sheet([1, 2, 3], "b.xlsx")
    assert _content_hash(a) == _content_hash(b) and _sample_key(a) == _sample_key(b)
    c = sheet(["1", "9", "3"], "c.xlsx")  # agrees at the sampled rows only when its middle does
    assert _sample_key(c) != _sample_key(a) and _content_hash(c) != _content_hash(a)
    assert _sample_key(sheet(["1"], "d.xlsx"))[0] == 1  # one row: first = middle = last


def test_same_file_twice_counts_once(raw, tmp_path):
    path = folder(raw, 2020, "hdnd") / "web.csv"
    path.write_text("Ngày đăng,Loại,Tiêu đề\n01/02/2020,Tin,Một\n02/02/2020,Văn bản,Hai\n", encoding="utf-8")
    (folder(raw, 2020, "hdnd") / "web (1).csv").write_bytes(path.read_bytes())
    result = run(raw, tmp_path)
    assert value(result, "web.news", "hdnd") == 1
    assert any("trùng nội dung" in m for m in result.notices["message"])


def test_cross_body_petition_counted_once_together(raw, tmp_path):
    header = "Ngày nhận đơn;Họ tên người gửi;Số CCCD/CMND;Loại đơn;Nội dung tóm tắt;Hướng xử lý\n"
    (folder(raw, 2020, "doan-dbqh") / "don.csv").write_text(
        header + "02/03/2020;Nguyễn Văn An;087123456789;KN;Khiếu nại đất ở ấp 3;Lưu\n"
        "05/03/2020;Nguyễn Văn An;087123456789;KN;Việc khác hẳn;Chuyển\n", encoding="utf-8")
    (folder(raw, 2020, "hdnd") / "don.csv").write_text(
        header + "20/03/2020;NGUYỄN  VĂN AN;087 123 456 789;KN;khiếu nại đất ở  ấp 3;Lưu đơn\n"
        "25/06/2020;Nguyễn Văn An;087123456789;KN;Khiếu nại đất ở ấp 3;Lưu\n", encoding="utf-8")
    result = run(raw, tmp_path)
    assert value(result, "petitions.received", "doan-dbqh") == 2
    assert value(result, "petitions.received", "hdnd") == 2
    # the March copies match (18 days); the June one is too late to be the same sending
    assert value(result, "petitions.received", "all") == 3
    assert value(result, "petitions.archived", "all") == 3
    stored = pd.concat(result.tables.values()).astype(str)
    assert not stored.apply(lambda col: col.str.contains("087123456789|Nguyễn Văn An")).any().any()


def test_parallel_reading_gives_the_serial_result(tmp_path, monkeypatch):
    from pipeline import config

    monkeypatch.setenv("VP_WORKERS", "1")
    serial = run(config.RAW_DIR, tmp_path)
    monkeypatch.setenv("VP_WORKERS", "2")
    parallel = run(config.RAW_DIR, tmp_path)
    assert serial.indicators.equals(parallel.indicators)
    assert serial.lineage.equals(parallel.lineage)
    assert serial.rejects.equals(parallel.rejects)
