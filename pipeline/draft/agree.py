"""The draft read back by the report checker: every figure found where it was written, no alarm.

The draft prints its figures with :mod:`pipeline.vi.formatting`, the checker
reads them with the phrase table of the same module; this is the proof on the
text itself. :func:`disagreements` compares the checker's table with the
draft's figures by offset; :func:`settle` tries each sentence's other
wordings (a "trong đó" list whose parts do not add up — an ad-hoc reception,
a petition without a category — is written without "trong đó") until the
checker agrees or no wording is left; what is left is marked for review.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from pipeline.draft.compose import Draft, DraftFigure, Review
from pipeline.report.rows import STATUS_INTERNAL, STATUS_MALFORMED, STATUS_MATCH, STATUS_MISMATCH

ALARMS = (STATUS_MISMATCH, STATUS_MALFORMED, STATUS_INTERNAL)


def check_draft(draft: Draft, table: pd.DataFrame, year_only: set) -> pd.DataFrame:
    """The checker's table on the draft's text, against the figures the draft was written from."""
    from pipeline.report.table import check_report

    period = draft.period
    return check_report(draft.text, table, draft.year, draft.base_year, same_period=period.same_period_words,
                        year_only=year_only, period_label=None if period.is_year else period.label_vi)


def disagreements(draft: Draft, result: pd.DataFrame) -> list[Review]:
    """Where the checker does not read the draft as written: a figure not found as its indicator,
    a comparison not confirmed, an alarm, a number no template placed."""
    out: list[Review] = []
    rows = result.assign(offset=result["offset"].astype(int))
    spans = [(f.start, f.end) for f in draft.figures]
    for f in draft.written:
        mine = rows[(rows["offset"] >= f.start) & (rows["offset"] < f.end)]
        problem = _figure_problem(f, mine)
        if problem:
            out.append(Review(f.sentence, f"«{f.text}» ({f.indicator}): {problem}"))
    for r in rows[rows["status"].isin(ALARMS)].itertuples(index=False):
        out.append(Review(draft.sentence_at(r.offset), f"{r.status}: «{r.printed}» — {r.note}"))
    stray = rows[(rows["row_type"] == "figure") & ~rows["offset"].map(lambda o: any(a <= o < b for a, b in spans))]
    for r in stray.itertuples(index=False):
        out.append(Review(draft.sentence_at(r.offset), f"số «{r.printed}» không do mẫu câu điền: bỏ chữ số khỏi mẫu câu"))
    return out


def _figure_problem(f: DraftFigure, rows: pd.DataFrame) -> str:
    figures = rows[rows["row_type"] == "figure"]
    if f.form != "change":
        hit = figures[(figures["indicator"] == f.indicator) & (figures["status"] == STATUS_MATCH)]
        if hit.empty:
            seen = figures.iloc[0] if len(figures) else None
            if seen is None:
                return "bộ kiểm tra không thấy số này"
            read = seen["indicator"] if isinstance(seen["indicator"], str) else "không liên kết được"
            return f"bộ kiểm tra đọc là {read} ({seen['status']}); sửa lời mẫu câu cho rõ chỉ tiêu"
    if f.compares:
        deltas = rows[rows["row_type"] == "delta"]
        if not ((deltas["indicator"] == f.indicator) & (deltas["status"] == STATUS_MATCH)).any():
            return "bộ kiểm tra không xác nhận được phần so sánh"
    return ""


def settle(compose: Callable[[dict], Draft], check: Callable[[Draft], pd.DataFrame]) -> tuple[Draft, pd.DataFrame]:
    """Compose, check, and move each sentence the checker disagrees with to its next wording, until it agrees."""
    choice: dict = {}
    while True:
        draft = compose(choice)
        result = check(draft)
        reviews = disagreements(draft, result)
        moved = False
        for key in dict.fromkeys(r.sentence for r in reviews if r.sentence is not None):
            if choice.get(key, 0) + 1 < draft.variants.get(key, 1):
                choice[key] = choice.get(key, 0) + 1
                moved = True
        if not moved:
            draft.reviews = reviews
            return draft, result
