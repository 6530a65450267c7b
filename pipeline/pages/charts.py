"""Charts for the notebooks and the export: matplotlib, Vietnamese labels, report-style numbers.

One place for the font (DejaVu Sans, bundled with matplotlib, has every
Vietnamese glyph: Đ ư ơ ầ ễ ộ …); the bodies' order and colours come from
:mod:`pipeline.pages.views` (the one bodies table), so Đoàn ĐBQH, HĐND and Cả hai
keep their place and colour in every chart; a fixed colour per year; value
labels in the display style of :mod:`pipeline.vi.formatting` ('3.372', '13,7%',
never '05'). A body without data in a panel is left out of it. An empty frame
gives no chart (None: Jupyter shows nothing).

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot (no global state, nothing shown twice in a notebook, no GUI needed);
Jupyter displays it as a PNG image.
"""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from pipeline.bodies import BODIES, BODY_COLOURS, BODY_ORDER, SHORT_BODY_LABELS_VI
from pipeline.specs.periods import part_of_year, when
from pipeline.vi.formatting import format_number, format_plain, format_share, format_value

FONT_FAMILY = "DejaVu Sans"

STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "axes.unicode_minus": True,  # the true minus, as in the tables ("−4"); DejaVu has it
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

BODY_LABELS = SHORT_BODY_LABELS_VI

_YEAR_PALETTE = ["#8ecae6", "#219ebc", "#023047", "#ffb703", "#fb8500", "#6a994e", "#9d4edd", "#bc4749"]


def year_colour(year: int) -> str:
    """A fixed colour per year (2019 is always the same light blue, 2021 the same navy …)."""
    return _YEAR_PALETTE[(int(year) - 2018) % len(_YEAR_PALETTE)]


def body_colour(body: str) -> str:
    return BODY_COLOURS.get(body, "#777777")


def _axis_number(value, _pos=None) -> str:
    return format_number(value) if float(value).is_integer() else format_number(value, 1)


def _value_text(value, unit: str | None = None) -> str:
    return format_value(value, unit)


def _in_order(bodies) -> list[str]:
    """The bodies asked for, in the fixed order (Đoàn ĐBQH, HĐND, Cả hai)."""
    wanted = set(bodies)
    return [b for b in BODY_ORDER if b in wanted] + [b for b in bodies if b not in BODY_ORDER]


def _is_empty(frame) -> bool:
    return frame is None or len(frame) == 0


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


def _of_period(period) -> str:
    """' — 6 tháng đầu năm' under a chart of a part of the year ('' for the whole year or None)."""
    return f" — {period.label_vi}" if part_of_year(period) else ""


def _wrap(text: str, width: int = 28) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


@_styled
def grouped_bars(frame, years=None, bodies=BODIES, title: str | None = None,
                 period=None) -> Figure | None:
    """One panel per indicator; in each, bars grouped by body (fixed order), one bar per year (year colours).

    ``frame``: long rows year, body, indicator, label_vi, unit_vi, value (see views.chart_frame).
    Each panel has its own scale, so 1.215 meetings and 36 supervisions both read clearly; a body
    with no value in a panel is left out of that panel.
    """
    if _is_empty(frame):
        return None
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
        shown = [b for b in _in_order(bodies) if rows.loc[rows["body"] == b, "value"].notna().any()]
        for i, year in enumerate(years):
            values = [rows[(rows["year"] == year) & (rows["body"] == b)]["value"].sum(min_count=1) for b in shown]
            xs = [j + (i - (len(years) - 1) / 2) * width for j in range(len(shown))]
            bars = ax.bar(xs, [0 if v != v else v for v in values], width, color=year_colour(year), label=str(year))
            _label_bars(ax, bars, values, unit)
        ax.set_xticks(range(len(shown)), [BODY_LABELS.get(b, b) for b in shown])
        ax.set_title(_wrap(rows["label_vi"].iloc[0], 34), fontsize=10)
        ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=unit != "%"))
        ax.margins(y=0.15)
    for ax in axes[len(indicators):]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper right", ncols=len(years), title="Năm")
    fig.suptitle(title or "Các chỉ tiêu chính theo năm và bộ phận" + _of_period(period))
    return fig


