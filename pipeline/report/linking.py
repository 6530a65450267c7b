"""Which indicator of the catalogue a figure of the report quotes.

The wording of each indicator is data (``specs/report_links.csv``, see
docs/report-checker.md); the engine here is generic and names no indicator.
Each spec is read through one function that takes a path or an already
loaded DataFrame, and is validated when it loads.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline import config
from pipeline.bodies import BODIES
from pipeline.report.figures import Figure, figures_frame, figures_from_frame
from pipeline.report.structure import fold_pattern
from pipeline.specs.load import CHECK_REQUIRED, LINK_COLUMNS, load_specs

LINKS_SPEC = config.SPECS_DIR / "report_links.csv"  # the package's own (tests read it directly)

PATTERN_COLUMNS = ("unit", "near", "context", "after", "not_near", "not_context", "not_after")
LINK_KINDS = {"count", "money", "lower_bound", "enumeration", "approximate"}
CHECK_COLUMNS = CHECK_REQUIRED
RELATIONS = ("=", "<=", ">=")


class SpecError(ValueError):
    """A spec with a problem; the message is one line naming the file and the row."""


@lru_cache(maxsize=16)
def _read(path: str, mtime: float) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _table(source, default: Path | str) -> tuple[pd.DataFrame, str]:
    """A spec table from a path or a DataFrame; None = the merged specs' table (package and data/specs/)."""
    if source is None:
        specs = load_specs()
        frame = {"links": specs.report_links, "checks": specs.report_checks,
                 "catalogue": specs.catalogue.table, "units": specs.catalogue.units}[default]
        return frame.copy(), "đặc tả"
    if isinstance(source, pd.DataFrame):
        return source.copy(), source.attrs.get("source", "bảng đặc tả (DataFrame)")
    path = Path(source)
    if not path.exists():
        raise SpecError(f"{path}: không tìm thấy tệp đặc tả")
    frame = _read(str(path), path.stat().st_mtime).copy()
    frame.attrs["source"] = str(path)
    return frame, str(path)


def load_catalogue(source=None) -> pd.DataFrame:
    """The indicators catalogue (``specs/indicators.csv``), or `source` (path or DataFrame)."""
    frame, _ = _table(source, "catalogue")
    return frame


def _known(catalogue: pd.DataFrame | None) -> set[str] | None:
    return None if catalogue is None else set(catalogue["indicator"])


