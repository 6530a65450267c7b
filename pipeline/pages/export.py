"""``python -m pipeline export``: pipeline → every notebook headless → HTML + Excel + manifest.

Writes ``<out>/<YYYY-MM-DD_HHMMSS>/``:

- ``data/``: the pipeline's outputs for this run (the notebooks read this copy);
- ``index.html``: the page the office opens: every page with one line on what it shows;
- ``NN-*.html``: one per notebook, charts embedded, code hidden unless ``--show-code``, a real
  ``<title>``, no script from the internet, print styles for A4 (:data:`PRINT_CSS`);
- ``notebooks/NN-*.ipynb``: the executed notebooks (outputs kept, for audit);
- ``so-lieu-bao-cao-<years>.xlsx``: the styled workbook (:mod:`pipeline.pages.workbook`);
- ``manifest.json``: input hashes, package version and git commit, parameters, times.

Notebooks run in a kernel of the very interpreter running the export (no
"No such kernel" elsewhere), without a per-cell timeout, over IPC on POSIX (no
"running over TCP without encryption" warning in the log) and shut down without
the interrupt that made the kernel log "KeyboardInterrupt caught in kernel". A
failing cell stops the export with exit code 1 and a message naming the
notebook and the cell.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from pipeline import config
from pipeline.outputs import catalog

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


def quiet_kernel_manager(ipc_dir: str | None = None):
    """The kernel manager class for headless runs, without the two lines of log noise.

    - On POSIX the kernel talks over IPC sockets in ``ipc_dir`` (a private temporary folder),
      so ipykernel has no reason to warn "Kernel is running over TCP without encryption".
    - jupyter_client interrupts (SIGINT) a kernel before asking it to shut down; a kernel still
      flushing its last message then logs "KeyboardInterrupt caught in kernel" although the run
      was fine. A finished notebook needs no interrupt, so shutdown skips it.
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    use_ipc = ipc_dir is not None and os.name == "posix"

    class QuietKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self):
            return "ipc" if use_ipc else "tcp"

        @default("ip")
        def _default_ip(self):
            return os.path.join(ipc_dir, "kernel") if use_ipc else "127.0.0.1"

        async def _async_interrupt_kernel(self) -> None:
            if getattr(self, "shutting_down", False):
                return
            await super()._async_interrupt_kernel()

    return QuietKernelManager


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


