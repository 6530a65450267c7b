"""The report drafts itself: ``python -m pipeline draft`` (docs/draft.md).

- ``templates``: the wording as data (``specs/draft_templates.toml`` and an office's
  own), checked when the specs load;
- ``compose``: templates and a period's figures → the draft as blocks of runs (pure);
- ``agree``: the draft read back by the report checker, other wordings tried until it agrees;
- ``trace``: every figure back to its source rows (comments, the sources table);
- ``build``: the three wired together; ``write``: .docx / .md and the sources CSV;
- ``cli``: the command (the only reading of the run's files).

Nothing here imports python-docx but ``write.write_docx``.
"""
