"""``python -m pipeline export``: pipeline → every notebook headless → HTML + Excel + manifest.

Writes ``<out>/<YYYY-MM-DD_HHMMSS>/``:

- ``data/``: the pipeline's outputs for this run (the notebooks read this copy);
- ``NN-*.html``: one per notebook, charts embedded, code hidden unless ``--show-code``;
- ``notebooks/NN-*.ipynb``: the executed notebooks (outputs kept, for audit);
- ``so-lieu-bao-cao-<years>.xlsx``: the styled workbook (:mod:`pipeline.excel`);
- ``manifest.json``: input hashes, package version and git commit, parameters, times.

Notebooks run in a kernel of the very interpreter running the export (no
"No such kernel" elsewhere), without a per-cell timeout. A failing cell stops
the export with exit code 1 and a message naming the notebook and the cell.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from pipeline import config

KERNEL_NAME = "vp-export-python"


@contextlib.contextmanager
def kernel_for_this_python() -> Iterator[str]:
    """A kernelspec pointing at the interpreter running this code, for the duration of the block.

    Notebooks name the ``python3`` kernel; on another machine that name may map to another
    Python (or none: "No such kernel"). The spec is written into a temporary folder put first
    on ``JUPYTER_PATH``, so nothing is installed for the user.
    """
    from ipykernel.kernelspec import install

    old = os.environ.get("JUPYTER_PATH")
    with tempfile.TemporaryDirectory(prefix="vp-kernel-") as prefix:
        install(kernel_name=KERNEL_NAME, prefix=prefix, display_name=f"Python ({sys.executable})")
        data_dir = os.path.join(prefix, "share", "jupyter")
        os.environ["JUPYTER_PATH"] = os.pathsep.join([data_dir, *([old] if old else [])])
        try:
            yield KERNEL_NAME
        finally:
            if old is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = old


NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"


class NotebookFailed(Exception):
    """A cell raised: names the notebook and the cell (1-based, counting every cell)."""

    def __init__(self, notebook: str, cell: int | None, detail: str):
        self.notebook, self.cell, self.detail = notebook, cell, detail
        where = f"ô số {cell}" if cell else "không rõ ô"
        super().__init__(f"notebook {notebook}, {where}: {detail}")


def _now() -> datetime:
    return datetime.now().astimezone()


def _dated_folder(out: Path, started: datetime) -> Path:
    base = out / started.strftime("%Y-%m-%d_%H%M%S")
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    folder.mkdir(parents=True)
    return folder


def git_commit(root: Path = config.PROJECT_ROOT) -> dict:
    """HEAD commit and whether the tree had uncommitted changes (empty when not a git checkout)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if head.returncode:
            return {}
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10)
        return {"commit": head.stdout.strip(), "dirty": bool(dirty.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {}


def notebooks(folder: Path = config.NOTEBOOKS_DIR) -> list[Path]:
    return sorted(folder.glob(NOTEBOOK_GLOB))


def _log(message: str) -> None:
    print(f"[{_now():%H:%M:%S}] {message}", flush=True)


def execute_notebook(path: Path, output: Path, parameters: dict, kernel_name: str) -> None:
    """Run one notebook headless with papermill (no per-cell timeout); raise NotebookFailed on an error."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    declared = set(pm.inspect_notebook(str(path)))
    parameters = {k: v for k, v in parameters.items() if k in declared}  # only what the notebook declares
    try:
        pm.execute_notebook(
            str(path), str(output), parameters=parameters, kernel_name=kernel_name,
            cwd=str(path.parent), progress_bar=False, log_output=False,
            execution_timeout=None, start_timeout=120, report_mode=False,
        )
    except PapermillExecutionError as exc:
        # papermill numbers cells including the injected-parameters cell it adds; report the
        # position in the notebook as committed (1-based), which is what an analyst opens.
        cell = _committed_cell_number(output, exc.cell_index)
        raise NotebookFailed(path.name, cell, f"{exc.ename}: {exc.evalue}") from None


def _committed_cell_number(executed: Path, index: int | None) -> int | None:
    if index is None:
        return None
    try:
        import nbformat

        book = nbformat.read(executed, as_version=4)
        injected = sum(1 for c in book.cells[:index] if "injected-parameters" in c.metadata.get("tags", []))
        return index - injected + 1
    except Exception:  # noqa: BLE001 - best effort, the error itself is what matters
        return index + 1


def to_html(executed: Path, target: Path, show_code: bool) -> Path:
    """HTML with charts embedded; code cells (and prompts) hidden unless ``show_code``."""
    import nbformat
    from nbconvert import HTMLExporter

    book = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(exclude_input=not show_code, exclude_input_prompt=not show_code,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(book)
    target.write_text(body, encoding="utf-8")
    return target


def main(args: argparse.Namespace) -> int:
    """Run the whole export; 0 on success, 1 if a notebook failed, 2 on bad input."""
    import pandas as pd

    from pipeline import __version__
    from pipeline.excel import write_workbook
    from pipeline.publish import publish
    from pipeline.read import UnreadableFile, UnreadableInput
    from pipeline.run import run_pipeline

    started = _now()
    clock = time.perf_counter()
    out = Path(args.out).expanduser().resolve()
    folder = _dated_folder(out, started)
    data_dir = folder / "data"
    show_code = bool(getattr(args, "show_code", False))
    manifest: dict = {
        "started": started.isoformat(timespec="seconds"),
        "package": "vp-bao-cao",
        "package_version": __version__,
        "git": git_commit(),
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "parameters": {"years": args.years, "raw": str(Path(args.raw).resolve()), "out": str(out),
                       "show_code": show_code},
        "status": "running",
        "notebooks": [],
        "outputs": [],
    }
    manifest_path = folder / "manifest.json"

    def save(status: str, error: str | None = None) -> None:
        manifest["status"] = status
        if error:
            manifest["error"] = error
        finished = _now()
        manifest["finished"] = finished.isoformat(timespec="seconds")
        manifest["seconds"] = round(time.perf_counter() - clock, 1)
        manifest["outputs"] = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                                     if p.is_file() and p.name != "manifest.json" and ".ipynb_checkpoints" not in p.parts)
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")

    _log(f"Xuất báo cáo vào {folder}")
    _log(f"[1] Chạy pipeline trên {args.raw} …")
    try:
        result = run_pipeline(Path(args.raw), cache_dir=config.CACHE_DIR)
    except (UnreadableInput, UnreadableFile) as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        save("failed", str(exc))
        return 2
    publish(result, data_dir)
    indicators = pd.read_csv(data_dir / "indicators.csv", encoding="utf-8-sig")
    available = sorted(int(y) for y in indicators["year"].unique())
    years = sorted(set(args.years)) if args.years else available
    missing = [y for y in years if y not in available]
    if missing:
        message = f"không có số liệu năm {', '.join(map(str, missing))} (có: {', '.join(map(str, available))})"
        print(f"lỗi: {message}", file=sys.stderr)
        save("failed", message)
        return 2
    sources = pd.read_csv(data_dir / "sources.csv", encoding="utf-8-sig")
    manifest["inputs"] = sources.to_dict(orient="records")
    manifest["parameters"]["years"] = years
    _log(f"    {len(sources)} tệp nguồn, năm {', '.join(map(str, years))} ({result.seconds:.1f} s)")

    parameters = {"YEARS": years, "YEAR": years[-1], "PROCESSED_DIR": str(data_dir)}
    manifest["parameters"]["notebook_parameters"] = parameters
    books = notebooks()
    executed_dir = folder / "notebooks"
    executed_dir.mkdir()
    old_path = os.environ.get("PYTHONPATH")
    # the kernel imports this checkout's package even when it is not pip-installed
    os.environ["PYTHONPATH"] = os.pathsep.join([str(config.PROJECT_ROOT), *([old_path] if old_path else [])])
    try:
        with kernel_for_this_python() as kernel:
            for i, book in enumerate(books, start=1):
                t0 = time.perf_counter()
                _log(f"[{i + 1}] Notebook {i}/{len(books)}: {book.name} …")
                executed = executed_dir / book.name
                try:
                    execute_notebook(book, executed, parameters, kernel)
                except NotebookFailed as exc:
                    if executed.exists():  # keep the failing notebook's HTML to read the traceback
                        to_html(executed, folder / f"{book.stem}.LOI.html", show_code=True)
                    manifest["notebooks"].append({"notebook": book.name, "status": "failed", "cell": exc.cell,
                                                  "error": exc.detail})
                    save("failed", str(exc))
                    print(f"lỗi: {exc}", file=sys.stderr)
                    return 1
                html = to_html(executed, folder / f"{book.stem}.html", show_code)
                seconds = time.perf_counter() - t0
                manifest["notebooks"].append({"notebook": book.name, "status": "ok", "html": html.name,
                                              "seconds": round(seconds, 1)})
                _log(f"    → {html.name} ({seconds:.1f} s)")
    finally:
        if old_path is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old_path

    _log(f"[{len(books) + 2}] Sổ Excel tổng hợp …")
    workbook = folder / f"so-lieu-bao-cao-{'-'.join(map(str, years))}.xlsx"
    write_workbook(indicators, workbook, years, notes={
        "Thời điểm xuất": started.strftime("%d/%m/%Y %H:%M"),
        "Phiên bản": f"{__version__} ({manifest['git'].get('commit', 'không rõ commit')[:12]})",
        "Số tệp nguồn": str(len(sources)),
    })
    _log(f"    → {workbook.name}")
    save("ok")
    _log(f"Xong sau {manifest['seconds']:.1f} s: {folder}")
    return 0
