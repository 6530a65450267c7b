"""Cell values that are neither text, number, date nor blank.

An Excel error cell (``#DIV/0!``, ``#N/A``, ``#REF!`` …) is the result of a
formula that failed. Read as a blank it would silently become 0 in a sum, so
the reader puts an :class:`ExcelError` in the grid and cleaning decides: a
column the record needs rejects the row naming the error; elsewhere a notice
names the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
               "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
"""Every error value Excel writes into a cell (a CSV export writes them as this text)."""

BIFF_ERROR_CODES = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
                    0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
"""Error codes as a legacy .xls (BIFF8) stores them."""


@dataclass(frozen=True)
class ExcelError:
    """The error value of one cell, as Excel shows it (``#DIV/0!``)."""

    code: str

    def __str__(self) -> str:
        return self.code

    @property
    def reason_vi(self) -> str:
        return (f"ô lỗi công thức Excel ({self.code}): sửa công thức trong tệp (hoặc nhập giá trị) "
                "rồi chạy lại")


def column_letters(index: int) -> str:
    """0 → 'A', 27 → 'AB' (the column as Excel names it)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' → 0, 'AB' → 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1
