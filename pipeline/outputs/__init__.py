"""Outputs: the only code that names, writes or reads the processed folder.

Rule: ``publish`` writes ``data/processed/`` atomically; ``outdir`` checks an
``--out`` folder and restores an interrupted publish; ``unchanged`` decides,
without pandas, that a run is not needed. Nothing here imports ``run``.

Nothing is imported here: the unchanged re-run must not import pandas.
"""
