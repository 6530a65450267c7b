"""Check a narrative report's figures against the indicators and against itself.

    python -m pipeline check-report REPORT [--year 2020] [--base-year 2019] [--out DIR] [--csv FILE]

Modules, in the order the work is done:

- ``reading``: the report's text (.txt, .md, .docx) — the only file access;
- ``structure``: paragraphs, bodies, sentences, clauses, parentheses;
- ``numbers`` and ``phrases``: what one number is (a count, a share, a date, a
  document symbol …) from the words around it, by one phrase table;
- ``figures``: every number as a ``Figure`` (value, unit, kind, role, span)
  tied to the others (pairs, differences and their same-period values,
  remainders, shares);
- ``linking``: which indicator a figure quotes (``specs/report_links.csv``);
  every spec is loaded and checked by one function taking a path or a frame;
- ``data``: a figure against the computed value;
- ``checks``: the report against itself, one small registered check per kind;
- ``table`` and ``cli``: the result table, its printed form, the command.

See docs/report-checker.md.
"""

from pipeline.report.cli import main
from pipeline.report.linking import SpecError, link_figures, load_catalogue, load_checks, load_links
from pipeline.report.reading import ReportError, read_report
from pipeline.report.rows import (
    RESULT_COLUMNS,
    STATUS_INTERNAL,
    STATUS_MALFORMED,
    STATUS_MATCH,
    STATUS_MISMATCH,
    STATUS_UNLINKED,
    STATUSES,
)
from pipeline.report.structure import fold_keep_length as fold
from pipeline.report.table import check_report, extract_figures, format_table, infer_year, read

__all__ = [
    "RESULT_COLUMNS", "STATUSES", "STATUS_INTERNAL", "STATUS_MALFORMED", "STATUS_MATCH", "STATUS_MISMATCH",
    "STATUS_UNLINKED", "ReportError", "SpecError", "check_report", "extract_figures", "fold", "format_table",
    "infer_year", "link_figures", "load_catalogue", "load_checks", "load_links", "main", "read", "read_report",
]
