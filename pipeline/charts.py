"""Charts for the notebooks and the export: matplotlib, Vietnamese labels, report-style numbers.

One place for the font (DejaVu Sans, bundled with matplotlib, has every
Vietnamese glyph: Đ ư ơ ầ ễ ộ …), one colour per body and per year so a
reader recognises them from chart to chart, value labels printed with
:mod:`pipeline.formatting` ('3.372', '85,5%'), bars sorted.

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot (no global state, nothing shown twice in a notebook, no GUI needed);
Jupyter displays it as a PNG image.
"""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from pipeline.formatting import format_count, format_number, format_percent

FONT_FAMILY = "DejaVu Sans"

STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "axes.unicode_minus": False,  # a plain hyphen: the Unicode minus is fine in DejaVu, but Excel/Word copies differ
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "figure.titlesize": 14,
    "figure.titleweight": "bold",
}

BODY_COLOURS = {"doan-dbqh": "#1f5fa8", "hdnd": "#c0392b", "all": "#4d4d4d"}
"""Đoàn ĐBQH blue, HĐND red, both together grey — in every chart."""

BODY_LABELS = {"doan-dbqh": "Đoàn ĐBQH", "hdnd": "HĐND", "all": "Cả hai"}

_YEAR_PALETTE = ["#8ecae6", "#219ebc", "#023047", "#ffb703", "#fb8500", "#6a994e", "#9d4edd", "#bc4749"]


def year_colour(year: int) -> str:
    """A fixed colour per year (2019 is always the same light blue, 2021 the same navy …)."""
    return _YEAR_PALETTE[(int(year) - 2018) % len(_YEAR_PALETTE)]


def body_colour(body: str) -> str:
    return BODY_COLOURS.get(body, "#777777")


def _axis_number(value, _pos=None) -> str:
    return format_number(value) if float(value).is_integer() else format_number(value, 1)


def _value_text(value, unit: str | None = None) -> str:
    return format_percent(value, 1) if unit == "%" else format_count(value)


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def _styled(func):
    """Build the chart under the module's style (font, sizes) without touching global rcParams."""

    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return func(*args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _label_bars(ax, bars, values, unit=None, horizontal=False) -> None:
    for bar, value in zip(bars, values):
        if value is None or value != value:  # NaN: no label
            continue
        text = _value_text(value, unit)
        if horizontal:
            ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                        textcoords="offset points", va="center", ha="left", fontsize=8)
        else:
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8)


def _wrap(text: str, width: int = 28) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


@_styled
def grouped_bars(frame, years=None, bodies=("doan-dbqh", "hdnd"), title: str | None = None) -> Figure:
    """One panel per indicator; in each, bars grouped by body, one bar per year (year colours).

    ``frame``: long rows year, body, indicator, label_vi, unit_vi, value (see views.chart_frame).
    Each panel has its own scale, so 1.215 meetings and 36 supervisions both read clearly.
    """
    years = sorted(int(y) for y in (years or frame["year"].unique()))
    indicators = list(dict.fromkeys(frame["indicator"]))
    ncols = min(3, max(1, len(indicators)))
    nrows = (len(indicators) + ncols - 1) // ncols
    fig = _figure(4.2 * ncols, 3.4 * nrows + 0.6)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    width = 0.8 / max(1, len(years))
    for ax, indicator in zip(axes, indicators):
        rows = frame[frame["indicator"] == indicator]
        unit = rows["unit_vi"].iloc[0]
        for i, year in enumerate(years):
            values = [
                rows[(rows["year"] == year) & (rows["body"] == b)]["value"].sum(min_count=1) for b in bodies
            ]
            xs = [j + (i - (len(years) - 1) / 2) * width for j in range(len(bodies))]
            bars = ax.bar(xs, [0 if v != v else v for v in values], width, color=year_colour(year), label=str(year))
            _label_bars(ax, bars, values, unit)
        ax.set_xticks(range(len(bodies)), [BODY_LABELS.get(b, b) for b in bodies])
        ax.set_title(_wrap(rows["label_vi"].iloc[0], 34), fontsize=10)
        ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=unit != "%"))
        ax.margins(y=0.15)
    for ax in axes[len(indicators):]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper right", ncols=len(years), title="Năm")
    fig.suptitle(title or "Các chỉ tiêu chính theo năm và bộ phận")
    return fig


