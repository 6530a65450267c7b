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
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline.read.cells import BIFF_ERROR_CODES, ERROR_CODES, ExcelError, column_index
from pipeline.read.limits import MB, Limits, current_limits, human_bytes
from pipeline.specs.offices import OfficeNames, load_offices
from pipeline.vi.formatting import format_number

__all__ = [
    "SourceFile",
    "Grid",
    "UnreadableInput",
    "UnreadableFile",
    "Skipped",
    "SUPPORTED_SUFFIXES",
    "discover",
    "check_layout",
    "read_grids",
]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")
TEXT_SUFFIXES = (".csv", ".txt")  # CSV, and Excel's "Unicode Text" export (UTF-16, tabs)
_YEAR_DIR = re.compile(r"\d{4}")
PASSWORD_REASON = "tệp được đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại"
RESAVE_HINT = "hãy mở bằng Excel rồi «Lưu thành» (Save As) một tệp .xlsx mới"


class UnreadableInput(Exception):
    """The raw-data folder itself is missing or unusable."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"Không đọc được thư mục dữ liệu {self.path}: {reason}")


class UnreadableFile(Exception):
    """One file cannot be read (corrupt, truncated, password-protected,
    unknown format). The message names the file in plain language."""

    def __init__(self, path: Path | str, reason: str, name: str | None = None):
        self.path = Path(path)
        self.reason = reason
        # ``name`` is the file's place under the raw folder ("2020/hdnd/x.xlsx")
        # where the reader knows it: file names repeat from year to year.
        self.name = name or self.path.name
        super().__init__(f"Không đọc được tệp {self.name}: {reason}")

    def __reduce__(self):  # picklable, so worker processes can report it
        return (type(self), (self.path, self.reason, self.name))


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
    where a quoted field may span physical lines). Empty and blank (spaces
    only) cells are None;
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


_SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}
# Spreadsheet formats the reader does not take: the office can save them again as .xlsx.
_RESAVE_SUFFIXES = {".ods", ".xlsb", ".xltx", ".xltm", ".xlt", ".numbers", ".et", ".ett", ".dbf", ".fods"}
_ARCHIVE_SUFFIXES = {".zip", ".rar", ".7z"}


@dataclass(frozen=True)
class Skipped:
    """A file under the raw folder that the run does not read, and why.

    ``group`` is the reason as the console prints it above the files it
    covers (one unknown office folder, one format…); ``unread`` is True for
    files that may hold register data (``--strict`` fails on them), False
    for Excel's lock files, hidden and system files.
    """

    path: str  # relative to the raw folder, posix separators
    kind: str  # outside | not_year | unknown_office | format | open_in_excel | hidden
    group: str
    unread: bool = True

    @property
    def message(self) -> str:
        return f"{self.path}: {self.group}"

    def __str__(self) -> str:  # the notice text
        return self.message


def _format_reason(suffix: str) -> str:
    if suffix in _RESAVE_SUFFIXES:
        return f"định dạng {suffix} không đọc được: hãy mở bằng Excel/LibreOffice và lưu lại dạng .xlsx"
    if suffix in _ARCHIVE_SUFFIXES:
        return f"tệp nén {suffix}: hãy giải nén các sổ theo dõi vào thư mục văn phòng"
    shown = suffix or "không có đuôi"
    return (
        f"không phải tệp sổ theo dõi ({shown}; chỉ đọc {', '.join(SUPPORTED_SUFFIXES)}): "
        "hãy chuyển tệp này ra khỏi thư mục dữ liệu gốc"
    )


def _spreadsheets_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _is_quiet(p.name))


def _is_quiet(name: str) -> bool:
    """Hidden and system files: never data, never named one by one."""
    return name.startswith(".") or name.lower() in _SYSTEM_FILES


def discover(raw_dir: Path, offices: OfficeNames | None = None) -> tuple[list[SourceFile], list[Skipped]]:
    """List the exports under ``raw_dir/<year>/<office>/`` (sub-folders of an
    office folder included), sorted by relative path, and every file that is
    not read, with why: files outside a year or office folder, folders that
    are no year, office folders matching no declared name, unsupported
    formats, Excel lock files (``~$…``: the workbook is open), hidden files.
    An office folder may carry a declared alias (``specs/offices.toml``)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        raise UnreadableInput(raw_dir, "thư mục không tồn tại")
    if not raw_dir.is_dir():
        raise UnreadableInput(raw_dir, "không phải là thư mục")
    offices = offices or load_offices()
    files: list[SourceFile] = []
    skipped: list[Skipped] = []

    def rel(p: Path) -> str:
        return p.relative_to(raw_dir).as_posix()

    def skip_all(folder: Path, kind: str, group: str) -> None:
        for path in _spreadsheets_under(folder):
            skipped.append(Skipped(rel(path), kind, group))

    for year_dir in sorted(raw_dir.iterdir()):
        if _is_quiet(year_dir.name):
            continue
        if not year_dir.is_dir():
            skipped.append(Skipped(rel(year_dir), "outside", _OUTSIDE_YEAR))
            continue
        if not _YEAR_DIR.fullmatch(year_dir.name):
            skip_all(year_dir, "not_year", f"thư mục «{rel(year_dir)}» không phải thư mục năm (4 chữ số): không đọc")
            continue
        year = int(year_dir.name)
        for office_dir in sorted(year_dir.iterdir()):
            if _is_quiet(office_dir.name):
                continue
            if not office_dir.is_dir():
                skipped.append(Skipped(rel(office_dir), "outside", _OUTSIDE_OFFICE.format(year=year)))
                continue
            office, by_alias = offices.office_of(office_dir.name)
            if office is None:
                skip_all(office_dir, "unknown_office", _UNKNOWN_OFFICE.format(folder=rel(office_dir), known=offices.known))
                continue
            found = _office_files(raw_dir, office_dir, year, office, skipped)
            files.extend(found)
            if by_alias and found:
                skipped.append(Skipped(
                    rel(office_dir), "alias",
                    f"thư mục được hiểu là văn phòng «{office}» (tên gọi khác; đã đọc {len(found)} tệp)",
                    unread=False,
                ))
    files.sort(key=lambda f: f.rel_path)
    return files, skipped


