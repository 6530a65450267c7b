"""``python -m pipeline check-report REPORT [--year Y] [--base-year B] [--period P] [--out DIR] [--csv FILE]``.

With a run in DIR (its indicators.csv; for ``--period h1`` its
period_indicators.csv) every figure is compared with the data of that period,
and "so với cùng kỳ năm 2019" with the same period of the base year; without
one, the report is checked against itself (no-data mode), and the first line
of the output says so. The exit code is 0 even when problems are found, 1
only on a fatal input problem (a missing or unreadable report, a report whose
year cannot be told, a bad spec, an indicators table without its columns),
2 for a period no spec declares.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import config
from pipeline.outputs import catalog


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", help="báo cáo .txt, .md hoặc .docx")
    parser.add_argument("--year", type=int, default=None,
                        help="năm của báo cáo (mặc định: năm đọc được trong văn bản)")
    parser.add_argument("--base-year", type=int, default=None, help="năm so sánh (mặc định: năm trước)")
    parser.add_argument("--period", default="year",
                        help="kỳ báo cáo: year (cả năm, mặc định), q1…q4, h1, h2, m9, m01…m12, nd09.* "
                             "(pipeline/specs/periods.csv); số liệu so với cùng kỳ của năm so sánh")
    parser.add_argument("--out", default=str(config.PROCESSED_DIR),
                        help="thư mục kết quả đã chạy, có indicators.csv (mặc định: %(default)s); "
                             "không có thì chỉ kiểm tra báo cáo với chính nó")
    parser.add_argument("--csv", default=None, help="ghi bảng kiểm tra ra tệp CSV này "
                        "(mặc định: <thư mục kết quả>/report-check-<năm>[-<kỳ>].csv)")


def resolve_period(period_id: str | None):
    """The declared period (merged specs); raises published.UnknownPeriod listing the ids."""
    from pipeline.report.published import period_by_id
    from pipeline.specs.load import PERIODS, load_specs

    specs = load_specs()
    where = " và ".join(["pipeline/specs/periods.csv"] + [n for n in specs.local_files if n.endswith(PERIODS)])
    return period_by_id(period_id, specs.periods, where)


def run(args: argparse.Namespace) -> int:
    from pipeline.report.linking import SpecError
    from pipeline.report.published import UnknownPeriod, read_period_figures
    from pipeline.report.reading import ReportError, read_report
    from pipeline.report.table import check_report, format_table, infer_year
    from pipeline.specs.load import SpecError as SpecsProblem

    out_dir = Path(args.out)
    try:
        period = resolve_period(getattr(args, "period", None))
    except UnknownPeriod as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    except SpecsProblem as exc:
        for problem in exc.problems:
            print(f"lỗi đặc tả: {problem}", file=sys.stderr)
        return 2
    try:
        text = read_report(args.report)
        year, guessed = args.year, args.year is None
        if year is None:
            year = infer_year(text)
            if year is None:
                raise ReportError(f"{args.report}: không thấy năm của báo cáo trong văn bản; ghi rõ --year NĂM")
        try:
            figures = read_period_figures(out_dir, period)
        except ValueError as exc:
            raise ReportError(str(exc)) from None
        indicators = figures.table
        result = check_report(text, indicators, year, args.base_year, same_period=period.same_period_words,
                              year_only=figures.year_only, period_label=None if period.is_year else period.label_vi)
    except (ReportError, SpecError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    if indicators is None:
        print(f"Không có số liệu đã chạy trong {out_dir} (không có {figures.source.name}): kiểm tra báo cáo với chính nó "
              "(tổng và các phần, tỷ lệ, chênh lệch, số còn lại, danh sách, đánh số đề mục). Để đối chiếu với số "
              "liệu: chạy «python -m pipeline run» trước, hoặc thêm --raw THƯ_MỤC_GỐC (chạy luôn), "
              "hoặc --out THƯ_MỤC_KẾT_QUẢ đã có.")
    if guessed:
        print(f"Năm báo cáo: {year} (đọc từ văn bản; dùng --year để chọn năm khác).")
    if not period.is_year:
        print(f"Kỳ báo cáo: {period.label_vi} ({period.id}); so sánh với cùng kỳ năm "
              f"{args.base_year or year - 1} ({figures.source.name}).")
    print(format_table(result, figures=indicators is not None))
    suffix = "" if period.is_year else f"-{period.id}"
    out = Path(args.csv) if args.csv else out_dir / catalog.report_check_file(year, suffix)
    out.parent.mkdir(parents=True, exist_ok=True)
    result.to_csv(out, index=False, encoding="utf-8-sig")
    print(f"Đã ghi {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline check-report",
                                     description="Đối chiếu số liệu của một báo cáo với các chỉ tiêu tính được.")
    add_arguments(parser)
    return run(parser.parse_args(argv))
