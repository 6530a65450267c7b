"""Charts: Vietnamese glyphs render (no missing-glyph boxes), fixed colours, report-style labels."""

import warnings

import pandas as pd
from matplotlib.figure import Figure

from pipeline import charts

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
