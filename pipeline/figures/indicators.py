"""The indicator catalogue and the one engine that computes it.

Each catalogue row (``specs/indicators.csv``) says which register, which
filter (a pandas query on the tidy table's canonical columns), which
aggregation (``count``, ``sum`` of a field, ``nunique`` of a field, or
``share`` = part / whole of two other indicators) and which unit and
Vietnamese label. Adding a figure is adding a row.

Output is long: ``year, body, indicator, value, unit_vi, label_vi`` plus a
lineage table linking every (year, body, indicator) to the source rows
(file, sheet, Excel row) it counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.bodies import ALL_BODIES, BODY_RANK

INDICATOR_COLUMNS = ["year", "body", "indicator", "value", "unit_vi", "label_vi"]
LINEAGE_COLUMNS = ["year", "body", "indicator", "file", "sheet", "row", "date"]
"""``date``: the record's date (its register's year_column; empty for registers without one)."""


@dataclass(frozen=True)
class Catalogue:
    table: pd.DataFrame  # one row per indicator, in report order
    units: pd.DataFrame  # body-specific units: indicator, body, unit_vi

    def unit(self, indicator: str, body: str) -> str:
        return self._units.get((indicator, body)) or self._units[(indicator, None)]

    @property
    def _units(self) -> dict:
        cached = self.__dict__.get("_unit_map")
        if cached is None:
            cached = {(i, None): u for i, u in zip(self.table["indicator"], self.table["unit_vi"])}
            cached.update({(i, b): u for i, b, u in zip(self.units["indicator"], self.units["body"], self.units["unit_vi"])})
            object.__setattr__(self, "_unit_map", cached)
        return cached

    @property
    def ids(self) -> list[str]:
        return self.table["indicator"].tolist()


def load_catalogue(path: Path | None = None, units: Path | None = None) -> Catalogue:
    """The package's catalogue, or one file in its format (with its units.csv), checked as every spec is
    (:mod:`pipeline.specs.checks`; raises specset.SpecError, a ValueError, listing each problem)."""
    from pipeline.specs.load import catalogue_from_files, package_specs

    if path is None and units is None:
        return package_specs().catalogue
    return catalogue_from_files(Path(path or config.INDICATORS_SPEC), units)


def presence_bodies(presence: pd.DataFrame) -> pd.DataFrame:
    """(year, register) → bodies with a value: each body that had a sheet, plus 'all' if any did."""
    if presence.empty:
        return pd.DataFrame(columns=["year", "register", "body"])
    per_body = presence[["year", "register", "body"]].drop_duplicates()
    all_rows = per_body[["year", "register"]].drop_duplicates().assign(body=ALL_BODIES)
    return pd.concat([per_body[per_body["body"] != ALL_BODIES], all_rows], ignore_index=True)


def _select(table: pd.DataFrame, query: str) -> pd.DataFrame:
    if not query:
        return table
    return table.query(query, engine="python")


def select_once(selected: dict, tables: dict[str, pd.DataFrame], register: str, query: str) -> pd.DataFrame:
    """The records of ``register`` that ``query`` selects, evaluated once per run: ``selected`` keeps
    them for the next figure with the same filter (the year's and every period's)."""
    key = (register, query or "")
    if key not in selected:
        selected[key] = _select(tables[register], query)
    return selected[key]


def _aggregate(rows: pd.DataFrame, how: str, field: str, scope: str) -> tuple[pd.Series, pd.DataFrame]:
    """Value per (year, body) group for one body scope; returns also the rows counted."""
    if how == "count":
        counted = rows
        values = counted.groupby(["year", "_scope"]).size()
    elif how == "sum":
        counted = rows[rows[field].notna()]
        values = pd.to_numeric(counted[field]).groupby([counted["year"], counted["_scope"]]).sum()
    else:  # nunique
        counted = rows[rows[field].notna()]
        keys = counted[field].astype(str)
        if scope == "body":
            keys = counted["body"].astype(str) + "|" + keys  # each body numbers its own
        values = keys.groupby([counted["year"], counted["_scope"]]).nunique()
    return values, counted


def scoped(selected: pd.DataFrame) -> pd.DataFrame:
    """The selected records once per body (``_scope`` = their body) and once for both bodies together
    (``_scope`` = all; office-wide records count there only)."""
    per_body = selected[selected["body"] != ALL_BODIES].assign(_scope=selected["body"])
    union = selected.assign(_scope=ALL_BODIES)
    return pd.concat([per_body, union], ignore_index=True)


def compute_indicators(
    tables: dict[str, pd.DataFrame], presence: pd.DataFrame, catalogue: Catalogue,
    year_columns: dict[str, str | None] | None = None, selected: dict | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every catalogue indicator for every (year, body) whose register is present.

    ``tables``: register → tidy records (columns year, body, _file, _sheet, _row
    and the register's keys). ``presence``: rows (year, register, body) telling
    which registers each body had; absent gives no value, present with no
    matching rows gives 0. Body ``all`` is the union of both bodies' records
    (plus office-wide sheets); distinct counts follow ``distinct_scope``.
    ``year_columns``: register → its date column, so each lineage row carries the
    record's date (period figures are traced through it). ``selected``: a cache of the records each
    (register, filter) selects, to share with the period figures.
    Returns (indicators, lineage).
    """
    present = presence_bodies(presence)
    selected = {} if selected is None else selected
    specs = [s for s in catalogue.table.itertuples(index=False) if s.aggregation != "share"]
    values: dict[str, pd.Series] = {}
    lineage: list[pd.DataFrame] = []
    for spec in specs:
        table = tables.get(spec.register)
        if table is None or table.empty:
            continue
        date_column = (year_columns or {}).get(spec.register)
        # only the columns this figure and its lineage need are copied into the per-body stack
        needed = [c for c in dict.fromkeys(["year", "body", "_file", "_sheet", "_row", spec.field, date_column]) if c]
        stacked = scoped(select_once(selected, tables, spec.register, spec.filter)[needed])
        values[spec.indicator], counted = _aggregate(stacked, spec.aggregation, spec.field, spec.distinct_scope)
        lineage.append(pd.DataFrame({
            "year": counted["year"], "body": counted["_scope"], "indicator": spec.indicator, "file": counted["_file"],
            "sheet": counted["_sheet"], "row": counted["_row"], "date": counted[date_column] if date_column else None,
        }))
    indicators = _expected_values(present, specs, values)
    indicators = add_shares(indicators, catalogue)
    indicators = label(indicators, catalogue)
    lineage_frame = (
        pd.concat(lineage, ignore_index=True)[LINEAGE_COLUMNS]
        if lineage
        else pd.DataFrame(columns=LINEAGE_COLUMNS)
    )
    # in the order it is made (indicator in catalogue order, each body then both, records as read):
    # deterministic, and a global sort of millions of text keys would cost more than the whole figure step
    return indicators, lineage_frame


