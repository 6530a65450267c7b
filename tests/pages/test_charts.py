"""Charts: Vietnamese glyphs render (no missing-glyph boxes), fixed colours, report-style labels."""

import warnings

import pandas as pd
from matplotlib.figure import Figure

from pipeline.pages import charts

FRAME = pd.DataFrame([
    {"year": y, "body": b, "indicator": "voters.attendance", "label_vi": "Lượt cử tri tham dự tiếp xúc định kỳ",
     "unit_vi": "lượt cử tri", "value": v}
    for (y, b, v) in [(2019, "doan-dbqh", 3064), (2020, "doan-dbqh", 3372), (2019, "hdnd", 17622),
                      (2020, "hdnd", 21700), (2019, "all", 20686), (2020, "all", 25072)]
])


def _draw(fig: Figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught]


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]


def test_vietnamese_title_renders_without_missing_glyphs():
    fig = charts.grouped_bars(FRAME, [2019, 2020], title="Đ ư ơ ầ ễ ộ — Đoàn ĐBQH, HĐND, cử tri")
    messages = _draw(fig)
    assert not [m for m in messages if "missing from font" in m or "Glyph" in m], messages
    assert charts.FONT_FAMILY in fig.texts[0].get_fontfamily() or fig.texts[0].get_fontname() == charts.FONT_FAMILY


def test_value_labels_are_vietnamese_numbers_and_colours_fixed():
    fig = charts.year_lines(FRAME)
    _draw(fig)
    texts = _texts(fig)
    assert "3.372" in texts and "21.700" in texts
    assert charts.body_colour("doan-dbqh") != charts.body_colour("hdnd")
    assert charts.year_colour(2019) == charts.year_colour(2019) != charts.year_colour(2020)
    bars = charts.grouped_bars(FRAME, [2019, 2020], bodies=("doan-dbqh", "hdnd"))
    colours = {tuple(p.get_facecolor()) for p in bars.axes[0].patches}
    assert len(colours) == 2  # one colour per year


def test_sorted_bars_largest_on_top_with_shares():
    counts = pd.DataFrame({"value": ["Huyện A", "Huyện B", "Thành phố C"], "count": [5, 30, 12]})
    fig = charts.sorted_bars(counts, "Theo huyện")
    _draw(fig)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "Huyện B" and labels[0] == "Huyện A"  # barh: last tick on top
    assert "30 (63,8%)" in _texts(fig)


def _labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_xticklabels()]


def test_bodies_keep_one_order_and_one_colour_whatever_the_values():
    from pipeline.pages import views

    frame = pd.DataFrame([
        {"year": 2021, "body": b, "indicator": "petitions.received", "label_vi": "Số đơn đã nhận", "unit_vi": "đơn", "value": v}
        for b, v in (("all", 378), ("hdnd", 195), ("doan-dbqh", 9))])
    fig = charts.body_bars(frame, 2021)
    ax = fig.axes[0]
    assert _labels(ax) == ["Đoàn ĐBQH", "HĐND", "Cả hai"]  # not sorted by value
    from matplotlib.colors import to_hex
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == [views.BODY_COLOURS[b].lower() for b in views.BODY_ORDER]
    texts = _texts(fig)
    assert "9" in texts and "09" not in texts  # no zero padding outside report sentences
    assert {"#c62828", "#1a7f37", "#c0392b"}.isdisjoint(views.BODY_COLOURS.values())  # no red/green judgement


def test_a_body_without_data_is_left_out_of_its_panel():
    frame = pd.DataFrame([
        {"year": y, "body": b, "indicator": "resolutions.adopted", "label_vi": "Số Nghị quyết", "unit_vi": "Nghị quyết",
         "value": v} for y, b, v in ((2020, "hdnd", 86), (2021, "hdnd", 102), (2020, "all", 86), (2021, "all", 102))])
    fig = charts.grouped_bars(frame, [2020, 2021], bodies=("doan-dbqh", "hdnd", "all"))
    assert _labels(fig.axes[0]) == ["HĐND", "Cả hai"]


def test_line_labels_never_overlap():
    frame = pd.DataFrame([
        {"year": y, "body": b, "indicator": "petitions.received", "label_vi": "Số đơn đã nhận", "unit_vi": "đơn", "value": v}
        for y, b, v in [(2019, "doan-dbqh", 114), (2019, "hdnd", 141), (2019, "all", 249), (2020, "doan-dbqh", 195),
                        (2020, "hdnd", 168), (2020, "all", 357), (2021, "doan-dbqh", 189), (2021, "hdnd", 195),
                        (2021, "all", 378)]])
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = charts.year_lines(frame)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == 9
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]
    assert not overlapping


def test_no_log_scale_and_empty_frames_give_no_chart():
    accounting = pd.DataFrame({"register_vi": ["Sổ đơn", "Sổ văn bản đến"], "rows_read": [1026, 13593], "rejected": [3, 0]})
    fig = charts.accounting_bars(accounting)
    assert fig.axes[0].get_xscale() == "linear"
    assert "1.026 (loại 3)" in _texts(fig)
    empty = FRAME.iloc[0:0]
    assert charts.grouped_bars(empty) is None and charts.year_lines(empty) is None and charts.body_bars(empty, 2021) is None
