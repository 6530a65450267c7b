"""Specs as data: the only code that reads spec files.

Rule: the data files (``registers.toml``, ``indicators.csv``, ``periods.csv``,
``offices.toml``, ``units.csv``, report and draft specs) sit in this folder
beside the code that reads them; an office's own specs in ``data/specs/`` are
merged over them by ``load`` and checked once, when they load (``checks``).
``files`` finds and fingerprints the spec files without pandas; ``registers``
turns a register table into a :class:`~pipeline.specs.registers.Schema`;
``offices`` the office-folder names; ``periods`` the reporting periods.
Every other stage receives parsed specs and never opens a spec file.
"""