_OUTSIDE_YEAR = "tệp nằm ngoài thư mục năm/văn phòng: không đọc; hãy chuyển vào <năm>/<văn phòng>/, ví dụ 2020/hdnd/"
_OUTSIDE_OFFICE = (
    "tệp nằm ngay trong thư mục năm, ngoài thư mục văn phòng: không đọc; "
    "hãy chuyển vào {year}/doan-dbqh/, {year}/hdnd/ hoặc {year}/doan-dbqh-hdnd/"
)
_UNKNOWN_OFFICE = (
    "thư mục văn phòng «{folder}» không xác định (chỉ nhận {known} hoặc tên gọi khác khai báo trong "
    "offices.toml): không đọc; hãy đổi tên thư mục"
)


def _office_files(raw_dir: Path, office_dir: Path, year: int, office: str, skipped: list[Skipped]) -> list[SourceFile]:
    """The readable files of one office folder (its sub-folders too); the others go to ``skipped``."""
    files = []
    for path in sorted(office_dir.rglob("*")):
        parts = path.relative_to(office_dir).parts
        if any(_is_quiet(p) for p in parts[:-1]) or path.is_dir():
            continue  # a hidden folder and what it holds are never data
        rel = path.relative_to(raw_dir).as_posix()
        suffix = path.suffix.lower()
        if _is_quiet(path.name):
            skipped.append(Skipped(rel, "hidden", "tệp ẩn/tệp hệ thống, bỏ qua", unread=False))
        elif path.name.startswith("~$"):
            skipped.append(Skipped(
                rel, "open_in_excel",
                f"tệp khóa của Excel: «{path.name[2:]}» đang mở; số liệu lấy theo lần lưu cuối — "
                "hãy lưu và đóng Excel trước khi chạy",
                unread=False,
            ))
        elif suffix not in SUPPORTED_SUFFIXES:
            skipped.append(Skipped(rel, "format", _format_reason(suffix)))
        else:
            files.append(SourceFile(
                path=path, rel_path=rel, year=year, office=office,
                sha256=_sha256(path), size=path.stat().st_size, suffix=suffix,
            ))
    return files


