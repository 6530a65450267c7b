"""Finding and reading the offices' exports: the only module that knows file
formats (contract §1–2).

:func:`discover` lists ``data/raw/<year>/<office>/…`` files; :func:`read_grids`
turns one file into raw :class:`Grid` s, one per sheet, with cell values as the
file holds them (text stays text, so "3.372" is still the string "3.372" for
the parsers to judge), Excel row numbers and merged ranges. Raw files are only
ever opened for reading.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline import config

__all__ = [
    "SourceFile",
    "Grid",
    "UnreadableInput",
    "UnreadableFile",
    "SUPPORTED_SUFFIXES",
    "discover",
    "read_grids",
]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
_YEAR_DIR = re.compile(r"\d{4}")


class UnreadableInput(Exception):
    """The raw-data folder itself is missing or unusable."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Không đọc được thư mục dữ liệu {self.path}: {reason}")


class UnreadableFile(Exception):
    """One file cannot be read (corrupt, truncated, password-protected,
    unknown format). The message names the file in plain language."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Không đọc được tệp {self.path.name}: {reason}")


@dataclass(frozen=True)
class SourceFile:
    """One raw export, identified by its place in ``data/raw`` and content."""

    path: Path
    rel_path: str  # relative to the raw dir, posix separators
    year: int
    office: str  # a key of config.OFFICE_FOLDERS
    sha256: str
    size: int
    suffix: str  # lower case, with the dot: ".xlsx"


@dataclass
class Grid:
    """The raw cells of one sheet.

    ``rows[i]`` is Excel row ``first_row + i`` (or ``row_numbers[i]`` for CSV,
    where a quoted field may span physical lines). Empty cells are None;
    text stays text; numbers are int (integral values) or float; dates are
    date/datetime; formulas give their cached value. ``merged`` holds 0-based
    inclusive ``(row0, col0, row1, col1)`` indices into ``rows``. All rows have
    the same length.
    """

    file: str  # SourceFile.rel_path (or the file name)
    sheet: str
    rows: list[list[Any]]
    first_row: int = 1
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    kind: Literal["xlsx", "xls", "csv"] = "xlsx"
    row_numbers: list[int] | None = None
    notices: list[str] = field(default_factory=list)  # plain-language, about this sheet
    visible: bool = True  # False for a hidden sheet (often an old copy)

    def row_number(self, index: int) -> int:
        """The row number Excel shows (CSV: the line the record starts on)."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return self.first_row + index

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


# --- discovery -------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _skip_reason(name: str) -> str | None:
    if name.startswith("~$"):
        return "tệp khóa tạm của Excel (đang mở), bỏ qua"
    if name.startswith("."):
        return "tệp ẩn, bỏ qua"
    return None


def discover(raw_dir: Path) -> tuple[list[SourceFile], list[str]]:
    """List the exports under ``raw_dir/<year>/<office>/`` (sub-folders of an
    office folder included), sorted by relative path, plus notices for what
    was skipped: folders that are no year, unknown office folders, hidden
    files, Excel lock files (``~$…``), files of other formats, stray files."""
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        raise UnreadableInput(raw_dir, "thư mục không tồn tại")
    if not raw_dir.is_dir():
        raise UnreadableInput(raw_dir, "không phải là thư mục")
    files: list[SourceFile] = []
    notices: list[str] = []

    def rel(p: Path) -> str:
        return p.relative_to(raw_dir).as_posix()

    for year_dir in sorted(raw_dir.iterdir()):
        if year_dir.name.startswith("."):
            continue
        if not year_dir.is_dir():
            notices.append(f"{rel(year_dir)}: tệp nằm ngoài thư mục năm/văn phòng, bỏ qua")
            continue
        if not _YEAR_DIR.fullmatch(year_dir.name):
            notices.append(f"{rel(year_dir)}: tên thư mục không phải là năm (4 chữ số), bỏ qua")
            continue
        year = int(year_dir.name)
        for office_dir in sorted(year_dir.iterdir()):
            if office_dir.name.startswith("."):
                continue
            if not office_dir.is_dir():
                notices.append(f"{rel(office_dir)}: tệp nằm ngoài thư mục văn phòng, bỏ qua")
                continue
            if office_dir.name not in config.OFFICE_FOLDERS:
                known = ", ".join(config.OFFICE_FOLDERS)
                notices.append(
                    f"{rel(office_dir)}: thư mục văn phòng không xác định (chỉ nhận: {known}), bỏ qua"
                )
                continue
            for path in sorted(office_dir.rglob("*")):
                parts = path.relative_to(office_dir).parts
                if any(p.startswith(".") for p in parts[:-1]):
                    continue  # inside a hidden folder: its own notice is enough
                if path.is_dir():
                    if path.name.startswith("."):
                        notices.append(f"{rel(path)}: thư mục ẩn, bỏ qua")
                    continue
                reason = _skip_reason(path.name)
                suffix = path.suffix.lower()
                if reason is None and suffix not in SUPPORTED_SUFFIXES:
                    reason = "không phải tệp Excel/CSV (.xlsx, .xls, .csv), bỏ qua"
                if reason:
                    notices.append(f"{rel(path)}: {reason}")
                    continue
                files.append(
                    SourceFile(
                        path=path,
                        rel_path=rel(path),
                        year=year,
                        office=office_dir.name,
                        sha256=_sha256(path),
                        size=path.stat().st_size,
                        suffix=suffix,
                    )
                )
    files.sort(key=lambda f: f.rel_path)
    return files, notices


