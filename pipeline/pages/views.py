"""What the office reads: the tables of the five pages, shaped from the published outputs.

The notebooks hold no logic: every code cell is one or two calls into this
module (or :mod:`pipeline.pages.charts`). Reading outputs happens in :func:`load`,
reading specs in :func:`_schema` / :func:`_catalogue`; everything else is a
pure function from DataFrames to DataFrames (``*_frame``), plus thin wrappers
that load, label and style for display.

A page starts from a :class:`Selection` (:func:`select`): the year, base year,
years and body it shows, defaults taken from the data that is there (latest
year, the year before it that has data, every year). A parameter naming a year
the outputs lack gives a selection with a one-line ``problem``; every page
function then shows nothing, so the page reads as that one line, never a
traceback.

Numbers are printed in the display style of :mod:`pipeline.vi.formatting`
('3.372', '13,7%', '+81', '−0,7 điểm %'); report sentences keep the report's own
style ('05 đơn'). Bodies always appear in :data:`BODY_ORDER`, each in its one
colour (:data:`BODY_COLOURS`); rises and falls in a neutral pair.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.bodies import (  # noqa: F401 (BODY_COLOURS, BODY_TINTS: read by the notebooks and the workbook)
    ALL_BODIES,
    BODIES,
    BODY_COLOURS,
    BODY_LABELS_VI,
    BODY_ORDER,
    BODY_TINTS,
    SHORT_BODY_LABELS_VI,
)
from pipeline.figures.compare import (
    bodies_side_by_side,
    compare,
    comparison_pairs,
    delta_column,
    pct_column,
    side_by_side,
)
from pipeline.outputs import catalog
from pipeline.specs.periods import YEAR, Period, UnknownPeriod, part_of_year, period_by_id, when
from pipeline.vi.formatting import (
    comparison_phrase,
    difference_label,
    format_delta,
    format_delta_with_pct,
    format_number,
    format_share,
    format_value,
)

# --- the bodies: one order, one label, one colour --------------------------------------------

RISE_COLOUR, FALL_COLOUR = "#1B5E7A", "#6B4E9B"
"""A neutral pair for a rise and a fall (teal and purple): fewer complaints is not 'bad'."""

MISSING = "–"
"""What an empty cell shows: the body does not have this figure (not zero)."""

GENERIC_LABELS_VI = {"body": "Bộ phận", "year": "Năm", "month": "Tháng", "count": "Số dòng"}

SAFE_TYPES = {"date", "whole", "money", "category", "session", "round", "district", "flag", "presence", "body",
              "category_people"}
"""Column types safe to show beside a source row (never names, addresses, summaries or identities)."""

OUTPUT_FILES = catalog.BY_NAME

PARAMETERS = (
    ("YEAR", "VP_YEAR", "01, 04", "năm xem (mặc định: năm mới nhất có số liệu)"),
    ("BASE_YEAR", "VP_BASE_YEAR", "01, 02", "năm so sánh (mặc định: năm gần nhất trước đó có số liệu)"),
    ("PERIOD", "VP_PERIOD", "01–04",
     "kỳ báo cáo: year (cả năm), q1…q4, h1, h2, m9, m01…m12, nd09.* (mặc định: year)"),
    ("YEARS", "VP_YEARS", "02, 03", "các năm (mặc định: mọi năm có số liệu)"),
    ("BODY", "VP_BODY", "01–04", "bộ phận: doan-dbqh, hdnd, all (trống: cả ba)"),
    ("REGISTER", "VP_REGISTER", "03", "sổ theo dõi (mặc định: petitions)"),
    ("FILTER", "VP_FILTER", "03", "biểu thức lọc pandas, ví dụ category == 'complaint'"),
    ("INDICATOR", "VP_INDICATOR", "04", "chỉ tiêu xem nguồn gốc"),
    ("REPORT", "VP_REPORT", "05", "báo cáo cần kiểm tra (.txt, .md, .docx)"),
    ("REPORT_PERIOD", "VP_REPORT_PERIOD", "05", "kỳ của báo cáo: year (cả năm), h1 (6 tháng đầu năm), q1…q4, m9…"),
    ("PROCESSED_DIR", "VP_PROCESSED_DIR", "01–05", "thư mục kết quả pipeline"),
)
"""Every page parameter: name, environment variable, pages, meaning (page 04 lists them)."""


# --- specs: read in one place ----------------------------------------------------------------


def _specs():
    """Every spec the pages read: the package's merged with the office's own (data/specs/ or
    VP_SPECS_DIR), through the one spec loader (cached there until a spec file changes)."""
    from pipeline.specs.load import load_specs

    return load_specs()


def _schema():
    return _specs().schema


def _catalogue() -> pd.DataFrame:
    return _specs().catalogue.table


def _charted(tag: str) -> list[str]:
    """Indicators the catalogue tags for a chart (``chart`` column: main, trend)."""
    table = _catalogue()
    return table.loc[table["chart"].str.split().map(lambda tags: tag in tags), "indicator"].tolist()


def main_indicators() -> list[str]:
    """The indicators the charts show by default (the figures the report quotes first)."""
    return _charted("main")


def trend_indicators() -> list[str]:
    return _charted("trend")


def indicator_label(indicator: str) -> str:
    """An indicator's Vietnamese label from the catalogue ('Số đơn đã nhận'), else the id itself."""
    labels = dict(zip(_catalogue()["indicator"], _catalogue()["label_vi"]))
    return labels.get(indicator, indicator)


def _report_rank(indicators: Iterable[str]) -> list[int]:
    rank = {ind: i for i, ind in enumerate(_catalogue()["indicator"])}
    return [rank.get(i, len(rank)) for i in indicators]


def column_label(key: str, register: str | None = None) -> str:
    """A column's Vietnamese name: its header in the register spec, else a generic label."""
    if register in _schema().registers:
        try:
            return _schema().registers[register].column(key).header
        except KeyError:
            pass
    return GENERIC_LABELS_VI.get(key, key)


# --- parameters and loading -------------------------------------------------------------------


def _is_int(text: str) -> bool:
    return text.lstrip("-").isdigit()


def param(env: str, default):
    """A notebook parameter: the environment variable ``env`` if set, else ``default``.

    The value is converted to the default's type: ``VP_YEARS="2019 2020"`` or
    ``"2019,2020"`` → ``[2019, 2020]`` (also when the default is ``[]``); ``VP_YEAR=2021`` →
    ``2021``. Values injected by papermill replace the whole assignment, so they win over both.
    """
    raw = os.environ.get(env)
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "có", "co"}
    if isinstance(default, int):
        return int(raw) if _is_int(raw) else raw  # not a number: the page says so (see select)
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            return raw
    if isinstance(default, (list, tuple)):
        items = [p for p in raw.replace(",", " ").split() if p]
        if all(isinstance(v, int) for v in default) and (default or (items and all(map(_is_int, items)))):
            return [int(p) for p in items]
        return items
    return raw


def processed_dir(path: str | Path | None = None) -> Path:
    """The folder of published outputs (argument, else VP_PROCESSED_DIR, else data/processed)."""
    if path:
        return Path(path).expanduser().resolve()
    env = os.environ.get("VP_PROCESSED_DIR")
    return Path(env).expanduser().resolve() if env else config.PROCESSED_DIR


def ensure_outputs(path: str | Path | None = None, raw_dir: str | Path | None = None) -> Path:
    """Make sure the pipeline's outputs exist (a fresh clone has none); run it if not.

    Returns the folder, so a notebook may write ``PROCESSED_DIR = views.ensure_outputs(...)``.
    """
    out = processed_dir(path)
    if not (out / catalog.INDICATORS).exists():
        from pipeline.outputs.publish import publish
        from pipeline.run import run_pipeline

        raw = Path(raw_dir) if raw_dir else config.RAW_DIR
        print(f"Chưa có kết quả trong {out}: chạy pipeline trên {raw} …")
        publish(run_pipeline(raw, cache_dir=config.CACHE_DIR), out)
    return out


def load(name: str, path: str | Path | None = None) -> pd.DataFrame | dict:
    """The one function that reads outputs: ``indicators``, ``comparisons``, ``rejects``, ``lineage``,
    ``notices``, ``accounting``, ``totals``, ``sources``, ``summary``, ``table:<register>`` or
    ``period:<id>`` (one period's rows of period_indicators.csv, without the period column; ``period:year``
    is indicators.csv)."""
    folder = processed_dir(path)
    if name.startswith("period:"):  # the reader the checker and the draft use too: the same figures
        from pipeline.report.published import read_period_figures

        figures = read_period_figures(folder, period_by_id(name.split(":", 1)[1], _specs().periods))
        if figures.table is None:
            raise FileNotFoundError(f"không có {figures.source.name} trong {folder}")
        return figures.table
    if name == "summary":
        return json.loads((folder / catalog.SUMMARY).read_text(encoding="utf-8"))
    if name.startswith("table:"):
        file = folder / catalog.table_file(name.split(":", 1)[1])
        if not file.exists():
            raise FileNotFoundError(f"không có bảng {file.name} trong {file.parent}")
        return pd.read_parquet(file)
    file = folder / OUTPUT_FILES[name]
    if file.suffix == ".parquet":
        return pd.read_parquet(file)
    return pd.read_csv(file, encoding="utf-8-sig")


def body_label(body: str, short: bool = True) -> str:
    return (SHORT_BODY_LABELS_VI if short else BODY_LABELS_VI).get(body, body)


def available_years(indicators: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in indicators["year"].dropna().unique())