def check_layout(raw_dir: Path, files: list[SourceFile], skipped: list[Skipped], offices: OfficeNames | None = None) -> None:
    """Refuse a raw folder with no register to read, saying what was expected and what was found.

    A run on such a folder would publish empty tables over the previous good
    outputs (``--raw data/raw/2020`` instead of ``--raw data/raw``).
    """
    if files:
        return
    raw_dir = Path(raw_dir)
    offices = offices or load_offices()
    children = [c for c in sorted(raw_dir.iterdir()) if not _is_quiet(c.name)]
    office_like = [c.name for c in children if c.is_dir() and offices.office_of(c.name)[0]]
    loose = [c for c in children if c.is_file()]
    if not children:
        reason = "thư mục trống: chưa có tệp nào theo cấu trúc <năm>/<văn phòng>/<tệp>"
    elif office_like:
        reason = (
            f"thư mục này chứa các thư mục văn phòng ({', '.join(office_like)}) chứ không phải thư mục năm: "
            f"hãy chỉ --raw vào thư mục cha ({raw_dir.parent})"
            if _YEAR_DIR.fullmatch(raw_dir.name)
            else f"thư mục này chứa các thư mục văn phòng ({', '.join(office_like)}) mà không có thư mục năm: "
            "hãy xếp thành <năm>/<văn phòng>/, ví dụ 2020/hdnd/"
        )
    elif loose and any(c.suffix.lower() in SUPPORTED_SUFFIXES for c in loose):
        reason = (
            "thư mục này chứa trực tiếp các tệp sổ theo dõi: cần xếp theo <năm>/<văn phòng>/, ví dụ "
            "2020/hdnd/So don thu.xlsx — hoặc hãy chỉ --raw vào thư mục gốc chứa các thư mục năm"
        )
    else:
        unread = [s for s in skipped if s.unread]
        reason = (
            "không có tệp sổ theo dõi nào đọc được theo cấu trúc <năm>/<văn phòng>/<tệp> "
            f"({', '.join(SUPPORTED_SUFFIXES)})"
        )
        if unread:
            reason += f"; {len(unread)} tệp bị bỏ qua, ví dụ {unread[0].message}"
    raise UnreadableInput(raw_dir, reason)


# --- workbooks -------------------------------------------------------------

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _sniff(path: Path) -> str:
    """What the bytes say the file is, whatever its name says: ``zip``,
    ``encrypted``, ``ole``, ``biff_old`` (Excel 2.x–4.0), ``html``, ``xml2003`` (Excel 2003 XML),
    ``text`` (a CSV/TSV export under an Excel name), ``empty`` or ``other``."""
    with path.open("rb") as fh:
        head = fh.read(8)
        if not head:
            return "empty"
        if head[:4] == _ZIP_MAGIC:
            return "zip"
        if head[0] == 0x09 and head[1] in (0x00, 0x02, 0x04) and head[3] == 0x00:
            return "biff_old"  # a BOF record of Excel 2.x, 3.0 or 4.0, outside any OLE container
        if head == _OLE_MAGIC:
            # An encrypted .xlsx is an OLE container holding "EncryptedPackage"
            # (the name is stored in UTF-16 in the directory).
            fh.seek(0)
            blob = fh.read(1 << 20)
            if "EncryptedPackage".encode("utf-16-le") in blob:
                return "encrypted"
            return "ole"
        fh.seek(0)
        sample = fh.read(1 << 16)
    start = sample
    for bom in _BOMS:
        if start.startswith(bom):
            start = start[len(bom):]
            break
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            start = sample.decode("utf-16", errors="ignore").encode("utf-8")
        except Exception:  # pragma: no cover - decode with ignore does not fail
            pass
    text = start.lstrip().lower()
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in text:
        return "xml2003"
    if text.startswith((b"<!doc", b"<html", b"<?xml", b"<table", b"<meta", b"<head", b"<body")) or (
        text.startswith(b"<") and b"<table" in text
    ):
        return "html"
    if b"\x00" not in start[:4096] and _looks_delimited(start):
        return "text"
    return "other"


