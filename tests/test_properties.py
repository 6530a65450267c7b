"""Property-based tests (issue 5) for what tests/vi/test_parsing.py does not cover:
the header detector on any grid, sheet cleaning's row accounting on any data,
and the number, date and category parsers on any cell value (not only text)
with round trips through every spelling the contract allows.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean.locate import HEADER_SEARCH_ROWS, HeaderProblem, Located, locate
from pipeline.clean.sheet import clean_sheet
from pipeline.specs.registers import load_schema
from pipeline.vi import parsing

SCHEMA = load_schema()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# any cell calamine or the CSV reader can hand over
cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["Ngày nhận đơn", "Loại đơn", "Hướng xử lý", "Cộng", "Tổng cộng", "x", "NGƯỜI LẬP BIỂU",
                     "1", "(2)", "03/02/2020", "Khiếu nại", "Lưu", "Đồng Tháp, ngày 03 tháng 02 năm 2021"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
)


@st.composite
def grids(draw, max_rows=25, max_cols=10):
    width = draw(st.integers(min_value=0, max_value=max_cols))
    n = draw(st.integers(min_value=0, max_value=max_rows))
    return [draw(st.lists(cells, min_size=width, max_size=width)) for _ in range(n)]


@st.composite
def merged_ranges(draw, rows):
    if not rows or not rows[0]:
        return []
    height, width = len(rows), len(rows[0])
    out = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        r0 = draw(st.integers(min_value=0, max_value=height - 1))
        c0 = draw(st.integers(min_value=0, max_value=width - 1))
        r1 = draw(st.integers(min_value=r0, max_value=height - 1))
        c1 = draw(st.integers(min_value=c0, max_value=width - 1))
        out.append((r0, c0, r1, c1))
    return sorted(out)


# --------------------------------------------------------------------------- header detector


@SETTINGS
@given(st.data())
def test_locate_never_crashes_and_stays_in_range(data):
    rows = data.draw(grids())
    merged = data.draw(merged_ranges(rows))
    found = locate(rows, merged, SCHEMA)
    assert found is None or isinstance(found, (Located, HeaderProblem))
    if isinstance(found, Located):
        width = max((len(r) for r in rows), default=0)
        assert found.register in SCHEMA.registers
        assert 0 <= found.header_row < HEADER_SEARCH_ROWS
        assert found.header_row + found.depth <= found.data_start <= len(rows)
        for col in found.columns:
            assert 0 <= col.index < width + max((c1 + 1 for *_, c1 in merged), default=0)
        keys = {c.key for c in found.columns}
        register = SCHEMA.registers[found.register]
        assert keys <= {c.key for c in register.columns}
    if isinstance(found, HeaderProblem):
        assert found.missing


PETITION_HEADERS = {
    "received_date": "Ngày nhận đơn",
    "sender": "Họ tên người gửi",
    "id_number": "Số CCCD/CMND",
    "category": "Loại đơn",
    "field": "Lĩnh vực",
    "summary": "Nội dung tóm tắt",
    "action": "Hướng xử lý",
    "archive_reason": "Lý do lưu",
}
REQUIRED = ["received_date", "category", "action"]
TITLES = st.sampled_from([
    "VĂN PHÒNG HĐND TỈNH ĐỒNG THÁP", "SỔ THEO DÕI TIẾP NHẬN, XỬ LÝ ĐƠN THƯ NĂM 2020",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "(Từ 01/01/2020 đến 31/12/2020)",
    "Đồng Tháp, ngày 03 tháng 02 năm 2021", "Kèm theo Báo cáo số 130/BC-VP",
])


def _variant(header: str, how: int) -> str:
    """Spellings the contract allows: case, NFD, stray spaces, a line break."""
    if how == 1:
        return header.upper()
    if how == 2:
        return unicodedata.normalize("NFD", header)
    if how == 3:
        return "  " + header.replace(" ", "  ", 1) + " "
    if how == 4 and " " in header:
        return header.replace(" ", "\n", 1)
    return header


@SETTINGS
@given(
    optional=st.lists(st.sampled_from([k for k in PETITION_HEADERS if k not in REQUIRED]), unique=True),
    order=st.randoms(use_true_random=False),
    titles=st.lists(st.lists(st.one_of(st.none(), TITLES), min_size=1, max_size=3), max_size=12),
    spelling=st.integers(min_value=0, max_value=4),
    extra=st.booleans(),
)
def test_real_header_is_found_whatever_the_order_and_titles(optional, order, titles, spelling, extra):
    keys = REQUIRED + optional
    order.shuffle(keys)
    header = [_variant(PETITION_HEADERS[k], spelling) for k in keys]
    if extra:
        header.insert(order.randrange(len(header) + 1), "Số điện thoại")
    width = len(header)
    title_rows = [(t + [None] * width)[:width] for t in titles]
    data = [["05/05/2020" if h.strip().lower().startswith("ng") else "x" for h in header]]
    rows = [*title_rows, header, *data]
    found = locate(rows, [], SCHEMA)
    assert isinstance(found, Located), found
    assert found.register == "petitions"
    assert found.header_row == len(title_rows)
    got = {c.key: c.index for c in found.columns if c.mark_code is None}
    expected = {k: header.index(_variant(PETITION_HEADERS[k], spelling)) for k in keys}
    assert got == expected
    assert ("Số điện thoại" in found.extra_headers) == extra


# --------------------------------------------------------------------------- row accounting


data_cells = st.one_of(
    cells,
    st.sampled_from(["Khiếu nại", "KN", "Tố cáo", "Kiến nghị", "Chuyển đơn", "Lưu", "Hướng dẫn", "Trả lời",
                     "15/06/2020", "31/02/2020", "01/01/2019", "Cộng:", "TỔNG CỘNG", "KT. CHÁNH VĂN PHÒNG",
                     "  ", "=SUM(A1:A3)", "60.000.00", "ngày 03 tháng 02 năm 2020"]),
)


@SETTINGS
@given(st.data())
def test_clean_sheet_accounts_for_every_row(data):
    header = ["STT", "Ngày nhận đơn", "Họ tên người gửi", "Loại đơn", "Nội dung tóm tắt", "Hướng xử lý", "Ghi chú"]
    body = data.draw(st.lists(st.lists(data_cells, min_size=len(header), max_size=len(header)), max_size=30))
    rows = [["SỔ THEO DÕI ĐƠN"], [None] * 0, header, *body]
    width = len(header)
    rows = [(r + [None] * width)[:width] for r in rows]
    merged = data.draw(merged_ranges(rows))
    found = locate(rows, merged, SCHEMA)
    if not isinstance(found, Located) or found.register != "petitions":
        return  # a random row above the data may read as another header: nothing to account for
    office = data.draw(st.sampled_from(["hdnd", "doan-dbqh-hdnd"]))
    bodies = ("hdnd",) if office == "hdnd" else ("doan-dbqh", "hdnd")
    result = clean_sheet(
        rows, merged, list(range(1, len(rows) + 1)), found, SCHEMA,
        file="f.xlsx", sheet="Đơn", folder_year=2020, office=office, office_bodies=bodies,
    )
    acc = result.accounting
    assert acc["rows_read"] == (
        acc["accepted"] + acc["rejected"] + acc["total_rows"] + acc["blank_rows"] + acc["ignored_rows"]
    )
    assert acc["accepted"] == len(result.records)
    assert len({r["row"] for r in result.rejects}) == acc["rejected"]
    non_empty = sum(
        1 for r in rows[found.data_start:]
        if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in r)
    )
    assert acc["rows_read"] == non_empty
    for reject in result.rejects:
        assert reject["file"] == "f.xlsx" and reject["sheet"] == "Đơn" and reject["reason"]
        assert found.data_start < reject["row"] <= len(rows)


# --------------------------------------------------------------------------- parsers on any cell value


@SETTINGS
@given(cells)
def test_number_parsers_take_any_cell(value):
    for parse in (parsing.parse_number, parsing.parse_whole_number, parsing.parse_money, parsing.parse_percent):
        try:
            parse(value)
        except parsing.ParseError as exc:
            assert str(exc)  # a plain reason for the rejects table


@SETTINGS
@given(cells)
def test_date_parser_takes_any_cell(value):
    try:
        out = parsing.parse_date(value)
    except parsing.ParseError as exc:
        assert str(exc)
    else:
        assert out is None or type(out) is dt.date


@SETTINGS
@given(st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_round_trip_through_excel_and_text(n):
    assert parsing.parse_whole_number(n) == n
    assert parsing.parse_whole_number(float(n)) == n
    assert parsing.parse_whole_number(str(n)) == n
    assert parsing.parse_whole_number(f"{n:,}".replace(",", ".") + " ý kiến") == n


@SETTINGS
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.times())
def test_dates_round_trip_from_excel_values_and_dashes(d, t):
    assert parsing.parse_date(d) == d
    assert parsing.parse_date(dt.datetime.combine(d, t)) == d
    assert parsing.parse_date(d.strftime("%d-%m-%Y")) == d


CATEGORY_SETS = sorted(SCHEMA.categories)


@SETTINGS
@given(st.sampled_from(CATEGORY_SETS), st.data())
def test_category_round_trip_any_listed_spelling(name, data):
    variants = SCHEMA.variants(name)
    matcher = parsing.CategoryMatcher(variants)
    code = data.draw(st.sampled_from(sorted(variants)))
    listed = [v for v in variants[code] if not v.endswith("*")]
    if not listed:
        return
    variant = data.draw(st.sampled_from(listed))
    spelled = data.draw(st.sampled_from([
        variant, variant.upper(), variant.lower(), unicodedata.normalize("NFD", variant),
        f"  {variant}  ", variant.replace(" ", "  "),
    ]))
    assert matcher.match(spelled) == code
    # the label the pipeline prints is itself a listed spelling or maps back to the same code
    label = SCHEMA.label(name, code)
    try:
        assert matcher.match(label) == code
    except parsing.ParseError:
        pass


@SETTINGS
@given(st.sampled_from(CATEGORY_SETS), cells)
def test_category_matcher_takes_any_cell(name, value):
    matcher = parsing.CategoryMatcher(SCHEMA.variants(name))
    try:
        out = matcher.match(value)
    except parsing.ParseError as exc:
        assert str(exc)
    else:
        assert out is None or out in SCHEMA.categories[name]
