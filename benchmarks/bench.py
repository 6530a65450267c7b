"""Benchmark: our run against fastexcel and a naive openpyxl notebook, the stages of a run, the scale set.

Usage:
    python benchmarks/bench.py [--scale 13] [--repeat 3] [--ratio-scale 2] [--skip-export] [--skip-scale]

Prints medians of several runs and the ratios the speed issue sets as goals:
- one 100,000-row incoming-documents register, as whole processes: `python -m
  pipeline run` within 2x of a process that only parses it with fastexcel, and at
  least 6x faster than `pd.read_excel(engine="openpyxl")` (at least 10x in process);
  the breakdown of one run: read / clean / indicators / publish / start-up;
- ingest (read + clean, every mess handled) of the sample's xlsx registers vs
  fastexcel's raw parse of the same files and the naive openpyxl loop;
- the sample: cold run, unchanged re-run, export;
- the scale set (the sample generator at volume, ~1,000,000 register rows): end to end
  time (goal <= 20 s) and peak memory (goal <= 1.5 GB), measured in a child process.
Generated data goes to data/bench/ (git-ignored); nothing in data/raw is touched.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import config  # noqa: E402

BENCH_DIR = ROOT / "data" / "bench"


BIG_REGISTER_ROWS = 100_000


def big_register(rows: int = BIG_REGISTER_ROWS) -> Path:
    """A raw tree holding one incoming-documents register of ``rows`` rows, with the usual messes:
    a title block, dates written as text beside real dates, numbers stored as text, blank optional cells."""
    import datetime as dt

    import xlsxwriter

    root = BENCH_DIR / f"register-{rows}"
    path = root / "2020" / "hdnd" / "So van ban den 2020.xlsx"
    if path.exists():
        return root
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("VB đến")
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, ["VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH"])
    ws.write_row(1, 0, ["SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2020"])
    header = ["Số đến", "Ngày đến", "Tác giả", "Số, ký hiệu", "Ngày văn bản",
              "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận"]
    ws.write_row(3, 0, header)
    authors = ["UBND tỉnh", "Sở Tài chính", "Sở Nội vụ", "Văn phòng Quốc hội", "Thanh tra tỉnh", "Sở Tư pháp"]
    start = dt.date(2020, 1, 2)
    for i in range(rows):
        r = 4 + i
        day = start + dt.timedelta(days=(i * 363) // rows)
        ws.write_string(r, 0, str(i + 1) if i % 7 else f"{i + 1:,}".replace(",", "."))  # '3.372' as text
        if i % 3:
            ws.write_datetime(r, 1, dt.datetime(day.year, day.month, day.day), date_format)
        else:
            ws.write_string(r, 1, day.strftime("%d/%m/%Y"))
        ws.write_string(r, 2, authors[i % len(authors)])
        ws.write_string(r, 3, f"{i % 900 + 1}/BC-UBND")
        if i % 5:
            ws.write_datetime(r, 4, dt.datetime(day.year, day.month, day.day), date_format)
        ws.write_string(r, 5, f"Báo cáo kết quả thực hiện nhiệm vụ số {i % 97}")
        if i % 4:
            ws.write_string(r, 6, "Thường trực HĐND")
    wb.close()
    return root


def process_times(args: list[str], repeat: int, env: dict | None = None) -> float:
    """Median wall time of a whole child process (start-up and imports included)."""
    return statistics.median(child_run(args, env)[0] for _ in range(repeat))


FASTEXCEL_PROCESS = """
import sys, fastexcel
reader = fastexcel.read_excel(sys.argv[1])
print(sum(reader.load_sheet_by_name(n, header_row=None).to_arrow().num_rows for n in reader.sheet_names))
"""
OPENPYXL_PROCESS = """
import sys, pandas as pd
print(sum(len(f) for f in pd.read_excel(sys.argv[1], sheet_name=None, engine="openpyxl", header=None).values()))
"""


def breakdown(raw: Path) -> dict[str, float]:
    """Seconds of each stage of one run in this process (one worker): read, clean, combine, indicators, publish."""
    from pipeline.outputs.publish import publish
    from pipeline.run import run_pipeline

    os.environ["VP_WORKERS"] = "1"
    started = time.perf_counter()
    result = run_pipeline(raw, cache_dir=None, secrets_dir=Path(tempfile.gettempdir()) / "vp-bench-secrets")
    run_seconds = time.perf_counter() - started
    out = Path(tempfile.mkdtemp(prefix="vp-bench-publish-"))
    started = time.perf_counter()
    publish(result, out)
    publish_seconds = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    os.environ.pop("VP_WORKERS", None)
    t = result.timing
    return {"read": t.get("read", 0.0), "clean": t.get("clean", 0.0), "combine": t.get("combine", 0.0),
            "indicators": t.get("indicators", 0.0),
            "publish": publish_seconds, "in_process": run_seconds + publish_seconds}


def big_register_section(repeat: int) -> None:
    print(f"\n[1] one {BIG_REGISTER_ROWS:,}-row incoming-documents register (medians of {repeat})")
    raw = big_register()
    [path] = sorted(raw.rglob("*.xlsx"))
    out = BENCH_DIR / "out-register"
    ours = process_times([sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out),
                          "--no-cache", "--quiet"], repeat)
    fast = process_times([sys.executable, "-c", FASTEXCEL_PROCESS, str(path)], repeat)
    naive = process_times([sys.executable, "-c", OPENPYXL_PROCESS, str(path)], max(1, repeat // 2))
    print(f"  whole processes: ours {ours:.2f} s, fastexcel parse {fast:.2f} s, naive openpyxl {naive:.2f} s")
    print(f"    ours / fastexcel        {ours / fast:5.2f}x   (goal <= 2x)")
    print(f"    naive openpyxl / ours   {naive / ours:5.2f}x   (goal >= 6x)")
    ingest_s = median_time(lambda: ingest([path], raw, workers=1), repeat)
    fast_in = median_time(lambda: fastexcel_parse([path]), repeat)
    naive_in = median_time(lambda: openpyxl_loop([path]), max(1, repeat // 2))
    print(f"  in process: our ingest {ingest_s:.2f} s, fastexcel {fast_in:.2f} s, openpyxl {naive_in:.2f} s")
    print(f"    ingest / fastexcel      {ingest_s / fast_in:5.2f}x")
    print(f"    openpyxl / ingest       {naive_in / ingest_s:5.2f}x   (goal >= 10x)")
    b = breakdown(raw)
    startup = max(ours - b["in_process"], 0.0)
    print("  breakdown of one run (one worker): "
          + ", ".join(f"{k} {b[k]:.2f} s" for k in ("read", "clean", "combine", "indicators", "publish"))
          + f", start-up {startup:.2f} s (whole process − in-process)")


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def generate(scale: int) -> Path:
    target = BENCH_DIR / f"scale-{scale}"
    marker = target / ".complete"
    if not marker.exists():
        if target.exists():
            shutil.rmtree(target)
        from pipeline.samplegen import generate as write

        started = time.perf_counter()
        write(target, scale=scale)
        marker.write_text("ok")
        print(f"  generated scale {scale} in {time.perf_counter() - started:.1f} s")
    return target


def xlsx_files(raw: Path) -> list[Path]:
    return sorted(raw.rglob("*.xlsx"))


def ingest(files: list[Path], raw: Path, workers: int | None = None) -> int:
    """Read + locate + clean every sheet (no cache, no indicators), as the pipeline does it."""
    from pipeline.clean.identity import load_or_create_key
    from pipeline.clean.ingest import read_and_ingest
    from pipeline.read.files import discover
    from pipeline.specs.load import package_specs

    if workers:
        os.environ["VP_WORKERS"] = str(workers)
    key = load_or_create_key(Path(tempfile.gettempdir()) / "vp-bench-secrets")
    wanted = {str(p) for p in files}
    sources = [s for s in discover(raw)[0] if str(s.path) in wanted]
    outcomes = read_and_ingest(sources, package_specs().schema, key, strict=False, specs_dir=False)
    os.environ.pop("VP_WORKERS", None)
    return sum(len(r.records) for results, _ in outcomes.values() for r in results)


def fastexcel_parse(files: list[Path]) -> int:
    import logging

    import fastexcel

    logging.getLogger("fastexcel").setLevel(logging.ERROR)  # mixed-type columns fall back to text

    cells = 0
    for path in files:
        reader = fastexcel.read_excel(str(path))
        for name in reader.sheet_names:
            sheet = reader.load_sheet_by_name(name, header_row=None)
            table = sheet.to_arrow()
            cells += table.num_rows * table.num_columns
    return cells


def openpyxl_loop(files: list[Path]) -> int:
    import pandas as pd

    rows = 0
    for path in files:
        for frame in pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None).values():
            rows += len(frame)
    return rows


def child_run(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run a command in a child; returns (seconds, peak RSS in MB of children, stdout tail)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(args)}\n{proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=13, help="scale of the end-to-end set (13 ≈ 1,000,000 rows)")
    parser.add_argument("--ratio-scale", type=int, default=1, help="scale of the set used for the reader ratios")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args(argv)

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    results: dict[str, float] = {}
    big_register_section(args.repeat)

    print("\n[2] reading the sample's xlsx registers (same files, medians of", args.repeat, "runs)")
    raw = config.RAW_DIR if args.ratio_scale == 1 else generate(args.ratio_scale)
    files = xlsx_files(raw)
    rows = ingest(files, raw)
    print(f"  {len(files)} xlsx files, {rows} records")
    results["fastexcel"] = median_time(lambda: fastexcel_parse(files), args.repeat)
    results["ingest"] = median_time(lambda: ingest(files, raw), args.repeat)
    results["ingest1"] = median_time(lambda: ingest(files, raw, workers=1), args.repeat)
    results["openpyxl"] = median_time(lambda: openpyxl_loop(files), max(1, args.repeat // 2))
    print(f"  fastexcel raw parse       {results['fastexcel']:7.2f} s")
    print(f"  our ingest, one process   {results['ingest1']:7.2f} s   = {results['ingest1'] / results['fastexcel']:.1f}x fastexcel")
    print(f"  our ingest (read + clean) {results['ingest']:7.2f} s   = {results['ingest'] / results['fastexcel']:.1f}x fastexcel (goal <= 2x; {os.cpu_count()} processes)")
    print(f"  naive pandas+openpyxl     {results['openpyxl']:7.2f} s   = {results['openpyxl'] / results['ingest']:.1f}x slower than ours (goal >= 10x)")

    print("\n[3] the sample (data/raw): cold run, unchanged re-run, export")
    out = Path(tempfile.mkdtemp(prefix="vp-bench-out-"))
    cache = Path(tempfile.mkdtemp(prefix="vp-bench-cache-"))
    env = {"VP_CACHE_DIR": str(cache)}
    cold, _, _ = child_run([sys.executable, "-m", "pipeline", "run", "--out", str(out)], env)
    warm_times = [child_run([sys.executable, "-m", "pipeline", "run", "--out", str(out)], env)[0] for _ in range(args.repeat)]
    print(f"  cold run                  {cold:7.2f} s")
    print(f"  unchanged re-run          {statistics.median(warm_times):7.2f} s   (goal < 1 s)")
    if not args.skip_export:
        export_dir = Path(tempfile.mkdtemp(prefix="vp-bench-export-"))
        seconds, _, _ = child_run([sys.executable, "-m", "pipeline", "export", "--out", str(export_dir)], env)
        print(f"  export (pipeline + notebooks) {seconds:5.1f} s   (goal < 30 s)")

    if not args.skip_scale:
        print(f"\n[4] scale set (scale {args.scale})")
        big = generate(args.scale)
        n_files = len([p for p in big.rglob("*") if p.is_file() and p.name != ".complete"])
        seconds, peak_mb, tail = child_run(
            [sys.executable, "-m", "pipeline", "run", "--raw", str(big), "--out", str(BENCH_DIR / f"out-{args.scale}"), "--no-cache"]
        )
        summary = (BENCH_DIR / f"out-{args.scale}" / "run_summary.json")
        import json

        written = json.loads(summary.read_text(encoding="utf-8"))
        rows_read = written["rows"]["rows_read"]
        print(f"  {n_files} files, {rows_read} register rows")
        t = written.get("timing", {})
        print("  stages: " + ", ".join(f"{k} {t[k]:.1f} s" for k in ("read", "clean", "ingest_wall", "combine", "indicators") if k in t)
              + f" (read and clean are summed over the worker processes; run {written.get('seconds', 0):.1f} s of the whole)")
        print(f"  end to end                {seconds:7.1f} s   (goal <= 20 s)")
        print(f"  peak memory               {peak_mb:7.0f} MB  (goal <= 1536 MB)")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