def _place_labels(heights: list[float], size: float = 0.065, pad: float = 0.025) -> list[tuple[float, str]]:
    """Where to write the labels of points at ``heights`` (axes fraction) of one year: above the
    point when that space is free, else below it, never over another label or point.

    Returns (height, vertical alignment) per point, in the order given.
    """
    taken = [(h - pad, h + pad) for h in heights]  # the markers themselves
    placed: dict[int, tuple[float, str]] = {}
    for i in sorted(range(len(heights)), key=lambda k: heights[k], reverse=True):
        h = heights[i]
        above, below = (h + pad, h + pad + size), (h - pad - size, h - pad)
        others = [t for j, t in enumerate(taken) if j != i]

        def free(box, others=others):
            return box[0] >= 0 and box[1] <= 1.02 and all(box[1] <= lo or box[0] >= hi for lo, hi in others)

        if free(above) or not free(below):
            placed[i] = (above[0], "bottom")
            taken.append(above)
        else:
            placed[i] = (below[1], "top")
            taken.append(below)
    return [placed[i] for i in range(len(heights))]


@_styled
def year_lines(frame, bodies=BODY_ORDER, title: str | None = None, period=None) -> Figure | None:
    """One panel per indicator; one line per body (body colours, fixed order) over every year
    available; each point labelled above or below it so that labels never overlap each other or a point."""
    if _is_empty(frame):
        return None
    indicators = list(dict.fromkeys(frame["indicator"]))
    ncols = min(2, max(1, len(indicators)))
    nrows = (len(indicators) + ncols - 1) // ncols
    fig = _figure(5.6 * ncols, 3.3 * nrows + 0.6)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    years = sorted(int(y) for y in frame["year"].unique())
    for ax, indicator in zip(axes, indicators):
        rows = frame[frame["indicator"] == indicator]
        unit = rows["unit_vi"].iloc[0]
        top = float(rows["value"].max() or 1) * 1.25
        ax.set_ylim(0, top)
        labels: dict[int, list[tuple[float, str, str]]] = {}
        for body in _in_order(bodies):
            line = rows[rows["body"] == body].dropna(subset=["value"]).sort_values("year")
            if line.empty:
                continue
            style = "--" if body == "all" else "-"
            ax.plot(line["year"], line["value"], style, marker="o", color=body_colour(body),
                    label=BODY_LABELS.get(body, body), linewidth=2)
            for x, y in zip(line["year"], line["value"]):
                labels.setdefault(int(x), []).append((float(y) / top, _value_text(y, unit), body_colour(body)))
        for x, items in labels.items():
            spots = _place_labels([h for h, _, _ in items])
            for (_, text, colour), (h, va) in zip(items, spots):
                ax.annotate(text, (x, h), xycoords=("data", "axes fraction"), ha="center", va=va,
                            fontsize=8, color=colour)
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_title(_wrap(rows["label_vi"].iloc[0], 50), fontsize=10)
        ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.margins(x=0.1)
    for ax in axes[len(indicators):]:
        ax.set_visible(False)
    handles, labels_ = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels_, loc="outside upper right", ncols=max(1, len(labels_)))
    fig.suptitle(title or "Diễn biến qua các năm" + _of_period(period))
    return fig


@_styled
def body_bars(frame, year: int, title: str | None = None, period=None) -> Figure | None:
    """A year's main indicators: one panel per indicator, one bar per body (fixed order, body colours), labelled."""
    if _is_empty(frame):
        return None
    frame = frame[frame["year"] == int(year)]
    indicators = list(dict.fromkeys(frame["indicator"]))
    if not indicators:
        return None
    ncols = min(3, max(1, len(indicators)))
    nrows = (len(indicators) + ncols - 1) // ncols
    fig = _figure(3.8 * ncols, 3.0 * nrows + 0.5)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax, indicator in zip(axes, indicators):
        rows = frame[frame["indicator"] == indicator].dropna(subset=["value"]).set_index("body")
        shown = [b for b in BODY_ORDER if b in rows.index]
        unit = rows["unit_vi"].iloc[0] if len(rows) else ""
        values = [rows.at[b, "value"] for b in shown]
        bars = ax.bar([BODY_LABELS[b] for b in shown], values, color=[body_colour(b) for b in shown], width=0.6)
        _label_bars(ax, bars, values, unit)
        ax.set_title(_wrap(frame[frame["indicator"] == indicator]["label_vi"].iloc[0], 32), fontsize=10)
        ax.set_ylabel(unit)
        ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.margins(y=0.15)
    for ax in axes[len(indicators):]:
        ax.set_visible(False)
    fig.suptitle(title or f"Chỉ tiêu chính {when(period, year)} theo bộ phận")
    return fig