# --- what a page shows: the selection ---------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The period, years and body a page shows, checked against the outputs (see :func:`select`).

    ``period`` None is the whole year (indicators.csv); a quarter, six months, a month… is its
    rows of period_indicators.csv, compared with the same period of the base year ("cùng kỳ").
    ``problem`` is one line for the reader when a parameter names something the data lacks;
    page functions then show nothing.
    """

    path: Path
    available: tuple[int, ...]
    year: int | None = None
    base_year: int | None = None
    years: tuple[int, ...] = ()
    body: str | None = None
    problem: str = ""
    period: Period | None = None

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def bodies(self) -> tuple[str, ...]:
        return BODY_ORDER if self.body is None else (self.body,)

    @property
    def period_id(self) -> str:
        return self.period.id if self.period is not None else YEAR

    @property
    def same_period(self) -> bool:
        """A part of the year compares with 'cùng kỳ' of the base year."""
        return part_of_year(self.period)

    def when(self, year: int) -> str:
        """'năm 2020', '6 tháng đầu năm 2020', 'quý I năm 2020'."""
        return when(self.period, year)

    def against(self, base_year: int) -> str:
        """'so với năm 2019' or 'so với cùng kỳ năm 2019'."""
        return comparison_phrase(base_year, self.same_period)

    def describe(self) -> str:
        if self.problem:
            return self.problem
        parts = []
        if self.year is not None:
            span = self.when(self.year)
            parts.append(span[:1].upper() + span[1:] + (f", {self.against(self.base_year)}" if self.base_year else
                                                        " (không có năm trước để so sánh)"))
        parts.append(f"các năm có số liệu{f' ({self.period.label_vi})' if self.same_period else ''}: "
                     f"{', '.join(map(str, self.available))}")
        parts.append("bộ phận: " + ("Đoàn ĐBQH, HĐND và cả hai" if self.body is None else body_label(self.body)))
        return "; ".join(parts) + "."

    def _repr_html_(self) -> str:
        kind = "vp-problem" if self.problem else "vp-lead"
        return f'<p class="{kind}" style="font-size: 1.05em;">{html.escape(self.describe())}</p>'

    def __repr__(self) -> str:
        return self.describe()


def _years_line(available: Iterable[int], period: Period | None = None) -> str:
    years = list(available)
    of = f" ({period.label_vi})" if period is not None else ""
    return f"Các năm có số liệu{of}: {', '.join(map(str, years))}." if years else f"Chưa có số liệu năm nào{of}."


def select(year: int | None = 0, base_year: int | None = 0, years: Iterable[int] = (), body: str | None = "",
           path: str | Path | None = None, *, period: str | None = YEAR,
           indicators: pd.DataFrame | None = None) -> Selection:
    """The page's selection, defaults from the data: ``year`` 0 → the latest year with data,
    ``base_year`` 0 → the latest year before it with data, ``years`` empty → every year, ``body``
    '' → every body, ``period`` 'year' → the whole year ('h1', 'q3', 'm05'… a part of it, from the
    periods spec). A year, body or period the data lacks gives a selection whose ``problem`` says
    what exists.
    """
    folder = processed_dir(path)
    try:
        chosen_period = period_by_id(str(period or YEAR), _specs().periods)
    except UnknownPeriod as exc:
        return Selection(folder, (), problem=f"{str(exc)[:1].upper()}{str(exc)[1:]} (tham số PERIOD).")
    if indicators is None:
        try:
            indicators = load(f"period:{chosen_period.id}", folder)
        except (FileNotFoundError, ValueError) as exc:  # no run there, or one from before periods existed
            return Selection(folder, (), problem=f"Chưa có số liệu {chosen_period.label_vi} đọc được: {exc}.")
    available = tuple(available_years(indicators))
    phrase = chosen_period.phrase
    missing = []
    if year and _year(year) not in available:
        missing.append(f"{phrase(year)} (tham số YEAR)")
    if base_year and _year(base_year) not in available:
        missing.append(f"{phrase(base_year)} (tham số BASE_YEAR)")
    absent = [y for y in (years or ()) if _year(y) not in available]
    if absent:
        missing.append(f"{phrase(', '.join(map(str, absent)))} (tham số YEARS)")
    wanted = tuple(sorted({_year(y) for y in years or ()} - {None}))
    body = _body_key(body)
    shown_period = None if chosen_period.is_year else chosen_period
    if body and body not in BODY_ORDER:
        return Selection(folder, available, problem=f"Không có bộ phận «{body}» (tham số BODY): chọn "
                                                    f"{', '.join(BODY_ORDER)} hoặc để trống.", period=shown_period)
    if missing or not available:
        return Selection(folder, available, period=shown_period,
                         problem=f"Không có số liệu {'; '.join(missing) or 'nào' + _of_period(shown_period)}. "
                                 f"{_years_line(available, shown_period)}")
    chosen = int(year) if year else (wanted[-1] if wanted else available[-1])
    if base_year:
        base = int(base_year)
    else:
        earlier = [y for y in available if y < chosen]
        base = earlier[-1] if earlier else None
    return Selection(folder, available, chosen, base, wanted or available, body or None, period=shown_period)


def _of_period(period: Period | None) -> str:
    return f" của kỳ {period.label_vi}" if period is not None else ""


def _year(value) -> int | None:
    """A year parameter as a number (2021, '2021'); None when it is not one ('năm ngoái')."""
    text = str(value).strip()
    return int(text) if _is_int(text) else None


def _body_key(body: str | None) -> str | None:
    """A body parameter as its key; the labels a reader would type work too ('HĐND', 'Cả hai')."""
    if not body:
        return body
    text = str(body).strip()
    labels = {label.casefold(): key for key, label in SHORT_BODY_LABELS_VI.items()}
    labels.update({label.casefold(): key for key, label in BODY_LABELS_VI.items()})
    return labels.get(text.casefold(), text)


def _when_ok(func):
    """A page function shows nothing (returns None) for a selection with a problem."""

    def wrapper(sel: Selection, *args, **kwargs):
        if not sel.ok:
            return None
        return func(sel, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__, wrapper.__wrapped__ = func.__name__, func.__doc__, func
    return wrapper


# --- display helpers: one table style ---------------------------------------------------------


class Block:
    """Several tables, headings and paragraphs shown as one output (Jupyter and the exported HTML).

    ``frames`` keeps the shown tables as DataFrames (tests, other writers); ``notes`` the footnotes.
    """

    def __init__(self, parts: list, frames: dict[str, pd.DataFrame] | None = None, notes: list[str] | None = None):
        self.parts, self.frames, self.notes = parts, frames or {}, notes or []

    def _repr_html_(self) -> str:
        return "\n".join(p if isinstance(p, str) else p.to_html() for p in self.parts)

    def text(self) -> str:
        """Plain text of the block (what a reader copies)."""
        return re.sub(r"<[^>]+>", " ", html.unescape(self._repr_html_()))


WIDE_COLUMNS = 7
"""A table with this many columns is marked ``vp-wide``: its page prints in A4 landscape."""


def _style_table(frame: pd.DataFrame, caption: str | None = None, *, numeric: Iterable = (),
                 hide_index: bool = True, css_class: str = "vp-table"):
    """The house table style: text left-aligned, the ``numeric`` columns right-aligned; a wide
    table is marked so its page prints in landscape."""
    styler = frame.style.hide(axis="index") if hide_index else frame.style
    if caption:
        styler = styler.set_caption(html.escape(caption))
    if len(frame.columns) >= WIDE_COLUMNS:
        css_class += " vp-wide"
    styler = styler.set_table_attributes(f'class="{css_class}"').set_table_styles(
        [
            {"selector": "", "props": "border-collapse: collapse; margin: 0.4em 0 1em 0;"},
            {"selector": "caption", "props": "caption-side: top; font-weight: bold; font-size: 1.05em; "
                                             "text-align: left; padding: 0 0 4px 0;"},
            {"selector": "th", "props": "background-color: #eef2f7; text-align: left; padding: 3px 6px; "
                                        "vertical-align: bottom; border-bottom: 1px solid #b8c2cc;"},
            {"selector": "td", "props": "padding: 2px 6px; vertical-align: top; border-bottom: 1px solid #e6e9ed;"},
        ]
    )
    numeric = [c for c in numeric if c in frame.columns]
    text = [c for c in frame.columns if c not in numeric]
    if text:
        styler = styler.set_properties(subset=text, **{"text-align": "left"})
    if numeric:
        styler = styler.set_properties(subset=numeric, **{"text-align": "right", "white-space": "nowrap"})
        styler = styler.set_table_styles({c: [{"selector": "th", "props": "text-align: right;"}] for c in numeric},
                                         overwrite=False)
    if len(frame.columns) > 4 and text:
        styler = styler.set_properties(subset=text[:1], **{"min-width": "12em"})
    if isinstance(frame.columns, pd.MultiIndex):  # a group header (a body) sits centred over its columns
        styler = styler.set_table_styles([{"selector": "th.col_heading.level0", "props": "text-align: center;"}],
                                         overwrite=False)
    return styler


def _empty_note(caption: str) -> str:
    return f'<p class="vp-note"><b>{html.escape(caption)}</b>: không có.</p>'


def _change_colour(value) -> str:
    if value is None or pd.isna(value) or value == 0:
        return ""
    return f"color: {RISE_COLOUR};" if value > 0 else f"color: {FALL_COLOUR};"


def _notes_html(notes: list[str], marks: list[str] | None = None) -> str:
    if not notes:
        return ""
    marks = marks or [f"({i})" for i in range(1, len(notes) + 1)]
    items = "".join(f"<li><b>{html.escape(m)}</b> {html.escape(n)}</li>" for m, n in zip(marks, notes))
    return f'<ul class="vp-notes" style="list-style: none; padding-left: 0; font-size: 0.9em;">{items}</ul>'


def _paragraph(text: str, heading: str | None = None) -> str:
    head = f"<h3>{html.escape(heading)}</h3>" if heading else ""
    return (f'{head}<p class="vp-paragraph" style="text-align: justify; line-height: 1.5; white-space: pre-line;">'
            f"{html.escape(text)}</p>")


def _silent(values: pd.DataFrame) -> pd.Series:
    """Rows with nothing to say: every value empty or zero."""
    return values.fillna(0).eq(0).all(axis=1)


# --- the figures of a selection: a year or a part of it ---------------------------------------


def figures(sel: Selection) -> pd.DataFrame:
    """(year, body, indicator, value, unit_vi, label_vi) of the selection's period: indicators.csv
    for the whole year, that period's rows of period_indicators.csv otherwise."""
    return load(f"period:{sel.period_id}", sel.path)


