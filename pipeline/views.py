"""Tables the notebooks show, shaped from the published outputs.

The notebooks hold no logic: every code cell is one or two calls into this
module or :mod:`pipeline.charts`. Reading files happens in one place
(:func:`load`); everything else is a pure function from DataFrames to
DataFrames, plus thin wrappers that load and style for display.

Numbers are printed the report's way through :mod:`pipeline.formatting`
('3.372', '05', '85,5%'); headers and labels are Vietnamese.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.compare import side_by_side
from pipeline.formatting import comparison_sentence, format_count, format_number, format_percent

BODY_ORDER = ("doan-dbqh", "hdnd", "all")
SHORT_BODY_LABELS_VI = {"doan-dbqh": "Đoàn ĐBQH", "hdnd": "HĐND", "all": "Cả hai"}

def _charted(tag: str) -> tuple[str, ...]:
    """Indicators the catalogue tags for a chart (`chart` column: main, trend)."""
    table = pd.read_csv(config.INDICATORS_SPEC, dtype=str, keep_default_na=False, encoding="utf-8")
    return tuple(table.loc[table["chart"].str.split().map(lambda tags: tag in tags), "indicator"])


MAIN_INDICATORS = _charted("main")
"""The indicators the charts show by default (the figures quoted first in the report)."""

TREND_INDICATORS = _charted("trend")

GENERIC_LABELS_VI = {"body": "Bộ phận", "year": "Năm", "month": "Tháng", "count": "Số dòng"}


def column_label(key: str, register: str | None = None) -> str:
    """A column's Vietnamese name: its header in the register spec, else a generic label."""
    if register in _schema().registers:
        try:
            return _schema().registers[register].column(key).header
        except KeyError:
            pass
    return GENERIC_LABELS_VI.get(key, key)


SAFE_TYPES = {"date", "whole", "money", "category", "session", "round", "district", "flag", "presence", "body",
              "category_people"}
"""Column types safe to show beside a source row (never names, addresses, summaries or identities)."""

OUTPUT_FILES = {
    "indicators": "indicators.csv",
    "comparisons": "comparisons.csv",
    "rejects": "rejects.csv",
    "lineage": "lineage.parquet",
    "notices": "notices.csv",
    "accounting": "row_accounting.csv",
    "totals": "total_checks.csv",
    "sources": "sources.csv",
}


# --- parameters and loading ---------------------------------------------------------------


def param(env: str, default):
    """A notebook parameter: the environment variable ``env`` if set, else ``default``.

    The value is converted to the default's type: ``VP_YEARS="2019 2020"`` or
    ``"2019,2020"`` → ``[2019, 2020]``; ``VP_YEAR=2021`` → ``2021``. Values
    injected by papermill replace the whole assignment, so they win over both.
    """
    raw = os.environ.get(env)
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "có", "co"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, (list, tuple)):
        items = [p for p in raw.replace(",", " ").split() if p]
        if default and all(isinstance(v, int) for v in default):
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
    if not (out / "indicators.csv").exists():
        from pipeline.publish import publish
        from pipeline.run import run_pipeline

        raw = Path(raw_dir) if raw_dir else config.RAW_DIR
        print(f"Chưa có kết quả trong {out}: chạy pipeline trên {raw} …")
        publish(run_pipeline(raw, cache_dir=config.CACHE_DIR), out)
    return out


def load(name: str, path: str | Path | None = None) -> pd.DataFrame | dict:
    """The one function that reads outputs: ``indicators``, ``comparisons``, ``rejects``, ``lineage``,
    ``notices``, ``accounting``, ``totals``, ``sources``, ``summary`` or ``table:<register>``."""
    folder = processed_dir(path)
    if name == "summary":
        return json.loads((folder / "run_summary.json").read_text(encoding="utf-8"))
    if name.startswith("table:"):
        file = folder / "tables" / f"{name.split(':', 1)[1]}.parquet"
        if not file.exists():
            raise FileNotFoundError(f"không có bảng {file.name} trong {file.parent}")
        return pd.read_parquet(file)
    file = folder / OUTPUT_FILES[name]
    if file.suffix == ".parquet":
        return pd.read_parquet(file)
    return pd.read_csv(file, encoding="utf-8-sig")