def _looks_delimited(data: bytes) -> bool:
    """Text lines, most of them split by one delimiter (a web export named .xls)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is fine
        if exc.start < len(data) - 4:
            text = data.decode("cp1252", errors="replace")
        else:
            text = data[: exc.start].decode("utf-8")
    if any(ord(ch) < 9 or 13 < ord(ch) < 32 for ch in text[:4096]):
        return False
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return False
    return any(sum(1 for line in lines if delim in line) * 2 > len(lines) for delim in (";", ",", "\t"))


def _check_size(path: Path, name: str, limits: Limits) -> None:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UnreadableFile(
            path,
            f"tệp quá lớn ({human_bytes(size)}, giới hạn {human_bytes(limits.max_file_bytes)}; "
            f"đặt biến môi trường VP_MAX_FILE_MB để đổi) — file too large",
            name,
        )


_SHEET_MEMBER = re.compile(r"^xl/(?:worksheets|dialogsheets|macrosheets)/[^/]+\.xml$", re.IGNORECASE)
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_WIDE_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{2,3})\d")
_ANY_WIDE_REF = re.compile(rb'r="[A-Z]{2,3}[0-9]')  # cheap pre-check, literal-led (10x faster than \s…): any column beyond Z?


def _column_number(letters: bytes) -> int:
    return column_index(letters.decode("ascii")) + 1


def _check_zip(path: Path, name: str, limits: Limits) -> set[str]:
    """Refuse a zip bomb before calamine inflates it: first the sizes the
    central directory declares, then the bytes actually inflated (a
    directory may lie), and the cell area each worksheet reaches (one cell
    at XFD1048576 makes a dense reader allocate billions of cells).

    Returns the worksheet members that hold Excel error cells (``t="e"``),
    found in the same pass, for :func:`_xlsx_error_cells`."""
    import zipfile
    import zlib

    def refuse(reason: str) -> UnreadableFile:
        return UnreadableFile(path, reason, name)

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise refuse(f"tệp hỏng hoặc không phải bảng tính Excel ({_short(exc)}): mở thử bằng Excel; nếu mở được, {RESAVE_HINT}") from None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if any(i.flag_bits & 0x1 for i in infos):
            raise refuse(PASSWORD_REASON)
        declared = sum(i.file_size for i in infos)
        compressed = sum(i.compress_size for i in infos)
        limit_text = (
            f"giới hạn {human_bytes(limits.max_uncompressed_bytes)} khi giải nén, "
            f"tỉ lệ nén tối đa {limits.max_ratio:g}:1; biến môi trường VP_MAX_UNCOMPRESSED_MB, VP_MAX_ZIP_RATIO"
        )
        if declared > limits.max_uncompressed_bytes:
            raise refuse(
                f"tệp giải nén ra {human_bytes(declared)}, quá lớn ({limit_text}) — refused as a possible zip bomb"
            )
        ratio = declared / max(compressed, 1)
        if ratio > limits.max_ratio and declared > 10 * MB:
            raise refuse(
                f"tỉ lệ nén {ratio:.0f}:1 bất thường ({limit_text}) — refused as a possible zip bomb"
            )
        inflated = 0
        with_errors: set[str] = set()
        for info in infos:
            is_sheet = bool(_SHEET_MEMBER.match(info.filename))
            max_row = 0
            max_col = 0
            tail = b""
            member_bytes = 0
            try:
                with archive.open(info) as fh:
                    while True:
                        chunk = fh.read(1 << 20)
                        if not chunk:
                            break
                        member_bytes += len(chunk)
                        inflated += len(chunk)
                        if inflated > limits.max_uncompressed_bytes or (
                            member_bytes > 10 * MB and member_bytes > limits.max_ratio * max(info.compress_size, 1)
                        ):
                            raise refuse(
                                f"phần «{info.filename}» giải nén ra quá lớn ({limit_text}) "
                                "— refused as a possible zip bomb"
                            )
                        if is_sheet:
                            window = tail + chunk
                            # rows come in order: the last row reference of a chunk is its largest
                            last = max(window.rfind(b"<row "), window.rfind(b":row "))
                            rows = _ROW_REF.findall(window, max(last - 16, 0)) if last >= 0 else []
                            if rows:
                                max_row = max(max_row, max(int(r) for r in rows))
                            if _ANY_WIDE_REF.search(window):  # columns beyond Z are rare: scan only then
                                cols = set(_WIDE_CELL_REF.findall(window))
                                max_col = max(max_col, max(_column_number(c) for c in cols))
                            if b't="e"' in window:
                                with_errors.add(info.filename)
                            tail = chunk[-256:]
            except UnreadableFile:
                raise
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise refuse(f"tệp hỏng hoặc bị cắt cụt ({_short(exc)}): hãy chép lại tệp từ máy gốc, hoặc mở bằng Excel và lưu lại") from None
            if is_sheet and max_row:
                # columns A..Z are not scanned one by one: 26 bounds them
                cells = max_row * max(max_col, 26)
                if cells > limits.max_sheet_cells:
                    raise refuse(
                        f"một trang ({info.filename}) trải tới dòng {format_number(max_row)}, "
                        f"cột {max(max_col, 26)}: khoảng {format_number(cells)} ô, quá giới hạn "
                        f"{format_number(limits.max_sheet_cells)} ô (biến môi trường VP_MAX_SHEET_CELLS) — sheet too large"
                    )
    return with_errors


# --- Excel error cells -----------------------------------------------------
# calamine gives '' for an error cell, the same as an empty one: a #DIV/0! in a
# count would become 0. The errors are read from the file itself: the sheet XML
# of an .xlsx (``<c t="e">``), the BIFF records of an .xls.

ErrorCells = dict[str, list[tuple[int, int, str]]]
"""sheet name → [(row index, column index, '#DIV/0!')], 0-based like Grid.rows."""

_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>', re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _xlsx_sheet_members(archive) -> dict[str, str]:
    """Worksheet member path ('xl/worksheets/sheet1.xml') → sheet name, from workbook.xml and its rels."""
    import posixpath
    import xml.etree.ElementTree as ET

    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
    members = {}
    for el in ET.fromstring(archive.read("xl/workbook.xml")).iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                members[targets[rid]] = el.get("name")
    return members


def _xlsx_error_cells(path: Path, members: set[str]) -> ErrorCells:
    """The error cells of the worksheets named (those the zip scan saw ``t="e"`` in)."""
    import zipfile

    if not members:
        return {}
    found: ErrorCells = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = _xlsx_sheet_members(archive)
            for member in sorted(members):
                cells = []
                for attrs, body in _ERROR_CELL.findall(archive.read(member)):
                    ref = _CELL_REF.search(attrs)
                    value = _CELL_VALUE.search(body)
                    # vm="…" is a rich value (a picture placed in the cell), stored as #VALUE! for old readers
                    if b't="e"' in attrs and b" vm=" not in attrs and ref and value:
                        code = value.group(1).decode("utf-8", "replace")
                        cells.append((int(ref.group(2)) - 1, column_index(ref.group(1).decode()), code))
                if cells and member in names:
                    found[names[member]] = cells
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, SyntaxError):
        return found  # an odd workbook layout: calamine's reading stands, errors unseen
    return found


_BIFF_BOF, _BIFF_EOF, _BIFF_BOUNDSHEET, _BIFF_FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_BIFF_BOOLERR, _BIFF_FORMULA = 0x0205, 0x0006


def _xls_scan(path: Path) -> tuple[bool, ErrorCells]:
    """(password-protected?, error cells) of a legacy .xls, from its BIFF records.

    BOOLERR records with the error flag and FORMULA records whose cached
    result is an error; FILEPASS in the workbook globals means encrypted.
    """
    import struct

    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            if stream is None:
                return False, {}
            data = ole.openstream(stream).read()
    except (OSError, ValueError, struct.error, IndexError):
        return False, {}
    sheets: dict[int, str] = {}  # offset of the sheet's BOF → name
    found: ErrorCells = {}
    current: str | None = None
    pos, n = 0, len(data)
    while pos + 4 <= n:
        rtype, length = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4 : pos + 4 + length]
        if rtype == _BIFF_FILEPASS and current is None:
            return True, {}
        if rtype == _BIFF_BOUNDSHEET and len(body) >= 8:
            sheets[struct.unpack_from("<I", body)[0]] = _biff_sheet_name(body[6:])
        elif rtype == _BIFF_BOF and pos in sheets:
            current = sheets[pos]
        elif current is not None and rtype == _BIFF_BOOLERR and len(body) >= 8 and body[7] == 1:
            row, col = struct.unpack_from("<HH", body)
            found.setdefault(current, []).append((row, col, BIFF_ERROR_CODES.get(body[6], "#N/A")))
        elif current is not None and rtype == _BIFF_FORMULA and len(body) >= 14:
            if body[6] == 0x02 and body[12:14] == b"\xff\xff":
                row, col = struct.unpack_from("<HH", body)
                found.setdefault(current, []).append((row, col, BIFF_ERROR_CODES.get(body[8], "#N/A")))
        pos += 4 + length
    return False, found


def _biff_sheet_name(raw: bytes) -> str:
    """A BOUNDSHEET name: BIFF8 ShortXLUnicodeString (count, flags, chars)."""
    count = raw[0] if raw else 0
    if len(raw) >= 2 and raw[1] & 0x01:
        return raw[2 : 2 + 2 * count].decode("utf-16-le", "replace")
    return raw[2 : 2 + count].decode("latin-1")


def _place_errors(rows: list[list[Any]], cells: list[tuple[int, int, str]]) -> None:
    """Put each error cell's ExcelError where calamine left a blank (growing rows that stop short)."""
    for r, c, code in cells:
        while len(rows) <= r:
            rows.append([])
        row = rows[r]
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        if row[c] is None:
            row[c] = ExcelError(code)