def year_only_note(sel: Selection) -> list[str]:
    """For a part of the year: the figures that exist for the whole year only (their registers are
    kept without dates), said once under the table instead of a row of 0 (empty for the year)."""
    if not sel.same_period:
        return []
    from pipeline.figures.by_period import year_only_labels

    labels = year_only_labels(_specs())
    if not labels:
        return []
    return [f"Chỉ có số cả năm (sổ không ghi ngày, không chia được theo kỳ): {'; '.join(labels)}."]


# --- page 01: a year, the three bodies side by side -------------------------------------------

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"


def year_frame(indicators: pd.DataFrame, year: int, base_year: int | None,
               bodies: Iterable[str] = BODY_ORDER) -> pd.DataFrame:
    """Page 01 in numbers: one row per indicator in report order that has something to say.

    Columns: ``label_vi`` and per body (body, unit_vi | value | base_value | delta | pct_change),
    as :func:`pipeline.figures.compare.bodies_side_by_side`; ``note`` says why Cả hai is not the sum of
    the two bodies where it is not (see :func:`sum_note`).
    """
    bodies = tuple(b for b in BODY_ORDER if b in set(bodies))
    wide = bodies_side_by_side(indicators, year, base_year, bodies)
    values = wide[[(b, f) for b in bodies for f in ("value", "base_value")]]
    wide = wide[~_silent(values)]
    ranks = pd.Series(_report_rank(wide.index), index=wide.index)
    wide = wide.loc[ranks.sort_values(kind="stable").index].copy()
    wide[("note", "")] = [sum_note(ind, wide.loc[ind]) if set(BODY_ORDER) <= set(bodies) else ""
                          for ind in wide.index]
    return wide


def sum_mismatch(row: pd.Series, field: str = "value") -> bool:
    """Whether Cả hai's ``field`` (value or base_value) differs from Đoàn ĐBQH + HĐND."""
    both = row.get(("all", field))
    if both is None or pd.isna(both):
        return False
    parts = [row.get((b, field)) for b in BODIES]
    known = [p for p in parts if p is not None and not pd.isna(p)]
    return not known or abs(sum(known) - both) > 1e-9


def sum_note(indicator: str, row: pd.Series) -> str:
    """Why Cả hai differs from Đoàn ĐBQH + HĐND for this row ('' when it is their sum).

    The reason comes from how the catalogue computes the indicator: a share is recomputed over
    both bodies, a distinct count counts what both bodies have once (petitions sent to both —
    docs/decisions.md), an office-wide register has no per-body figures.
    """
    fields = [f for f in ("value", "base_value") if sum_mismatch(row, f)]
    if not fields:
        return ""
    spec = _catalogue().set_index("indicator")
    how, scope, unit = (spec.loc[indicator, ["aggregation", "distinct_scope", "unit_vi"]] if indicator in spec.index
                        else ("", "", ""))
    if how == "share":
        return "Tỷ lệ của cả hai tính trên số liệu chung của hai bộ phận, không phải tổng hai tỷ lệ."
    if all(pd.isna(row.get((b, f))) for b in BODIES for f in fields):
        return "Sổ chung của văn phòng, không tách theo bộ phận: chỉ có số liệu của cả hai."
    if how == "nunique" and scope == "value":
        return f"Một {unit} có ở cả hai bộ phận chỉ tính một lần cho cả hai (docs/decisions.md)."
    return "Cả hai không bằng tổng hai bộ phận (docs/decisions.md)."


def _units_text(row: pd.Series, bodies: Iterable[str]) -> str:
    units = {b: row[(b, "unit_vi")] for b in bodies if isinstance(row[(b, "unit_vi")], str)}
    main = units.get("all") or next(iter(units.values()), "")
    others = [f"{body_label(b)}: {u}" for b, u in units.items() if u != main]
    return main + (f" ({'; '.join(others)})" if others else "")


def _cell(value, unit) -> str:
    return MISSING if value is None or pd.isna(value) else format_value(value, unit)


def year_display(wide: pd.DataFrame, year: int, base_year: int | None,
                 bodies: Iterable[str] = BODY_ORDER) -> tuple[pd.DataFrame, list[str]]:
    """Page 01's table as text (columns: ('', Chỉ tiêu), ('', Đơn vị), (body, year) …) and its notes."""
    bodies = [b for b in BODY_ORDER if b in set(bodies)]
    notes = list(dict.fromkeys(n for n in wide[("note", "")] if n))
    marks = {n: SUPERSCRIPTS[i] if i < len(SUPERSCRIPTS) else f"({i + 1})" for i, n in enumerate(notes)}
    shown = {("", "Chỉ tiêu"): wide[("label_vi", "")].tolist(),
             ("", "Đơn vị"): [_units_text(r, bodies) for _, r in wide.iterrows()]}
    for b in bodies:
        label = body_label(b)
        units = wide[(b, "unit_vi")].tolist()
        for field, heading in (("value", year), ("base_value", base_year)):
            if heading is None:
                continue
            cells = [_cell(v, u) for v, u in zip(wide[(b, field)], units)]
            if b == "all":
                cells = [c + marks[n] if n and sum_mismatch(r, field) else c
                         for c, n, (_, r) in zip(cells, wide[("note", "")], wide.iterrows())]
            shown[(label, str(heading))] = cells
        if base_year is not None:
            shown[(label, difference_label(year, base_year))] = [
                format_delta(d, u) for d, u in zip(wide[(b, "delta")], units)]
    frame = pd.DataFrame(shown)
    frame.columns = pd.MultiIndex.from_tuples(frame.columns)
    return frame, [f"{marks[n]} {n}" for n in notes]


@_when_ok
def year_table(sel: Selection):
    """Page 01: the indicators in report order × Đoàn ĐBQH / HĐND / Cả hai, year and base year with
    the difference; rows with nothing to say left out; footnotes where Cả hai is not the sum."""
    wide = year_frame(figures(sel), sel.year, sel.base_year, sel.bodies)
    frame, notes = year_display(wide, sel.year, sel.base_year, sel.bodies)
    numeric = [c for c in frame.columns if c[0]]
    styler = _style_table(frame, f"Số liệu {sel.when(sel.year)}" + (f" {sel.against(sel.base_year)}" if sel.base_year else ""),
                          numeric=numeric)
    for b in sel.bodies:
        label = body_label(b)
        styler = styler.set_table_styles(
            {col: [{"selector": "th", "props": f"background-color: {BODY_TINTS[b]};"}]
             for col in frame.columns if col[0] == label}, overwrite=False)
        if sel.base_year is not None:
            deltas = wide[(b, "delta")].tolist()
            styler = styler.apply(lambda _c, d=deltas: [_change_colour(x) for x in d],
                                  subset=[(label, difference_label(sel.year, sel.base_year))])
    legend = [f"{MISSING} : bộ phận không có số liệu này (không phải 0).", *year_only_note(sel)]
    if sel.base_year is not None:
        legend.append(f"Chênh lệch {difference_label(sel.year, sel.base_year)}: số tăng (+) hay giảm (−); "
                      "tỷ lệ tăng, giảm tính bằng điểm phần trăm (điểm %).")
    return Block([styler, _notes_html(notes + legend, [""] * (len(notes) + len(legend)))],
                 frames={"table": frame}, notes=notes)


def paragraph_frame(indicators: pd.DataFrame, year: int, base_year: int | None,
                    bodies: Iterable[str] = BODY_ORDER, same_period: bool = False) -> pd.DataFrame:
    """The report's sentences for ``year`` (vs ``base_year``), one paragraph per body.

    Columns: body, text: one sentence per register (lines apart). Each indicator with something to
    say becomes 'label: sentence' in report order ('Số đơn đã nhận: 195 đơn (tăng 81 đơn so với năm 2019)'), sentences in the report's
    style (zero-padded counts, whole percents), as :func:`pipeline.figures.compare.compare` writes them;
    ``same_period``: the figures are of a part of the year ("so với cùng kỳ năm 2019").
    """
    rows = compare(indicators, [(year, base_year if base_year is not None else year - 1)], same_period=same_period)
    rows = rows[~(rows["value"].fillna(0).eq(0) & rows["base_value"].fillna(0).eq(0))]
    rows = rows.assign(_rank=_report_rank(rows["indicator"])).sort_values("_rank", kind="stable")
    labels = dict(zip(indicators["indicator"], indicators["label_vi"]))
    registers = dict(zip(_catalogue()["indicator"], _catalogue()["register"]))
    out = []
    for body in [b for b in BODY_ORDER if b in set(bodies)]:
        part = rows[rows["body"] == body]
        if part.empty:
            continue
        sentences = []
        for _, group in part.groupby(part["indicator"].map(registers).fillna(""), sort=False):
            items = [f"{labels.get(i, i)}: {s}" for i, s in zip(group["indicator"], group["sentence_vi"])]
            sentences.append("; ".join([items[0], *[i[:1].lower() + i[1:] for i in items[1:]]]) + ".")
        out.append({"body": body, "text": "\n".join(sentences)})
    return pd.DataFrame(out, columns=["body", "text"])