@lru_cache(maxsize=1)
def _schema():
    from pipeline.schema import load_schema

    return load_schema()


@lru_cache(maxsize=1)
def _catalogue() -> pd.DataFrame:
    return pd.read_csv(config.INDICATORS_SPEC, dtype=str, keep_default_na=False, encoding="utf-8")


def body_label(body: str, short: bool = True) -> str:
    return (SHORT_BODY_LABELS_VI if short else config.BODY_LABELS_VI).get(body, body)


def available_years(indicators: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in indicators["year"].unique())


def _bodies(body: str | None) -> list[str]:
    """``None``/'' → every body and both together; otherwise that one."""
    return list(BODY_ORDER) if not body else [body]


def _fmt_value(value, unit: str) -> str:
    return format_percent(value, 1) if unit == "%" else format_count(value)


# --- notebook 01: a year's figures --------------------------------------------------------


def overview_frame(indicators: pd.DataFrame, year: int, body: str | None = "all") -> pd.DataFrame:
    """One row per indicator of ``year`` in report order, with the report's sentence.

    Columns: body, indicator, label_vi, unit_vi, value, base_value, sentence_vi. The sentence
    compares with the year before when that year has data.
    """
    rows = indicators[(indicators["year"] == year) & indicators["body"].isin(_bodies(body))]
    base = indicators[indicators["year"] == year - 1][["body", "indicator", "value"]].rename(
        columns={"value": "base_value"}
    )
    has_base = len(base) > 0
    out = rows.merge(base, on=["body", "indicator"], how="left")
    order = {ind: i for i, ind in enumerate(_catalogue()["indicator"])}
    out = out.assign(
        _body=out["body"].map({b: i for i, b in enumerate(BODY_ORDER)}),
        _order=out["indicator"].map(order),
    ).sort_values(["_body", "_order"], kind="stable")
    out["sentence_vi"] = [
        comparison_sentence(v, b if has_base else None, u, year - 1, is_share=(u == "%"))
        for v, b, u in zip(out["value"], out["base_value"], out["unit_vi"])
    ]
    cols = ["body", "indicator", "label_vi", "unit_vi", "value", "base_value", "sentence_vi"]
    return out[cols].reset_index(drop=True)


def _style_table(frame: pd.DataFrame, caption: str | None = None, *, hide_index: bool = True,
                 numbers: bool = False):
    """The house table style; ``numbers`` right-aligns the cells (tables of counts)."""
    styler = frame.style.hide(axis="index") if hide_index else frame.style
    if caption:
        styler = styler.set_caption(caption)
    cell = "padding: 3px 8px; " + ("text-align: right;" if numbers else "vertical-align: top;")
    return styler.set_table_styles(
        [
            {"selector": "caption", "props": "caption-side: top; font-weight: bold; font-size: 1.1em; text-align: left;"},
            {"selector": "th", "props": "background-color: #eef2f7; text-align: left; padding: 4px 8px;"},
            {"selector": "td", "props": cell},
            {"selector": "tbody tr:nth-child(even)", "props": "background-color: #fafafa;"},
        ]
    )


def _delta_colour(value) -> str:
    if value is None or pd.isna(value) or value == 0:
        return ""
    return "color: #1a7f37; font-weight: bold;" if value > 0 else "color: #c62828; font-weight: bold;"


