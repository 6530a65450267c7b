"""``python -m pipeline check-report REPORT [--year Y] [--base-year B] [--out DIR] [--csv FILE]``.

With a run in DIR (its indicators.csv) every figure is compared with the data;
without one, the report is checked against itself (no-data mode), and the
first line of the output says so. The exit code is 0 even when problems are
found, 1 only on a fatal input problem (a missing or unreadable report, a
report whose year cannot be told, a bad spec, an indicators table without its
columns).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", help="báo cáo .txt, .md hoặc .docx")
    parser.add_argument("--year", type=int, default=None,
                        help="năm của báo cáo (mặc định: năm đọc được trong văn bản)")
    parser.add_argument("--base-year", type=int, default=None, help="năm so sánh (mặc định: năm trước)")
    parser.add_argument("--out", default=str(config.PROCESSED_DIR),
                        help="thư mục kết quả đã chạy, có indicators.csv (mặc định: %(default)s); "
                             "không có thì chỉ kiểm tra báo cáo với chính nó")
    parser.add_argument("--csv", default=None, help="ghi bảng kiểm tra ra tệp CSV này "
                        "(mặc định: <thư mục kết quả>/report-check-<năm>.csv)")


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from pipeline.report.linking import SpecError
    from pipeline.report.reading import ReportError, read_report
    from pipeline.report.table import check_report, format_table, infer_year

    out_dir = Path(args.out)
    source = out_dir / "indicators.csv"
    try:
        text = read_report(args.report)
        year, guessed = args.year, args.year is None
        if year is None:
            year = infer_year(text)
            if year is None:
                raise ReportError(f"{args.report}: không thấy năm của báo cáo trong văn bản; ghi rõ --year NĂM")
        indicators = None
        if source.exists():
            indicators = pd.read_csv(source, encoding="utf-8-sig")
            missing = {"year", "body", "indicator", "value"} - set(indicators.columns)
            if missing:
                raise ReportError(f"{source}: thiếu cột {', '.join(sorted(missing))}; chạy lại «python -m pipeline run»")
        result = check_report(text, indicators, year, args.base_year)
    except (ReportError, SpecError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if indicators is None:
        print(f"Không có số liệu đã chạy trong {out_dir} (không có indicators.csv): kiểm tra báo cáo với chính nó "
              "(tổng và các phần, tỷ lệ, chênh lệch, số còn lại, danh sách, đánh số đề mục). Để đối chiếu với số "
              "liệu: chạy «python -m pipeline run» trước, hoặc thêm --raw THƯ_MỤC_GỐC (chạy luôn), "
              "hoặc --out THƯ_MỤC_KẾT_QUẢ đã có.")
    if guessed:
        print(f"Năm báo cáo: {year} (đọc từ văn bản; dùng --year để chọn năm khác).")
    print(format_table(result, figures=indicators is not None))
    out = Path(args.csv) if args.csv else out_dir / f"report-check-{year}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    result.to_csv(out, index=False, encoding="utf-8-sig")
    print(f"Đã ghi {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline check-report",
                                     description="Đối chiếu số liệu của một báo cáo với các chỉ tiêu tính được.")
    add_arguments(parser)
    return run(parser.parse_args(argv))