@_when_ok
def report_paragraphs(sel: Selection):
    """Page 01: the report's sentences as a ready paragraph per body, to paste into the annual report."""
    frame = paragraph_frame(figures(sel), sel.year, sel.base_year, sel.bodies, sel.same_period)
    parts = [_paragraph(text, body_label(body, short=False)) for body, text in zip(frame["body"], frame["text"])]
    return Block(parts, frames={"paragraphs": frame})


# --- page 02: years side by side --------------------------------------------------------------


def years_frame(indicators: pd.DataFrame, years: Iterable[int], body: str, base_year: int | None = None,
                same_period: bool = False) -> pd.DataFrame:
    """Page 02 (and the workbook's body sheets) in numbers: one body, years side by side.

    Columns as :func:`pipeline.figures.compare.side_by_side` (a column per year, the difference and %
    change of every consecutive pair and of the last year against ``base_year``), in report order,
    rows with nothing to say left out, plus ``sentence_vi``: the report's sentence for the last
    year against the base year (the year before when ``base_year`` is None; "cùng kỳ" with ``same_period``).
    """
    years = sorted(int(y) for y in years)
    wide = side_by_side(indicators, years, body, base_year)
    if wide.empty:
        return wide.assign(sentence_vi=pd.Series(dtype=str))
    wide = wide[~_silent(wide[years])]
    wide = wide.assign(_rank=_report_rank(wide["indicator"])).sort_values("_rank", kind="stable").drop(columns="_rank")
    last = years[-1]
    base = base_year if base_year is not None else (years[-2] if len(years) >= 2 else None)
    rows = compare(indicators[indicators["body"] == body], [(last, base if base is not None else last - 1)],
                   same_period=same_period)
    sentences = dict(zip(rows["indicator"], rows["sentence_vi"]))
    return wide.assign(sentence_vi=wide["indicator"].map(sentences).fillna("")).reset_index(drop=True)


def wide_frame(indicators: pd.DataFrame, years: Iterable[int], body: str | None = "all",
               base_year: int | None = None) -> pd.DataFrame:
    """:func:`years_frame` for one body, or every body one after the other (``body`` None or '')."""
    years = sorted(int(y) for y in years)
    missing = [y for y in years if y not in set(indicators["year"])]
    if missing:
        raise ValueError(f"không có số liệu năm {', '.join(map(str, missing))}")
    frames = [years_frame(indicators, years, b, base_year) for b in (BODY_ORDER if not body else (body,))]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def years_display(wide: pd.DataFrame, years: Iterable[int], base_year: int | None = None) -> pd.DataFrame:
    """Page 02's table as text: Chỉ tiêu, Đơn vị, a column per year, then '2021 so với 2020' … cells
    '+81 (+71,1%)' (a share's change in điểm %)."""
    years = sorted(int(y) for y in years)
    units = wide["unit_vi"].tolist()
    shown = {"Chỉ tiêu": wide["label_vi"].tolist(), "Đơn vị": units}
    for y in years:
        shown[str(y)] = [_cell(v, u) for v, u in zip(wide[y], units)]
    for later, earlier in comparison_pairs(years, base_year):
        if delta_column(later, earlier) in wide.columns:
            shown[difference_label(later, earlier)] = [
                format_delta_with_pct(d, p, u)
                for d, p, u in zip(wide[delta_column(later, earlier)], wide[pct_column(later, earlier)], units)]
    return pd.DataFrame(shown)


@_when_ok
def years_tables(sel: Selection):
    """Page 02: one table per body (and both together), every consecutive pair of years and the
    chosen base year, each difference headed by its two years."""
    indicators = figures(sel)
    base = sel.base_year if sel.base_year in sel.years else None
    parts, frames = [], {}
    of_period = f" ({sel.period.label_vi})" if sel.same_period else ""
    for body in sel.bodies:
        wide = years_frame(indicators, sel.years, body, base, sel.same_period)
        if wide.empty:
            continue
        shown = years_display(wide, sel.years, base)
        diffs = [c for c in shown.columns if " so với " in c]
        styler = _style_table(shown, f"{body_label(body, short=False)} — các năm {', '.join(map(str, sel.years))}"
                                     f"{of_period}",
                              numeric=[str(y) for y in sel.years] + diffs)
        for col in diffs:
            later, earlier = (int(x) for x in col.split(" so với "))
            d = wide[delta_column(later, earlier)].tolist()
            styler = styler.apply(lambda _c, d=d: [_change_colour(x) for x in d], subset=[col])
        colour = BODY_COLOURS[body]
        parts.append(f'<h3 class="vp-section" style="border-left: 6px solid {colour}; padding-left: 6px;">'
                     f"{html.escape(body_label(body, short=False))}</h3>")
        parts.append(styler)
        frames[body] = shown
    notes = [f"Ô «{MISSING}»: không có số liệu (không phải 0). Chênh lệch: số tăng (+) "
             "hay giảm (−), trong ngoặc là % thay đổi; tỷ lệ thay đổi tính bằng điểm %."]
    if sel.same_period:
        notes.append(f"Mỗi năm là {sel.period.label_vi} của năm đó: so sánh cùng kỳ.")
    notes += year_only_note(sel)
    parts.append(_notes_html(notes, [""] * len(notes)))
    return Block(parts, frames=frames)


def chart_frame(source, wanted: Iterable[str] | None = None, years: Iterable[int] | None = None,
                bodies: Iterable[str] = BODY_ORDER) -> pd.DataFrame:
    """Long rows (year, body, indicator, label_vi, unit_vi, value) for the charts, in catalogue order.

    ``source`` is the indicators table or a :class:`Selection` (its outputs and years; empty when
    the selection has a problem, so the chart shows nothing). ``wanted`` None → the main indicators.
    """
    if isinstance(source, Selection):
        if not source.ok:
            return pd.DataFrame(columns=["year", "body", "indicator", "label_vi", "unit_vi", "value"])
        years = years if years is not None else source.years
        bodies = [b for b in bodies if b in source.bodies]
        source = figures(source)
    wanted = list(wanted) if wanted else main_indicators()
    rows = source[source["indicator"].isin(wanted) & source["body"].isin(list(bodies))]
    if years is not None:
        rows = rows[rows["year"].isin([int(y) for y in years])]
    order = {ind: i for i, ind in enumerate(wanted)}
    return (rows.assign(_o=rows["indicator"].map(order)).sort_values(["_o", "year"])
            .drop(columns="_o").reset_index(drop=True))


# --- page 03: explore a register --------------------------------------------------------------


def register_label(register: str) -> str:
    return _schema().registers[register].label_vi


def register_names() -> list[str]:
    return list(_schema().registers)


def _date_column(register: str) -> str | None:
    return _schema().registers[register].year_column


def breakdown_columns(register: str) -> tuple[str, ...]:
    """The register's declared breakdowns, else its category, district, round and session columns."""
    reg = _schema().registers[register]
    if reg.breakdowns:
        return reg.breakdowns
    return tuple(c.key for c in reg.columns if c.type in {"category", "district", "round", "session"})


def filter_register(table: pd.DataFrame, years=None, body: str | None = None, query: str = "",
                    period: Period | None = None, date_column: str | None = None) -> pd.DataFrame:
    """Rows of a register for ``years``, ``body`` (None/'all' → both) and a pandas ``query``; with a
    ``period`` (a part of the year) only the rows whose ``date_column`` falls in it, ``year`` being
    the year the period is reported in."""
    out = table
    if period is not None:
        from pipeline.specs.periods import records_in_period

        out = records_in_period(out, date_column, period)
    if years:
        out = out[out["year"].isin([int(y) for y in years])]
    if body and body != "all":
        out = out[out["body"] == body]
    if query:
        out = out.query(query)
    return out


def register_rows(register: str, years=None, body: str | None = None, query: str = "",
                  path: str | Path | None = None, period: Period | None = None) -> pd.DataFrame:
    return filter_register(load(f"table:{register}", path), years, body, query, period, _date_column(register))


def _period_words(period: Period | None) -> str:
    """', 6 tháng đầu năm' after a page 03 caption ('' for the whole year)."""
    return f", {period.label_vi}" if part_of_year(period) else ""


def _period_notes(register: str, period: Period | None) -> list[str]:
    """What a part-of-year page 03 says once: a register without dates has no rows for it; a period
    starting in December of the year before lacks those days in the register's first year."""
    if period is None or period.is_year:
        return []
    if not _date_column(register):
        return [f"Sổ «{register_label(register)}» không ghi ngày: chỉ có số cả năm, không chia được theo "
                f"{period.label_vi} (tham số PERIOD)."]
    if period.from_previous_year:
        return [f"Kỳ {period.label_vi} bắt đầu từ ngày {period.first_day}/{period.first_month} năm trước: năm đầu "
                "tiên có sổ thiếu những ngày ấy, nên trang 01 không có số của năm đó."]
    return []


