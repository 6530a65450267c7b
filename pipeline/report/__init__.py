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

from importlib import import_module

# Names are loaded on first use (PEP 562): ``python -m pipeline run`` builds the
# check-report argument parser from ``pipeline.report.cli`` and must not pay for
# importing the whole checker.
_EXPORTS = {
    "main": "cli",
    "SpecError": "linking", "link_figures": "linking", "load_catalogue": "linking", "load_checks": "linking",
    "load_links": "linking",
    "ReportError": "reading", "read_report": "reading",
    "RESULT_COLUMNS": "rows", "STATUS_INTERNAL": "rows", "STATUS_MALFORMED": "rows", "STATUS_MATCH": "rows",
    "STATUS_MISMATCH": "rows", "STATUS_UNLINKED": "rows", "STATUSES": "rows",
    "fold": ("structure", "fold_keep_length"),
    "check_report": "table", "extract_figures": "table", "format_table": "table", "infer_year": "table", "read": "table",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'pipeline.report' has no attribute {name!r}")
    module, attr = target if isinstance(target, tuple) else (target, name)
    value = getattr(import_module(f"pipeline.report.{module}"), attr)
    globals()[name] = value
    return value