# --- workbooks -------------------------------------------------------------

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(path: Path) -> str:
    """What the bytes say the file is, whatever its name says."""
    with path.open("rb") as fh:
        head = fh.read(8)
        if head[:4] == _ZIP_MAGIC:
            return "zip"
        if head == _OLE_MAGIC:
            # An encrypted .xlsx is an OLE container holding "EncryptedPackage"
            # (the name is stored in UTF-16 in the directory).
            fh.seek(0)
            blob = fh.read(1 << 20)
            if "EncryptedPackage".encode("utf-16-le") in blob:
                return "encrypted"
            return "ole"
        text = head.lstrip().lower()
        if text.startswith((b"<!doc", b"<html", b"<?xml", b"<table")):
            return "html"
    return "other"


def _clean_cell(v: Any) -> Any:
    if v == "" or v is None:
        return None
    if type(v) is float and v.is_integer():
        # Excel stores every number as a float; 3.0 is the count 3.
        return int(v)
    return v


def _read_workbook(path: Path, rel_path: str, kind: Literal["xlsx", "xls"]) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    # calamine picks the reader by extension when given a path; an .xls that
    # is really an .xlsx (or the reverse) is opened from bytes, where it
    # sniffs the content instead.
    by_name = "xls" if path.suffix.lower() == ".xls" else "xlsx"
    try:
        if by_name == kind:
            workbook = CalamineWorkbook.from_path(str(path))
        else:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    except Exception as exc:  # calamine raises its own error types
        raise UnreadableFile(
            path, f"tệp hỏng hoặc không phải bảng tính Excel ({_short(exc)})"
        ) from None
    try:
        return _workbook_grids(workbook, rel_path, kind)
    finally:
        try:
            workbook.close()  # release the file handle at once
        except Exception:
            pass


def _workbook_grids(workbook: Any, rel_path: str, kind: Literal["xlsx", "xls"]) -> list[Grid]:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    grids: list[Grid] = []
    try:
        metadata = {m.name: m for m in workbook.sheets_metadata}
    except Exception:  # metadata is a convenience; never fail on it
        metadata = {}
    for name in workbook.sheet_names:
        meta = metadata.get(name)
        visible = meta is None or meta.visible == SheetVisibleEnum.Visible
        if meta is not None and meta.typ != SheetTypeEnum.WorkSheet:
            # Chart sheets and macro sheets hold no cells.
            grids.append(
                Grid(
                    file=rel_path,
                    sheet=name,
                    rows=[],
                    kind=kind,
                    visible=visible,
                    notices=[f"trang '{name}' không phải bảng dữ liệu (biểu đồ/macro)"],
                )
            )
            continue
        try:
            sheet = workbook.get_sheet_by_name(name)
            raw_rows = sheet.to_python(skip_empty_area=False)
            merged_raw = sheet.merged_cell_ranges or []
        except Exception as exc:
            # One damaged sheet should not hide the others: an empty grid
            # with a notice, which the pipeline reports like any other sheet.
            grids.append(
                Grid(
                    file=rel_path,
                    sheet=name,
                    rows=[],
                    kind=kind,
                    visible=visible,
                    notices=[f"không đọc được trang '{name}' (có thể bị hỏng: {_short(exc)})"],
                )
            )
            continue
        rows = [[_clean_cell(v) for v in row] for row in raw_rows]
        width = max((len(r) for r in rows), default=0)
        merged: list[tuple[int, int, int, int]] = []
        for (r0, c0), (r1, c1) in merged_raw:
            # A merged range may reach past the last cell with a value
            # (formatting only): extend the grid so indices stay valid.
            width = max(width, c1 + 1)
            while len(rows) <= r1:
                rows.append([])
            merged.append((r0, c0, r1, c1))
        for r in rows:
            if len(r) < width:
                r.extend([None] * (width - len(r)))
        merged.sort()
        grids.append(
            Grid(
                file=rel_path,
                sheet=name,
                rows=rows,
                first_row=1,
                merged=merged,
                kind=kind,
                visible=visible,
            )
        )
    return grids


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


