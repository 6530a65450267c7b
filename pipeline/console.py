"""The run summary as the console prints it: what was read, what was not, what to look at.

Pure: a run summary (the dict saved as ``run_summary.json``) in, lines out.
Every file that is not read and every error and warning is named here, not
only in ``notices.csv``: an office that misnamed a folder must see it on the
screen, or its figures are published understated.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipeline.outputs.outdir import EXCEL_MAX_ROWS
from pipeline.vi.formatting import format_number

MAX_NAMED = 8
"""Files named under one reason before "và N tệp khác"."""


def _n(value: int) -> str:
    return format_number(value)


def _names(paths: list[str], limit: int = MAX_NAMED) -> list[str]:
    shown = [f"    {p}" for p in paths[:limit]]
    if len(paths) > limit:
        shown.append(f"    … và {_n(len(paths) - limit)} tệp khác")
    return shown


def skipped_lines(skipped: list[dict]) -> list[str]:
    """Files not read, grouped by reason (one unknown folder, one format…), each group named."""
    unread = [s for s in skipped if s["unread"]]
    lines = []
    if unread:
        lines.append(f"Bỏ qua {_n(len(unread))} tệp (không đọc, không tính vào số liệu):")
        groups: dict[str, list[str]] = defaultdict(list)
        for s in unread:
            groups[s["group"]].append(s["path"])
        for group, paths in groups.items():
            lines.append(f"  {group}:")
            lines.extend(_names(paths))
    for s in skipped:
        if s["kind"] in ("alias", "open_in_excel"):
            lines.append(f"Lưu ý: {s['path']}: {s['group']}")
    return lines


def failure_lines(failures: list[str]) -> list[str]:
    if not failures:
        return []
    return [f"Không đọc được {_n(len(failures))} tệp:"] + [f"  lỗi tệp: {f}" for f in failures]


def problem_lines(problems: list[dict], skipped_paths: set[str]) -> list[str]:
    """Every error and warning notice (file › sheet: message), except those already printed above."""
    shown = [p for p in problems if p["file"] not in skipped_paths or p["sheet"]]
    shown = [p for p in shown if p["level"] == "warning"]
    if not shown:
        return []
    lines = [f"Cảnh báo ({_n(len(shown))}):"]
    for p in shown:
        place = " › ".join(str(x) for x in (p["file"], p["sheet"]) if isinstance(x, str) and x)
        lines.append(f"  {place}: {p['message']}" if place else f"  {p['message']}")
    return lines


def lineage_lines(summary: dict) -> list[str]:
    """Why there is no lineage.csv, when the run left it out (more rows than Excel opens)."""
    if summary.get("lineage_csv", True):
        return []
    return [f"Không ghi lineage.csv: {_n(summary['lineage_rows'])} dòng nguồn, quá {_n(EXCEL_MAX_ROWS)} dòng "
            "Excel mở được; nguồn của từng số ở lineage.parquet và trang 04 (Chất lượng dữ liệu, mục «Nguồn gốc một chỉ tiêu»)."]


def summary_lines(summary: dict, out: Path, reused: bool = False) -> list[str]:
    """The run summary: files, rows, figures, then every file not read and every warning."""
    rows, notes = summary["rows"], summary["notices"]
    years = ", ".join(map(str, summary["years"])) or "—"
    skipped = summary.get("skipped", [])
    lines = [
        f"Đã đọc {_n(summary['files'])} tệp ({_n(summary['cache_hits'])} lấy từ bộ nhớ đệm), "
        f"{_n(summary['sheets'])} sheet sổ theo dõi, năm {years}.",
        *failure_lines(summary["failures"]),
        *skipped_lines(skipped),
        f"Dòng: {_n(rows['rows_read'])} đọc = {_n(rows['accepted'])} nhận + {_n(rows['rejected'])} loại"
        f" + {_n(rows['total_rows'])} dòng tổng + {_n(rows['blank_rows'])} dòng trống"
        f" + {_n(rows['ignored_rows'])} dòng chữ ký/ghi chú.",
        f"Chỉ tiêu: {_n(summary['indicators'])} giá trị; so sánh: {_n(summary['comparisons'])} dòng; "
        f"lineage: {_n(summary['lineage_rows'])} dòng nguồn.",
        *lineage_lines(summary),
        *problem_lines(summary.get("problems", []), {s["path"] for s in skipped}),
        *([f"Đặc tả riêng của văn phòng: {', '.join(summary['local_specs'])}"] if summary.get("local_specs") else []),
        f"Thông báo: {_n(notes['error'])} lỗi, {_n(notes['warning'])} cảnh báo, {_n(notes['info'])} ghi chú "
        f"(chi tiết trong notices.csv); lệch dòng tổng: {_n(summary['total_mismatches'])}; "
        f"dòng bị loại: {_n(summary['rejects'])} (rejects.csv).",
    ]
    if reused:
        lines.append(f"Kết quả vẫn ở {out} (lần chạy đầy đủ trước mất {format_number(summary['seconds'], 1)} s).")
    else:
        lines.append(f"Kết quả ghi vào {out} ({format_number(summary['seconds'], 1)} s).")
    return lines


def progress_bar(label: str, quiet: bool = False):
    """``progress(iterable, total)`` showing "label: 12/84 tệp" on stderr — or nothing at all when
    ``quiet`` or stderr is not a terminal (scheduled jobs, logs, pipes)."""
    import sys

    if quiet or not sys.stderr.isatty():
        return None

    def wrap(items, total: int):
        from tqdm import tqdm

        return tqdm(items, total=total, desc=label, unit=" tệp", leave=False, file=sys.stderr,
                    bar_format="{desc}: {n_fmt}/{total_fmt}{unit} {bar} {elapsed}")

    return wrap
