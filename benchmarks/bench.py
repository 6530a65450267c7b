"""Benchmark: our ingest against fastexcel and a naive openpyxl loop, scale run, cold/warm/export.

Usage:
    python benchmarks/bench.py [--scale 13] [--repeat 3] [--ratio-scale 2] [--skip-export] [--skip-scale]

Prints medians of several runs and the ratios the speed issue sets as goals:
- ingest (read + clean, every mess handled) of the xlsx registers vs fastexcel's raw
  parse of the same files (goal: within 2x) and vs `pd.read_excel(engine="openpyxl")`
  over them (goal: at least 10x faster);
- the sample: cold run, unchanged re-run (goal < 1 s), export (goal < 30 s);
- the scale set (the sample generator at volume, ~1,000,000 register rows): end to end
  time (goal < 3 min) and peak memory (goal < 4 GB), measured in a child process.
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
    from pipeline.identity import load_or_create_key
    from pipeline.ingest import read_and_ingest
    from pipeline.read import discover
    from pipeline.specset import package_specs

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

    print("\n[1] reading the xlsx registers (same files, medians of", args.repeat, "runs)")
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

    print("\n[2] the sample (data/raw): cold run, unchanged re-run, export")
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
        print(f"\n[3] scale set (scale {args.scale})")
        big = generate(args.scale)
        n_files = len([p for p in big.rglob("*") if p.is_file() and p.name != ".complete"])
        seconds, peak_mb, tail = child_run(
            [sys.executable, "-m", "pipeline", "run", "--raw", str(big), "--out", str(BENCH_DIR / f"out-{args.scale}"), "--no-cache"]
        )
        summary = (BENCH_DIR / f"out-{args.scale}" / "run_summary.json")
        import json

        rows_read = json.loads(summary.read_text(encoding="utf-8"))["rows"]["rows_read"]
        print(f"  {n_files} files, {rows_read} register rows")
        print(f"  end to end                {seconds:7.1f} s   (goal < 180 s)")
        print(f"  peak memory               {peak_mb:7.0f} MB  (goal < 4096 MB)")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