# --- CSV -------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str | None]:
    """Text and a notice when the file is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "tệp CSV mã hóa UTF-16, đã đọc được"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1258", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, (
            f"tệp CSV không phải UTF-8, đã đọc theo bảng mã {encoding}: kiểm tra lại chữ tiếng Việt"
        )
    return data.decode("latin-1"), "tệp CSV không rõ bảng mã, đã đọc theo latin-1"


_SEP_HINT = re.compile(r"sep=([;,\t|])[ \t]*(?:\r\n|\n|\r)", re.IGNORECASE)


def _sniff_delimiter(text: str) -> str:
    """``;``, ``,`` or tab: whichever splits the first records most
    consistently (quoted fields ignored)."""
    sample = text[:65536]
    best, best_score = ",", -1.0
    for delim in (";", ",", "\t"):
        try:
            rows = list(_take(csv.reader(io.StringIO(sample, newline=""), delimiter=delim), 20))
        except csv.Error:
            continue
        # Rows split into several fields by this delimiter; title lines
        # (one field) carry no evidence either way.
        widths = [len(r) for r in rows if len(r) > 1]
        if not widths:
            continue
        # Reward many columns that agree from row to row.
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (common - 1) * widths.count(common)
        if score > best_score:
            best, best_score = delim, score
    return best


def _take(iterable, n: int):
    for i, item in enumerate(iterable):
        if i >= n:
            break
        yield item


def _read_csv(path: Path, rel_path: str) -> list[Grid]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"không mở được tệp ({_short(exc)})") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(path, "tệp có đuôi .csv nhưng không phải văn bản CSV")
    try:
        text, notice = _decode(data)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path, f"không giải mã được nội dung ({_short(exc)})") from None
    # Excel's "sep=;" hint line names the delimiter; it is no row of the
    # table, but it is line 1 of the file, so line numbers count it.
    hint = _SEP_HINT.match(text)
    if hint:
        delimiter = hint.group(1)
        text = text[hint.end() :]
        line = 1
    else:
        delimiter = _sniff_delimiter(text)
        line = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    numbers: list[int] = []
    skipped = line
    try:
        for record in reader:
            # reader.line_num counts physical lines consumed so far; the
            # record started on the line after the previous record ended.
            numbers.append(line + 1)
            line = skipped + reader.line_num
            rows.append([value if value != "" else None for value in record])
    except csv.Error as exc:
        raise UnreadableFile(
            path, f"CSV sai cấu trúc ở dòng {reader.line_num} ({_short(exc)})"
        ) from None
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        if len(r) < width:
            r.extend([None] * (width - len(r)))
    grid = Grid(
        file=rel_path,
        sheet=path.stem,
        rows=rows,
        first_row=1,
        merged=[],
        kind="csv",
        row_numbers=numbers,
        notices=[notice] if notice else [],
    )
    return [grid]


# --- entry point -----------------------------------------------------------


def read_grids(source: SourceFile | Path, rel_path: str | None = None) -> list[Grid]:
    """Read every sheet of one export into raw grids (CSV: one grid named
    after the file stem).

    Raises :class:`UnreadableFile` for a missing, corrupt, truncated or
    password-protected file or an unknown format; library exceptions never
    escape. An empty sheet gives a Grid with no rows.
    """
    if isinstance(source, SourceFile):
        path, rel = source.path, rel_path or source.rel_path
    else:
        path = Path(source)
        rel = rel_path or path.name
    if not path.is_file():
        raise UnreadableFile(path, "tệp không tồn tại")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, rel)
    if suffix not in (".xlsx", ".xlsm", ".xls"):
        raise UnreadableFile(
            path,
            f"định dạng '{suffix or 'không có đuôi'}' không được hỗ trợ (chỉ .xlsx, .xls, .csv)",
        )
    try:
        content = _sniff(path)
    except OSError as exc:
        raise UnreadableFile(path, f"không mở được tệp ({_short(exc)})") from None
    if content == "encrypted":
        raise UnreadableFile(path, "tệp được đặt mật khẩu: hãy bỏ mật khẩu rồi lưu lại")
    if content == "html":
        raise UnreadableFile(
            path, "tệp là trang HTML mang đuôi Excel: hãy mở bằng Excel rồi lưu lại dạng .xlsx"
        )
    if content == "zip":
        return _read_workbook(path, rel, "xlsx")
    if content == "ole":
        return _read_workbook(path, rel, "xls")
    raise UnreadableFile(path, "tệp hỏng hoặc không phải bảng tính Excel")