def label_codes(frame: pd.DataFrame, register: str, column: str) -> pd.Series:
    """A column with category codes replaced by their Vietnamese labels (blanks → '(trống)')."""
    reg = _schema().registers[register]
    values = frame[column]
    try:
        spec = reg.column(column)
    except KeyError:
        spec = None
    if column == "body":
        values = values.map(body_label)
    elif spec is not None and spec.categories:
        values = values.map(lambda v: _schema().label(spec.categories, v) if isinstance(v, str) else v)
    elif spec is not None and spec.type in {"flag", "presence"} or values.dtype == bool:
        values = values.map(yes_no)
    return values.astype("object").where(values.notna(), "(trống)").astype(str)


def yes_no(value):
    """True/False (Python or numpy) → 'Có'/'Không'; anything else unchanged."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "Có" if value else "Không"
    return value


def monthly_counts(frame: pd.DataFrame, register: str) -> pd.DataFrame:
    """Rows per month (1–12) and year: index month, one column per year."""
    col = _date_column(register)
    if not col or col not in frame.columns:
        raise ValueError(f"sổ {register} không có cột ngày")
    dates = pd.to_datetime(frame[col], errors="coerce")
    counts = (
        pd.DataFrame({"year": frame["year"].to_numpy(), "month": dates.dt.month.to_numpy()})
        .dropna()
        .astype(int)
        .groupby(["month", "year"])
        .size()
        .unstack("year", fill_value=0)
        .reindex(range(1, 13), fill_value=0)
    )
    counts.index.name = "month"
    return counts


def breakdown(frame: pd.DataFrame, register: str, column: str) -> pd.DataFrame:
    """Rows per value of ``column`` (labelled in Vietnamese), largest first: columns value, count, share."""
    labels = label_codes(frame, register, column)
    counts = labels.value_counts().rename_axis("value").reset_index(name="count")
    counts = counts.sort_values(["count", "value"], ascending=[False, True], kind="stable").reset_index(drop=True)
    counts["share"] = counts["count"] / counts["count"].sum() if len(counts) else []
    return counts


def breakdown_by_year(frame: pd.DataFrame, register: str, column: str) -> pd.DataFrame:
    """Rows per value of ``column`` and year: columns value, then per year ``count`` and ``share``
    (MultiIndex (year, count|share)); largest in the latest year first."""
    labels = label_codes(frame, register, column)
    counts = pd.crosstab(labels.rename("value"), frame["year"].rename("year"))
    if counts.empty:
        return pd.DataFrame(columns=["value"])
    years = sorted(counts.columns)
    counts = counts.sort_values([years[-1], *years[:-1][::-1]], ascending=False, kind="stable")
    out = pd.DataFrame({"value": counts.index})
    for y in years:
        out[(y, "count")] = counts[y].to_numpy()
        total = counts[y].sum()
        out[(y, "share")] = (counts[y] / total).to_numpy() if total else 0.0
    return out


def crosstab(frame: pd.DataFrame, register: str, rows: str, cols: str) -> pd.DataFrame:
    """Counts of ``rows`` × ``cols`` with Vietnamese labels and totals."""
    table = pd.crosstab(label_codes(frame, register, rows), label_codes(frame, register, cols),
                        margins=True, margins_name="Tổng")
    table.index.name = column_label(rows, register)
    table.columns.name = column_label(cols, register)
    return table


def style_counts(frame: pd.DataFrame, caption: str | None = None):
    """Counts with thousand separators (dots), shares as '14,3%'; the index, if any, becomes columns
    so its labels always show."""
    shown = frame.copy()
    if not isinstance(shown.index, pd.RangeIndex):
        shown = shown.reset_index()
    for col in shown.columns:
        if col == "share":
            shown[col] = shown[col].map(format_share)
        elif pd.api.types.is_bool_dtype(shown[col]):
            shown[col] = shown[col].map(yes_no)
        elif pd.api.types.is_numeric_dtype(shown[col]) and col not in ("year", "Năm"):
            shown[col] = shown[col].map(format_number)
    shown = shown.rename(columns={"value": "Giá trị", "count": "Số dòng", "share": "Tỷ lệ", "year": "Năm"})
    shown.columns = [str(c) for c in shown.columns]
    numeric = [c for c, dtype in zip(shown.columns, frame.reset_index().dtypes) if c not in ("Năm",)
               and (c in ("Số dòng", "Tỷ lệ") or pd.api.types.is_numeric_dtype(dtype))]
    return _style_table(shown, caption, numeric=numeric)


def headline_indicator(register: str) -> str | None:
    """The catalogue's first unfiltered count of the register (what page 01 calls its rows, e.g.
    'Số đơn đã nhận' for petitions), or None."""
    cat = _catalogue()
    rows = cat[(cat["register"] == register) & (cat["filter"] == "") & cat["aggregation"].isin(["count", "nunique"])]
    return rows["indicator"].iloc[0] if len(rows) else None


def _count_reason(indicator: str) -> str:
    spec = _catalogue().set_index("indicator").loc[indicator]
    label, unit = spec["label_vi"], spec["unit_vi"]
    if spec["aggregation"] == "count":
        return f"«{label}» trên trang 01 đếm mỗi dòng một lần, nên bằng số dòng."
    if spec["distinct_scope"] == "value":
        return (f"«{label}» trên trang 01 đếm mỗi {unit} một lần: {unit} có nhiều dòng, hay có ở cả hai "
                "bộ phận, chỉ tính một lần.")
    return f"«{label}» trên trang 01 đếm mỗi {unit} khác nhau một lần trong từng bộ phận, nên có thể ít hơn số dòng."


def register_counts_frame(rows: pd.DataFrame, register: str, indicators: pd.DataFrame | None = None,
                          filtered: bool = False) -> pd.DataFrame:
    """Rows of the register per year and body (Đoàn ĐBQH, HĐND, Cả hai = both), and beside them
    the register's headline indicator from page 01 (unless ``filtered``): columns year, count, and
    one column per body label."""
    counts = pd.crosstab(rows["year"], rows["body"]).reindex(columns=list(BODIES), fill_value=0)
    counts["all"] = counts.sum(axis=1)
    out = [{"Năm": int(y), "Đếm": "Số dòng trong sổ", **{body_label(b): int(counts.at[y, b]) for b in BODY_ORDER}}
           for y in counts.index]
    headline = headline_indicator(register)
    if headline and indicators is not None and not filtered:
        table = indicators[indicators["indicator"] == headline]
        for y in counts.index:
            values = table[table["year"] == y].set_index("body")["value"]
            out.append({"Năm": int(y), "Đếm": f"{indicator_label(headline)} (trang 01)",
                        **{body_label(b): values.get(b) for b in BODY_ORDER}})
    frame = pd.DataFrame(out, columns=["Năm", "Đếm", *[body_label(b) for b in BODY_ORDER]])
    return frame.sort_values("Năm", kind="stable").reset_index(drop=True)


def register_summary(register: str, years=None, body: str | None = None, query: str = "",
                     path: str | Path | None = None, period: Period | None = None):
    """Rows of the register per year and body, beside the figure page 01 shows for it, and why they differ."""
    rows = register_rows(register, years, body, query, path, period)
    figures = load(f"period:{period.id if period is not None else YEAR}", path)
    frame = register_counts_frame(rows, register, figures, filtered=bool(query))
    shown = frame.copy()
    for b in BODY_ORDER:
        shown[body_label(b)] = shown[body_label(b)].map(lambda v: MISSING if pd.isna(v) else format_number(v))
    note = f" (lọc: {query})" if query else ""
    headline = headline_indicator(register)
    notes = []
    if headline and not query:
        notes.append(_count_reason(headline))
    notes.append("Số dòng của Cả hai = dòng của Đoàn ĐBQH + dòng của HĐND.")
    notes += _period_notes(register, period)
    styler = _style_table(shown, f"{register_label(register)} — số dòng theo năm và bộ phận{_period_words(period)}{note}",
                          numeric=[body_label(b) for b in BODY_ORDER])
    return Block([styler, _notes_html(notes, [""] * len(notes))], frames={"counts": frame}, notes=notes)


def register_monthly(register: str, years=None, body: str | None = None, query: str = "",
                     path: str | Path | None = None, period: Period | None = None):
    rows = register_rows(register, years, body, query, path, period)
    table = monthly_counts(rows, register)
    table.index = [f"Tháng {m:02d}" for m in table.index]
    table.index.name = "Tháng"
    table.columns = [str(c) for c in table.columns]
    return style_counts(table, f"{register_label(register)} — số dòng theo tháng và năm{_period_words(period)}")


def breakdown_display(table: pd.DataFrame) -> pd.DataFrame:
    """A by-year breakdown as text: Giá trị, then per year '48 (42,1%)'."""
    shown = {"Giá trị": table["value"].tolist()}
    for y in sorted({c[0] for c in table.columns if isinstance(c, tuple)}):
        shown[str(y)] = [f"{format_number(n)} ({format_share(s)})" for n, s in zip(table[(y, "count")], table[(y, "share")])]
    return pd.DataFrame(shown)


def register_breakdown(register: str, column: str, years=None, body: str | None = None, query: str = "",
                       path: str | Path | None = None, period: Period | None = None):
    """One breakdown (district, type, action …) with a column per year: rows and share of the year."""
    rows = register_rows(register, years, body, query, path, period)
    shown = breakdown_display(breakdown_by_year(rows, register, column))
    caption = (f"{register_label(register)} — theo {column_label(column, register).lower()}, từng năm"
               f"{_period_words(period)} (số dòng, tỷ lệ)")
    return _style_table(shown, caption, numeric=[c for c in shown.columns if c != "Giá trị"])


def register_breakdowns(register: str, columns=None, years=None, body: str | None = None, query: str = "",
                        path: str | Path | None = None, period: Period | None = None):
    """Every breakdown of the register (its declared ones unless ``columns``), one table each."""
    table = load(f"table:{register}", path)
    cols = [c for c in (columns or breakdown_columns(register)) if c in table.columns]
    parts = [register_breakdown(register, c, years, body, query, path, period) for c in cols]
    return Block(parts or [_empty_note("Phân tổ")])


def register_crosstab(register: str, rows_col: str | None = None, cols_col: str | None = None, years=None,
                      body: str | None = None, query: str = "", path: str | Path | None = None,
                      period: Period | None = None):
    """The register's declared cross table for the latest of ``years`` (one year, not pooled)."""
    if rows_col is None or cols_col is None:
        default = _schema().registers[register].crosstab or breakdown_columns(register)[:2]
        if len(default) < 2:
            return None
        rows_col, cols_col = default[0], default[1]
    rows = register_rows(register, years, body, query, path, period)
    if rows.empty:
        return None
    year = int(rows["year"].max())
    rows = rows[rows["year"] == year]
    title = (f"{register_label(register)} — {column_label(rows_col, register).lower()} "
             f"× {column_label(cols_col, register).lower()}, {when(period, year)}")
    return style_counts(crosstab(rows, register, rows_col, cols_col), title)