@_styled
def year_lines(frame, bodies=("doan-dbqh", "hdnd", "all"), title: str | None = None) -> Figure:
    """One panel per indicator; one line per body (body colours) over every year available, values labelled."""
    indicators = list(dict.fromkeys(frame["indicator"]))
    ncols = min(2, max(1, len(indicators)))
    nrows = (len(indicators) + ncols - 1) // ncols
    fig = _figure(5.6 * ncols, 3.3 * nrows + 0.6)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    years = sorted(int(y) for y in frame["year"].unique())
    for ax, indicator in zip(axes, indicators):
        rows = frame[frame["indicator"] == indicator]
        unit = rows["unit_vi"].iloc[0]
        for body in bodies:
            line = rows[rows["body"] == body].sort_values("year")
            if line.empty:
                continue
            style = "--" if body == "all" else "-"
            ax.plot(line["year"], line["value"], style, marker="o", color=body_colour(body),
                    label=BODY_LABELS.get(body, body), linewidth=2)
            for x, y in zip(line["year"], line["value"]):
                ax.annotate(_value_text(y, unit), (x, y), xytext=(0, 5), textcoords="offset points",
                            ha="center", fontsize=8, color=body_colour(body))
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_title(_wrap(rows["label_vi"].iloc[0], 50), fontsize=10)
        ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.set_ylim(bottom=0)
        ax.margins(y=0.2, x=0.1)
    for ax in axes[len(indicators):]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper right", ncols=len(labels))
    fig.suptitle(title or "Diễn biến qua các năm")
    return fig


@_styled
def body_bars(frame, year: int, title: str | None = None) -> Figure:
    """A year's main indicators: one panel per indicator, one bar per body (body colours), labelled."""
    indicators = list(dict.fromkeys(frame["indicator"]))
    ncols = min(3, max(1, len(indicators)))
    nrows = (len(indicators) + ncols - 1) // ncols
    fig = _figure(3.8 * ncols, 3.0 * nrows + 0.5)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, indicator in zip(axes, indicators):
        rows = frame[(frame["indicator"] == indicator) & (frame["year"] == int(year))]
        rows = rows.sort_values("value", ascending=False)
        unit = rows["unit_vi"].iloc[0] if len(rows) else ""
        labels = [BODY_LABELS.get(b, b) for b in rows["body"]]
        bars = ax.bar(labels, rows["value"], color=[body_colour(b) for b in rows["body"]], width=0.6)
        _label_bars(ax, bars, rows["value"].tolist(), unit)
        title_text = frame[frame["indicator"] == indicator]["label_vi"].iloc[0]
        ax.set_title(_wrap(title_text, 32), fontsize=10)
        ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.margins(y=0.15)
    for ax in axes[len(indicators):]:
        ax.set_visible(False)
    fig.suptitle(title or f"Chỉ tiêu chính năm {year} theo bộ phận")
    return fig


@_styled
def sorted_bars(counts, title: str, value_col: str = "count", label_col: str = "value",
                colour: str = "#1f5fa8", limit: int = 15, xlabel: str = "Số dòng") -> Figure:
    """Horizontal bars, largest on top, each labelled with its count and share (e.g. by district)."""
    data = counts.sort_values(value_col, ascending=False).head(limit).iloc[::-1]
    fig = _figure(8, 0.38 * len(data) + 1.4)
    ax = fig.subplots()
    bars = ax.barh([_wrap(v, 40) for v in data[label_col]], data[value_col], color=colour)
    total = counts[value_col].sum()
    for bar, value in zip(bars, data[value_col]):
        text = format_count(value) + (f" ({format_percent(value / total, 1)})" if total else "")
        ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.xaxis.set_major_formatter(FuncFormatter(_axis_number))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.margins(x=0.18)
    ax.set_title(title, loc="left")
    return fig


