"""``python -m pipeline.samplegen [--out data/raw] [--scale N] [--seed S]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import generate


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m pipeline.samplegen",
                                description="Write deterministic, deliberately messy sample registers "
                                            "(data/raw/<year>/<office>/...).")
    p.add_argument("--out", type=Path, default=Path("data/raw"), help="output folder (default: data/raw)")
    p.add_argument("--scale", type=int, default=1, help="volume multiplier; >1 writes 2015-2024 (default: 1)")
    p.add_argument("--seed", type=int, default=2020, help="random seed (default: 2020)")
    p.add_argument("--notes", action="store_true", help="print the deliberate rejects and total mismatches")
    a = p.parse_args(argv)
    notes: list[dict] = []
    paths = generate(a.out, scale=a.scale, seed=a.seed, notes=notes)
    total = sum(x.stat().st_size for x in paths)
    print(f"wrote {len(paths)} files, {total / 1e6:.2f} MB under {a.out}")
    if a.notes:
        for n in notes:
            if n["kind"] in ("reject", "mismatch"):
                print(n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