class RegisterExplorer:
    """Page 03's sections for one register, with dropdowns for register, year and body in JupyterLab.

    Each ``show(section)`` displays a section as an ordinary output with a display id, so the
    exported HTML keeps the static default; ``controls()`` shows the dropdowns (ipywidgets), and a
    choice there redraws every section shown (the export drops the widgets themselves).
    """

    SECTIONS = ("summary", "monthly_chart", "monthly", "breakdowns_chart", "breakdowns", "crosstab")

    def __init__(self, register: str, years=(), body: str | None = "", query: str = "", breakdowns=(),
                 path: str | Path | None = None, period: str | None = YEAR):
        self.register, self.query, self.breakdowns = register, query, list(breakdowns or ())
        self.path = processed_dir(path)
        self.all_years = tuple(available_years(load("indicators", self.path)))
        self.years = tuple(int(y) for y in years) or self.all_years
        self.body = body or None
        self.handles: dict[str, object] = {}
        self.problem = ""
        try:
            chosen = period_by_id(str(period or YEAR), _specs().periods)
            self.period = None if chosen.is_year else chosen
        except UnknownPeriod as exc:
            self.period, self.problem = None, f"{str(exc)[:1].upper()}{str(exc)[1:]} (tham số PERIOD)."
        self.problem = self.problem or self._register_problem(register)

    def _register_problem(self, register: str) -> str:
        if register not in _schema().registers:
            return f"Không có sổ «{register}» (tham số REGISTER). Các sổ: {', '.join(register_names())}."
        if not (self.path / catalog.table_file(register)).exists():
            return f"Chưa có bảng của sổ «{register_label(register)}» trong {self.path}."
        return ""

    def _repr_html_(self) -> str:
        if self.problem:
            return f'<p class="vp-problem">{html.escape(self.problem)}</p>'
        years = ", ".join(map(str, self.years))
        body = "cả hai bộ phận" if self.body in (None, "all") else body_label(self.body)
        span = f"{self.period.label_vi} các năm" if self.period is not None else "năm"
        return (f'<p class="vp-lead">Sổ: <b>{html.escape(register_label(self.register))}</b>; {span} {years}; '
                f"{html.escape(body)}{'; lọc: ' + html.escape(self.query) if self.query else ''}.</p>")

    def render(self, section: str):
        """The object a section shows (a table, a Block or a chart), or None."""
        if self.problem:
            return None
        args = dict(years=self.years, body=self.body, query=self.query, path=self.path, period=self.period)
        if section == "summary":
            return register_summary(self.register, **args)
        if section == "monthly":
            return register_monthly(self.register, **args)
        if section == "breakdowns":
            return register_breakdowns(self.register, self.breakdowns or None, **args)
        if section == "crosstab":
            return register_crosstab(self.register, **args)
        from pipeline.pages import charts

        rows = register_rows(self.register, **args)
        label = register_label(self.register)
        if section == "monthly_chart":
            return charts.monthly_bars(monthly_counts(rows, self.register),
                                       title=f"{label} — số dòng theo tháng{_period_words(self.period)}")
        if section == "breakdowns_chart":
            if rows.empty:
                return None
            year = int(rows["year"].max())
            return charts.breakdown_panels(rows[rows["year"] == year], self.register,
                                           self.breakdowns or breakdown_columns(self.register),
                                           title=f"{label} — phân tổ {when(self.period, year)}")
        raise ValueError(f"không có phần {section!r}; chọn một trong {', '.join(self.SECTIONS)}")

    def show(self, section: str) -> None:
        from IPython.display import display

        content = self.render(section)
        self.handles[section] = display(content if content is not None else _blank(), display_id=True)

    def _redraw(self) -> None:
        for section, handle in self.handles.items():
            content = self.render(section)
            handle.update(content if content is not None else _blank())

    def controls(self):
        """Dropdowns for register, year and body (JupyterLab); None without ipywidgets or on a problem."""
        if self.problem:
            return None
        try:
            import ipywidgets as widgets
        except ImportError:
            return None
        registers = [(register_label(r), r) for r in register_names()
                     if (self.path / "tables" / f"{r}.parquet").exists()]
        reg = widgets.Dropdown(options=registers, value=self.register, description="Sổ")
        year = widgets.Dropdown(options=[("Mọi năm", 0), *[(str(y), y) for y in self.all_years]],
                                value=self.years[0] if len(self.years) == 1 else 0, description="Năm")
        body = widgets.Dropdown(options=[(SHORT_BODY_LABELS_VI[ALL_BODIES], ""), *((SHORT_BODY_LABELS_VI[b], b) for b in BODIES)],
                                value=self.body if self.body in BODIES else "", description="Bộ phận")

        def changed(_change) -> None:
            self.register, self.body = reg.value, body.value or None
            self.years = (year.value,) if year.value else self.all_years
            if reg.value != _change.get("old") and _change.get("owner") is reg:
                self.breakdowns = []
            self._redraw()

        for w in (reg, year, body):
            w.observe(changed, names="value")
        return widgets.HBox([reg, year, body])


class _blank:
    def _repr_html_(self) -> str:
        return ""


# --- page 04: run details and data quality ----------------------------------------------------

LEVEL_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "ghi chú"}
LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2}


def run_frame(summary: dict) -> pd.DataFrame:
    """The run summary as (Mục, Giá trị) rows (tolerant of older summaries)."""
    rows = summary.get("rows", {})

    def number(value) -> str:
        if isinstance(value, dict):
            return format_number(sum(v for v in value.values() if isinstance(v, (int, float))))
        return format_number(value) if isinstance(value, (int, float)) else str(value or "")

    notices = summary.get("notices", 0)
    notices_text = (
        f"{number(notices.get('error', 0))} lỗi, {number(notices.get('warning', 0))} cảnh báo, "
        f"{number(notices.get('info', 0))} ghi chú"
        if isinstance(notices, dict) else number(notices)
    )
    return pd.DataFrame(
        [
            ("Các năm có số liệu", ", ".join(map(str, summary.get("years", [])))),
            ("Tệp đã đọc", number(summary.get("files", 0))),
            ("Sheet sổ theo dõi", number(summary.get("sheets", 0))),
            ("Dòng đọc", number(rows.get("rows_read", 0))),
            ("Dòng nhận", number(rows.get("accepted", 0))),
            ("Dòng bị loại", number(rows.get("rejected", 0))),
            ("Giá trị chỉ tiêu", number(summary.get("indicators", 0))),
            ("Thông báo", notices_text),
            ("Thời gian chạy", f"{format_number(summary.get('seconds', 0), 1)} giây"),
            ("Phiên bản gói", str(summary.get("package_version", ""))),
        ],
        columns=["Mục", "Giá trị"],
    )


def run_overview(path: str | Path | None = None):
    """The pipeline run behind the pages: files, rows, rejects, notices, version."""
    return _style_table(run_frame(load("summary", path)), "Lần chạy pipeline")


def parameters_frame(sel: Selection | None = None, environ: dict | None = None) -> pd.DataFrame:
    """Every page parameter with its environment variable, the value set there and what the pages use."""
    environ = os.environ if environ is None else environ
    used = {}
    if sel is not None and sel.ok:
        used = {"YEAR": str(sel.year), "BASE_YEAR": str(sel.base_year or "không có"),
                "YEARS": ", ".join(map(str, sel.years)), "PROCESSED_DIR": str(sel.path),
                "BODY": "cả ba" if sel.body is None else sel.body,
                "PERIOD": f"{sel.period.label_vi} ({sel.period.id})" if sel.same_period else "cả năm (year)"}
    return pd.DataFrame(
        [(name, env, pages, meaning, environ.get(env, ""), used.get(name, ""))
         for name, env, pages, meaning in PARAMETERS],
        columns=["Tham số", "Biến môi trường", "Trang", "Ý nghĩa", "Giá trị đặt", "Đang dùng"],
    )


def run_details(sel: Selection):
    """Page 04: the run summary and the parameters the pages read (moved here from page 01)."""
    parts = [run_overview(sel.path),
             _style_table(parameters_frame(sel), "Tham số của các trang (ô parameters hoặc biến môi trường)")]
    return Block(parts)


def notice_kind(message: str) -> str:
    """What a notice is about, without its particulars: 'Cột ngoài quy ước, không đưa vào bảng đã xử lý'."""
    text = re.sub(r"^\d{4} [\w-]+: ", "", str(message))
    return text.split(":", 1)[0].strip()