def year_overview(year: int, body: str | None = "all", path: str | Path | None = None):
    """Styled table: the year's figures in report order with the report-style sentence beside each."""
    frame = overview_frame(load("indicators", path), year, body)
    if frame.empty:
        raise ValueError(f"không có số liệu năm {year} cho {body or 'mọi bộ phận'}")
    shown = pd.DataFrame(
        {
            "Bộ phận": frame["body"].map(body_label),
            "Chỉ tiêu": frame["label_vi"],
            "Đơn vị": frame["unit_vi"],
            "Số liệu": [_fmt_value(v, u) for v, u in zip(frame["value"], frame["unit_vi"])],
            f"Năm {year - 1}": [_fmt_value(v, u) for v, u in zip(frame["base_value"], frame["unit_vi"])],
            "Câu trong báo cáo": frame["sentence_vi"],
        }
    )
    if frame["base_value"].isna().all():
        shown = shown.drop(columns=[f"Năm {year - 1}"])
    delta = (frame["value"] - frame["base_value"]).tolist()
    styler = _style_table(shown, f"Số liệu năm {year} — {body_label(body, short=False) if body else 'mọi bộ phận'}")
    return styler.apply(lambda _col: [_delta_colour(d) for d in delta], subset=["Câu trong báo cáo"]).set_properties(
        subset=["Số liệu"], **{"text-align": "right"}
    )


def run_overview(path: str | Path | None = None):
    """Styled summary of the run: files, rows, rejects, notices (tolerant of older summaries)."""
    s = load("summary", path)
    rows = s.get("rows", {})

    def number(value) -> str:
        if isinstance(value, dict):
            return format_number(sum(v for v in value.values() if isinstance(v, (int, float))))
        return format_number(value) if isinstance(value, (int, float)) else str(value or "")

    notices = s.get("notices", 0)
    notices_text = (
        f"{number(notices.get('error', 0))} lỗi, {number(notices.get('warning', 0))} cảnh báo, "
        f"{number(notices.get('info', 0))} ghi chú"
        if isinstance(notices, dict) else number(notices)
    )
    frame = pd.DataFrame(
        [
            ("Tệp đã đọc", number(s.get("files", 0))),
            ("Sheet sổ theo dõi", number(s.get("sheets", 0))),
            ("Dòng đọc", number(rows.get("rows_read", 0))),
            ("Dòng nhận", number(rows.get("accepted", 0))),
            ("Dòng bị loại", number(rows.get("rejected", 0))),
            ("Giá trị chỉ tiêu", number(s.get("indicators", 0))),
            ("Thông báo", notices_text),
            ("Phiên bản gói", str(s.get("package_version", ""))),
        ],
        columns=["Mục", "Giá trị"],
    )
    return _style_table(frame, "Lần chạy pipeline")


# --- notebook 02: years side by side -----------------------------------------------------


def wide_frame(indicators: pd.DataFrame, years: list[int], body: str | None = "all") -> pd.DataFrame:
    """Years side by side (numbers, not text) in report order; ``body`` None → all three stacked."""
    years = sorted(int(y) for y in years)
    missing = [y for y in years if y not in set(indicators["year"])]
    if missing:
        raise ValueError(f"không có số liệu năm {', '.join(map(str, missing))}")
    frames = [side_by_side(indicators, years, b) for b in _bodies(body)]
    wide = pd.concat([f for f in frames if len(f)], ignore_index=True)
    order = {ind: i for i, ind in enumerate(_catalogue()["indicator"])}
    wide = wide.assign(
        _body=wide["body"].map({b: i for i, b in enumerate(BODY_ORDER)}), _order=wide["indicator"].map(order)
    ).sort_values(["_body", "_order"], kind="stable")
    if len(years) >= 2:
        last, prev = years[-1], years[-2]
        wide["sentence_vi"] = [
            comparison_sentence(v, b, u, prev, is_share=(u == "%"))
            for v, b, u in zip(wide[last], wide[prev], wide["unit_vi"])
        ]
    else:
        wide["sentence_vi"] = [comparison_sentence(v, None, u, years[0], is_share=(u == "%"))
                               for v, u in zip(wide[years[0]], wide["unit_vi"])]
    return wide.drop(columns=["_body", "_order"]).reset_index(drop=True)


