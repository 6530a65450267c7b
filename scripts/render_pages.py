"""Look at an export as the office will: every HTML page printed by a real browser, the workbook by LibreOffice.

Optional tool for developers, not run in CI. It needs three Debian packages::

    apt-get install chromium libreoffice-calc-nogui poppler-utils
    # (libreoffice-calc works too; poppler-utils gives pdftoppm and pdfinfo)

Usage::

    python scripts/render_pages.py [EXPORT_FOLDER] [--out DIR] [--dpi 60] [--screen]

``EXPORT_FOLDER`` defaults to the newest folder under ``data/exports/``. For each
``*.html`` page, headless Chromium prints it to PDF (the page's own print styles
decide the paper: A4) and ``pdftoppm`` turns every printed page into a PNG;
``--screen`` adds a screenshot as a browser window shows it. The workbook is
printed to PDF by LibreOffice headless (its page setup decides orientation and
scaling) and turned into PNGs the same way. The script prints one line per
file with its number of printed pages, and writes everything into ``--out``
(default ``<EXPORT_FOLDER>/_render``). Open the PNGs and look.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    sys.exit(f"lỗi: không tìm thấy {' / '.join(names)}; cài bằng: apt-get install chromium "
             "libreoffice-calc-nogui poppler-utils")


def _pages(pdf: Path) -> int:
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _paper(pdf: Path) -> str:
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size:")), "")


def _to_png(pdf: Path, dpi: int) -> list[Path]:
    prefix = pdf.with_suffix("")
    subprocess.run([_tool("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


def _chromium(args: list[str], profile: Path) -> None:
    command = [_tool(*CHROMIUM_NAMES), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


def print_page(html: Path, out: Path, dpi: int, screen: bool) -> tuple[int, str]:
    """Print one HTML page to PDF and PNGs; returns (pages, paper size)."""
    pdf = out / f"{html.stem}.pdf"
    with tempfile.TemporaryDirectory(prefix="vp-chromium-") as profile:
        _chromium([f"--print-to-pdf={pdf}", html.resolve().as_uri()], Path(profile))
        if screen:
            _chromium(["--window-size=1280,2400", f"--screenshot={out / (html.stem + '.screen.png')}",
                       html.resolve().as_uri()], Path(profile))
    _to_png(pdf, dpi)
    return _pages(pdf), _paper(pdf)


def print_workbook(xlsx: Path, out: Path, dpi: int) -> tuple[int, str]:
    """Print the workbook with LibreOffice (its own page setup) to PDF and PNGs."""
    with tempfile.TemporaryDirectory(prefix="vp-lo-") as profile:
        subprocess.run([_tool("libreoffice", "soffice"), f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(out), str(xlsx)],
                       capture_output=True, text=True, timeout=300, check=True)
    pdf = out / f"{xlsx.stem}.pdf"
    _to_png(pdf, dpi)
    return _pages(pdf), _paper(pdf)


def latest_export(root: Path = PROJECT_ROOT / "data" / "exports") -> Path:
    folders = sorted(p for p in root.glob("*") if p.is_dir() and (p / "manifest.json").exists())
    if not folders:
        sys.exit(f"lỗi: chưa có bản xuất nào trong {root}; chạy «python -m pipeline export» trước")
    return folders[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="thư mục một bản xuất (mặc định: bản mới nhất)")
    parser.add_argument("--out", type=Path, help="nơi ghi PDF và PNG (mặc định <thư mục>/_render)")
    parser.add_argument("--dpi", type=int, default=60, help="độ phân giải ảnh PNG (mặc định 60)")
    parser.add_argument("--screen", action="store_true", help="thêm ảnh chụp màn hình trình duyệt")
    args = parser.parse_args(argv)
    folder = (args.folder or latest_export()).resolve()
    out = (args.out or folder / "_render").resolve()
    out.mkdir(parents=True, exist_ok=True)
    for html in sorted(folder.glob("*.html")):
        pages, paper = print_page(html, out, args.dpi, args.screen)
        print(f"{html.name}: {pages} trang in ({paper})")
    for xlsx in sorted(folder.glob("*.xlsx")):
        pages, paper = print_workbook(xlsx, out, args.dpi)
        print(f"{xlsx.name}: {pages} trang in ({paper})")
    print(f"Ảnh và PDF: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