def _empty_grid(rel_path: str, name: str, kind: str, visible: bool, notice: str) -> Grid:
    """A sheet without cells to read, carrying the notice that says why."""
    return Grid(file=rel_path, sheet=name, rows=[], kind=kind, visible=visible, notices=[notice])


def _clean_cell(v: Any) -> Any:
    if v == "" or v is None:
        return None
    if type(v) is float and v.is_integer():
        # Excel stores every number as a float; 3.0 is the count 3.
        return int(v)
    return v




def _open_failure(exc: Exception, kind: str) -> str:
    """What to tell the user when calamine cannot open a file that looks like a workbook."""
    text = _short(exc)
    if "password" in text.lower() or "encrypt" in text.lower():
        return PASSWORD_REASON
    return f"tệp Excel không đọc được ({text}): tệp hỏng, hoặc Excel mở được nhưng bộ đọc thì không — {RESAVE_HINT}"


def _read_workbook(
    path: Path, rel_path: str, kind: Literal["xlsx", "xls"], limits: Limits | None = None,
    error_members: set[str] = frozenset(),
) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    limits = limits or current_limits()
    if kind == "xls":
        encrypted, errors = _xls_scan(path)
        if encrypted:
            raise UnreadableFile(path, PASSWORD_REASON, rel_path)
    else:
        errors = _xlsx_error_cells(path, set(error_members))
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
        raise UnreadableFile(path, _open_failure(exc, kind), rel_path) from None
    try:
        grids = _workbook_grids(workbook, rel_path, kind, limits, errors)
    except UnreadableFile as exc:
        raise UnreadableFile(path, exc.reason, rel_path) from None
    finally:
        try:
            workbook.close()  # release the file handle at once
        except Exception:
            pass
    if not any(g.rows for g in grids):
        damaged = [n for g in grids for n in g.notices if n.startswith("không đọc được")]
        if damaged:
            reason = "; ".join(damaged)
        elif grids:
            reason = "bảng tính trống: không trang nào có dữ liệu — empty workbook"
        else:
            reason = "bảng tính không có trang nào — empty workbook"
        raise UnreadableFile(path, reason, rel_path)
    return grids