def years_side_by_side(years: list[int], body: str | None = "all", path: str | Path | None = None):
    """Styled wide table: one column per year, difference and % change coloured up/down."""
    wide = wide_frame(load("indicators", path), years, body)
    years = sorted(int(y) for y in years)
    shown = pd.DataFrame({"Bộ phận": wide["body"].map(body_label), "Chỉ tiêu": wide["label_vi"],
                          "Đơn vị": wide["unit_vi"]})
    for y in years:
        shown[str(y)] = [_fmt_value(v, u) for v, u in zip(wide[y], wide["unit_vi"])]
    if len(years) >= 2:
        shown["Chênh lệch"] = [
            ("+" if d > 0 else "") + (format_percent(d) if u == "%" else format_count(d)) if pd.notna(d) else ""
            for d, u in zip(wide["chênh lệch"], wide["unit_vi"])
        ]
        shown["% thay đổi"] = [
            ("+" if p > 0 else "") + format_percent(p, 1) if pd.notna(p) and u != "%" else ""
            for p, u in zip(wide["% thay đổi"], wide["unit_vi"])
        ]
    shown["Câu trong báo cáo"] = wide["sentence_vi"]
    title = f"So sánh các năm {', '.join(map(str, years))} — {body_label(body, short=False) if body else 'mọi bộ phận'}"
    styler = _style_table(shown, title)
    numeric = [str(y) for y in years]
    if len(years) >= 2:
        delta = wide["chênh lệch"].tolist()
        styler = styler.apply(lambda _c: [_delta_colour(d) for d in delta], subset=["Chênh lệch", "% thay đổi"])
        numeric += ["Chênh lệch", "% thay đổi"]
    return styler.set_properties(subset=numeric, **{"text-align": "right"})


def chart_frame(indicators: pd.DataFrame, indicators_wanted=MAIN_INDICATORS, years=None,
                bodies=("doan-dbqh", "hdnd")) -> pd.DataFrame:
    """Long rows (year, body, indicator, label_vi, unit_vi, value) for the charts, in catalogue order."""
    rows = indicators[indicators["indicator"].isin(indicators_wanted) & indicators["body"].isin(bodies)]
    if years:
        rows = rows[rows["year"].isin([int(y) for y in years])]
    order = {ind: i for i, ind in enumerate(indicators_wanted)}
    return rows.assign(_o=rows["indicator"].map(order)).sort_values(["_o", "year"]).drop(columns="_o").reset_index(drop=True)


# --- notebook 03: explore a register -----------------------------------------------------


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


def filter_register(table: pd.DataFrame, years=None, body: str | None = None, query: str = "") -> pd.DataFrame:
    """Rows of a register for ``years``, ``body`` (None/'all' → both) and a pandas ``query``."""
    out = table
    if years:
        out = out[out["year"].isin([int(y) for y in years])]
    if body and body != "all":
        out = out[out["body"] == body]
    if query:
        out = out.query(query)
    return out


def register_rows(register: str, years=None, body: str | None = None, query: str = "",
                  path: str | Path | None = None) -> pd.DataFrame:
    return filter_register(load(f"table:{register}", path), years, body, query)


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
    elif spec is not None and spec.type in {"flag", "presence"}:
        values = values.map(lambda v: "Có" if v is True else ("Không" if v is False else v))
    return values.astype("object").where(values.notna(), "(trống)").astype(str)


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


def crosstab(frame: pd.DataFrame, register: str, rows: str, cols: str) -> pd.DataFrame:
    """Counts of ``rows`` × ``cols`` with Vietnamese labels and totals."""
    table = pd.crosstab(label_codes(frame, register, rows), label_codes(frame, register, cols),
                        margins=True, margins_name="Tổng")
    table.index.name = column_label(rows, register)
    table.columns.name = column_label(cols, register)
    return table


def style_counts(frame: pd.DataFrame, caption: str | None = None):
    """Counts with thousand separators (dots), shares as '14,3%'."""
    shown = frame.copy()
    for col in shown.columns:
        if col == "share":
            shown[col] = shown[col].map(lambda v: format_percent(v, 1))
        elif pd.api.types.is_numeric_dtype(shown[col]):
            shown[col] = shown[col].map(format_number)
    shown = shown.rename(columns={"value": "Giá trị", "count": "Số dòng", "share": "Tỷ lệ"})
    shown.columns = [str(c) for c in shown.columns]
    hide_index = shown.index.name is None or isinstance(shown.index, pd.RangeIndex)
    return _style_table(shown, caption, hide_index=hide_index, numbers=True)


