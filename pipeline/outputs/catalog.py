"""The names of the processed folder's files, in one place.

Every module that writes or reads ``data/processed/`` (publish, the unchanged-run
shortcut, the pages, the workbook, the export, the checker and the draft) names a
file through these constants, so a renamed output is renamed everywhere. Plain
strings, no imports: the unchanged re-run reads them without pandas.
"""

from __future__ import annotations

INDICATORS = "indicators.csv"
COMPARISONS = "comparisons.csv"
PERIOD_INDICATORS = "period_indicators.csv"
PERIOD_COMPARISONS = "period_comparisons.csv"
REJECTS = "rejects.csv"
NOTICES = "notices.csv"
ACCOUNTING = "row_accounting.csv"
TOTALS = "total_checks.csv"
SOURCES = "sources.csv"
LINEAGE = "lineage.parquet"
"""Every counted row of every figure: what the pages and the draft read."""
LINEAGE_CSV = "lineage.csv"
"""The same rows for a person with Excel, written only when Excel can open it whole."""
SUMMARY = "run_summary.json"
"""Moved into place last: its presence says the outputs beside it are one whole run."""
TABLES = "tables"
"""The folder of tidy register tables, one ``<register>.parquet`` each (no personal data)."""
MANIFEST = "manifest.json"
"""An export folder's record of what it holds (sources, versions, parameters)."""

PUBLISHED = (INDICATORS, COMPARISONS, REJECTS, LINEAGE)
"""Without any of these the outputs are not one whole run: the run is done again."""

OPTIONAL = (LINEAGE_CSV,)
"""Outputs a run may leave out (lineage.csv beyond Excel's rows): one left by an earlier run is taken away."""

BY_NAME = {
    "indicators": INDICATORS, "comparisons": COMPARISONS, "rejects": REJECTS, "lineage": LINEAGE,
    "notices": NOTICES, "accounting": ACCOUNTING, "totals": TOTALS, "sources": SOURCES,
}
"""The short names the pages load outputs by (``views.load("notices")``)."""


def table_file(register: str) -> str:
    """The path of a register's tidy table inside the processed folder."""
    return f"{TABLES}/{register}.parquet"


def report_check_file(year: int, period_suffix: str = "") -> str:
    """Where check-report writes its table beside the outputs (``report-check-2020[-h1].csv``)."""
    return f"report-check-{year}{period_suffix}.csv"


def indicators_file(yearly: bool) -> str:
    """The whole-year figures, or those of every period."""
    return INDICATORS if yearly else PERIOD_INDICATORS