@_styled
def sorted_bars(counts, title: str, value_col: str = "count", label_col: str = "value",
                colour: str = "#3B6E8F", limit: int = 15, xlabel: str = "Số dòng") -> Figure | None:
    """Horizontal bars, largest on top, each labelled with its count and share (e.g. by district)."""
    if _is_empty(counts):
        return None
    data = counts.sort_values(value_col, ascending=False).head(limit).iloc[::-1]
    fig = _figure(8, 0.38 * len(data) + 1.4)
    ax = fig.subplots()
    bars = ax.barh([_wrap(v, 40) for v in data[label_col]], data[value_col], color=colour)
    total = counts[value_col].sum()
    for bar, value in zip(bars, data[value_col]):
        text = format_plain(value) + (f" ({format_share(value / total)})" if total else "")
        ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.xaxis.set_major_formatter(FuncFormatter(_axis_number))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.margins(x=0.18)
    ax.set_title(title, loc="left")
    return fig


@_styled
def monthly_bars(monthly, title: str) -> Figure | None:
    """Rows per month, bars grouped by year (year colours), values labelled."""
    if _is_empty(monthly) or len(monthly.columns) == 0:
        return None
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
def accounting_bars(accounting, title: str = "Số dòng đọc theo sổ") -> Figure | None:
    """Rows read per register (linear scale, largest on top), labelled with the rows rejected."""
    if _is_empty(accounting):
        return None
    data = accounting.groupby("register_vi")[["rows_read", "rejected"]].sum().sort_values("rows_read")
    fig = _figure(9, 0.36 * len(data) + 1.4)
    ax = fig.subplots()
    bars = ax.barh(data.index, data["rows_read"], color=BODY_COLOURS["all"])
    for bar, (total, rejected) in zip(bars, zip(data["rows_read"], data["rejected"])):
        text = format_plain(total) + (f" (loại {format_plain(rejected)})" if rejected else "")
        ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.xaxis.set_major_formatter(FuncFormatter(_axis_number))
    ax.set_xlabel("Số dòng đọc")
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
def breakdown_panels(rows, register: str, columns, limit: int = 12, title: str | None = None) -> Figure | None:
    """One sorted horizontal bar panel per breakdown column (e.g. petitions by type, action, field)."""
    from pipeline.pages import views

    columns = [c for c in columns if c in rows.columns]
    frames = [(col, views.breakdown(rows, register, col).head(limit).iloc[::-1]) for col in columns]
    if not frames or rows.empty:
        return None
    heights = [max(1.2, 0.34 * len(counts) + 0.8) for _, counts in frames]
    fig = _figure(9, sum(heights) + 0.6)
    axes = fig.subplots(len(frames), 1, squeeze=False, height_ratios=heights).ravel()
    palette = ["#3B6E8F", "#7A8B99", "#8C6D46", "#5B7F5B", "#7D6A8C"]
    for i, (ax, (col, counts)) in enumerate(zip(axes, frames)):
        bars = ax.barh([_wrap(v, 40) for v in counts["value"]], counts["count"], color=palette[i % len(palette)])
        for bar, value, share in zip(bars, counts["count"], counts["share"]):
            ax.annotate(f"{format_plain(value)} ({format_share(share)})",
                        (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=8)
        ax.xaxis.set_major_formatter(FuncFormatter(_axis_number))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(x=0.2)
        ax.set_title(f"Theo {views.column_label(col, register).lower()}", loc="left", fontsize=10)
    fig.suptitle(title or f"{views.register_label(register)} — phân tổ")
    return fig