def _expected_values(present: pd.DataFrame, specs: list, values: dict[str, pd.Series]) -> pd.DataFrame:
    """``year, body, indicator, value`` for every (year, body) whose register is present: the counted value,
    0 where the register was kept but no record matched. One merge for every indicator."""
    wanted = pd.DataFrame({"indicator": [s.indicator for s in specs], "register": [s.register for s in specs]})
    expected = wanted.merge(present, on="register")[["year", "body", "indicator"]]
    found = [v for v in values.values() if len(v)]
    if not found:
        return expected.assign(value=0.0)
    counted = (pd.concat({k: v for k, v in values.items() if len(v)}, names=["indicator", "year", "body"])
               .rename("value").reset_index())
    merged = expected.merge(counted, on=["year", "body", "indicator"], how="left")
    return merged.assign(value=merged["value"].fillna(0))


def add_shares(indicators: pd.DataFrame, catalogue: Catalogue, keys: tuple[str, ...] = ("year", "body")) -> pd.DataFrame:
    """A share is a declared pair (part / whole) of indicators of the same ``keys`` (year and body, and period)."""
    shares = catalogue.table[catalogue.table["aggregation"] == "share"]
    if shares.empty or indicators.empty:
        return indicators
    wide = indicators.pivot_table(index=list(keys), columns="indicator", values="value", aggfunc="first")
    extra = []
    for spec in shares.itertuples(index=False):
        part, whole = spec.filter.split("/")
        if part not in wide.columns or whole not in wide.columns:
            continue
        both = wide[[part, whole]].dropna()
        both = both[both[whole] > 0]
        extra.append(
            (both[part] / both[whole]).rename("value").reset_index().assign(indicator=spec.indicator)
        )
    return pd.concat([indicators, *extra], ignore_index=True) if extra else indicators


def label(indicators: pd.DataFrame, catalogue: Catalogue, columns: list[str] = INDICATOR_COLUMNS,
          first: tuple[str, ...] = ("year",)) -> pd.DataFrame:
    """Units and Vietnamese labels added; sorted by ``first`` (year, or year and period), body, report order."""
    order = {ind: n for n, ind in enumerate(catalogue.ids)}
    labels = catalogue.table.set_index("indicator")["label_vi"]
    out = indicators.assign(
        year=indicators["year"].astype(int),
        label_vi=indicators["indicator"].map(labels),
        # .tolist() first: iterating an Arrow-backed text column cell by cell costs ~4 µs a cell
        unit_vi=[catalogue.unit(i, b) for i, b in zip(indicators["indicator"].tolist(), indicators["body"].tolist())],
        _o1=indicators["indicator"].map(order),
        _o2=indicators["body"].map(BODY_RANK),
    )
    out = out.sort_values([*first, "_o2", "_o1"], ignore_index=True)
    whole = out["value"].notna() & (out["value"] == out["value"].round()) & (out["unit_vi"] != "%")
    out["value"] = out["value"].astype(float)
    out.loc[whole, "value"] = out.loc[whole, "value"].round()
    return out[columns]
