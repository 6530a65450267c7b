"""Every figure of the draft back to its source rows (file, sheet, Excel row), for its comment and the sources table.

Pure: the run's lineage (``year, body, indicator, file, sheet, row, date``) in,
one row per (figure, source row) out. A period's figure counts the rows whose
``date`` falls in it (:func:`pipeline.specs.periods.rows_in_period`); a share's rows
are those of its part and its whole.
"""

from __future__ import annotations

import pandas as pd

from pipeline.draft.compose import Draft, DraftFigure
from pipeline.specs.periods import Period, rows_in_period

SOURCE_COLUMNS = ["figure", "section", "group", "indicator", "body", "year", "period", "printed", "value",
                  "source_of", "source_indicator", "file", "sheet", "row", "date"]
"""The sources table beside the draft (…nguon.csv). ``source_of``: value / base (the year compared with) /
share_part / share_whole."""


def figure_rows(lineage: pd.DataFrame, indicator: str, body: str, year: int, period: Period) -> pd.DataFrame:
    """The lineage rows of one figure (indicator, body, year) of `period`."""
    mine = lineage[(lineage["indicator"] == indicator) & (lineage["body"] == body)]
    if period.is_year:
        return mine[mine["year"] == year]
    return rows_in_period(mine[mine["year"].isin([year - 1, year])], period, year)


def sources(draft: Draft, lineage: pd.DataFrame, shares: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """SOURCE_COLUMNS: every source row of every figure written (and of its comparison)."""
    frames = []
    for f in draft.written:
        for source_of, indicator, year in _parts(f, shares):
            rows = figure_rows(lineage, indicator, f.body, year, draft.period)
            frames.append(rows[["file", "sheet", "row", "date"]].assign(
                figure=f.key, section=f.section, group=f.group, indicator=f.indicator, body=f.body,
                year=year, period=draft.period.id, printed=f.text, value=f.value if source_of != "base" else f.base_value,
                source_of=source_of, source_indicator=indicator))
    if not frames:
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    return pd.concat(frames, ignore_index=True)[SOURCE_COLUMNS]


def _parts(f: DraftFigure, shares: dict) -> list[tuple[str, str, int]]:
    years = [("value", f.year)] + ([("base", f.base_year)] if f.compares else [])
    if f.is_share and f.indicator in shares:
        part, whole = shares[f.indicator]
        return [(f"share_{role}", ind, f.year) for role, ind in (("part", part), ("whole", whole))]
    return [(source_of, f.indicator, year) for source_of, year in years]


def row_ranges(rows: pd.Series, limit: int = 6) -> str:
    """[12, 13, 14, 20] → 'dòng 12–14, 20' (the first `limit` runs, then '…')."""
    numbers = sorted({int(r) for r in rows})
    runs, start, prev = [], None, None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            runs.append((start, prev))
            start = prev = n
    if start is not None:
        runs.append((start, prev))
    shown = [f"{a}–{b}" if b > a else str(a) for a, b in runs[:limit]]
    return "dòng " + ", ".join(shown) + (", …" if len(runs) > limit else "")


def comment_text(f: DraftFigure, table: pd.DataFrame, period_words: str, base_words: str, sources_file: str) -> str:
    """The Word comment of one figure: indicator, value, source rows (count, files and rows), the base year's."""
    from pipeline.bodies import BODY_LABELS_VI

    mine = table[table["figure"] == f.key]
    lines = [f"{f.key} · {f.indicator} — {f.label_vi} ({BODY_LABELS_VI.get(f.body, f.body)}), {period_words}"]
    if f.is_share:
        for role, word in (("part", "Tử số"), ("whole", "Mẫu số")):
            rows = mine[mine["source_of"] == f"share_{role}"]
            name = rows["source_indicator"].iloc[0] if len(rows) else role
            lines.append(f"{word} {name}: {_rows_line(rows)}")
    else:
        lines.append(f"Giá trị {_number(f.value)}: {_rows_line(mine[mine['source_of'] == 'value'])}")
    if f.compares:
        lines.append(f"So với {base_words}, giá trị {_number(f.base_value)}: {_rows_line(mine[mine['source_of'] == 'base'])}")
    lines.append(f"Từng dòng nguồn: {sources_file} (cột figure = {f.key}).")
    return "\n".join(lines)


def _number(value) -> str:
    from pipeline.vi.formatting import format_count

    return format_count(value)


def _rows_line(rows: pd.DataFrame) -> str:
    if rows.empty:
        return "không có dòng nguồn"
    parts = [f"{file} › {sheet}, {row_ranges(g['row'])}" for (file, sheet), g in rows.groupby(["file", "sheet"], sort=False)]
    return f"{len(rows)} dòng nguồn ({'; '.join(parts)})"
