"""Notebooks: committed clean (no outputs), parameterised, and run headless on the sample."""

from __future__ import annotations

import json
import os
import re
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
    from pipeline.outputs.publish import publish
    from pipeline.run import run_pipeline

    out = tmp_path_factory.mktemp("processed")
    publish(run_pipeline(config.RAW_DIR, cache_dir=None), out)  # no shared cache: isolated from other runs
    return out


def _execute(path: Path, processed: Path, **variables: str):
    from nbclient import NotebookClient

    from pipeline.pages.export import kernel_for_this_python

    book = nbformat.read(path, as_version=4)
    env = {"VP_PROCESSED_DIR": str(processed), **variables}
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
    assert images or path.name.startswith("05"), "no chart in the executed notebook"
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert tables, "no table in the executed notebook"
    shown = " ".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert not re.search(r">\s*(True|False)\s*<", shown), "a boolean shown in English"


def _html(book) -> str:
    return " ".join(o.get("data", {}).get("text/html", "") for c in book.cells if c.cell_type == "code"
                    for o in c.outputs)


def _errors(book) -> list:
    return [o for c in book.cells if c.cell_type == "code" for o in c.outputs
            if o.output_type == "error" or (o.output_type == "stream" and "Traceback" in o.text)]


@pytest.fixture(scope="module")
def other_office(tmp_path_factory) -> Path:
    """Outputs of an office whose data covers 2018–2023 (not our sample's years)."""
    import pandas as pd

    from pipeline.figures.indicators import load_catalogue

    catalogue = load_catalogue().table
    rows = []
    for n, (indicator, unit, label) in enumerate(zip(catalogue["indicator"], catalogue["unit_vi"], catalogue["label_vi"])):
        for year in range(2018, 2024):
            parts = {"doan-dbqh": 10 + (n + year) % 9, "hdnd": 20 + (n * year) % 11}
            if unit == "%":
                parts = {b: v / 40 for b, v in parts.items()}
            both = parts["doan-dbqh"] + parts["hdnd"] if unit != "%" else (parts["doan-dbqh"] + parts["hdnd"]) / 2
            rows += [{"year": year, "body": b, "indicator": indicator, "value": v, "unit_vi": unit, "label_vi": label}
                     for b, v in [*parts.items(), ("all", both)]]
    out = tmp_path_factory.mktemp("office-2018-2023")
    pd.DataFrame(rows).to_csv(out / "indicators.csv", index=False, encoding="utf-8-sig")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01-tong-quan-nam.ipynb", "02-so-sanh-cac-nam.ipynb"])
def test_pages_01_02_follow_the_data_of_another_office(name: str, other_office: Path):
    book = _execute(config.NOTEBOOKS_DIR / name, other_office)
    assert not _errors(book), _errors(book)
    shown = _html(book)
    assert "Năm 2023, so với năm 2022" in shown
    if name.startswith("02"):
        assert all(f"{y + 1} so với {y}" in shown for y in range(2018, 2023))


@pytest.mark.slow
def test_a_year_the_data_lacks_is_one_line_not_a_traceback(other_office: Path):
    book = _execute(config.NOTEBOOKS_DIR / "01-tong-quan-nam.ipynb", other_office, VP_YEAR="2030")
    assert not _errors(book), _errors(book)
    shown = _html(book)
    assert "Không có số liệu năm 2030 (tham số YEAR). Các năm có số liệu: 2018, 2019, 2020, 2021, 2022, 2023." in shown
    assert "vp-table" not in shown  # nothing else on the page


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01-tong-quan-nam.ipynb", "02-so-sanh-cac-nam.ipynb", "03-kham-pha-so-theo-doi.ipynb",
                                  "04-chat-luong-du-lieu.ipynb"])
def test_pages_of_six_months_compare_with_the_same_period(name: str, processed: Path):
    book = _execute(config.NOTEBOOKS_DIR / name, processed, VP_PERIOD="h1")
    assert not _errors(book), _errors(book)
    shown = _html(book)
    if name.startswith("03"):
        assert "6 tháng đầu năm các năm 2019, 2020, 2021" in shown and "số dòng theo năm và bộ phận, 6 tháng đầu năm" in shown
        return
    assert "6 tháng đầu năm 2021, so với cùng kỳ năm 2020" in shown
    if name.startswith(("01", "02")):
        assert "Chỉ có số cả năm" in shown  # registers without dates said once, not as 0
    if name.startswith("01"):
        assert "so với cùng kỳ năm 2020)" in shown and "so với năm 2020)" not in shown
