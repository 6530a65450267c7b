"""The rows of the result table: status words, columns, and how a row quotes the text.

Scripts read these status words and columns: keep them.
"""

from __future__ import annotations

import re

from pipeline.report.figures import Figure

STATUS_MATCH = "khớp"
STATUS_MISMATCH = "lệch"
STATUS_UNLINKED = "không liên kết được"
STATUS_MALFORMED = "sai định dạng"
STATUS_INTERNAL = "mâu thuẫn nội bộ"
STATUSES = (STATUS_MATCH, STATUS_MISMATCH, STATUS_UNLINKED, STATUS_MALFORMED, STATUS_INTERNAL)

RESULT_COLUMNS = [
    "body", "quote", "printed", "value", "indicator", "computed", "base_computed",
    "status", "expected_printed", "expected_sentence", "note", "row_type", "kind", "offset",
    "role", "unit", "check",
]


ROLE_LABELS = {
    "count": "số đếm", "share": "tỷ lệ", "difference": "chênh lệch", "pct_change": "% thay đổi",
    "same_period": "số cùng kỳ", "remainder": "số còn lại", "pair": "cặp số",
}


def read_as(fig: Figure) -> str:
    """'Đọc là: cặp số (lượt người)' — how the checker read a figure, for the notes."""
    label = ROLE_LABELS.get(fig.role, fig.role)
    if fig.pair_kind == "ratio":
        label = "số đã thực hiện / tổng số"
    return f"Đọc là: {label}" + (f" ({fig.unit})" if fig.unit and fig.unit != "%" else "")


def short(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(fig: Figure) -> str:
    """The clause around a figure, trimmed to ~220 characters around the number."""
    if len(fig.clause) <= 220:
        return short(fig.clause)
    pos = fig.sentence.find(fig.printed)
    lo = max(0, pos - 120)
    return short(("…" if lo else "") + fig.sentence[lo: lo + 218])


def figure_row(fig: Figure) -> dict:
    return dict(
        body=fig.body, quote=quote(fig), printed=fig.printed, value=fig.value, indicator=fig.indicator,
        computed=None, base_computed=None, status=STATUS_UNLINKED, expected_printed="", expected_sentence="",
        note="", row_type="figure", kind=fig.kind, offset=fig.offset, role=fig.role, unit=fig.unit, check="",
    )


def internal_row(anchor: Figure | None, check: str, status: str, printed: str, value, expected: str, note: str,
                 indicator: str | None = None, sentence: str = "", offset: int | None = None) -> dict:
    return dict(
        body=anchor.body if anchor is not None else None,
        quote=short(sentence or (anchor.sentence if anchor is not None else ""), 300),
        printed=printed, value=value, indicator=indicator, computed=None, base_computed=None,
        status=status, expected_printed=expected, expected_sentence="", note=note,
        row_type="internal", kind="internal",
        offset=offset if offset is not None else (anchor.offset if anchor is not None else -1),
        role=anchor.role if anchor is not None else "", unit=anchor.unit if anchor is not None else "",
        check=check,
    )
