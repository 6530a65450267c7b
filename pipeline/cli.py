"""Command line: ``python -m pipeline run | compare | check-report | export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import config


def _run(args: argparse.Namespace) -> int:
    from pipeline.publish import publish
    from pipeline.read import UnreadableFile, UnreadableInput, discover
    from pipeline.run import input_fingerprint, run_pipeline, summarise

    out = Path(args.out)
    try:
        if not args.no_cache:
            previous = _previous_summary(out)
            files, _ = discover(Path(args.raw))
            if previous and previous.get("input_fingerprint") == input_fingerprint(files, config.SECRETS_DIR):
                print("Không có tệp nào thay đổi từ lần chạy trước: giữ nguyên kết quả (số liệu của lần chạy đó).")
                print_summary(previous, out, reused=True)
                return 0
        result = run_pipeline(
            Path(args.raw), cache_dir=None if args.no_cache else config.CACHE_DIR, strict=args.strict
        )
    except (UnreadableInput, UnreadableFile) as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    publish(result, out)
    print_summary(summarise(result), out)
    return 0


def _previous_summary(out: Path) -> dict | None:
    """The last published run's summary, if its outputs are all still there."""
    import json

    summary = out / "run_summary.json"
    needed = ("indicators.csv", "comparisons.csv", "rejects.csv", "lineage.parquet")
    if not summary.exists() or not all((out / name).exists() for name in needed):
        return None
    try:
        return json.loads(summary.read_text(encoding="utf-8"))
    except ValueError:
        return None


def print_summary(summary: dict, out: Path, reused: bool = False) -> None:
    rows, notes = summary["rows"], summary["notices"]
    print(f"Đã đọc {summary['files']} tệp ({summary['cache_hits']} lấy từ bộ nhớ đệm), {summary['sheets']} sheet sổ theo dõi, "
          f"năm {', '.join(map(str, summary['years']))}.")
    print(
        f"Dòng: {rows['rows_read']} đọc = {rows['accepted']} nhận + {rows['rejected']} loại"
        f" + {rows['total_rows']} dòng tổng + {rows['blank_rows']} dòng trống + {rows['ignored_rows']} dòng chữ ký/ghi chú."
    )
    print(f"Chỉ tiêu: {summary['indicators']} giá trị; so sánh: {summary['comparisons']} dòng; "
          f"lineage: {summary['lineage_rows']} dòng nguồn.")
    print(f"Thông báo: {notes['error']} lỗi, {notes['warning']} cảnh báo, {notes['info']} ghi chú; "
          f"lệch dòng tổng: {summary['total_mismatches']}.")
    for failure in summary["failures"]:
        print(f"  lỗi tệp: {failure}")
    if reused:
        print(f"Kết quả vẫn ở {out} (lần chạy đầy đủ trước mất {summary['seconds']:.1f} s).")
    else:
        print(f"Kết quả ghi vào {out} ({summary['seconds']:.1f} s).")


def _compare(args: argparse.Namespace) -> int:
    import pandas as pd

    from pipeline.compare import format_side_by_side, side_by_side

    path = Path(args.out) / "indicators.csv"
    if not path.exists():
        print(f"lỗi: chưa có {path}; chạy «python -m pipeline run» trước.", file=sys.stderr)
        return 2
    indicators = pd.read_csv(path, encoding="utf-8-sig")
    missing = [y for y in args.years if y not in set(indicators["year"])]
    if missing:
        print(f"lỗi: không có số liệu năm {', '.join(map(str, missing))} trong {path}", file=sys.stderr)
        return 2
    wide = format_side_by_side(side_by_side(indicators, args.years, args.body))
    wide = wide.drop(columns=["indicator"]).rename(columns={"body": "bộ phận", "label_vi": "chỉ tiêu", "unit_vi": "đơn vị"})
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 60):
        print(wide.to_string(index=False))
    return 0


def _check_report(args: argparse.Namespace) -> int:
    from pipeline.report import cli as report_cli

    if args.raw:
        rc = _run(argparse.Namespace(raw=args.raw, out=args.out, no_cache=False, strict=False))
        if rc:
            return rc
    return report_cli.run(args)


def _export(args: argparse.Namespace) -> int:
    from pipeline import export

    return export.main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Số liệu báo cáo Văn phòng Đoàn ĐBQH và HĐND tỉnh: đọc sổ theo dõi, tính chỉ tiêu, so sánh năm.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="đọc data/raw, tính chỉ tiêu và so sánh, ghi data/processed")
    run.add_argument("--raw", default=str(config.RAW_DIR), help="thư mục dữ liệu gốc (mặc định: %(default)s)")
    run.add_argument("--out", default=str(config.PROCESSED_DIR), help="thư mục kết quả (mặc định: %(default)s)")
    run.add_argument("--no-cache", action="store_true", help="đọc lại mọi tệp, không dùng bộ nhớ đệm")
    run.add_argument("--strict", action="store_true", help="dừng ngay khi có tệp không đọc được")
    run.set_defaults(func=_run)

    cmp_ = sub.add_parser("compare", help="in bảng so sánh các năm cạnh nhau")
    cmp_.add_argument("--years", type=int, nargs="+", required=True, help="các năm, ví dụ 2019 2020")
    cmp_.add_argument("--body", choices=[*config.BODIES, config.ALL_BODIES], help="bộ phận (mặc định: tất cả)")
    cmp_.add_argument("--out", default=str(config.PROCESSED_DIR), help="thư mục kết quả đã chạy (mặc định: %(default)s)")
    cmp_.set_defaults(func=_compare)

    from pipeline.report.cli import add_arguments as check_report_arguments

    chk = sub.add_parser("check-report", help="kiểm tra từng số liệu trong một báo cáo (.txt, .md, .docx)")
    check_report_arguments(chk)
    chk.add_argument("--raw", help="chạy lại pipeline trên thư mục này trước khi kiểm tra")
    chk.set_defaults(func=_check_report)

    exp = sub.add_parser("export", help="chạy pipeline, thực thi mọi notebook, ghi HTML + Excel vào thư mục theo ngày")
    exp.add_argument("--years", type=int, nargs="+", help="các năm đưa vào (mặc định: mọi năm có số liệu)")
    exp.add_argument("--raw", default=str(config.RAW_DIR), help="thư mục dữ liệu gốc (mặc định: %(default)s)")
    exp.add_argument("--out", default=str(config.EXPORT_DIR), help="thư mục chứa các bản xuất (mặc định: %(default)s)")
    exp.add_argument("--show-code", action="store_true", help="giữ các ô mã trong HTML")
    exp.set_defaults(func=_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)
