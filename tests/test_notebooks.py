"""Notebooks: committed clean (no outputs), parameterised, and run headless on the sample."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from pipeline import config

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_and_with_parameters_cell(path: Path):
    book = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in book["cells"] if c["cell_type"] == "code"]
    assert all(c.get("outputs") == [] for c in code), "notebook committed with outputs: run nbstripout"
    assert all(c.get("execution_count") is None for c in code), "notebook committed with execution counts"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters' (papermill)"
    assert "views.param(" in "".join(tagged[0]["source"])


@pytest.fixture(scope="session")
def processed(tmp_path_factory) -> Path:
    """The sample's outputs, published once per session into a temporary folder."""
    from pipeline.publish import publish
    from pipeline.run import run_pipeline

    out = tmp_path_factory.mktemp("processed")
    publish(run_pipeline(config.RAW_DIR, cache_dir=None), out)  # no shared cache: isolated from other runs
    return out


def _execute(path: Path, processed: Path):
    from nbclient import NotebookClient

    from pipeline.export import kernel_for_this_python

    book = nbformat.read(path, as_version=4)
    env = {"VP_PROCESSED_DIR": str(processed)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with kernel_for_this_python() as kernel_name:
            NotebookClient(book, timeout=None, kernel_name=kernel_name,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return book


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_headless_with_charts_and_no_errors(path: Path, processed: Path):
    book = _execute(path, processed)
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors[0].get("evalue") if errors else ""
    stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not any("Traceback" in t or "Warning" in t for t in stderr), stderr
    images = [o for o in outputs if o.output_type in {"display_data", "execute_result"} and "image/png" in o.data]
    assert images, "no chart in the executed notebook"
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert tables, "no table in the executed notebook"
