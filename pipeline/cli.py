"""Command line: ``python -m pipeline run | compare | check-report | export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import config


def _run(args: argparse.Namespace) -> int:
    from pipeline.publish import publish
    from pipeline.read import UnreadableFile, UnreadableInput
    from pipeline.run import run_pipeline

    try:
        result = run_pipeline(
            Path(args.raw), cache_dir=None if args.no_cache else config.CACHE_DIR, strict=args.strict
        )
    except (UnreadableInput, UnreadableFile) as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    publish(result, Path(args.out))
    print_summary(result, Path(args.out))
    return 0


def print_summary(result, out: Path) -> None:
    rows = result.accounting[["rows_read", "accepted", "rejected", "total_rows", "blank_rows", "ignored_rows"]].sum()
    years = sorted(result.indicators["year"].unique().tolist()) if len(result.indicators) else []
    levels = result.notices["level"].value_counts().to_dict() if len(result.notices) else {}
    print(f"Đã đọc {len(result.sources)} tệp ({result.cache_hits} lấy từ bộ nhớ đệm), {len(result.accounting)} sheet sổ theo dõi, năm {', '.join(map(str, years))}.")
    print(
        f"Dòng: {int(rows.rows_read)} đọc = {int(rows.accepted)} nhận + {int(rows.rejected)} loại"
        f" + {int(rows.total_rows)} dòng tổng + {int(rows.blank_rows)} dòng trống + {int(rows.ignored_rows)} dòng chữ ký/ghi chú."
    )
    print(f"Chỉ tiêu: {len(result.indicators)} giá trị; so sánh: {len(result.comparisons)} dòng; lineage: {len(result.lineage)} dòng nguồn.")
    print(f"Thông báo: {levels.get('error', 0)} lỗi, {levels.get('warning', 0)} cảnh báo, {levels.get('info', 0)} ghi chú; "
          f"lệch dòng tổng: {len(result.totals)}.")
    for failure in result.failures:
        print(f"  lỗi tệp: {failure}")
    print(f"Kết quả ghi vào {out} ({result.seconds:.1f} s).")


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
    from pipeline import check_report

    argv = [args.report, "--year", str(args.year)]
    if args.base_year:
        argv += ["--base-year", str(args.base_year)]
    indicators = Path(args.out) / "indicators.csv"
    if args.raw:
        rc = _run(argparse.Namespace(raw=args.raw, out=args.out, no_cache=False, strict=False))
        if rc:
            return rc
    argv += ["--indicators", str(indicators)]
    if args.csv:
        argv += ["--out", args.csv]
    return check_report.main(argv)


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

    chk = sub.add_parser("check-report", help="kiểm tra từng số liệu trong một báo cáo (.txt, .md, .docx)")
    chk.add_argument("report", help="tệp báo cáo")
    chk.add_argument("--year", type=int, required=True)
    chk.add_argument("--base-year", type=int)
    chk.add_argument("--raw", help="chạy lại pipeline trên thư mục này trước khi kiểm tra")
    chk.add_argument("--out", default=str(config.PROCESSED_DIR), help="thư mục kết quả (mặc định: %(default)s)")
    chk.add_argument("--csv", help="ghi bảng kiểm tra ra tệp CSV này")
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
