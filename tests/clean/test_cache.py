"""The parsed-sheet cache gives the same results, re-reads a changed file alone, drops a deleted one."""

import shutil

import pytest
import xlsxwriter

from pipeline.run import run_pipeline


def write_web_posts(path, n_docs, n_news):
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Trang tin")
    ws.write_row(0, 0, ["Ngày đăng", "Loại", "Tiêu đề"])
    kinds = ["Văn bản"] * n_docs + ["Tin, bài"] * n_news
    for i, kind in enumerate(kinds, start=1):
        ws.write_row(i, 0, [f"{(i % 28) + 1:02d}/03/2020", kind, f"Bài số {i}"])
    wb.close()


def value(result, indicator, body="hdnd"):
    ind = result.indicators
    hit = ind[(ind.year == 2020) & (ind.body == body) & (ind.indicator == indicator)]
    return None if hit.empty else hit["value"].iloc[0]


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw" / "2020" / "hdnd"
    folder.mkdir(parents=True)
    write_web_posts(folder / "web.xlsx", 5, 3)
    staff = tmp_path / "raw" / "2020" / "doan-dbqh"
    staff.mkdir(parents=True)
    write_web_posts(staff / "web doan.xlsx", 2, 1)
    return tmp_path / "raw"


def run(raw, tmp_path):
    return run_pipeline(raw, secrets_dir=tmp_path / "secrets", cache_dir=tmp_path / "cache")


def test_warm_run_uses_cache_and_gives_identical_results(raw, tmp_path):
    cold = run(raw, tmp_path)
    warm = run(raw, tmp_path)
    assert (cold.cache_hits, warm.cache_hits) == (0, 2)
    assert cold.indicators.equals(warm.indicators)
    assert cold.lineage.equals(warm.lineage)


def test_changed_file_is_reread_alone(raw, tmp_path):
    run(raw, tmp_path)
    write_web_posts(raw / "2020" / "hdnd" / "web.xlsx", 7, 3)
    again = run(raw, tmp_path)
    assert again.cache_hits == 1
    assert value(again, "web.documents") == 7
    assert value(again, "web.documents", "doan-dbqh") == 2


def test_deleted_file_drops_out(raw, tmp_path):
    run(raw, tmp_path)
    shutil.rmtree(raw / "2020" / "doan-dbqh")
    again = run(raw, tmp_path)
    assert value(again, "web.documents", "doan-dbqh") is None
    assert value(again, "web.documents", "all") == 5
    assert len(list((tmp_path / "cache").glob("*.pkl"))) == 1  # its entry is pruned too


def test_cached_results_hold_no_personal_data(tmp_path):
    folder = tmp_path / "raw" / "2020" / "hdnd"
    folder.mkdir(parents=True)
    wb = xlsxwriter.Workbook(folder / "don.xlsx")
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Ngày nhận đơn", "Họ tên người gửi", "Số CCCD/CMND", "Loại đơn", "Hướng xử lý", "Nội dung tóm tắt"])
    ws.write_row(1, 0, ["02/01/2020", "Phạm Thị Hoa", "087654321098", "KN", "Lưu", "Bà Phạm Thị Hoa khiếu nại"])
    wb.close()
    run(tmp_path / "raw", tmp_path)
    blob = b"".join(p.read_bytes() for p in (tmp_path / "cache").glob("*.pkl"))
    assert b"087654321098" not in blob
    assert "Phạm Thị Hoa".encode() not in blob and b"Hoa" not in blob


def test_unchanged_rerun_keeps_outputs_and_a_change_reruns(raw, tmp_path):
    import os
    import subprocess
    import sys

    from pipeline import config

    env = {**os.environ, "VP_SECRETS_DIR": str(tmp_path / "secrets"), "VP_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(tmp_path / "out")]

    def run_cli():
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=config.PROJECT_ROOT)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert "Không có tệp nào thay đổi" not in run_cli()
    assert "Không có tệp nào thay đổi" in run_cli()
    write_web_posts(raw / "2020" / "hdnd" / "web.xlsx", 9, 3)
    assert "(1 lấy từ bộ nhớ đệm)" in run_cli()
    indicators = (tmp_path / "out" / "indicators.csv").read_text(encoding="utf-8-sig")
    assert "2020,hdnd,web.documents,9.0" in indicators


def test_unchanged_rerun_needs_no_pandas_and_a_spec_change_runs_again(raw, tmp_path, monkeypatch):
    """The unchanged check reads bytes only (pipeline.outputs.unchanged): no pandas, no spec parse; a changed
    local spec — a wrong one included — is a full run, which says what is wrong."""
    import os
    import subprocess
    import sys

    from pipeline import config

    specs = tmp_path / "specs"
    specs.mkdir()
    env = {**os.environ, "VP_SECRETS_DIR": str(tmp_path / "secrets"), "VP_CACHE_DIR": str(tmp_path / "cache"),
           "VP_SPECS_DIR": str(specs)}
    code = ("import sys; from pipeline.cli import main; "
            f"rc = main(['run', '--quiet', '--raw', {str(raw)!r}, '--out', {str(tmp_path / 'out')!r}]); "
            "print(rc, 'pandas' in sys.modules)")

    def run_cli():
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=config.PROJECT_ROOT)
        return proc.stdout.strip().splitlines()[-1], proc.stdout + proc.stderr

    assert run_cli()[0] == "0 True"
    last, out = run_cli()
    assert last == "0 False" and "Không có tệp nào thay đổi" in out
    (specs / "indicators.csv").write_text("indicator,register,aggregation,unit_vi,label_vi\n"
                                          "x.count,khong_co_so,count,dòng,Số dòng\n", encoding="utf-8")
    last, out = run_cli()
    assert last == "2 True" and "khong_co_so" in out
