"""The draft from a run's figures: compose, read back with the checker until it agrees, trace to the rows.

Pure wiring of :mod:`compose`, :mod:`agree` and :mod:`trace` (no file access):
``build(specs, figures, lineage, …)`` → :class:`Built` (the draft, the
checker's table on it, the sources table, one comment per figure).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.draft.agree import check_draft, settle
from pipeline.draft.compose import Draft, Figures, add_review_part, compose
from pipeline.draft.trace import comment_text, sources
from pipeline.report.linking import share_defs
from pipeline.report.published import PeriodFigures, period_phrase
from pipeline.specs.periods import Period


@dataclass
class Built:
    draft: Draft
    check: pd.DataFrame  # the report checker's table on the draft's text
    sources: pd.DataFrame  # trace.SOURCE_COLUMNS
    comments: dict[str, str]  # figure key → its note


def build(specs, figures: PeriodFigures, lineage: pd.DataFrame, year: int, base_year: int, period: Period,
          date: str = "", sources_name: str = "") -> Built:
    """The draft of `year` (`period`) from the run's figures of that period and its lineage."""
    catalogue = specs.catalogue.table
    source = Figures(figures.table, catalogue, {r.name: r.label_vi for r in specs.schema.registers.values()},
                     figures.year_only)
    draft, result = settle(
        lambda choice: compose(specs.draft_templates, source, year, base_year, period, choice, date, sources_name),
        lambda d: check_draft(d, figures.table, figures.year_only),
    )
    add_review_part(draft, specs.draft_templates)
    table = sources(draft, lineage, share_defs(catalogue))
    words, base_words = period_phrase(period, year), period_phrase(period, base_year)
    comments = {f.key: comment_text(f, table, words, base_words, sources_name) for f in draft.written}
    return Built(draft, result, table, comments)
