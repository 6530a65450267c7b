"""Sheet grid + located header → register records, rejects, totals checks.

Pure functions: nothing here reads or writes files. Every Vietnamese parsing
rule lives in :mod:`pipeline.parsing` and :mod:`pipeline.text`; this module
applies them column by column (values repeat a lot, so each distinct raw
value is parsed once per column) and keeps the row accounting:

    rows read = accepted + rejected + total rows + blank rows + signature/ignored rows
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pipeline import parsing
from pipeline.cells import ExcelError, column_letters
from pipeline.locate import ColumnMatch, Located
from pipeline.schema import Column, Register, Schema
from pipeline.text import fold, nfc

TOTAL_LABELS = {"tong cong", "cong", "tong so", "tong"}
NUMERIC_TYPES = ("whole", "money")
"""Column types whose values are added up: a formula error there is never read as blank (0)."""
_SIGNATURE_TITLES = re.compile(
    r"^(nguoi lap bieu|nguoi lap|nguoi ghi so|thu truong don vi|thu truong co quan|"
    r"(pho )?chanh van phong|(kt|tl|tm|ttl|q)\s*\.|lanh dao van phong|xac nhan cua|giam doc|truong phong|"
    r"noi nhan\s*:|(pho )?truong ban\b|(pho )?chu tich\b|nguoi kiem tra|ke toan truong)"
)
_CATEGORY_PEOPLE = re.compile(r"^(?P<cat>.*?)\s*[/:]\s*(?P<n>\d+)\s*(nguoi)?\s*$")


@dataclass
class SheetResult:
    register: str
    file: str
    sheet: str
    records: pd.DataFrame
    rejects: list[dict] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)
    accounting: dict = field(default_factory=dict)
    sheet_body: str | None = None
    body_scope: tuple[str, ...] = ()


# --------------------------------------------------------------------------- body words


_BODY_CACHE: dict[tuple[int, str], str | None] = {}


def body_from_text(text: Any, schema: Schema) -> str | None:
    """'Thường trực HĐND' → 'hdnd'; 'Đoàn ĐBQH' → 'doan-dbqh'; both or neither → None.

    Whole words, any case, with or without diacritics (contract §5).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    key = (id(schema), text)
    if key not in _BODY_CACHE:
        _BODY_CACHE[key] = _body_from_text(text, schema)
    return _BODY_CACHE[key]


def _body_from_text(text: str, schema: Schema) -> str | None:
    folded = " " + re.sub(r"[^a-z0-9]+", " ", fold(text)) + " "
    found = set()
    for body, words in schema.body_words.items():
        for word in words:
            key = " " + re.sub(r"[^a-z0-9]+", " ", fold(word)).strip() + " "
            if key in folded:
                found.add(body)
                break
    return found.pop() if len(found) == 1 else None


def is_total_label(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    key = fold(value).rstrip(":").strip()
    return key in TOTAL_LABELS


def is_signature_marker(value: Any) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    if parsing.is_place_date_line(value):
        return True
    return bool(_SIGNATURE_TITLES.match(fold(value)))


# --------------------------------------------------------------------------- cell parsers


def _text_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    text = nfc(str(value))
    return text or None


def _category_people(matcher):
    def parse(value: Any):
        text = _text_value(value)
        if text is None:
            return (None, None)
        m = _CATEGORY_PEOPLE.match(fold(text))
        if m:
            # keep the original spelling of the category part for the matcher
            head = re.split(r"[/:]", text)[0]
            return (matcher.match(head) if head.strip() else None, int(m.group("n")))
        return (matcher.match(text), None)

    return parse


VALUE_PARSERS: dict[str, Callable[[Any], Any]] = {
    "date": parsing.parse_date,
    "whole": parsing.parse_whole_number,
    "money": parsing.parse_money,
    "session": parsing.parse_session,
    "round": parsing.parse_round,
    "district": parsing.normalise_district,
    "flag": parsing.parse_plan_flag,
    "presence": parsing.result_present,
}
"""Column type → parser; text, symbol, body and pii columns are kept as (NFC) text."""


def cell_parser(column: Column, schema: Schema) -> Callable[[Any], Any]:
    """The parser of a declared column type; raises parsing.ParseError on a bad value."""
    if column.type in ("category", "category_people"):
        matcher = parsing.CategoryMatcher(schema.variants(column.categories), column.categories)
        return matcher.match if column.type == "category" else _category_people(matcher)
    return VALUE_PARSERS.get(column.type, _text_value)


# --------------------------------------------------------------------------- derivations

_SYMBOL_YEAR = re.compile(r"/\s*(?:19|20)\d{2}\s*/")


def _resolution_kind_from_symbol(frame: pd.DataFrame, schema: Schema, register: Register) -> pd.Series:
    """Blank Loại: a symbol with a year segment (12/2020/NQ-HĐND) is normative."""
    symbols = frame["symbol"].astype("string").fillna("")
    return symbols.str.contains(_SYMBOL_YEAR).map({True: "normative", False: "individual"})


def _award_target_from_name(frame: pd.DataFrame, schema: Schema, register: Register) -> pd.Series:
    """Blank Đối tượng: collective when the name or the title starts 'Tập thể'.

    The title is already a category code here, so its Vietnamese label is read
    ('advanced_collective' → 'Tập thể lao động tiên tiến').
    """
    def starts_collective(texts: pd.Series) -> pd.Series:
        return texts.map(lambda s: isinstance(s, str) and fold(s).startswith("tap the"))

    title_set = register.column("title").categories
    title_labels = frame["title"].map(lambda code: schema.label(title_set, code) if isinstance(code, str) else None)
    collective = starts_collective(frame["name"]) | starts_collective(title_labels)
    return collective.map({True: "collective", False: "individual"})


DERIVATIONS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "resolution_kind_from_symbol": _resolution_kind_from_symbol,
    "award_target_from_name": _award_target_from_name,
}