def _workbook_grids(
    workbook: Any, rel_path: str, kind: Literal["xlsx", "xls"], limits: Limits | None = None,
    errors: ErrorCells | None = None,
) -> list[Grid]:
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
            grids.append(_empty_grid(rel_path, name, kind, visible, f"trang '{name}' không phải bảng dữ liệu (biểu đồ/macro)"))
            continue
        try:
            sheet = workbook.get_sheet_by_name(name)
            cells = sheet.total_height * sheet.total_width
            if limits is not None and cells > limits.max_sheet_cells:
                raise _SheetTooLarge(cells)
            raw_rows = sheet.to_python(skip_empty_area=False)
            merged_raw = sheet.merged_cell_ranges or []
        except _SheetTooLarge as big:
            raise UnreadableFile(
                rel_path,
                f"trang '{name}' có {format_number(big.cells)} ô, quá giới hạn "
                f"{format_number(limits.max_sheet_cells)} ô (biến môi trường VP_MAX_SHEET_CELLS) — sheet too large",
                rel_path,
            ) from None
        except Exception as exc:
            # One damaged sheet should not hide the others: an empty grid
            # with a notice, which the pipeline reports like any other sheet.
            grids.append(_empty_grid(rel_path, name, kind, visible, f"không đọc được trang '{name}' (có thể bị hỏng: {_short(exc)})"))
            continue
        # inlined _clean_cell: this runs once per cell of every workbook
        rows = [
            [
                None if v == "" or (type(v) is str and v.isspace())
                else (int(v) if type(v) is float and v.is_integer() else v)
                for v in row
            ]
            for row in raw_rows
        ]
        if errors and name in errors:
            _place_errors(rows, errors[name])  # before the emptiness test: a sheet of errors is not empty
        width = max((len(r) for r in rows), default=0)
        notices = []
        if not any(v is not None for r in rows for v in r):
            rows = []
            merged_raw = []
            notices.append(f"trang '{name}' trống, bỏ qua — empty sheet")
        merged: list[tuple[int, int, int, int]] = []
        reach = max(((r1 + 1) * (c1 + 1) for (_r0, _c0), (r1, c1) in merged_raw), default=0)
        if limits is not None and reach > limits.max_sheet_cells:
            raise UnreadableFile(
                rel_path,
                f"trang '{name}' có vùng gộp ô trải tới {format_number(reach)} ô, quá giới hạn "
                f"{format_number(limits.max_sheet_cells)} ô (biến môi trường VP_MAX_SHEET_CELLS) — sheet too large",
                rel_path,
            )
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
                merged=merged if rows else [],
                kind=kind,
                visible=visible,
                notices=notices,
            )
        )
    return grids


