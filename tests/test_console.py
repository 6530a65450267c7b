"""The console: a progress bar on a terminal only, never in logs or pipes; --quiet turns it off."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

from pipeline import config


def _run_on_a_terminal(*args: str) -> str:
    """What a person at a 100-column terminal sees (stdout and stderr on one pseudo-terminal)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], stdin=slave, stdout=slave, stderr=slave,
                            cwd=config.PROJECT_ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=180)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r", "\n")


def test_progress_shows_files_read_of_total_on_a_terminal(raw, tmp_path):
    out = _run_on_a_terminal("run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--no-cache")
    assert "Đọc sổ theo dõi: 0/1 tệp" in out and "Đã đọc 1 tệp" in out


def test_quiet_and_pipes_show_no_progress(raw, tmp_path):
    quiet = _run_on_a_terminal("run", "--raw", str(raw), "--out", str(tmp_path / "a"), "--no-cache", "--quiet")
    assert "Đọc sổ theo dõi" not in quiet and "Đã đọc 1 tệp" in quiet
    piped = subprocess.run([sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(tmp_path / "b"),
                            "--no-cache"], capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=180)
    assert piped.returncode == 0 and "Đọc sổ theo dõi" not in piped.stderr + piped.stdout