# --------------------------------------------------------------------------- sheet cleaning


def _fill_merged(rows: list[list[Any]], merged, located: Located, register: Register) -> list[list[Any]]:
    """Spread real merged ranges down their block (not counts: those stay on the first row)."""
    first_only = {c.key for c in register.columns if c.merged_fill == "first"}
    col_of = {m.index: m for m in located.columns}
    filled = rows
    copied = False
    for r0, c0, r1, _c1 in merged:
        if r1 <= r0 or r0 < located.data_start:
            continue
        match = col_of.get(c0)
        if match is None or match.key in first_only or match.mark_code is not None:
            continue
        if not copied:
            filled = [list(r) for r in rows]
            copied = True
        value = filled[r0][c0] if c0 < len(filled[r0]) else None
        for r in range(r0 + 1, min(r1, len(filled) - 1) + 1):
            row = filled[r]
            if len(row) <= c0:
                row.extend([None] * (c0 + 1 - len(row)))
            row[c0] = value
    return filled


def _normalise_rows(rows: list[list[Any]]) -> list[list[Any]]:
    """Rectangular rows with blank text as None, so every later cell access is plain indexing."""
    width = max((len(r) for r in rows), default=0)
    return [
        [None if (type(v) is str and not v.strip()) else v for v in r] + [None] * (width - len(r))
        for r in rows
    ]


def _cell(row: list[Any], index: int) -> Any:
    return row[index]