def _period_figures(data_dir: Path, period):
    """The figures the workbook shows: the year's (indicators.csv) or one period's rows."""
    import pandas as pd

    if period is None or period.is_year:
        return pd.read_csv(data_dir / catalog.INDICATORS, encoding="utf-8-sig")
    from pipeline.report.published import read_period_figures

    return read_period_figures(data_dir, period).table


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
        with tempfile.TemporaryDirectory(prefix="vp-ipc-") as ipc_dir:
            pm.execute_notebook(
                str(path), str(output), parameters=parameters, kernel_name=kernel_name,
                cwd=str(path.parent), progress_bar=False, log_output=False,
                execution_timeout=None, start_timeout=120, report_mode=False,
                kernel_manager_class=quiet_kernel_manager(ipc_dir),
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


PRINT_CSS = """
/* The office reads these pages in a browser and prints them: A4, tables that fit, sections on new pages. */
body.jp-Notebook { max-width: 1100px; margin: 0 auto; }
.vp-nav { font-size: 0.9em; margin: 0.5em 0 1em 0; }
.vp-lead { color: #333; }
.vp-problem { font-weight: bold; border-left: 5px solid #6B4E9B; padding: 4px 8px; background: #f4f0f9; }
.jp-RenderedHTMLCommon table { table-layout: auto; margin-left: 0; margin-right: 0; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { max-width: 28em; }
.jp-RenderedHTMLCommon details summary { cursor: pointer; color: #1B5E7A; }
@page { size: A4; margin: 12mm 10mm 14mm 10mm; }
@page wide { size: A4 landscape; margin: 10mm 10mm 12mm 10mm; }
body:has(table.vp-wide) { page: wide; }  /* a page with a wide table prints in landscape */
@media print {
  body.jp-Notebook { max-width: none; font-size: 9.5pt; }
  main, .jp-Notebook, .jp-Cell, .jp-OutputArea-output { padding: 0 !important; margin-left: 0 !important; }
  .jp-OutputArea-output, .jp-RenderedHTMLCommon, .jp-OutputArea-child { overflow: visible !important; }
  .vp-nav { display: none; }
  .jp-MarkdownCell:has(h2) ~ .jp-MarkdownCell:has(h2), .vp-section ~ .vp-section { break-before: page; }
  .jp-MarkdownCell:has(h2), .jp-MarkdownCell:has(h3) { break-after: avoid; }
  h1, h2, h3, caption { break-after: avoid; }
  .jp-RenderedHTMLCommon table { font-size: 7.5pt; }
  .jp-RenderedHTMLCommon table.vp-wide { width: 100%; }
  .jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { max-width: none; padding: 1.5px 3px !important;
    overflow-wrap: break-word; }
  thead { display: table-header-group; }
  tr, img { break-inside: avoid; }
  img { max-width: 100% !important; max-height: 150mm; width: auto !important; height: auto !important; }
  .jp-OutputArea-child { break-inside: auto !important; }
}
"""
"""Print and screen styles added to every page (and the index)."""

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_css -%}<style type="text/css">{{ resources.vp_css }}</style>{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="vp-nav"><a href="index.html">← Mục lục các trang</a></nav>
{%- endblock body_header -%}
"""
"""The lab template without scripts fetched from the internet (the pages work offline), with our styles."""

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def page_heading(book) -> tuple[str, str]:
    """(title, one line) of a notebook: its first '# ' heading and the paragraph after it."""
    for cell in book.cells:
        if cell.cell_type != "markdown":
            continue
        lines = [ln.strip() for ln in cell.source.splitlines()]
        title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), "")
        if title:
            rest = " ".join(ln for ln in lines if ln and not ln.startswith("#"))
            return title, re.sub(r"[*_`]", "", rest)
    return "", ""


def _without_widgets(book):
    """The notebook without ipywidgets outputs: the exported page keeps the static default."""
    for cell in book.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", []) if WIDGET_MIME not in o.get("data", {})]
    book.metadata.pop("widgets", None)
    return book


def to_html(executed: Path, target: Path, show_code: bool) -> Path:
    """HTML with charts embedded, its notebook's heading as ``<title>``, no widget, no script
    from the internet, A4 print styles; code cells (and prompts) hidden unless ``show_code``."""
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    book = _without_widgets(nbformat.read(executed, as_version=4))
    title = page_heading(book)[0] or target.stem
    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"vp-page.html.j2": _TEMPLATE})],
                            template_file="vp-page.html.j2", exclude_input=not show_code,
                            exclude_input_prompt=not show_code, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(book, resources={"metadata": {"name": title}, "vp_css": PRINT_CSS})
    target.write_text(body, encoding="utf-8")
    return target


def write_index(folder: Path, pages: list[tuple[str, str, str]], files: list[tuple[str, str]], when: str,
                period_line: str = "") -> Path:
    """``index.html``: every page (file, title, one line) and the other files (file, what it is);
    ``period_line`` says which reporting period the pages show when it is not the whole year."""
    def item(href: str, title: str, line: str) -> str:
        return (f'<li><a href="{html.escape(href)}"><b>{html.escape(title)}</b></a><br>'
                f"<span>{html.escape(line)}</span></li>")

    body = "\n".join(item(*p) for p in pages)
    extra = "\n".join(item(href, href, line) for href, line in files)
    text = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Số liệu báo cáo — Văn phòng Đoàn ĐBQH và HĐND tỉnh ({html.escape(when)})</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 820px; margin: 2em auto; padding: 0 1em; }}
li {{ margin: 0 0 0.9em 0; }} a {{ color: #1B5E7A; }} span {{ color: #333; }}
@page {{ size: A4; margin: 15mm; }}
</style></head>
<body><h1>Số liệu báo cáo — Văn phòng Đoàn ĐBQH và HĐND tỉnh</h1>
<p>Bản xuất lúc {html.escape(when)}. Mỗi trang in được trên khổ A4.</p>
{f"<p><b>{html.escape(period_line)}</b></p>" if period_line else ""}
<h2>Các trang</h2><ul>
{body}
</ul><h2>Tệp kèm theo</h2><ul>
{extra}
</ul></body></html>
"""
    target = folder / "index.html"
    target.write_text(text, encoding="utf-8")
    return target


def main(args: argparse.Namespace, period=None, local_specs: list[str] | None = None) -> int:
    """Run the whole export; 0 on success, 1 if a notebook failed, 2 on bad input.

    ``period``: the reporting period of the pages and the workbook (None or the year: the annual
    figures); ``local_specs``: the office's spec files in use (written to the manifest).
    """
    import pandas as pd

    from pipeline import __version__
    from pipeline.outputs.publish import publish
    from pipeline.pages.workbook import write_workbook
    from pipeline.read.files import UnreadableFile, UnreadableInput
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
                       "show_code": show_code, "period": period.id if period is not None else "year"},
        "local_specs": list(local_specs or []),
        "status": "running",
        "notebooks": [],
        "outputs": [],
    }
    manifest_path = folder / catalog.MANIFEST

    def save(status: str, error: str | None = None) -> None:
        manifest["status"] = status
        if error:
            manifest["error"] = error
        finished = _now()
        manifest["finished"] = finished.isoformat(timespec="seconds")
        manifest["seconds"] = round(time.perf_counter() - clock, 1)
        manifest["outputs"] = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                                     if p.is_file() and p.name != catalog.MANIFEST and ".ipynb_checkpoints" not in p.parts)
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
    from pipeline.specs.periods import part_of_year

    sub_year = part_of_year(period)
    indicators = _period_figures(data_dir, period)
    available = sorted(int(y) for y in indicators["year"].unique())
    years = sorted(set(args.years)) if args.years else available
    missing = [y for y in years if y not in available]
    if missing or not years:
        when = period.phrase(", ".join(map(str, missing))) if sub_year else f"năm {', '.join(map(str, missing))}"
        message = f"không có số liệu {when} (có: {', '.join(map(str, available)) or 'không năm nào'})"
        print(f"lỗi: {message}", file=sys.stderr)
        save("failed", message)
        return 2
    sources = pd.read_csv(data_dir / catalog.SOURCES, encoding="utf-8-sig")
    manifest["inputs"] = sources.to_dict(orient="records")
    manifest["parameters"]["years"] = years
    _log(f"    {len(sources)} tệp nguồn, năm {', '.join(map(str, years))} ({result.seconds:.1f} s)")

    parameters = {"PROCESSED_DIR": str(data_dir), **({"PERIOD": period.id} if sub_year else {})}
    if args.years:  # otherwise every page takes its defaults from the data (latest year, the one before)
        parameters.update(YEARS=years, YEAR=years[-1], BASE_YEAR=years[-2] if len(years) >= 2 else 0)
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
                page = to_html(executed, folder / f"{book.stem}.html", show_code)
                seconds = time.perf_counter() - t0
                manifest["notebooks"].append({"notebook": book.name, "status": "ok", "html": page.name,
                                              "seconds": round(seconds, 1)})
                _log(f"    → {page.name} ({seconds:.1f} s)")
    finally:
        if old_path is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old_path

    _log(f"[{len(books) + 2}] Sổ Excel tổng hợp …")
    workbook = folder / f"so-lieu-bao-cao-{'-'.join(map(str, years))}{f'-{period.id}' if sub_year else ''}.xlsx"
    write_workbook(indicators, workbook, years, notes={
        "Thời điểm xuất": started.strftime("%d/%m/%Y %H:%M"),
        "Phiên bản": f"{__version__} ({manifest['git'].get('commit', 'không rõ commit')[:12]})",
        "Số tệp nguồn": len(sources),
    }, base_year=years[-2] if len(years) >= 2 else None, period=period if sub_year else None)
    _log(f"    → {workbook.name}")
    pages = []
    for book in books:
        import nbformat

        title, line = page_heading(nbformat.read(book, as_version=4))
        pages.append((f"{book.stem}.html", title or book.stem, line))
    write_index(folder, pages, [
        (workbook.name, "Sổ Excel: ba bộ phận cạnh nhau, từng bộ phận qua các năm; in khổ A4 nằm ngang."),
        (catalog.MANIFEST, "Thông tin lần xuất: tệp nguồn (mã băm), phiên bản, tham số, thời gian."),
    ], started.strftime("%d/%m/%Y %H:%M"),
        f"Kỳ báo cáo: {period.label_vi} ({period.id}) — mỗi năm so với cùng kỳ năm trước; trang 05 kiểm tra "
        "báo cáo theo tham số REPORT_PERIOD." if sub_year else "")
    _log("    → index.html")
    save("ok")
    _log(f"Xong sau {manifest['seconds']:.1f} s: {folder}")
    return 0