def register_summary(register: str, years=None, body: str | None = None, query: str = "",
                     path: str | Path | None = None):
    """Styled: rows of the register per year and body after the filters."""
    rows = register_rows(register, years, body, query, path)
    table = pd.crosstab(rows["year"], label_codes(rows, register, "body"), margins=True, margins_name="Tổng")
    table.index.name = "Năm"
    table.columns.name = "Bộ phận"
    note = f" (lọc: {query})" if query else ""
    return style_counts(table, f"{register_label(register)} — số dòng theo năm và bộ phận{note}")


def register_monthly(register: str, years=None, body: str | None = None, query: str = "",
                     path: str | Path | None = None):
    rows = register_rows(register, years, body, query, path)
    table = monthly_counts(rows, register)
    table.index = [f"Tháng {m:02d}" for m in table.index]
    table.index.name = "Tháng"
    return style_counts(table, f"{register_label(register)} — số dòng theo tháng")


def register_breakdown(register: str, column: str, years=None, body: str | None = None, query: str = "",
                       path: str | Path | None = None):
    rows = register_rows(register, years, body, query, path)
    return style_counts(breakdown(rows, register, column),
                        f"{register_label(register)} — theo {column_label(column, register).lower()}")


def register_crosstab(register: str, rows_col: str | None = None, cols_col: str | None = None, years=None,
                      body: str | None = None, query: str = "", path: str | Path | None = None):
    if rows_col is None or cols_col is None:
        default = _schema().registers[register].crosstab or breakdown_columns(register)[:2]
        rows_col, cols_col = default[0], default[1]
    rows = register_rows(register, years, body, query, path)
    title = (f"{register_label(register)} — {column_label(rows_col, register).lower()} "
             f"× {column_label(cols_col, register).lower()}")
    return style_counts(crosstab(rows, register, rows_col, cols_col), title)


# --- notebook 04: data quality ------------------------------------------------------------


def skipped_sheets(notices: pd.DataFrame) -> pd.DataFrame:
    """Notices about sheets left out (not a register, missing columns, repeated)."""
    mask = notices["message"].fillna("").str.contains("Bỏ qua|bỏ qua|chỉ tính một lần", regex=True)
    return notices[mask].reset_index(drop=True)


