"""Measure the report checker on a folder of real reports checked against themselves.

    python benchmarks/report_corpus.py CORPUS_DIR [--labels FIGURES.csv] [--slips SLIPS.csv] [--year 2020]

The reports (.txt, .md, .docx) and the labels stay outside the repository. Without
labels it lists, per report, the figures read and every alarm. With labels it scores:

- FIGURES.csv (file, offset, digits, kind, role, value, unit, pattern): one row per
  number of the corpus as a careful analyst reads it (offset = its first digit);
- SLIPS.csv (file, check, printed, why): the real inconsistencies found by hand.

A number is *read right* when it is taken for a figure or not as the label says, and
a figure has the labelled value and unit head. Alarms (mâu thuẫn nội bộ, sai định
dạng) are true when they match a labelled slip (file, check, printed), false otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

ALARMS = ("mâu thuẫn nội bộ", "sai định dạng")
CONTEXT = {"year", "date", "time", "period", "address", "reference", "ordinal", "file", "heading"}


def family(kind: str) -> str:
    if kind in CONTEXT:
        return "context"
    return {"share": "share", "delta": "delta", "malformed": "malformed"}.get(kind, "count")


def unit_head(unit) -> str:
    from pipeline.report.figures import unit_words_key

    words = unit_words_key(unit if isinstance(unit, str) else "")
    return words[0] if words else ""


def read_corpus(folder: Path, year: int) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The current checker on every report: {file: figures}, and all result rows."""
    from pipeline.report import check_report, read, read_report

    figures, results = {}, []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".txt", ".md", ".docx")):
        text = read_report(path)
        figures[path.name] = pd.DataFrame(
            [dict(offset=f.offset, kind=f.kind, role=f.role, value=f.value, unit=f.unit, printed=f.printed)
             for f in read(text).figures])
        results.append(check_report(text, None, year).assign(file=path.name))
    return figures, pd.concat(results, ignore_index=True)


def score_figures(labels: pd.DataFrame, figures: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per pattern: numbers, read right, role right."""
    rows = []
    for lab in labels.itertuples(index=False):
        got = figures.get(lab.file, pd.DataFrame(columns=["offset"]))
        hit = got[got["offset"] == lab.offset]
        read_ok = role_ok = False
        if len(hit):
            g = hit.iloc[0]
            same_family = family(g["kind"]) == family(lab.kind)
            if family(lab.kind) == "context":
                read_ok = same_family
            else:
                value_ok = pd.notna(g["value"]) and abs(float(g["value"]) - float(lab.value)) < 1e-9
                read_ok = same_family and value_ok and unit_head(g["unit"]) == unit_head(lab.unit)
            role_ok = read_ok and (g["role"] == lab.role or family(lab.kind) == "context")
        rows.append(dict(pattern=lab.pattern, read_right=read_ok, role_right=role_ok))
    frame = pd.DataFrame(rows)
    table = frame.groupby("pattern").agg(numbers=("read_right", "size"), read_right=("read_right", "sum"),
                                         role_right=("role_right", "sum"))
    table.loc["tổng"] = table.sum()
    return table


def score_alarms(results: pd.DataFrame, slips: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    """Per check: alarms raised, true, false; and the slips missed."""
    alarms = results[results["status"].isin(ALARMS)].copy()
    alarms["check"] = alarms["check"].where(alarms["status"] != "sai định dạng", "số sai định dạng")
    wanted = {(s.file, s.check, str(s.printed)) for s in slips.itertuples(index=False)}
    alarms["true"] = [(r.file, r.check, str(r.printed)) in wanted for r in alarms.itertuples(index=False)]
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in alarms.itertuples(index=False):
        counts[r.check]["true" if r.true else "false"] += 1
    table = pd.DataFrame({k: {"true": v["true"], "false": v["false"]} for k, v in counts.items()}).T.fillna(0)
    found = set(zip(alarms["file"], alarms["check"], alarms["printed"].astype(str)))
    return table, sorted(wanted - found)


def confirmations(results: pd.DataFrame) -> pd.Series:
    ok = results[(results["row_type"] == "internal") & (results["status"] == "khớp")]
    return ok["check"].value_counts()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--labels", type=Path)
    parser.add_argument("--slips", type=Path)
    parser.add_argument("--year", type=int, default=2020, help="any year: nothing is compared with data")
    args = parser.parse_args(argv)
    figures, results = read_corpus(args.corpus, args.year)
    n_fig = sum(int((~f["kind"].isin(CONTEXT)).sum()) for f in figures.values() if len(f))
    print(f"{len(figures)} báo cáo, {sum(len(f) for f in figures.values())} số, {n_fig} đọc là số liệu")
    if args.labels:
        print(score_figures(pd.read_csv(args.labels, dtype={"digits": str}), figures).to_string())
    print("Kiểm tra khớp (xác nhận):")
    print(confirmations(results).to_string())
    alarms = results[results["status"].isin(ALARMS)]
    if args.slips:
        table, missed = score_alarms(results, pd.read_csv(args.slips, dtype=str))
        print("Báo động đúng / sai theo kiểm tra:")
        print(table.to_string() if len(table) else "(không có)")
        print("Sai sót thật bị bỏ sót:", missed or "không")
    else:
        for r in alarms.itertuples(index=False):
            print(f"  {r.file}: {r.status} [{r.check}] {r.printed}: {r.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