@_styled
def monthly_bars(monthly, title: str) -> Figure:
    """Rows per month, bars grouped by year (year colours), values labelled."""
    years = [int(y) for y in monthly.columns]
    fig = _figure(10, 3.8)
    ax = fig.subplots()
    width = 0.8 / max(1, len(years))
    for i, year in enumerate(years):
        xs = [m + (i - (len(years) - 1) / 2) * width for m in monthly.index]
        bars = ax.bar(xs, monthly[year], width, color=year_colour(year), label=str(year))
        if len(years) <= 3:
            _label_bars(ax, bars, monthly[year].tolist())
    ax.set_xticks(list(monthly.index), [f"Th{m:02d}" for m in monthly.index])
    ax.set_ylabel("Số dòng")
    ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(title="Năm", ncols=len(years), loc="upper left")
    ax.margins(y=0.18)
    ax.set_title(title, loc="left")
    return fig


@_styled
def accounting_bars(accounting, title: str = "Đối soát dòng theo sổ") -> Figure:
    """Stacked horizontal bars per register: accepted, rejected, total rows, blank, signatures/notes."""
    parts = [("accepted", "Nhận", "#2a9d8f"), ("rejected", "Loại", "#e63946"), ("total_rows", "Dòng tổng", "#e9c46a"),
             ("blank_rows", "Dòng trống", "#bbbbbb"), ("ignored_rows", "Chữ ký, ghi chú", "#8d99ae")]
    data = accounting.groupby("register_vi")[[p for p, _, _ in parts]].sum()
    data = data.assign(_t=data.sum(axis=1)).sort_values("_t").drop(columns="_t")
    fig = _figure(9, 0.42 * len(data) + 1.6)
    ax = fig.subplots()
    left = [0] * len(data)
    for key, label, colour in parts:
        ax.barh(data.index, data[key], left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, data[key])]
    for y, (total, rejected) in enumerate(zip(left, data["rejected"])):
        text = format_count(total) + (f" (loại {format_count(rejected)})" if rejected else "")
        ax.annotate(text, (total, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_xscale("symlog", linthresh=100)
    ax.xaxis.set_major_formatter(FuncFormatter(_axis_number))
    ax.set_xlabel("Số dòng đọc (thang log)")
    ax.legend(loc="lower right", ncols=len(parts))
    ax.margins(x=0.15)
    ax.set_title(title, loc="left")
    return fig


def _register_png_formatter() -> None:
    """Show a returned Figure as a PNG in Jupyter (figures here are built without pyplot)."""
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import print_figure
    except ImportError:  # plain Python: nothing to register
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    formatter.for_type(Figure, lambda fig: print_figure(fig, "png", bbox_inches="tight", dpi=110))


_register_png_formatter()


@_styled
def breakdown_panels(rows, register: str, columns, limit: int = 12) -> Figure:
    """One sorted horizontal bar panel per breakdown column (e.g. petitions by type, action, field)."""
    from pipeline import views

    columns = [c for c in columns if c in rows.columns]
    heights = []
    frames = []
    for col in columns:
        counts = views.breakdown(rows, register, col).head(limit).iloc[::-1]
        frames.append((col, counts))
        heights.append(max(1.2, 0.34 * len(counts) + 0.8))
    fig = _figure(9, sum(heights) + 0.6 if heights else 2)
    if not frames:
        fig.text(0.5, 0.5, "Không có cột phân tổ", ha="center")
        return fig
    axes = fig.subplots(len(frames), 1, squeeze=False, height_ratios=heights).ravel()
    palette = ["#1f5fa8", "#2a9d8f", "#e76f51", "#6a4c93", "#8d99ae"]
    for i, (ax, (col, counts)) in enumerate(zip(axes, frames)):
        total = counts["count"].sum()
        bars = ax.barh([_wrap(v, 40) for v in counts["value"]], counts["count"], color=palette[i % len(palette)])
        for bar, value, share in zip(bars, counts["count"], counts["share"]):
            ax.annotate(f"{format_count(value)} ({format_percent(share, 1)})",
                        (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=8)
        ax.xaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(x=0.2)
        ax.set_title(f"Theo {views.column_label(col, register).lower()}" + ("" if total else " (không có dòng)"),
                     loc="left", fontsize=10)
    fig.suptitle(f"{views.register_label(register)} — phân tổ")
    return fig