def notices_frame(notices: pd.DataFrame) -> pd.DataFrame:
    """Errors and warnings one by one first, then the notes folded by kind.

    Columns: level (Vietnamese), kind, count, where (file › sheet of each), details (the full messages).
    """
    out = []
    serious = notices[notices["level"].isin(["error", "warning"])]
    serious = serious.assign(_o=serious["level"].map(LEVEL_ORDER)).sort_values("_o", kind="stable")
    for r in serious.itertuples():
        out.append({"level": LEVEL_VI[r.level], "kind": r.message, "count": 1, "where": _where(r.file, r.sheet),
                    "details": []})
    infos = notices[~notices.index.isin(serious.index)]
    for kind, group in infos.groupby(infos["message"].map(notice_kind), sort=False):
        details = [f"{_where(f, s)}: {m.split(':', 1)[1].strip() if ':' in m else m}".strip(": ")
                   for f, s, m in zip(group["file"], group["sheet"], group["message"])]
        files = list(dict.fromkeys(str(f) for f in group["file"] if isinstance(f, str)))
        out.append({"level": LEVEL_VI.get(group["level"].iloc[0], group["level"].iloc[0]), "kind": kind,
                    "count": len(group), "where": f"{len(files)} tệp" if files else "", "details": details})
    return pd.DataFrame(out, columns=["level", "kind", "count", "where", "details"])


def _where(file, sheet) -> str:
    parts = [str(p) for p in (file, sheet) if isinstance(p, str) and p]
    return " › ".join(parts)


def notices_table(path: str | Path | None = None):
    """Page 04: warnings first, the notes folded by kind (open a row to see each)."""
    frame = notices_frame(load("notices", path))
    if frame.empty:
        return _empty_note("Thông báo")

    def folded(details: list[str], where: str) -> str:
        if not details:
            return html.escape(where)
        items = "".join(f"<li>{html.escape(d)}</li>" for d in details)
        return f"<details><summary>{html.escape(where)} — xem {len(details)} dòng</summary><ul>{items}</ul></details>"

    shown = pd.DataFrame({"Mức": frame["level"], "Nội dung": frame["kind"].map(html.escape),
                          "Số lần": frame["count"].map(format_number),
                          "Ở đâu": [folded(d, w) for d, w in zip(frame["details"], frame["where"])]})
    per_level = frame.groupby("level")["count"].sum()
    kinds = int((frame["level"] == LEVEL_VI["info"]).sum())
    caption = (f"Thông báo của lần chạy: {format_number(per_level.get(LEVEL_VI['error'], 0))} lỗi, "
               f"{format_number(per_level.get(LEVEL_VI['warning'], 0))} cảnh báo, "
               f"{format_number(per_level.get(LEVEL_VI['info'], 0))} ghi chú ({format_number(kinds)} loại)")
    styler = _style_table(shown, caption, numeric=["Số lần"])
    styler = styler.apply(lambda col: ["font-weight: bold;" if v != LEVEL_VI["info"] else "" for v in col],
                          subset=["Mức"])
    return styler


def skipped_sheets(notices: pd.DataFrame) -> pd.DataFrame:
    """Notices about sheets left out (not a register, missing columns, repeated)."""
    mask = notices["message"].fillna("").str.contains("Bỏ qua|bỏ qua|chỉ tính một lần", regex=True)
    return notices[mask].reset_index(drop=True)


def _display_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Booleans as Có/Không, Excel rows as numbers without decimals, empty as ''."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]) or out[col].map(lambda v: isinstance(v, bool)).any():
            out[col] = out[col].map(yes_no)
        elif str(col).startswith("Dòng") and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(lambda v: format_number(v) if pd.notna(v) else "")
        elif pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(format_value)
    return out.fillna("")