def clean_sheet(
    rows: list[list[Any]],
    merged,
    row_numbers: list[int],
    located: Located,
    schema: Schema,
    *,
    file: str,
    sheet: str,
    folder_year: int,
    office: str,
    office_bodies: tuple[str, ...],
    normalised: bool = False,
) -> SheetResult:
    """Turn the data rows under a located header into typed records.

    Adds the columns ``_file, _sheet, _row`` (Excel row as shown), ``office``,
    ``year`` and ``body`` to the register's keys. Rows that cannot be read go
    to rejects with the Excel row number and the header text as written.
    """
    register = schema.registers[located.register]
    # rows from read.Grid are already rectangular with blank cells as None (``normalised``)
    rows = _fill_merged(rows if normalised else _normalise_rows(rows), merged, located, register)
    plain = [m for m in located.columns if m.mark_code is None]
    marks_by_key: dict[str, list[ColumnMatch]] = {}
    for m in located.columns:
        if m.mark_code is not None:
            marks_by_key.setdefault(m.key, []).append(m)
    plain_keys = {m.key for m in plain}
    required = [k for k in register.required_keys]
    req_idx = [m.index for m in plain if m.key in required]
    req_marks = [m.index for k in required if k not in plain_keys for m in marks_by_key.get(k, [])]

    result = SheetResult(register.name, file, sheet, pd.DataFrame())
    notices = result.notices
    counts = {"rows_read": 0, "accepted": 0, "rejected": 0, "total_rows": 0, "blank_rows": 0, "ignored_rows": 0}

    record_rows: list[int] = []
    total_rows: list[tuple[int, str]] = []
    end = len(rows)
    # which cells hold anything, computed in one vectorised pass (sheets run to thousands of rows)
    body_rows = rows[located.data_start:]
    cells = np.empty((len(body_rows), len(rows[0]) if rows else 0), dtype=object)
    if body_rows:
        cells[:] = body_rows
    filled = np.not_equal(cells, None)
    nonempty = filled.any(axis=1).tolist()
    required_filled = filled[:, req_idx].sum(axis=1).tolist() if req_idx else [0] * len(body_rows)
    for k, row in enumerate(body_rows):
        i = located.data_start + k
        if not nonempty[k]:
            continue  # fully empty rows are not counted as read
        # a signature row holds no required field besides, possibly, the marker cell itself
        if required_filled[k] <= 1:
            markers = [j for j, v in enumerate(row) if is_signature_marker(v)]
            if markers:
                others = [j for j in req_idx if j not in markers and row[j] is not None]
                if not others and not any(parsing.is_mark(row[j]) for j in req_marks):
                    end = i
                    break
        first = next((v for v in row[:3] if v is not None), None)
        if type(first) is str and is_total_label(first):
            total_rows.append((i, fold(first).rstrip(":").strip()))
            continue
        if not required_filled[k] and not any(parsing.is_mark(row[j]) for j in req_marks):
            counts["blank_rows"] += 1
            continue
        record_rows.append(i)
    for i in range(end, len(rows)):
        if any(_cell(rows[i], j) is not None for j in range(len(rows[i]))):
            counts["ignored_rows"] += 1
    counts["total_rows"] = len(total_rows)
    counts["rows_read"] = len(record_rows) + counts["total_rows"] + counts["blank_rows"] + counts["ignored_rows"]

    def excel_row(i: int) -> int:
        return row_numbers[i]

    bad: dict[int, list[dict]] = {}
    errored: set[tuple[int, str]] = set()

    personal = {c.key for c in register.columns if c.pii or c.scrub}

    def reject(i: int, header: str, value: Any, reason: str, key: str | None = None) -> None:
        if key is not None:
            errored.add((i, key))
            if key in personal and value is not None and not isinstance(value, ExcelError):
                value = "***"  # a reject names the cell, never shows a citizen's data
        bad.setdefault(i, []).append(
            {"file": file, "sheet": sheet, "row": excel_row(i), "column": header,
             "value": "" if value is None else str(value), "reason": reason}
        )

    data: dict[str, list[Any]] = {}
    unknown_optional: dict[tuple[str, str], int] = {}
    blanked_errors: dict[str, list[str]] = {}  # header → cells whose formula error is read as blank
    for m in plain:
        column = register.column(m.key)
        parse = cell_parser(column, schema)
        raws = [rows[i][m.index] for i in record_rows]
        # each distinct raw value is parsed once (dates, categories and districts repeat a lot)
        parsed: dict[Any, tuple[bool, Any]] = {}
        for raw in set(raws):
            if raw is None:
                continue
            if isinstance(raw, ExcelError):
                parsed[raw] = (False, raw.reason_vi)
                continue
            try:
                parsed[raw] = (True, parse(raw))
            except parsing.ParseError as exc:
                parsed[raw] = (False, str(exc))
        needs_value = column.required or column.type in NUMERIC_TYPES
        blank = False if column.type == "presence" else None
        if all(ok for ok, _ in parsed.values()):
            out = [blank if raw is None else parsed[raw][1] for raw in raws]
            data[m.key] = out
            continue
        out = []
        for i, raw in zip(record_rows, raws):
            if raw is None:
                out.append(blank)
                continue
            ok, value = parsed[raw]
            if ok:
                out.append(value)
            elif isinstance(raw, ExcelError) and not needs_value:
                # a failed formula in a column no figure adds up: blank, but the cell is named
                blanked_errors.setdefault(m.header, []).append(f"{column_letters(m.index)}{excel_row(i)} {raw.code}")
                out.append(blank)
            elif column.type == "category" and not column.required:
                # unknown value in an optional category: kept as written, listed in a notice
                text = _text_value(raw)
                unknown_optional[(m.header, text)] = unknown_optional.get((m.header, text), 0) + 1
                out.append(text)
            else:
                reject(i, m.header, raw, value, m.key)
                out.append(None)
        data[m.key] = out
    for key, subs in marks_by_key.items():
        if key in plain_keys:
            continue
        out = []
        header = register.column(key).header
        for i in record_rows:
            chosen = [s.mark_code for s in subs if parsing.is_mark(_cell(rows[i], s.index))]
            if len(chosen) == 1:
                out.append(chosen[0])
            else:
                shown = ", ".join(f"{s.header}={_cell(rows[i], s.index) or ''}" for s in subs)
                reason = "không có ô nào được đánh dấu" if not chosen else f"đánh dấu {len(chosen)} ô, chỉ được một"
                reject(i, header, shown, reason, key)
                out.append(None)
        data[key] = out
    for header, cells in blanked_errors.items():
        notices.append(_notice("warning", file, sheet,
            f"Cột «{header}»: {len(cells)} ô lỗi công thức Excel, coi như trống ({', '.join(cells[:10])}"
            + (" …" if len(cells) > 10 else "") + "): sửa công thức trong tệp rồi chạy lại."))
    for (header, text), n in unknown_optional.items():
        notices.append(_notice("info", file, sheet, f"Cột «{header}»: giá trị ngoài danh mục «{text}» ({n} dòng), giữ nguyên như ghi."))

    # combined "Phân loại đơn/Số người" fills two keys
    for col in register.columns:
        if col.type == "category_people" and col.key in data:
            pairs = data.pop(col.key)
            for pos, target in enumerate(col.targets):
                values = [p[pos] if isinstance(p, tuple) else None for p in pairs]
                if target in data:
                    data[target] = [a if a is not None else b for a, b in zip(data[target], values)]
                else:
                    data[target] = values

    # a merged count belongs to its block's first row: the other rows of the block are not "missing"
    merge_covered: set[tuple[int, str]] = set()
    col_key = {m.index: m.key for m in plain}
    for r0, c0, r1, _c1 in merged:
        if r1 > r0 and c0 in col_key:
            merge_covered.update((r, col_key[c0]) for r in range(r0 + 1, r1 + 1))

    # required fields present (after defaults)
    for key in required:
        column = register.column(key)
        values = data.get(key)
        header = next((m.header for m in plain if m.key == key), column.header)
        if values is None:
            continue
        excused = [
            any(data.get(other, [None] * len(record_rows))[pos] in codes for other, codes in column.blank_when)
            for pos in range(len(record_rows))
        ]
        for pos, i in enumerate(record_rows):
            if excused[pos]:
                continue
            if values[pos] is None and column.default is None and (i, key) not in merge_covered and (i, key) not in errored:
                reject(i, header, None, f"thiếu giá trị bắt buộc ở cột «{header}»")

    # object columns: values are already typed by the parsers; no costly string-dtype inference
    frame = pd.DataFrame(data, index=pd.RangeIndex(len(record_rows)), dtype=object)
    frame.insert(0, "_row", [excel_row(i) for i in record_rows])
    frame.insert(0, "_sheet", sheet)
    frame.insert(0, "_file", file)
    frame["_grid_index"] = record_rows

    # defaults and derivations
    for column in register.columns:
        if column.key not in frame.columns:
            if column.targets:
                continue
            frame[column.key] = None
        if column.default is not None:
            frame[column.key] = frame[column.key].where(frame[column.key].notna(), column.default)
    for column in register.columns:
        if column.derive:
            derived = DERIVATIONS[column.derive](frame, schema, register)
            frame[column.key] = frame[column.key].where(frame[column.key].notna(), derived)
        if column.own_key:
            own = frame["_file"] + "|" + frame["_sheet"] + "|" + frame["_row"].astype(str)
            given = frame[column.key].map(lambda v: f"id|{fold(v)}" if isinstance(v, str) else None)
            frame[column.own_key] = given.where(given.notna(), own)
        if column.key_normalised:
            from pipeline.text import category_key

            frame[f"{column.key}_key"] = frame[column.key].map(
                lambda v: category_key(v) if isinstance(v, str) else None
            )

    # districts: a bare name is kept as written, with a notice
    for column in register.columns:
        if column.type == "district" and column.key in frame.columns:
            pairs = frame[column.key]
            bare = sorted({p[0] for p in pairs if isinstance(p, tuple) and p[1] and p[0]})
            frame[column.key] = [p[0] if isinstance(p, tuple) else p for p in pairs]
            if bare:
                notices.append(_notice("info", file, sheet, "Tên địa bàn không ghi rõ cấp (huyện/thị xã/thành phố), giữ nguyên: " + ", ".join(bare)))

    # body attribution
    result.sheet_body = body_from_text(sheet, schema) if len(office_bodies) > 1 else office_bodies[0]
    if len(office_bodies) == 1:
        frame["body"] = office_bodies[0]
        result.body_scope = office_bodies
    else:
        has_column = "body" in plain_keys
        body_header = next((m.header for m in plain if m.key == "body"), "Bộ phận")
        bodies = []
        raw_bodies = frame["body"].tolist() if has_column else [None] * len(record_rows)
        for pos, i in enumerate(record_rows):
            raw = raw_bodies[pos]
            body = body_from_text(raw, schema) if raw is not None else None
            if raw is not None and body is None:
                if i not in bad:
                    reject(i, body_header, raw, "không xác định được bộ phận (Đoàn ĐBQH hay HĐND)")
            elif body is None:
                body = result.sheet_body
            bodies.append(body)
        if not has_column and result.sheet_body is None:
            bodies = ["all"] * len(record_rows)
            result.body_scope = ("all",)
            notices.append(_notice("warning", file, sheet, "Sổ không ghi bộ phận (cột «Bộ phận» hay tên sheet): chỉ tính cho cả hai bộ phận (all); "
                "muốn có số liệu riêng từng bộ phận, hãy thêm cột «Bộ phận» hoặc đặt tên sheet «Đoàn ĐBQH» / «HĐND»."))
        else:
            for pos, i in enumerate(record_rows):
                if bodies[pos] is None and i not in bad:
                    reject(i, body_header, None, "không xác định được bộ phận: ô «Bộ phận» trống và tên sheet không nói rõ")
            result.body_scope = office_bodies if has_column else (result.sheet_body,)
        frame["body"] = bodies
    frame["office"] = office

    # year: the register's first required date column decides it
    frame["year"] = folder_year
    if register.year_column and register.year_column in frame.columns:
        header = next((m.header for m in plain if m.key == register.year_column), register.year_column)
        for i, value in zip(record_rows, frame[register.year_column].tolist()):
            if isinstance(value, dt.date) and value.year != folder_year and i not in bad:
                reject(i, header, value.strftime("%d/%m/%Y"), f"ngày ngoài năm {folder_year} của thư mục")

    rejected_positions = [pos for pos, i in enumerate(record_rows) if i in bad]
    for i in sorted(bad):
        result.rejects.extend(bad[i])
    accepted = frame.drop(index=rejected_positions).reset_index(drop=True) if rejected_positions else frame
    counts["rejected"] = len(rejected_positions)
    counts["accepted"] = len(accepted)

    result.totals = _reconcile_totals(rows, row_numbers, total_rows, record_rows, bad, accepted, located, register, file, sheet)
    for t in result.totals:
        notices.append(_notice(
            "warning", file, sheet,
            f"Dòng tổng ở dòng {t['row']}, cột «{t['column']}»: ghi {t['stated']:g}, cộng các dòng được {t['computed']:g}"
            + (" (có dòng bị loại trong phạm vi cộng)" if t["rejected_inside"] else "")
            + ": kiểm tra lại công thức dòng tổng và các dòng nó cộng",
            row=t["row"],
        ))
    result.records = accepted.drop(columns=["_grid_index"])
    result.accounting = counts
    return result


