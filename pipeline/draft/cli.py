"""``python -m pipeline draft --year 2020 [--base-year 2019] [--period h1] [--out DIR] [--raw DIR] [--to FILE]``.

Reads the run in DIR (the period's figures, the lineage), writes the draft
(.docx, or .md when FILE ends so; default ``data/exports/bao-cao-nhap-<year>[-<period>].docx``)
and its sources table beside it (``….nguon.csv``), then prints what it wrote
and what the report checker said reading it back. Problems with the inputs
are one line each (file, what to do), exit code 2; nothing is written then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline import config
from pipeline.outputs import catalog

SUFFIXES = (".docx", ".md")


class DraftError(Exception):
    """An input or output problem: one line naming the file and what to do."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="năm của báo cáo, ví dụ 2020")
    parser.add_argument("--base-year", type=int, default=None, help="năm so sánh (mặc định: năm trước)")
    parser.add_argument("--period", default="year",
                        help="kỳ báo cáo: year (cả năm, mặc định), q1…q4, h1, h2, m9, m01…m12, nd09.* "
                             "(pipeline/specs/periods.csv)")
    parser.add_argument("--out", default=str(config.PROCESSED_DIR),
                        help="thư mục kết quả đã chạy (mặc định: %(default)s)")
    parser.add_argument("--raw", help="chạy lại pipeline trên thư mục dữ liệu gốc này trước khi lập dự thảo")
    parser.add_argument("--specs", help="thư mục đặc tả riêng của văn phòng, có thể có draft_templates.toml "
                                        "(mặc định: data/specs/ hoặc VP_SPECS_DIR)")
    parser.add_argument("--to", help="tệp dự thảo .docx hoặc .md (mặc định: "
                                     f"{config.EXPORT_DIR}/bao-cao-nhap-<năm>[-<kỳ>].docx)")


def target_path(to: str | None, year: int, period) -> Path:
    """Where the draft goes, checked before any work: a .docx or .md in a folder that can be written."""
    import os

    path = Path(to).expanduser() if to else config.EXPORT_DIR / (
        f"bao-cao-nhap-{year}" + ("" if period.is_year else f"-{period.id}") + ".docx")
    if path.is_dir():
        raise DraftError(f"{path} là thư mục: ghi tên tệp, ví dụ --to {path / f'bao-cao-nhap-{year}.docx'}")
    if path.suffix.lower() not in SUFFIXES:
        raise DraftError(f"{path}: chỉ ghi được tệp .docx (Word) hoặc .md (Markdown); đổi đuôi tệp trong --to")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DraftError(f"không tạo được thư mục {path.parent} ({exc.strerror or exc}): chọn --to ở chỗ ghi được") from None
    if not os.access(path.parent, os.W_OK):
        raise DraftError(f"không ghi được vào thư mục {path.parent} (không có quyền ghi): chọn --to ở chỗ khác")
    return path


def sources_path(target: Path) -> Path:
    return target.with_name(target.stem + ".nguon.csv")


def run(args: argparse.Namespace, run_command: Callable[[argparse.Namespace], int], specs, period) -> int:
    """The command after its specs and period are known; `run_command` is ``run``'s (for --raw)."""
    try:
        target = target_path(args.to, args.year, period)
    except DraftError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    if args.raw:
        rc = run_command(argparse.Namespace(raw=args.raw, out=args.out, no_cache=False, strict=False, specs=args.specs,
                                            quiet=getattr(args, "quiet", False)))
        if rc:
            return rc
    try:
        inputs = read_inputs(Path(args.out), period, args.year)
    except DraftError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    base_year = args.base_year if args.base_year is not None else args.year - 1
    if base_year not in inputs["years"]:
        from pipeline.report.published import period_phrase

        why = (f" (kỳ này bắt đầu từ tháng 12 năm trước: cần cả sổ năm {base_year - 1})"
               if period.from_previous_year else "")
        which = period_phrase(period, base_year) + ("" if period.is_year else f" ({period.id})")
        print(f"chú ý: không có số liệu {which} trong {inputs['source']}{why}: "
              "các câu so sánh được đánh dấu [chưa có số liệu …] (chọn --base-year khác nếu cần)", file=sys.stderr)
    return _write(specs, period, args.year, base_year, inputs, target)


def read_inputs(out: Path, period, year: int) -> dict:
    """The run's figures of the period and its lineage (the only files the draft reads)."""
    import pandas as pd

    from pipeline.report.published import read_period_figures

    if out.exists() and not out.is_dir():
        raise DraftError(f"{out} là một tệp, không phải thư mục kết quả: chỉ --out tới thư mục mà «python -m pipeline run» đã ghi")
    try:
        figures = read_period_figures(out, period)
    except ValueError as exc:
        raise DraftError(str(exc)) from None
    if figures.table is None:
        raise DraftError(f"chưa có số liệu đã chạy trong {out} (không có {figures.source.name}): chạy «python -m "
                         "pipeline run» trước, hoặc thêm --raw THƯ_MỤC_GỐC (chạy luôn), hoặc --out THƯ_MỤC_KẾT_QUẢ")
    years = sorted({int(y) for y in figures.table["year"]})
    if year not in years:
        raise DraftError(f"không có số liệu năm {year} trong {figures.source} (có: {', '.join(map(str, years))}): "
                         f"chọn --year khác, hoặc chạy lại với sổ theo dõi năm {year} trong data/raw/{year}/")
    lineage = None
    for name in (catalog.LINEAGE, catalog.LINEAGE_CSV):
        path = out / name
        if path.exists():
            lineage = pd.read_parquet(path) if name.endswith(".parquet") else pd.read_csv(path, encoding="utf-8-sig")
            break
    if lineage is None:
        raise DraftError(f"{out}/lineage.parquet: chưa có (cần để ghi nguồn của từng số): chạy lại «python -m pipeline run»")
    return {"figures": figures, "years": years, "source": figures.source, "lineage": lineage}


def _write(specs, period, year: int, base_year: int, inputs: dict, target: Path) -> int:
    from pipeline.draft import build
    from pipeline.draft.write import write_draft
    from pipeline.report.published import period_phrase
    from pipeline.report.rows import STATUSES

    sources_file = sources_path(target)
    result = build.build(specs, inputs["figures"], inputs["lineage"], year, base_year, period,
                         date=dt.date.today().strftime("%d/%m/%Y"), sources_name=sources_file.name)
    draft = result.draft
    title = f"Dự thảo số liệu — {period_phrase(period, year)}"
    write_draft(draft, target, result.comments, title, result.sources, sources_file)
    written, missing = draft.written, draft.missing
    compared = sum(1 for f in written if f.compares)
    print(f"Đã ghi {target}: {len(written)} số liệu ({compared} có so sánh với "
          f"{period_phrase(period, base_year)}), {len(missing)} chỗ [chưa có số liệu]"
          + (" (liệt kê ở mục II)." if missing else "."))
    print(f"Nguồn của từng số: {sources_file} ({len(result.sources)} dòng nguồn).")
    counts = result.check["status"].value_counts()
    print("Bộ kiểm tra báo cáo đọc lại dự thảo: " + ", ".join(f"{s} {counts.get(s, 0)}" for s in STATUSES)
          + ("." if not draft.reviews else f"; {len(draft.reviews)} chỗ cần xem lại:"))
    for review in draft.reviews:
        print(f"cảnh báo: {review.message}", file=sys.stderr)
    return 0
