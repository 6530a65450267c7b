"""Personal data never leaves data/raw (issue 5).

Every personal value of the sample's raw files — the cells of the columns the
contract marks PII, the names in combined "Họ tên - Địa chỉ - CMND" cells, and
the ID and phone numbers written inside free-text columns — is gathered
straight from the raw grids, then looked for in every output of a run on the
sample (CSV, JSON, Parquet read back as text, the sheet cache), in what the
run prints, and in the export when it exists.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import config
from pipeline.clean.locate import Located, locate
from pipeline.read.files import discover, read_grids
from pipeline.specs.registers import load_schema
from pipeline.vi.legacy_text import decode_legacy_rows

MIN_LENGTH = 6  # shorter values ("Ấp 3", "An") occur everywhere by chance
# 9 or 12 digits (ID card numbers), possibly grouped by spaces or dots; phones 0xx… 10–11 digits or +84…
_ID = re.compile(r"(?<!\d)(?:\d[ .]?){8}\d(?:(?:[ .]?\d){3})?(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+84|0)(?:[ .-]?\d){8,10}(?!\d)")


def _nfc(value) -> str:
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@lru_cache(maxsize=1)
def sample_pii() -> dict[str, set[str]]:
    """{kind: values} for the whole sample; kinds: cell, name, number.

    A citizen's name that is also written, as a whole cell, in a column the
    contract does not mark personal (a staff member of the same name in the
    awards or staff register, a delegate) is published legitimately by that
    register: such coincidences are listed under ``public`` and not looked for.
    """
    schema = load_schema()
    found: dict[str, set[str]] = {"cell": set(), "name": set(), "number": set()}
    public: set[str] = set()
    files, _ = discover(config.RAW_DIR)
    for source in files:
        for grid in read_grids(source):
            rows = decode_legacy_rows(grid.rows, grid.sheet).rows
            where = locate(rows, grid.merged, schema)
            if not isinstance(where, Located):
                continue
            register = schema.registers[where.register]
            for match in where.columns:
                if match.mark_code is not None:
                    continue
                column = register.column(match.key)
                if not (column.pii or column.scrub):
                    public.update(
                        _nfc(row[match.index]) for row in rows[where.data_start:]
                        if match.index < len(row) and isinstance(row[match.index], str)
                    )
                    continue
                for row in rows[where.data_start:]:
                    raw = row[match.index] if match.index < len(row) else None
                    if raw is None or isinstance(raw, (dt.date, dt.datetime)):
                        continue
                    text = _nfc(raw)
                    if column.pii:
                        found["cell"].add(text)
                        if match.key in ("sender", "name", "identity"):
                            found["name"].add(re.split(r"\s[-–,;]\s|\n", text, maxsplit=1)[0].strip())
                    for m in (*_ID.finditer(text), *_PHONE.finditer(text)):
                        found["number"].add(_digits(m.group()))
    found = {k: {v for v in vs if len(v) >= MIN_LENGTH and v not in public} for k, vs in found.items()}
    found["public"] = public
    return found


def test_the_sample_has_personal_data_to_look_for():
    pii = sample_pii()
    assert len(pii["cell"]) > 200
    assert len(pii["name"]) > 100
    # the sample plants ID and phone numbers inside summaries
    assert len(pii["number"]) > 20


def test_few_citizen_names_coincide_with_published_names():
    """The public-name exemption must stay an exception, not hide a leak."""
    pii = sample_pii()
    coinciding = {v for v in pii["public"] if len(v) >= MIN_LENGTH} & _all_pii_names()
    assert len(coinciding) < 0.2 * len(pii["name"])


def _all_pii_names() -> set[str]:
    schema = load_schema()
    names = set()
    files, _ = discover(config.RAW_DIR)
    for source in files:
        for grid in read_grids(source):
            rows = decode_legacy_rows(grid.rows, grid.sheet).rows
            where = locate(rows, grid.merged, schema)
            if isinstance(where, Located):
                for m in where.columns:
                    if m.key in ("sender", "name") and schema.registers[where.register].column(m.key).pii:
                        names.update(_nfc(r[m.index]) for r in rows[where.data_start:]
                                     if m.index < len(r) and isinstance(r[m.index], str))
    return names


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("pii-run")
    out, cache = base / "processed", base / "cache"
    env = {**os.environ, "VP_SECRETS_DIR": str(base / "secrets"), "VP_CACHE_DIR": str(cache)}
    printed = []
    for _ in range(2):  # second run reads from the cache: scan what it stored and what it prints
        proc = subprocess.run(
            [sys.executable, "-m", "pipeline", "run", "--raw", str(config.RAW_DIR), "--out", str(out)],
            capture_output=True, text=True, cwd=config.PROJECT_ROOT, env=env, timeout=600,
        )
        assert proc.returncode == 0, proc.stderr
        printed.append(proc.stdout + proc.stderr)
    (base / "printed.txt").write_text("\n".join(printed), encoding="utf-8")
    return base


def _as_text(path: Path) -> str:
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return table.to_pandas().to_csv(index=False)
    data = path.read_bytes()
    return data.decode("utf-8", errors="replace")


def _texts(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): _as_text(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _leaks(texts: dict[str, str]) -> list[tuple[str, str, str]]:
    pii = sample_pii()
    leaks = []
    for name, text in texts.items():
        text_nfc = unicodedata.normalize("NFC", text)
        folded = " ".join(text_nfc.split())
        digits_runs = set(re.findall(r"\d{6,}", text_nfc))
        for kind in ("cell", "name"):
            for value in pii[kind]:
                if value in folded:
                    leaks.append((name, kind, value))
        for number in pii["number"]:
            if number in digits_runs or any(number in run for run in digits_runs if len(run) < 20):
                leaks.append((name, "number", number))
    return leaks


def test_no_personal_value_in_any_output(run_dir):
    texts = _texts(run_dir / "processed")
    assert "rejects.csv" in texts and "tables/petitions.parquet" in texts
    assert _leaks(texts) == []


def test_no_personal_value_in_the_sheet_cache(run_dir):
    texts = _texts(run_dir / "cache")
    assert texts, "the run should have cached its sheets"
    assert _leaks(texts) == []


def test_no_personal_value_in_what_the_run_prints(run_dir):
    printed = (run_dir / "printed.txt").read_text(encoding="utf-8")
    assert "Dòng:" in printed
    assert _leaks({"stdout/stderr": printed}) == []


def test_processed_tables_have_no_pii_columns(run_dir):
    schema = load_schema()
    for name, register in schema.registers.items():
        path = run_dir / "processed" / "tables" / f"{name}.parquet"
        if not path.exists():
            continue
        columns = set(pq.read_schema(path).names)
        assert not columns & set(register.pii_keys), name


def test_export_has_no_personal_value(tmp_path):
    try:
        import pipeline.pages.export  # noqa: F401
    except ImportError:
        pytest.skip("pipeline.pages.export is not available yet: the export is scanned once it exists")
    out = tmp_path / "exports"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "export", "--out", str(out)],
        capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=1200,
        env={**os.environ, "VP_SECRETS_DIR": str(tmp_path / "secrets"), "VP_PROCESSED_DIR": str(tmp_path / "processed"),
             "VP_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert proc.returncode == 0, proc.stderr
    texts = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            texts[str(path)] = "\n".join(
                " ".join("" if v is None else str(v) for v in row)
                for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
            )
        else:
            texts[str(path)] = _as_text(path)
    texts["stdout/stderr"] = proc.stdout + proc.stderr
    assert _leaks(texts) == []


# --------------------------------------------------------------------------- scrubbing and rejects, by hand


def test_summary_is_scrubbed_of_ids_phones_and_own_name(tmp_path):
    from builders import HEADER, petitions_sheet, write_xlsx

    from pipeline.run import run_pipeline

    rows = [[1, "03/01/2020", "Nguyễn Văn Sáu", "087123456789", "Khiếu nại",
             "Ông Nguyễn Văn Sáu (CCCD 087 123 456 789, ĐT 0912.345.678) khiếu nại về đất đai, CMND 381234567",
             "Chuyển đơn"]]
    raw = tmp_path / "raw"
    write_xlsx(raw / "2020/hdnd/don.xlsx", {"Đơn": petitions_sheet(rows, HEADER)})
    result = run_pipeline(raw, secrets_dir=tmp_path / "s", cache_dir=None)
    summary = result.tables["petitions"]["summary"].iloc[0]
    for secret in ("Sáu", "087", "0912", "345.678", "381234567"):
        assert secret not in summary, summary
    assert "khiếu nại về đất đai" in summary
    assert not set(result.tables["petitions"].columns) & {"sender", "id_number", "address"}


def test_reject_of_a_pii_cell_masks_the_value(tmp_path, monkeypatch):
    """A PII cell that fails its parser is rejected with column and reason, value masked."""
    from builders import HEADER, petitions_sheet, write_xlsx

    from pipeline.clean import sheet as clean
    from pipeline.run import run_pipeline
    from pipeline.vi import parsing

    real = clean.cell_parser

    def strict_pii(column, schema):
        if column.pii:
            def parse(value):
                raise parsing.ParseError("giá trị không hợp lệ")
            return parse
        return real(column, schema)

    monkeypatch.setattr(clean, "cell_parser", strict_pii)
    rows = [[1, "03/01/2020", "Nguyễn Văn Bảy", "087123456789", "Khiếu nại", "Đất đai", "Chuyển đơn"]]
    raw = tmp_path / "raw"
    write_xlsx(raw / "2020/hdnd/don.xlsx", {"Đơn": petitions_sheet(rows, HEADER)})
    result = run_pipeline(raw, secrets_dir=tmp_path / "s", cache_dir=None)
    rejects = result.rejects
    assert set(rejects["column"]) == {"Họ tên người gửi", "Số CCCD/CMND"}
    assert (rejects["reason"] == "giá trị không hợp lệ").all()
    assert (rejects["value"] == "***").all(), rejects["value"].tolist()
    assert (rejects["row"] == 4).all() and (rejects["file"] == "2020/hdnd/don.xlsx").all()