def _reconcile_totals(rows, row_numbers, total_rows, record_rows, bad, accepted, located, register, file, sheet) -> list[dict]:
    """Compare each total row with the sum of the accepted records it covers.

    'Cộng' covers the records since the previous total row; 'Tổng cộng'/'Tổng
    số'/'Tổng' covers every record of the sheet. Blank cells count 0 (as
    Excel's SUM); x-mark columns count their marks.
    """
    if not total_rows:
        return []
    numeric = [m for m in located.columns if m.mark_code is None and register.column(m.key).type in ("whole", "money")]
    marks = [m for m in located.columns if m.mark_code is not None]
    accepted_index = dict(zip(accepted["_grid_index"], range(len(accepted))))
    mismatches = []
    previous = -1
    for i, label in total_rows:
        covers_all = label != "cong"
        lo = -1 if covers_all else previous
        covered = [g for g in record_rows if lo < g < i]
        accepted_rows = [accepted_index[g] for g in covered if g in accepted_index]
        rejected_inside = any(g in bad for g in covered)
        for m in numeric + marks:
            stated_raw = _cell(rows[i], m.index)
            if stated_raw is None:
                continue
            try:
                stated = parsing.parse_number(stated_raw)
            except parsing.ParseError:
                continue
            if stated is None:
                continue
            if m.mark_code is not None:
                computed = sum(1 for g in covered if g in accepted_index and parsing.is_mark(_cell(rows[g], m.index)))
            else:
                col = accepted[m.key].iloc[accepted_rows] if accepted_rows else pd.Series(dtype=float)
                computed = float(pd.to_numeric(col, errors="coerce").fillna(0).sum())
            if abs(float(stated) - float(computed)) > 1e-9:
                mismatches.append({
                    "file": file, "sheet": sheet, "row": row_numbers[i], "column": m.header,
                    "stated": float(stated), "computed": float(computed), "rejected_inside": rejected_inside,
                })
        previous = i
    return mismatches


def _notice(level: str, file: str, sheet: str, message: str, row: int | None = None) -> dict:
    return {"level": level, "file": file, "sheet": sheet, "row": row, "message": message}
