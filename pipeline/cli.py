"""Command line: ``python -m pipeline run | inspect | compare | check-report | draft | export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import config
from pipeline.bodies import ALL_BODIES, BODIES
from pipeline.outputs import catalog


def _run(args: argparse.Namespace) -> int:
    from pipeline.outputs.outdir import UnwritableOutput, check_output_dir, recover_interrupted
    from pipeline.outputs.unchanged import unchanged_summary
    from pipeline.read.files import UnreadableFile, UnreadableInput
    from pipeline.specs.files import SpecError

    out, raw = Path(args.out), Path(args.raw)
    try:
        check_output_dir(out)  # before any work: a bad --out is known in a second, not after the run
        recover_interrupted(out)
        # nothing changed since the last published run: its summary, without pandas or a spec parse
        previous = None if args.no_cache else unchanged_summary(raw, out, config.SECRETS_DIR, getattr(args, "specs", None))
        if previous is not None:
            if args.strict:
                _strict_check(previous)
            from pipeline.console import summary_lines

            print("Không có tệp nào thay đổi từ lần chạy trước: giữ nguyên kết quả (số liệu của lần chạy đó).")
            _print(summary_lines(previous, out, reused=True))
            return 0
        return _full_run(args, out, raw)
    except (UnreadableInput, UnreadableFile, UnwritableOutput, _StrictFailure) as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    except SpecError as exc:
        return _spec_failure(exc)


def _full_run(args: argparse.Namespace, out: Path, raw: Path) -> int:
    """Read, clean, compute and publish (raises what :func:`_run` turns into messages)."""
    from pipeline.read.read_ahead import start_reading

    # the first file is parsed (GIL released) while pandas is imported and the specs load
    ahead = start_reading(raw, getattr(args, "specs", None), None if args.no_cache else config.CACHE_DIR, config.SECRETS_DIR)
    from pipeline.console import progress_bar, summary_lines
    from pipeline.outputs.publish import publish
    from pipeline.run import UnreadInputs, run_pipeline, summarise

    try:
        specs = _load_specs(args)
        result = run_pipeline(raw, specs=specs, cache_dir=None if args.no_cache else config.CACHE_DIR, strict=args.strict,
                              progress=progress_bar("Đọc sổ theo dõi", getattr(args, "quiet", False)), read_ahead=ahead)
    except UnreadInputs as exc:
        for skip in exc.skipped:
            print(f"lỗi: không đọc tệp {skip.message} (--strict)", file=sys.stderr)
        return 2
    finally:
        if ahead is not None:
            ahead.close()  # a run stopped early (a spec error, --strict, Ctrl-C) leaves nothing queued
    publish(result, out)
    _print(summary_lines(summarise(result), out))
    return 0


class _StrictFailure(Exception):
    pass


def _load_specs(args: argparse.Namespace):
    """The package's specs merged with the office's (--specs DIR, VP_SPECS_DIR or data/specs/).

    An explicit --specs is also handed to what this command starts (notebook
    kernels of an export) through VP_SPECS_DIR."""
    import os

    from pipeline.specs.load import load_specs

    if getattr(args, "specs", None):
        os.environ["VP_SPECS_DIR"] = str(Path(args.specs).expanduser().resolve())
    return load_specs(getattr(args, "specs", None))


def _spec_failure(exc) -> int:
    """Every spec problem on its own line (file › place: what; fix), exit 2."""
    for problem in exc.problems:
        print(f"lỗi đặc tả: {problem}", file=sys.stderr)
    return 2


def _strict_check(previous: dict) -> None:
    """``--strict`` on an unchanged re-run fails exactly as the full run did."""
    unread = [s for s in previous.get("skipped", []) if s["unread"]]
    if previous.get("failures"):
        raise _StrictFailure(previous["failures"][0] + (f" (và {len(previous['failures']) - 1} tệp khác)" if len(previous["failures"]) > 1 else ""))
    if unread:
        raise _StrictFailure(
            f"không đọc tệp {unread[0]['path']}: {unread[0]['group']} (--strict)"
            + (f"; và {len(unread) - 1} tệp khác" if len(unread) > 1 else "")
        )


def _print(lines: list[str]) -> None:
    print("\n".join(lines))


def _inspect(args: argparse.Namespace) -> int:
    import json

    from pipeline.clean.inspect import format_reports, inspect_file
    from pipeline.read.files import UnreadableFile
    from pipeline.specs.load import SpecError

    path = Path(args.file)
    if not path.is_file():
        print(f"lỗi: không có tệp {path}" + (" (đây là thư mục: hãy chỉ một tệp trong đó)" if path.is_dir() else ""),
              file=sys.stderr)
        return 2
    try:
        specs = _load_specs(args)
        reports = inspect_file(path, specs.schema, sheet=args.sheet, year=args.year, office=args.office)
    except SpecError as exc:
        return _spec_failure(exc)
    except (UnreadableFile, KeyError) as exc:
        print(f"lỗi: {exc.args[0] if isinstance(exc, KeyError) else exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"file": str(path), "local_specs": list(specs.local_files),
                          "sheets": [r.to_dict() for r in reports]}, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_reports(path, reports))
        if specs.local_files:
            print(f"\n(đặc tả riêng đã dùng: {', '.join(specs.local_files)})")
    return 0


def _compare(args: argparse.Namespace) -> int:
    import pandas as pd

    from pipeline.figures.compare import format_side_by_side, side_by_side
    from pipeline.specs.load import SpecError, load_specs
    from pipeline.specs.periods import UnknownPeriod, period_by_id

    try:
        specs = load_specs()
        period = period_by_id(args.period, specs.periods)
    except SpecError as exc:
        return _spec_failure(exc)
    except UnknownPeriod as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    args.period = period.id
    periods = {p.id: p for p in specs.periods}
    yearly = args.period == "year"
    path = Path(args.out) / catalog.indicators_file(yearly)
    if not path.exists():
        print(f"lỗi: chưa có {path}; chạy «python -m pipeline run» trước.", file=sys.stderr)
        return 2
    figures = pd.read_csv(path, encoding="utf-8-sig")
    if not yearly:
        figures = figures[figures["period"] == args.period].drop(columns="period")
    missing = [y for y in args.years if y not in set(figures["year"])]
    if missing:
        have = ", ".join(map(str, sorted(set(figures["year"])))) or "không năm nào"
        print(f"lỗi: không có số liệu {periods[args.period].label_vi} năm {', '.join(map(str, missing))} trong {path} "
              f"(có: {have})", file=sys.stderr)
        return 2
    wide = format_side_by_side(side_by_side(figures, args.years, args.body))
    wide = wide.drop(columns=["indicator"]).rename(columns={"body": "bộ phận", "label_vi": "chỉ tiêu", "unit_vi": "đơn vị"})
    if not yearly:
        print(f"Kỳ: {periods[args.period].label_vi} ({args.period}), so với cùng kỳ các năm.")
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                           "display.max_colwidth", 60):
        print(wide.to_string(index=False))
    if not yearly:
        print(_whole_year_only(specs))
    return 0


def _whole_year_only(specs) -> str:
    """The line a sub-year table ends with: which figures have no part-of-year value, and why (not 0)."""
    from pipeline.figures.by_period import year_only_labels

    return "Chỉ có số cả năm (sổ không ghi ngày, không chia được theo kỳ): " + "; ".join(year_only_labels(specs)) + "."


def _check_report(args: argparse.Namespace) -> int:
    from pipeline.report import cli as report_cli
    from pipeline.report.published import UnknownPeriod
    from pipeline.specs.load import SpecError

    try:
        _load_specs(args)
        report_cli.resolve_period(args.period)  # an unknown --period is told before any run
    except SpecError as exc:
        return _spec_failure(exc)
    except UnknownPeriod as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2

    if args.raw:
        rc = _run(argparse.Namespace(raw=args.raw, out=args.out, no_cache=False, strict=False, specs=args.specs, quiet=True))
        if rc:
            return rc
    # the table goes beside the outputs it was checked against (DIR/report-check-<year>.csv);
    # with no outputs in DIR the report is checked against itself (issue 11)
    return report_cli.run(args)


def _draft(args: argparse.Namespace) -> int:
    from pipeline.draft import cli as draft_cli
    from pipeline.report.cli import resolve_period
    from pipeline.report.published import UnknownPeriod
    from pipeline.specs.load import SpecError

    try:
        specs = _load_specs(args)
        period = resolve_period(args.period)
    except SpecError as exc:
        return _spec_failure(exc)
    except UnknownPeriod as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    # --raw runs the pipeline exactly as «run» does (same checks of --out, same summary)
    return draft_cli.run(args, _run, specs, period)


def _export(args: argparse.Namespace) -> int:
    from pipeline.outputs.publish import UnwritableOutput, check_output_dir
    from pipeline.pages import export
    from pipeline.specs.load import SpecError
    from pipeline.specs.periods import UnknownPeriod, period_by_id

    try:
        check_output_dir(Path(args.out))
        specs = _load_specs(args)  # checked before an export starts; the notebooks load the same (VP_SPECS_DIR)
        period = period_by_id(args.period, specs.periods)
    except (UnwritableOutput, UnknownPeriod) as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 2
    except SpecError as exc:
        return _spec_failure(exc)
    return export.main(args, period=period, local_specs=list(specs.local_files))


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
    run.add_argument("--strict", action="store_true", help="dừng ngay khi có tệp không đọc được hoặc bị bỏ qua")
    run.add_argument("--specs", help="thư mục đặc tả riêng của văn phòng (mặc định: data/specs/ hoặc VP_SPECS_DIR)")
    run.add_argument("--quiet", action="store_true", help="không hiện tiến độ (tự tắt khi không chạy trong cửa sổ lệnh)")
    run.set_defaults(func=_run)

    ins = sub.add_parser("inspect", help="cho biết pipeline đọc một tệp thế nào: sổ nào, cột nào khớp, dòng nào bị loại")
    ins.add_argument("file", help="tệp sổ theo dõi (.xlsx, .xls, .csv)")
    ins.add_argument("--sheet", help="chỉ sheet này")
    ins.add_argument("--year", type=int, help="năm của sổ (mặc định: theo thư mục <năm>/, hoặc theo ngày trong sổ)")
    ins.add_argument("--office", choices=list(config.OFFICE_FOLDERS), help="văn phòng (mặc định: theo thư mục)")
    ins.add_argument("--specs", help="thư mục đặc tả riêng của văn phòng (mặc định: data/specs/ hoặc VP_SPECS_DIR)")
    ins.add_argument("--json", action="store_true", help="in kết quả dạng JSON (cho công cụ khác)")
    ins.set_defaults(func=_inspect)

    cmp_ = sub.add_parser("compare", help="in bảng so sánh các năm cạnh nhau")
    cmp_.add_argument("--years", type=int, nargs="+", required=True, help="các năm, ví dụ 2019 2020")
    cmp_.add_argument("--body", choices=[*BODIES, ALL_BODIES], help="bộ phận (mặc định: tất cả)")
    cmp_.add_argument("--period", default="year",
                      help="kỳ: year (cả năm), q1…q4, h1, h2, m9, m01…m12, nd09.* (chốt số liệu ngày 14) — mặc định: year")
    cmp_.add_argument("--out", default=str(config.PROCESSED_DIR), help="thư mục kết quả đã chạy (mặc định: %(default)s)")
    cmp_.set_defaults(func=_compare)

    from pipeline.report.cli import add_arguments as check_report_arguments

    chk = sub.add_parser("check-report", help="kiểm tra từng số liệu trong một báo cáo (.txt, .md, .docx)")
    check_report_arguments(chk)
    chk.add_argument("--raw", help="chạy lại pipeline trên thư mục này trước khi kiểm tra")
    chk.add_argument("--specs", help="thư mục đặc tả riêng của văn phòng (mặc định: data/specs/ hoặc VP_SPECS_DIR)")
    chk.set_defaults(func=_check_report)

    from pipeline.draft.cli import add_arguments as draft_arguments

    drf = sub.add_parser("draft", help="lập dự thảo phần số liệu của báo cáo (.docx hoặc .md), mỗi số có nguồn")
    draft_arguments(drf)
    drf.set_defaults(func=_draft)

    exp = sub.add_parser("export", help="chạy pipeline, thực thi mọi notebook, ghi HTML + Excel vào thư mục theo ngày")
    exp.add_argument("--years", type=int, nargs="+", help="các năm đưa vào (mặc định: mọi năm có số liệu)")
    exp.add_argument("--raw", default=str(config.RAW_DIR), help="thư mục dữ liệu gốc (mặc định: %(default)s)")
    exp.add_argument("--out", default=str(config.EXPORT_DIR), help="thư mục chứa các bản xuất (mặc định: %(default)s)")
    exp.add_argument("--period", default="year",
                     help="kỳ báo cáo của các trang và sổ Excel: year (cả năm), q1…q4, h1, h2, m9, m01…m12, nd09.* "
                          "— so với cùng kỳ các năm (mặc định: year)")
    exp.add_argument("--show-code", action="store_true", help="giữ các ô mã trong HTML")
    exp.add_argument("--specs", help="thư mục đặc tả riêng của văn phòng (mặc định: data/specs/ hoặc VP_SPECS_DIR)")
    exp.set_defaults(func=_export)
    return parser


INTERRUPTED = "Đã dừng theo yêu cầu; kết quả trước vẫn giữ nguyên."


def main(argv: list[str] | None = None) -> int:
    """Run one command; Ctrl-C and a closed pipe end it with one line, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    except BrokenPipeError:
        # ``… | head -1``: the reader left; Python would print a traceback at exit
        # while flushing stdout, so stdout is pointed at /dev/null first.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