class _SheetTooLarge(Exception):
    def __init__(self, cells: int):
        self.cells = cells


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


# --- CSV -------------------------------------------------------------------


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_RESAVE = "hãy mở bằng Excel và lưu lại dạng «CSV UTF-8»"
_SINGLE_BYTE_NOTICES = {
    "cp1258": "tệp mã hóa Windows-1258 (bảng mã tiếng Việt của Windows), đã đọc được",
    "cp1252": "tệp mã hóa Windows-1252 với chữ gõ bằng phông cũ (VNI/TCVN3): đã đọc, chữ được chuyển theo từng sheet",
}


class _Undecodable(Exception):
    """The bytes say no encoding we can trust; ``args[0]`` is the reason in Vietnamese."""


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode(data: bytes) -> tuple[str, str | None]:
    """Text in NFC and a notice when it was not UTF-8, the encoding chosen by the bytes.

    A BOM says UTF-8 or UTF-16 (then nothing else is tried). Without one, bytes
    that are valid UTF-8 are UTF-8: Windows-1258 Vietnamese has its letters as
    lone bytes above 127 between ASCII ones, which UTF-8 never allows. Bytes
    mostly UTF-8 with a few that are not are a damaged or mixed file, not
    another encoding. Otherwise
    :func:`pipeline.vi.legacy_text.guess_single_byte_encoding` chooses Windows-1258
    or Windows-1252 by what the words become. Raises :class:`_Undecodable`.
    """
    from pipeline.vi.legacy_text import guess_single_byte_encoding

    notice = None
    if data.startswith(_UTF32_BOMS):
        text = _strict(data, "utf-32", "có dấu BOM UTF-32 nhưng nội dung bị hỏng")
        notice = "tệp mã hóa UTF-32, đã đọc được"
    elif data.startswith(_UTF8_BOM):
        text = _strict(data, "utf-8-sig", "có dấu BOM UTF-8 nhưng nội dung không phải UTF-8")
    elif data.startswith(_UTF16_BOMS):
        text = _strict(data, "utf-16", "có dấu BOM UTF-16 nhưng nội dung bị hỏng")
        notice = "tệp mã hóa UTF-16 (kiểu «Unicode Text» của Excel), đã đọc được"
    elif b"\x00" in data:
        raise _Undecodable(f"có byte 0 (NUL) mà không có dấu BOM UTF-16: không phải văn bản CSV; {_RESAVE}")
    elif b"\x1b" in data:
        # ISO-2022 (Japanese, Korean) switches character sets with ESC sequences in ASCII bytes
        raise _Undecodable(f"có ký tự điều khiển ESC (bảng mã ISO-2022?), không phải văn bản CSV; {_RESAVE}")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            high = sum(1 for b in data if b >= 0x80)
            in_utf8 = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
            if in_utf8 * 2 >= high:
                raise _Undecodable(
                    f"phần lớn là UTF-8 nhưng có byte lỗi ở dòng {_line_of(data, exc.start)} "
                    f"(tệp hỏng hoặc ghép từ hai bảng mã); {_RESAVE}"
                ) from None
            encoding = guess_single_byte_encoding(data)
            if encoding is None:
                raise _Undecodable(
                    "không xác định được bảng mã (không phải UTF-8, UTF-16 hay Windows-1258, "
                    f"chữ cũng không đọc ra tiếng Việt); {_RESAVE}"
                ) from None
            text = _strict(data, encoding, f"có byte không thuộc bảng mã {encoding}")
            notice = _SINGLE_BYTE_NOTICES[encoding]
    return unicodedata.normalize("NFC", text), notice