def quality_tables(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Rejects, total-row mismatches and skipped sheets with Vietnamese headers and Có/Không."""
    rejects = load("rejects", path).rename(columns={
        "file": "Tệp", "sheet": "Sheet", "row": "Dòng Excel", "column": "Cột", "value": "Giá trị", "reason": "Lý do"})
    totals = load("totals", path).rename(columns={
        "file": "Tệp", "sheet": "Sheet", "row": "Dòng Excel", "column": "Cột", "stated": "Dòng tổng ghi",
        "computed": "Tổng tính lại", "rejected_inside": "Có dòng bị loại bên trong"})
    skipped = skipped_sheets(load("notices", path))
    rename = {"level": "Mức", "file": "Tệp", "sheet": "Sheet", "row": "Dòng Excel", "message": "Nội dung"}
    skipped = skipped.assign(level=skipped["level"].map(LEVEL_VI)).rename(columns=rename)
    if "Dòng Excel" in skipped and skipped["Dòng Excel"].isna().all():
        skipped = skipped.drop(columns="Dòng Excel")
    return {name: _display_cells(frame) for name, frame in
            {"rejects": rejects, "totals": totals, "skipped": skipped}.items()}


def quality_table(name: str, path: str | Path | None = None):
    """Styled quality table: ``rejects``, ``totals`` or ``skipped`` (``notices``: :func:`notices_table`)."""
    if name == "notices":
        return notices_table(path)
    captions = {
        "rejects": "Giá trị bị loại (không đưa vào chỉ tiêu)",
        "totals": "Dòng tổng trong sổ không khớp tổng tính lại",
        "skipped": "Sheet bị bỏ qua hoặc chỉ tính một lần",
    }
    frame = quality_tables(path)[name]
    if frame.empty:
        return _empty_note(captions[name])
    numeric = [c for c in frame.columns if c in ("Dòng Excel", "Dòng tổng ghi", "Tổng tính lại")]
    return _style_table(frame, f"{captions[name]}: {format_number(len(frame))} dòng", numeric=numeric)


ACCOUNTING_COLUMNS = {"rows_read": "Dòng đọc", "accepted": "Nhận", "rejected": "Loại", "total_rows": "Dòng tổng",
                      "blank_rows": "Dòng trống", "ignored_rows": "Chữ ký, ghi chú"}


def accounting_by_register(accounting: pd.DataFrame) -> pd.DataFrame:
    """Rows read / accepted / rejected … per register and year (every row read accounted for)."""
    cols = list(ACCOUNTING_COLUMNS)
    out = accounting.groupby(["register", "year"], sort=True)[cols].sum().reset_index()
    out.insert(0, "register_vi", out["register"].map(
        lambda r: _schema().registers[r].label_vi if r in _schema().registers else r))
    return out


def row_accounting(path: str | Path | None = None):
    """Per register and year: rows read = accepted + rejected + total + blank + signature rows."""
    frame = accounting_by_register(load("accounting", path)).drop(columns="register")
    frame = frame.rename(columns={"register_vi": "Sổ", "year": "Năm", **ACCOUNTING_COLUMNS})
    return style_counts(frame, "Đối soát dòng: dòng đọc = nhận + loại + dòng tổng + trống + chữ ký/ghi chú")


def indicator_choices(path: str | Path | None = None) -> pd.DataFrame:
    cat = _catalogue()
    return cat[["indicator", "label_vi", "register"]]


def lineage_frame(lineage: pd.DataFrame, indicator: str, year: int, body: str,
                  table: pd.DataFrame | None = None, register: str | None = None,
                  period: Period | None = None) -> pd.DataFrame:
    """The source rows (file, sheet, Excel row) an indicator counts, with only non-personal columns.

    ``period`` (a part of the year): only the rows whose record date falls in it — from the year
    before too when the period starts in December of it (the 14th cut-off).
    When the register's table is given, safe columns (dates, categories, districts, numbers) are
    joined beside each row; names, addresses, summaries and identities never are.
    """
    if part_of_year(period):
        from pipeline.specs.periods import rows_in_period

        years = {int(year), int(year) - 1} if period.from_previous_year else {int(year)}
        rows = lineage[(lineage["indicator"] == indicator) & lineage["year"].isin(years) & (lineage["body"] == body)]
        rows = rows_in_period(rows, period, int(year))
    else:
        rows = lineage[(lineage["indicator"] == indicator) & (lineage["year"] == int(year)) & (lineage["body"] == body)]
    rows = rows[["file", "sheet", "row"]].drop_duplicates().sort_values(["file", "sheet", "row"]).reset_index(drop=True)
    if table is not None and register is not None and len(rows):
        reg = _schema().registers[register]
        safe = [c.key for c in reg.columns if c.type in SAFE_TYPES and c.key in table.columns and c.key != "body"]
        safe = [c for c in safe if c not in reg.pii_keys]
        right = table[["_file", "_sheet", "_row", *safe]].rename(columns={"_file": "file", "_sheet": "sheet", "_row": "row"})
        right = right.drop_duplicates(["file", "sheet", "row"])
        rows = rows.merge(right, on=["file", "sheet", "row"], how="left")
        for col in safe:
            spec = reg.column(col)
            if spec.categories or spec.type in {"flag", "presence"}:
                rows[col] = label_codes(rows, register, col)
            elif spec.type == "date":
                rows[col] = pd.to_datetime(rows[col], errors="coerce").dt.strftime("%d/%m/%Y").fillna("")
    return rows


@_when_ok
def indicator_lineage(sel: Selection, indicator: str, limit: int | None = 50):
    """Page 04: the indicator's value and the source rows it counts (no personal data)."""
    year, body = sel.year, sel.body or "all"
    cat = _catalogue().set_index("indicator")
    if indicator not in cat.index:
        return Block([f'<p class="vp-problem">Không có chỉ tiêu «{html.escape(indicator)}» trong danh mục '
                      "(tham số INDICATOR).</p>"])
    register = cat.at[indicator, "register"]
    known = register in _schema().registers
    table = load(f"table:{register}", sel.path) if known and (sel.path / "tables" / f"{register}.parquet").exists() else None
    frame = lineage_frame(load("lineage", sel.path), indicator, year, body, table, register if known else None,
                          period=sel.period)
    indicators = figures(sel)
    hit = indicators[(indicators["indicator"] == indicator) & (indicators["year"] == year) & (indicators["body"] == body)]
    value = f"{format_value(hit['value'].iloc[0], hit['unit_vi'].iloc[0])} {hit['unit_vi'].iloc[0]}" if len(hit) else "không có"
    labels = {"file": "Tệp", "sheet": "Sheet", "row": "Dòng Excel"}
    labels.update({col: column_label(col, register) for col in frame.columns if col not in labels})
    shown = (frame.head(limit) if limit else frame).rename(columns=labels)
    shown["Dòng Excel"] = shown["Dòng Excel"].map(format_number) if len(shown) else shown["Dòng Excel"]
    more = f" (hiện {format_number(len(shown))} dòng đầu)" if limit and len(frame) > limit else ""
    caption = (f"{cat.at[indicator, 'label_vi']} — {sel.when(year)}, {body_label(body, short=False)}: {value}; "
               f"{format_number(len(frame))} dòng nguồn{more}")
    by_file = frame.groupby(["file", "sheet"]).size().rename("count").reset_index().rename(
        columns={"file": "Tệp", "sheet": "Sheet"})
    return Block([style_counts(by_file, f"Dòng nguồn của «{cat.at[indicator, 'label_vi']}» theo tệp và sheet"),
                  _style_table(shown, caption, numeric=["Dòng Excel"])])


# --- page 05: report checker ------------------------------------------------------------------

REPORT_STATUS_ORDER = ["mâu thuẫn nội bộ", "lệch", "sai định dạng", "không liên kết được", "khớp"]
_STATUS_COLOUR = {
    "khớp": f"color: {RISE_COLOUR};",
    "lệch": "font-weight: bold;",
    "mâu thuẫn nội bộ": "font-weight: bold;",
    "sai định dạng": "font-weight: bold;",
    "không liên kết được": "color: #666666;",
}


def report_year(text: str, available: Iterable[int]) -> int | None:
    """The year a report is about (the report checker's rule, :func:`pipeline.report.infer_year`),
    or the latest year with data when the report names none."""
    from pipeline.report import infer_year

    year = infer_year(text) if text else None
    return year if year is not None else (max(available) if available else None)


def report_check(report: str | Path | None, year: int = 0, base_year: int | None = 0,
                 path: str | Path | None = None, period: str | None = YEAR) -> pd.DataFrame:
    """Every figure quoted in a report (.txt, .md, .docx) checked against the published indicators.

    ``year`` 0 → the year the report is about; ``base_year`` 0 → the year before it with data;
    ``period`` 'h1', 'q3'…: a report of part of the year, checked against that period's figures and
    its differences read against the same period of the base year ("so với cùng kỳ").
    """
    from pipeline.report import ReportError, check_report, read_report
    from pipeline.report.published import read_period_figures

    try:
        text = read_report(Path(report) if report else config.SEED_REPORT)
    except ReportError as exc:
        return _no_check(f"{exc} (tham số REPORT).")
    first = select(path=path, period=period)  # the period's figures exist (or the one line why not)
    if not first.ok:
        return _no_check(first.problem)
    chosen = first.period or period_by_id(YEAR, _specs().periods)
    published = read_period_figures(first.path, chosen)
    indicators = published.table
    sel = select(year or report_year(text, available_years(indicators)) or 0, base_year or 0, path=path,
                 period=period, indicators=indicators)  # a report about a year without data: the page's one line
    if not sel.ok:
        return _no_check(sel.problem)
    result = check_report(text, indicators, sel.year, sel.base_year, same_period=sel.same_period,
                          year_only=published.year_only, period_label=sel.period.label_vi if sel.same_period else None)
    result.attrs.update(year=sel.year, base_year=sel.base_year, when=sel.when(sel.year))
    return result


def _no_check(problem: str) -> pd.DataFrame:
    empty = pd.DataFrame(columns=["status", "body", "printed", "indicator", "expected_printed",
                                  "expected_sentence", "note", "quote", "offset"])
    empty.attrs["problem"] = problem
    return empty


def report_check_summary(result: pd.DataFrame):
    """Counts per status, most serious first (or the one line saying why nothing was checked)."""
    if result.attrs.get("problem"):
        return Block([f'<p class="vp-problem">{html.escape(result.attrs["problem"])}</p>'])
    counts = result["status"].value_counts().reindex(REPORT_STATUS_ORDER).fillna(0).astype(int)
    frame = pd.DataFrame({"Trạng thái": counts.index, "Số liệu": counts.map(format_number).to_numpy()})
    span = result.attrs.get("when") or (f"năm {result.attrs['year']}" if result.attrs.get("year") else "")
    title = f"Kết quả kiểm tra báo cáo {span}" if span else "Kết quả kiểm tra báo cáo"
    return _style_table(frame, title, numeric=["Số liệu"]).apply(
        lambda col: [_STATUS_COLOUR.get(s, "") for s in frame["Trạng thái"]], subset=["Trạng thái"]
    )


def report_status_counts(result: pd.DataFrame) -> pd.DataFrame:
    """``value`` (status) and ``count`` columns."""
    counts = result["status"].value_counts()
    return pd.DataFrame({"value": counts.index, "count": counts.to_numpy()})


def name_codes(text: str) -> str:
    """Indicator ids inside a text replaced by their labels: 'laws.consulted ≤ …' → '«Số dự án luật …» ≤ …'."""
    if not isinstance(text, str) or not text:
        return "" if not isinstance(text, str) else text
    ids = sorted(_catalogue()["indicator"], key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, ids)) + r")(?![\w.])")
    return pattern.sub(lambda m: f"«{indicator_label(m.group(1))}»", text)


def report_check_frame(result: pd.DataFrame, statuses: list[str] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The checker's rows for reading (labels, not codes) and the notes that repeat, folded.

    A note that appears on more than one row is written once below the table and the rows say
    '(ghi chú N)'.
    """
    rows = result if not statuses else result[result["status"].isin(statuses)]
    rank = {s: n for n, s in enumerate(REPORT_STATUS_ORDER)}
    rows = rows.assign(_rank=rows["status"].map(rank)).sort_values(["_rank", "offset"], kind="stable")
    notes = rows["note"].fillna("").map(name_codes)
    repeated = [n for n, c in notes.value_counts().items() if n and c > 1]
    folded = {n: f"(ghi chú {i})" for i, n in enumerate(repeated, start=1)}
    shown = pd.DataFrame(
        {
            "Trạng thái": rows["status"].to_numpy(),
            "Bộ phận": rows["body"].map(lambda b: body_label(b) if isinstance(b, str) and b else "").to_numpy(),
            "Số in trong báo cáo": rows["printed"].fillna("").to_numpy(),
            "Chỉ tiêu": rows["indicator"].map(lambda i: indicator_label(i) if isinstance(i, str) and i else "").to_numpy(),
            "Số liệu tính được": rows["expected_printed"].fillna("").to_numpy(),
            "Câu đúng": rows["expected_sentence"].fillna("").to_numpy(),
            "Ghi chú": notes.map(lambda n: folded.get(n, n)).to_numpy(),
            "Trích dẫn": rows["quote"].map(lambda q: q if len(str(q)) <= 160 else str(q)[:157] + "…").to_numpy(),
        }
    )
    counts = notes.value_counts()
    empty = [c for c in shown.columns if c != "Trạng thái" and shown[c].astype(str).str.strip().eq("").all()]
    return shown.drop(columns=empty), [f"{folded[n]} {n} ({format_number(counts[n])} số liệu)" for n in repeated]


def report_check_table(result: pd.DataFrame, statuses: list[str] | None = None):
    """The checker's table for reading: quote, figure as printed, indicator, computed value, status, correction."""
    if result.attrs.get("problem"):
        return None
    shown, notes = report_check_frame(result, statuses)
    if shown.empty:
        return _empty_note(", ".join(statuses or ["Số liệu"]).capitalize())
    styler = _style_table(shown).apply(
        lambda col: [_STATUS_COLOUR.get(s, "") for s in shown["Trạng thái"]], subset=["Trạng thái"]
    )
    return Block([styler, _notes_html(notes, [""] * len(notes))], frames={"table": shown}, notes=notes)


# --- kept names (callers outside the notebooks) ----------------------------------------------


def overview_frame(indicators: pd.DataFrame, year: int, body: str | None = "all") -> pd.DataFrame:
    """One row per indicator of ``year`` in report order with the report's sentence against the
    year before (columns body, indicator, label_vi, unit_vi, value, base_value, sentence_vi)."""
    bodies = BODY_ORDER if not body else (body,)
    rows = compare(indicators[indicators["body"].isin(bodies)], [(year, year - 1)])
    rows = rows.merge(indicators[["year", "body", "indicator", "label_vi", "unit_vi"]],
                      on=["year", "body", "indicator"], how="left")
    rows = rows.assign(_b=rows["body"].map({b: i for i, b in enumerate(BODY_ORDER)}),
                       _r=_report_rank(rows["indicator"])).sort_values(["_b", "_r"], kind="stable")
    cols = ["body", "indicator", "label_vi", "unit_vi", "value", "base_value", "sentence_vi"]
    return rows[cols].reset_index(drop=True)