def quality_tables(path: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Rejects, total-row mismatches, skipped sheets and other notices, with Vietnamese headers."""
    rejects = load("rejects", path).rename(columns={
        "file": "Tệp", "sheet": "Sheet", "row": "Dòng Excel", "column": "Cột", "value": "Giá trị", "reason": "Lý do"})
    totals = load("totals", path).rename(columns={
        "file": "Tệp", "sheet": "Sheet", "row": "Dòng Excel", "column": "Cột", "stated": "Dòng tổng ghi",
        "computed": "Tổng tính lại", "rejected_inside": "Có dòng bị loại bên trong"})
    notices = load("notices", path)
    skipped = skipped_sheets(notices)
    level_vi = {"error": "lỗi", "warning": "cảnh báo", "info": "ghi chú"}
    rename = {"level": "Mức", "file": "Tệp", "sheet": "Sheet", "row": "Dòng Excel", "message": "Nội dung"}
    return {
        "rejects": rejects,
        "totals": totals,
        "skipped": skipped.assign(level=skipped["level"].map(level_vi)).rename(columns=rename),
        "notices": notices.assign(level=notices["level"].map(level_vi)).rename(columns=rename),
    }


def quality_table(name: str, path: str | Path | None = None):
    """Styled quality table: ``rejects``, ``totals``, ``skipped`` or ``notices``."""
    captions = {
        "rejects": "Giá trị bị loại (không đưa vào chỉ tiêu)",
        "totals": "Dòng tổng trong sổ không khớp tổng tính lại",
        "skipped": "Sheet bị bỏ qua hoặc chỉ tính một lần",
        "notices": "Mọi thông báo của lần chạy",
    }
    frame = quality_tables(path)[name]
    for col in frame.columns:
        if col.startswith("Dòng") and pd.api.types.is_numeric_dtype(frame[col]):
            frame[col] = frame[col].map(lambda v: format_number(v) if pd.notna(v) else "")
        elif col in {"Dòng tổng ghi", "Tổng tính lại"}:
            frame[col] = frame[col].map(format_count)
    frame = frame.fillna("")
    caption = f"{captions[name]}: {format_number(len(frame))} dòng"
    if frame.empty:
        frame = pd.DataFrame({"": ["Không có."]})
    return _style_table(frame, caption)


def accounting_by_register(accounting: pd.DataFrame) -> pd.DataFrame:
    """Rows read / accepted / rejected … per register and year (every row read accounted for)."""
    cols = ["rows_read", "accepted", "rejected", "total_rows", "blank_rows", "ignored_rows"]
    out = accounting.groupby(["register", "year"], sort=True)[cols].sum().reset_index()
    out.insert(0, "register_vi", out["register"].map(lambda r: _schema().registers[r].label_vi if r in _schema().registers else r))
    return out


def row_accounting(path: str | Path | None = None):
    frame = accounting_by_register(load("accounting", path)).drop(columns="register").rename(columns={
        "register_vi": "Sổ", "year": "Năm", "rows_read": "Dòng đọc", "accepted": "Nhận", "rejected": "Loại",
        "total_rows": "Dòng tổng", "blank_rows": "Dòng trống", "ignored_rows": "Chữ ký, ghi chú"})
    frame = frame.set_index(["Sổ", "Năm"])
    return style_counts(frame, "Đối soát dòng: dòng đọc = nhận + loại + dòng tổng + trống + chữ ký/ghi chú")


def indicator_choices(path: str | Path | None = None) -> pd.DataFrame:
    cat = _catalogue()
    return cat[["indicator", "label_vi", "register"]]


def lineage_frame(lineage: pd.DataFrame, indicator: str, year: int, body: str,
                  table: pd.DataFrame | None = None, register: str | None = None) -> pd.DataFrame:
    """The source rows (file, sheet, Excel row) an indicator counts, with only non-personal columns.

    When the register's table is given, safe columns (dates, categories, districts, numbers) are
    joined beside each row; names, addresses, summaries and identities never are.
    """
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
            if spec.categories:
                rows[col] = label_codes(rows, register, col)
            elif spec.type == "date":
                rows[col] = pd.to_datetime(rows[col], errors="coerce").dt.strftime("%d/%m/%Y").fillna("")
    return rows


def indicator_lineage(indicator: str, year: int, body: str = "all", path: str | Path | None = None,
                      limit: int | None = 50):
    """Styled: the indicator's value and the source rows it counts (no personal data)."""
    cat = _catalogue().set_index("indicator")
    if indicator not in cat.index:
        raise ValueError(f"không có chỉ tiêu {indicator!r} trong danh mục")
    register = cat.at[indicator, "register"]
    table = None
    if register in _schema().registers and (processed_dir(path) / "tables" / f"{register}.parquet").exists():
        table = load(f"table:{register}", path)
    frame = lineage_frame(load("lineage", path), indicator, year, body, table,
                          register if register in _schema().registers else None)
    indicators = load("indicators", path)
    hit = indicators[(indicators["indicator"] == indicator) & (indicators["year"] == int(year)) & (indicators["body"] == body)]
    value = _fmt_value(hit["value"].iloc[0], hit["unit_vi"].iloc[0]) + " " + hit["unit_vi"].iloc[0] if len(hit) else "không có"
    total = len(frame)
    labels = {"file": "Tệp", "sheet": "Sheet", "row": "Dòng Excel"}
    labels.update({col: column_label(col, register) for col in frame.columns if col not in labels})
    shown = frame.head(limit) if limit else frame
    shown = shown.rename(columns=labels)
    more = f" (hiện {format_number(len(shown))} dòng đầu)" if limit and total > limit else ""
    caption = (f"{cat.at[indicator, 'label_vi']} — năm {year}, {body_label(body, short=False)}: {value}; "
               f"{format_number(total)} dòng nguồn{more}")
    return _style_table(shown, caption)


def lineage_by_file(indicator: str, year: int, body: str = "all", path: str | Path | None = None):
    """Styled: how many source rows each file and sheet gives the indicator."""
    frame = lineage_frame(load("lineage", path), indicator, year, body)
    counts = frame.groupby(["file", "sheet"]).size().rename("count").reset_index()
    counts = counts.rename(columns={"file": "Tệp", "sheet": "Sheet"}).set_index(["Tệp", "Sheet"])
    return style_counts(counts, f"Dòng nguồn của {indicator} theo tệp")


# --- report checker (notebook 05) -----------------------------------------------------

REPORT_STATUS_ORDER = ["mâu thuẫn nội bộ", "lệch", "sai định dạng", "không liên kết được", "khớp"]
_STATUS_COLOUR = {
    "khớp": "color: #1a7f37;",
    "lệch": "color: #c62828; font-weight: bold;",
    "mâu thuẫn nội bộ": "color: #c62828; font-weight: bold;",
    "sai định dạng": "color: #b26a00; font-weight: bold;",
    "không liên kết được": "color: #666666;",
}


def report_check(report: str | Path | None, year: int, base_year: int | None = None,
                 path: str | Path | None = None) -> pd.DataFrame:
    """Every figure quoted in a report (.txt, .md, .docx) checked against the published indicators."""
    from pipeline.report import check_report, read_report

    text = read_report(Path(report) if report else config.SEED_REPORT)
    return check_report(text, load("indicators", path), year, base_year)


def report_check_summary(result: pd.DataFrame):
    """Counts per status, most serious first."""
    counts = result["status"].value_counts().reindex(REPORT_STATUS_ORDER).fillna(0).astype(int)
    frame = pd.DataFrame({"Trạng thái": counts.index, "Số dòng": counts.to_numpy()})
    return _style_table(frame, "Kết quả kiểm tra báo cáo").apply(
        lambda col: [_STATUS_COLOUR.get(s, "") for s in frame["Trạng thái"]], subset=["Trạng thái"]
    )


def report_status_counts(result: pd.DataFrame) -> pd.DataFrame:
    """``value`` (status) and ``count`` columns, for a sorted bar chart."""
    counts = result["status"].value_counts()
    return pd.DataFrame({"value": counts.index, "count": counts.to_numpy()})


def report_check_table(result: pd.DataFrame, statuses: list[str] | None = None):
    """The checker's table for reading: quote, figure as printed, indicator, computed value, status, correction."""
    rows = result if not statuses else result[result["status"].isin(statuses)]
    rank = {s: n for n, s in enumerate(REPORT_STATUS_ORDER)}
    rows = rows.assign(_rank=rows["status"].map(rank)).sort_values(["_rank", "offset"], kind="stable")
    shown = pd.DataFrame(
        {
            "Trạng thái": rows["status"],
            "Bộ phận": rows["body"].map(lambda b: body_label(b) if isinstance(b, str) and b else ""),
            "Số in trong báo cáo": rows["printed"],
            "Chỉ tiêu": rows["indicator"].fillna(""),
            "Số liệu tính được": rows["expected_printed"].fillna(""),
            "Câu đúng": rows["expected_sentence"].fillna(""),
            "Ghi chú": rows["note"].fillna(""),
            "Trích dẫn": rows["quote"].map(lambda q: q if len(str(q)) <= 160 else str(q)[:157] + "…"),
        }
    )
    return _style_table(shown).apply(
        lambda col: [_STATUS_COLOUR.get(s, "") for s in shown["Trạng thái"]], subset=["Trạng thái"]
    )
