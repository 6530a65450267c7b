"""Figures: tidy records in, (year, period, body, indicator, value) out. Pure.

Rule: no files. ``indicators`` computes the catalogue's figures and their
lineage for a year; ``by_period`` the same for every sub-year period;
``compare`` each figure against a base year, with the sentence the report prints.
"""