def load_links(source=None, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """``report_links.csv`` (or `source`) checked and with its patterns compiled.

    Raises SpecError naming the file and row: a missing column, an indicator
    not in the catalogue, an unknown body or kind, a pattern that is not a
    valid regular expression, a priority that is not a whole number.
    """
    if isinstance(source, pd.DataFrame) and source.attrs.get("compiled"):
        return source
    frame, name = _table(source, "links")
    missing = [c for c in LINK_COLUMNS if c not in frame.columns]
    if missing:
        raise SpecError(f"{name}: thiếu cột {', '.join(missing)} (xem docs/report-checker.md)")
    known = _known(catalogue)
    rows = []
    for n, row in enumerate(frame.to_dict("records"), start=2):
        rows.append(_link_row(row, row.get("_line", n), row.get("_source", name), known))
    spec = pd.DataFrame(rows, columns=list(LINK_COLUMNS))
    spec.attrs.update(compiled=True, source=name)
    return spec


def _link_row(row: dict, n: int, name: str, known: set[str] | None) -> dict:
    where = f"{name}, dòng {n}"
    if known is not None and row["indicator"] not in known:
        raise SpecError(f"{where}: chỉ tiêu '{row['indicator']}' không có trong danh mục indicators.csv")
    if row["body"] not in ("*", *BODIES):
        raise SpecError(f"{where}: body '{row['body']}' phải là * hoặc một trong {', '.join(BODIES)}")
    kinds = set((row["kinds"] or "count").split(";"))
    if kinds - LINK_KINDS:
        raise SpecError(f"{where}: kinds '{row['kinds']}' không hợp lệ (dùng {', '.join(sorted(LINK_KINDS))})")
    out = dict(row, kinds=kinds | ({"approximate"} if "count" in kinds else set()))
    for col in PATTERN_COLUMNS:
        try:
            out[col] = re.compile(fold_pattern(row[col])) if row[col] else None
        except re.error as exc:
            raise SpecError(f"{where}, cột {col}: mẫu '{row[col]}' không hợp lệ ({exc})") from None
    try:
        out["priority"] = int(row["priority"] or 1)
    except ValueError:
        raise SpecError(f"{where}: priority '{row['priority']}' phải là số nguyên") from None
    if row["combine"] not in ("", "sum"):
        raise SpecError(f"{where}: combine '{row['combine']}' phải để trống hoặc là sum")
    return out


def load_checks(source=None, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """``report_checks.csv`` (or `source`): total, relation (=, <=, >=), parts ('a + b')."""
    frame, name = _table(source, "checks")
    missing = [c for c in CHECK_COLUMNS if c not in frame.columns]
    if missing:
        raise SpecError(f"{name}: thiếu cột {', '.join(missing)}")
    known = _known(catalogue)
    for n, row in enumerate(frame.to_dict("records"), start=2):
        name, n = row.get("_source", name), row.get("_line", n)
        if row["relation"] not in RELATIONS:
            raise SpecError(f"{name}, dòng {n}: relation '{row['relation']}' phải là =, <= hoặc >=")
        ids = [row["total"], *(p.strip() for p in row["parts"].split("+"))]
        bad = [i for i in ids if not i or (known is not None and i not in known)]
        if bad:
            raise SpecError(f"{name}, dòng {n}: chỉ tiêu '{bad[0]}' không có trong danh mục indicators.csv")
    return frame


def load_units(source=None) -> pd.DataFrame:
    """``units.csv``: the unit word of an indicator for one body (indicator, body, unit_vi)."""
    frame, _ = _table(source, "units")
    return frame


# --------------------------------------------------------------------------- matching


def _candidates(fig: Figure, spec: pd.DataFrame) -> list[tuple[float, str, str, str]]:
    """(score, indicator, combine, body) for every spec row the figure fits."""
    out = []
    after_text = fig.after if fig.kind == "enumeration" else fig.rest
    for r in spec.itertuples(index=False):
        if fig.kind not in r.kinds:
            continue
        if r.body != "*" and fig.body is not None and r.body != fig.body:
            continue
        score = _score(fig, r, after_text)
        if score is not None:
            out.append((score, r.indicator, r.combine, r.body))
    return out


def _score(fig: Figure, r, after_text: str) -> float | None:
    score = r.priority * 10.0
    if r.unit is not None:
        if not r.unit.match(after_text.lstrip(" “\"")):
            return None
        score += 2
    elif fig.kind != "money" and re.match(r"^\s*[^\W\d_]", after_text) and fig.unit:
        return None  # a spec row without a unit only fits a number printed without one
    if r.near is not None:
        ms = list(r.near.finditer(fig.lead))
        if not ms:
            return None
        score += 2 + max(0.0, 1 - (len(fig.lead) - ms[-1].end()) / 150)
    if r.context is not None:
        if not r.context.search(fig.context):
            return None
        score += 1
    if r.after is not None:
        m = r.after.search(fig.after)
        if not m:
            return None
        score += 2 + max(0.0, 1 - m.start() / 150)
    if r.not_near is not None and r.not_near.search(fig.lead):
        return None
    if r.not_context is not None and r.not_context.search(fig.context):
        return None
    if r.not_after is not None and r.not_after.search(fig.rest):
        return None
    return score


def share_defs(catalogue: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """share indicator → (part, whole), from the catalogue's 'part/whole' filter."""
    defs = {}
    for r in catalogue.itertuples(index=False):
        if r.aggregation == "share" and "/" in r.filter:
            part, whole = (s.strip() for s in r.filter.split("/", 1))
            defs[r.indicator] = (part, whole)
    return defs


LINKED_ROLES = ("count", "pair", "remainder")


def link(figs: list[Figure], catalogue: pd.DataFrame, links: pd.DataFrame) -> None:
    """Set `indicator`, `link_score`, `combine`, `repeat` (and the body an indicator of one
    body implies) on the figures.

    Each figure gets the best-scoring indicator; each (indicator, body) goes to one
    figure unless its row has `combine = sum`. A figure that matches an indicator
    already taken by a figure of the same value is a repeat. Shares link to the share
    indicator of their part; differences and same-period values take their owner's.
    """
    by_index = {f.index: f for f in figs}
    cands: dict[int, list] = {}
    pairs = []
    for fig in figs:
        if fig.kind not in LINK_KINDS or fig.role not in LINKED_ROLES:
            continue
        cands[fig.index] = sorted(_candidates(fig, links), key=lambda c: -c[0])
        pairs += [(-c[0], fig.offset, fig.index, c) for c in cands[fig.index]]
    pairs.sort(key=lambda p: (p[0], p[1]))
    taken: dict[tuple[str, object], int] = {}
    for negscore, _, i, (_s, ind, comb, body) in pairs:
        fig = by_index[i]
        key = (ind, fig.body if fig.body is not None or body == "*" else body)
        if fig.indicator is not None or (key in taken and comb != "sum"):
            continue
        taken.setdefault(key, i)
        fig.indicator, fig.link_score, fig.combine, fig.body = ind, -negscore, comb, key[1]
    _repeats(figs, by_index, cands, taken)
    _inherit(figs, by_index, catalogue)


def _repeats(figs, by_index, cands, taken) -> None:
    for i, cs in cands.items():
        fig = by_index[i]
        if fig.indicator is not None:
            continue
        for score, ind, _comb, body in cs:
            j = taken.get((ind, fig.body if fig.body is not None or body == "*" else body))
            if j is not None and by_index[j].value == fig.value:
                fig.indicator, fig.link_score, fig.repeat, fig.body = ind, score, True, by_index[j].body
                break


def _inherit(figs, by_index, catalogue) -> None:
    by_part = {part: share for share, (part, _) in share_defs(catalogue).items()}
    for fig in figs:
        owner = by_index.get(fig.owner) if fig.owner is not None else None
        if owner is None or owner.indicator is None:
            continue
        if fig.kind == "share":
            if owner.indicator in by_part:
                fig.indicator, fig.link_score = by_part[owner.indicator], owner.link_score
        elif fig.kind == "delta" or fig.role == "same_period":
            fig.indicator, fig.body = owner.indicator, owner.body


def link_figures(figures: pd.DataFrame, catalogue: pd.DataFrame | None = None,
                 links: pd.DataFrame | None = None) -> pd.DataFrame:
    """The DataFrame form of :func:`link` (for notebooks and tests): figures → + indicator."""
    catalogue = load_catalogue() if catalogue is None else catalogue
    links = load_links(links, catalogue)
    figs = figures_from_frame(figures)
    link(figs, catalogue, links)
    return figures_frame(figs)
