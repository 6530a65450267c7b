"""The result table: every figure against the data, then the report against itself.

``check_report(text, indicators, year)`` is pure (text and DataFrames in, a
DataFrame out). With no computed indicators it still runs every internal check
(no-data mode).
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from pipeline.clean.sheet import body_from_text
from pipeline.report.checks import Context, run_checks
from pipeline.report.data import Values, compare
from pipeline.report.figures import Reading, read_figures
from pipeline.report.linking import link, load_catalogue, load_checks, load_links, load_units
from pipeline.report.rows import (
    RESULT_COLUMNS,
    ROLE_LABELS,
    STATUS_MALFORMED,
    STATUS_MATCH,
    STATUS_UNLINKED,
    STATUSES,
    figure_row,
    internal_row,
    short,
)
from pipeline.specs.load import load_specs


def body_reader(schema=None):
    """Text → the one body it names, by the registers' body words (registers.toml and data/specs/)."""
    schema = load_specs().schema if schema is None else schema
    return lambda text: body_from_text(text, schema)


def read(text: str, catalogue: pd.DataFrame | None = None, links=None) -> Reading:
    """The report's figures, linked to the catalogue."""
    catalogue = load_catalogue() if catalogue is None else catalogue
    reading = read_figures(text, body_reader())
    link(reading.figures, catalogue, load_links(links, catalogue))
    return reading


def check_report(
    text: str,
    indicators: pd.DataFrame | None,
    year: int,
    base_year: int | None = None,
    catalogue: pd.DataFrame | None = None,
    links=None,
    checks_spec=None,
    units=None,
    same_period: bool = False,
    year_only: set | None = None,
    period_label: str | None = None,
) -> pd.DataFrame:
    """The report checked figure by figure, then against itself.

    `indicators`: long table (year, body, indicator, value[, unit_vi, label_vi]);
    None or empty checks the report against itself only. `links`, `checks_spec`,
    `units`: a spec path or an already loaded DataFrame (default: pipeline/specs).
    A report of part of a year (`period_label` "6 tháng đầu năm") passes that
    period's figures as `indicators` (``published.read_period_figures``): every
    difference is then read against the same period of the base year, the
    expected sentences say "so với cùng kỳ năm …" (`same_period`), and a figure
    of a register kept without dates (`year_only`: (year, body, indicator)) says so.
    Returns RESULT_COLUMNS; `row_type` is figure / delta / internal.
    """
    catalogue = load_catalogue() if catalogue is None else catalogue
    base_year = year - 1 if base_year is None else base_year
    reading = read(text, catalogue, links)
    values = Values(indicators, catalogue, load_units(units), same_period=same_period,
                    year_only=year_only, period_label=period_label)
    ctx = Context(reading, catalogue, load_checks(checks_spec, catalogue), values, year)
    internal, notes = run_checks(ctx)
    rows = _figure_rows(reading, values, year, base_year, notes) + internal
    rows += [internal_row(None, "lỗi kiểm tra", STATUS_UNLINKED, "", None, "", note) for note in notes.get(-1, [])]
    result = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    return result.sort_values(["offset", "row_type"], kind="stable").reset_index(drop=True)


def _figure_rows(reading: Reading, values: Values, year: int, base_year: int, notes: dict) -> list[dict]:
    sums: dict[tuple, list] = {}
    for f in reading.figures:
        if f.indicator and f.combine == "sum":
            sums.setdefault((f.indicator, f.body), []).append(f)
    rows = []
    for f in reading.figures:
        if not f.is_figure:
            continue
        try:
            row = compare(f, values, year, base_year, sums)
        except Exception as exc:  # noqa: BLE001 - one figure must not stop the table
            row = dict(figure_row(f), note=f"Không so được với số liệu: {type(exc).__name__}: {exc}")
        extra = notes.get(f.index)
        if extra:
            row["note"] = "; ".join([row["note"], *extra]).strip("; ")
        rows.append(row)
    return rows


def extract_figures(text: str) -> pd.DataFrame:
    """One row per number of the report (see figures.Figure), before linking."""
    from pipeline.report.figures import figures_frame

    return figures_frame(read_figures(text, body_reader()).figures)


# --------------------------------------------------------------------------- the year a report is about

_YEAR_PHRASE = re.compile(r"(?<!\w)năm\s+(\d{4})(?!\d)")
_NOT_OWN_YEAR = re.compile(r"(so với|bằng|tương đương|ngày \d{1,2} tháng \d{1,2}|cùng kỳ|hướng|học|đến|từ)\s*(năm\s+)?$")
_SAME_PERIOD_CITED = re.compile(r"\(\s*(?:\d{1,2} tháng (?:đầu|cuối)|quý [ivx]+|tháng \d{1,2})[^()]{0,20}$")
"""'(6 tháng đầu năm 2019 đã tiếp …)': the same period of the base year, cited in parentheses."""


def infer_year(text: str) -> int | None:
    """The year a report is about: the most frequent 'năm YYYY' that is not a comparison,
    a date line ('ngày 03 tháng 2 năm 2021'), a plan ('phương hướng năm 2021') or the same period
    of the year before cited in parentheses; on a tie the later year."""
    low = text.lower()
    counts: Counter[int] = Counter()
    for m in _YEAR_PHRASE.finditer(low):
        before = low[max(0, m.start() - 40):m.start()]
        if _NOT_OWN_YEAR.search(before) or _SAME_PERIOD_CITED.search(before):
            continue
        counts[int(m.group(1))] += 1
    if not counts:
        return None
    best = max(counts.values())
    # a tie is the report's year against a base year it quotes as often: the base is the earlier one
    return max(y for y, n in counts.items() if n == best)


# --------------------------------------------------------------------------- printing


def format_table(result: pd.DataFrame, figures: bool = True) -> str:
    """One line per row: status, body, figure as printed → indicator, computed; the quote.

    `figures=False` (no data to compare with) prints the checks and the malformed numbers
    only, and one line counting the figures read.
    """
    lines = []
    shown = result
    if not figures:
        shown = result[(result["row_type"] == "internal") | (result["status"] == STATUS_MALFORMED)]
        read_rows = result[result["row_type"] != "internal"]
        roles = read_rows["role"].map(lambda r: ROLE_LABELS.get(r, r)).value_counts()
        lines.append(f"Đã đọc {len(read_rows)} số liệu (" + ", ".join(f"{k} {v}" for k, v in roles.items())
                     + "); từng số có trong tệp CSV.")
    for r in shown.itertuples(index=False):
        body = r.body if isinstance(r.body, str) else "-"
        ind = r.indicator if isinstance(r.indicator, str) else "-"
        exp = r.expected_printed if isinstance(r.expected_printed, str) else ""
        tag = "kiểm tra" if r.row_type == "internal" else ("so sánh" if r.row_type == "delta" else "số liệu")
        line = (f"{r.status:<20} {tag:<8} {body:<9} {str(r.printed)[:34]:>34} → {ind:<34} {exp:>14}"
                f"  | {short(str(r.quote), 90)}")
        if isinstance(r.note, str) and r.note and (r.status != STATUS_MATCH or r.row_type == "internal"):
            line += f"\n{'':<40}{r.note}"
        lines.append(line)
    counts = result["status"].value_counts()
    lines.append("Tổng: " + ", ".join(f"{s} {counts.get(s, 0)}" for s in STATUSES))
    return "\n".join(lines)
