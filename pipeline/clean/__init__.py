"""Cleaning: sheet grids in, tidy records out. Pure.

Rule: functions on grids and DataFrames only (the sheet cache and the hashing
key are the two files this stage keeps, in ``data/cache/`` and ``.secrets/``).
``locate`` finds the header rows and the register; ``sheet`` is the recipe for
one sheet, its steps in ``rows``, ``columns`` and ``checks``; ``identity``
replaces personal data by keyed hashes; ``ingest`` runs read → locate → clean
per file (in worker processes when there are many); ``cache`` keeps each
file's result by content; ``inspect`` explains how one file is read.
"""