def _strict(data: bytes, encoding: str, reason: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _Undecodable(f"{reason} (dòng {_line_of(data, exc.start)}); {_RESAVE}") from None


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


_ERROR_TEXTS = {code: ExcelError(code) for code in ERROR_CODES}


def _csv_value(value: str) -> Any:
    """One CSV field: blank → None; an Excel error as Excel writes it into a CSV ('#DIV/0!') → ExcelError."""
    if not value or value.isspace():
        return None
    return _ERROR_TEXTS.get(value, value)


def _read_csv(path: Path, rel_path: str) -> list[Grid]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"không mở được tệp ({_short(exc)})") from None
    if b"\x00" in data[:4096] and not data.startswith(_UTF16_BOMS + _UTF32_BOMS):
        raise UnreadableFile(
            path,
            f"tệp có đuôi {path.suffix.lower()} nhưng không phải văn bản CSV (có byte 0: tệp nhị phân, "
            f"hoặc UTF-16 không có dấu BOM); {_RESAVE}",
        )
    try:
        text, notice = _decode(data)
    except _Undecodable as exc:
        raise UnreadableFile(path, exc.args[0]) from None
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
            rows.append([_csv_value(value) for value in record])
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


def read_grids(
    source: SourceFile | Path, rel_path: str | None = None, *, limits: Limits | None = None
) -> list[Grid]:
    """Read every sheet of one export into raw grids (CSV: one grid named
    after the file stem).

    Raises :class:`UnreadableFile`, its message naming the file (its place
    under the raw folder when known), for a missing, empty, corrupt,
    truncated or password-protected file, an HTML page saved as .xls, an
    unknown format, or a file beyond the size limits of
    :mod:`pipeline.read.limits` (checked before any library inflates it); library
    exceptions never escape. A CSV/TSV export saved under an Excel name is
    read as CSV, with a notice. An empty sheet gives a Grid with no rows and
    a notice; a workbook with no data at all is refused.
    """
    if isinstance(source, SourceFile):
        path, rel = source.path, rel_path or source.rel_path
    else:
        path = Path(source)
        rel = rel_path or path.name
    limits = limits or current_limits()
    try:
        return _read_any(path, rel, limits)
    except UnreadableFile as exc:
        if exc.name != rel:
            raise UnreadableFile(path, exc.reason, rel) from None
        raise
    except MemoryError:
        raise UnreadableFile(path, "tệp quá lớn, không đủ bộ nhớ để đọc — file too large", rel) from None


def _read_any(path: Path, rel: str, limits: Limits) -> list[Grid]:
    if not path.is_file():
        raise UnreadableFile(path, "tệp không tồn tại", rel)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(
            path,
            f"định dạng '{suffix or 'không có đuôi'}' không được hỗ trợ (chỉ {', '.join(SUPPORTED_SUFFIXES)})"
            + (f": {RESAVE_HINT}" if suffix in _RESAVE_SUFFIXES else ""),
            rel,
        )
    try:
        _check_size(path, rel, limits)
        if suffix in TEXT_SUFFIXES:
            if path.stat().st_size == 0:
                raise UnreadableFile(path, "tệp trống (0 byte) — empty file", rel)
            return _read_csv(path, rel)
        content = _sniff(path)
    except OSError as exc:
        raise UnreadableFile(path, f"không mở được tệp ({_short(exc)})", rel) from None
    if content == "empty":
        raise UnreadableFile(path, "tệp trống (0 byte): tệp hỏng hoặc chưa lưu xong — empty file", rel)
    if content == "encrypted":
        raise UnreadableFile(path, PASSWORD_REASON, rel)
    if content == "biff_old":
        raise UnreadableFile(path, f"tệp Excel đời cũ (Excel 2.x–4.0, trước năm 1995), không đọc được: {RESAVE_HINT}", rel)
    if content == "html":
        raise UnreadableFile(
            path, "tệp là trang HTML mang đuôi Excel: hãy mở bằng Excel rồi lưu lại dạng .xlsx", rel
        )
    if content == "xml2003":
        raise UnreadableFile(
            path,
            "tệp là bảng tính XML 2003 mang đuôi Excel: hãy mở bằng Excel rồi lưu lại dạng .xlsx",
            rel,
        )
    if content == "text":
        grids = _read_csv(path, rel)
        for grid in grids:
            grid.notices.insert(
                0, f"tệp mang đuôi {suffix} nhưng thực chất là văn bản CSV: đã đọc như CSV"
            )
        return grids
    if content == "zip":
        error_members = _check_zip(path, rel, limits)
        return _read_workbook(path, rel, "xlsx", limits, error_members)
    if content == "ole":
        return _read_workbook(path, rel, "xls", limits)
    raise UnreadableFile(path, f"tệp hỏng hoặc không phải bảng tính Excel: mở thử bằng Excel; nếu mở được, {RESAVE_HINT}", rel)
