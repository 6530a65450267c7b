"""Recognise the same petition or person twice without keeping who they are.

Personal columns (contract: PII) are used here, and only here, to recognise
"đơn gửi nhiều nơi" (one petition in both bodies' registers) and repeat
senders; what leaves this module is a keyed hash (HMAC-SHA256 with a secret
kept outside the repository), never the raw value. Free-text columns that may
hold personal data are scrubbed, and PII columns dropped, before any table
leaves raw data.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import pandas as pd

from pipeline.bodies import ALL_BODIES
from pipeline.clean.secret_key import load_or_create_key  # noqa: F401 (re-exported)
from pipeline.specs.registers import Register
from pipeline.vi.text import fold, scrub_text

MATCH_WINDOW_DAYS = 30
_DIGITS = re.compile(r"\D+")


def keyed_hash(text: str, key: bytes) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def _normalised(value: object, *, digits_only: bool = False) -> str:
    if not isinstance(value, str):
        return ""
    return _DIGITS.sub("", value) if digits_only else " ".join(fold(value).split())


def _identity_text(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    parts = []
    for col in columns:
        series = frame[col] if col in frame.columns else pd.Series(None, index=frame.index, dtype=object)
        digits = "id" in col  # ID numbers compare by their digits only
        parts.append(series.map(lambda v, d=digits: _normalised(v, digits_only=d)))
    text = parts[0]
    for part in parts[1:]:
        text = text + "\x1f" + part
    return text


def protect_sheet(frame: pd.DataFrame, register: Register, key: bytes) -> pd.DataFrame:
    """Replace personal data by keyed hashes, sheet by sheet, before anything is kept or cached.

    Adds ``_identity`` (the petition's identity without its date, hashed) and
    ``person_hash``; scrubs free text of ID numbers, phones and the row's own
    name; drops the PII columns.
    """
    out = frame
    if register.identity and not frame.empty:
        text = _identity_text(frame, list(register.identity[:-1]))
        out = out.assign(_identity=text.map(lambda t: keyed_hash(t, key) if t.strip("\x1f") else None))
    cols = [c for c in register.person if c in frame.columns]
    if cols and not frame.empty:
        text = _identity_text(frame, cols)
        out = out.assign(person_hash=text.map(lambda t: keyed_hash(t, key) if t.strip("\x1f") else None))
    return strip_personal_data(out, register)


def link_same_petitions(frame: pd.DataFrame, register: Register) -> pd.DataFrame:
    """Add ``register.identity_key``: one id per petition, shared by its copies in both bodies.

    Two rows are the same petition when sender, ID number (or both blank) and
    summary are equal after normalising case, spaces and Unicode (compared via
    their keyed hash ``_identity``), they belong to different bodies and were
    received within 30 days of each other; matches chain (A~B, B~C → one
    petition). Rows of one body never match each other.
    """
    if not register.identity or not register.identity_key or frame.empty:
        return frame
    date_col = register.identity[-1]
    ids = pd.Series(index=frame.index, dtype=object)
    work = frame.assign(_date=pd.to_datetime(frame[date_col], errors="coerce"))
    no_identity = work["_identity"].isna()
    ids[no_identity] = "row-" + work["_file"] + "-" + work["_sheet"] + "-" + work["_row"].astype(str)
    sizes = work["_identity"].map(work["_identity"].value_counts())
    single = ~no_identity & (sizes == 1)
    ids[single] = work.loc[single, "_identity"] + "-0"
    repeated = ~no_identity & (sizes > 1)
    # one stable sort of every repeated row (identity, then date, file, row) instead of one sort per petition
    order = work.loc[repeated, ["_identity", "body", "_date", "_file", "_row"]].sort_values(
        ["_identity", "_date", "_file", "_row"], kind="stable")
    rows = list(zip(order["_identity"], order.index, order["body"], order["_date"]))
    labels: dict = {}
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end][0] == rows[start][0]:
            end += 1
        labels.update(_match_group(rows[start:end]))
        start = end
    if labels:
        ids.loc[list(labels)] = list(labels.values())
    return frame.assign(**{register.identity_key: ids})


def _match_group(rows: list[tuple]) -> list[tuple]:
    """(index, id) of one identity's rows, given as (identity, index, body, date) in date order:
    rows of different bodies within the match window share an id, matches chaining."""
    parent = {idx: idx for _, idx, _, _ in rows}
    find = _finder(parent)
    for a in range(len(rows)):
        for b in range(a + 1, len(rows)):
            (_, ia, body_a, date_a), (_, ib, body_b, date_b) = rows[a], rows[b]
            if pd.isna(date_a) or pd.isna(date_b):
                continue
            if (date_b - date_a).days > MATCH_WINDOW_DAYS:
                break
            if body_a != body_b and ALL_BODIES not in (body_a, body_b):
                parent[find(ib)] = find(ia)
    roots: dict = {}
    ident = rows[0][0]
    labelled = []
    for _, idx, _, _ in rows:
        roots.setdefault(find(idx), len(roots))
        labelled.append((idx, f"{ident}-{roots[find(idx)]}"))
    return labelled


def _finder(parent: dict):
    """Union-find root lookup with path halving (matches chain: A~B, B~C → one group)."""

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    return find


def strip_personal_data(frame: pd.DataFrame, register: Register) -> pd.DataFrame:
    """Scrub free text of ID numbers, phone numbers and the row's own name; drop PII columns."""
    name_cols = [c for c in register.pii_keys if c in frame.columns and c in ("sender", "name", "identity")]
    scrubbed = [col for col in register.columns if col.scrub and col.key in frame.columns]
    dropped = [c for c in register.pii_keys if c in frame.columns]
    if not scrubbed and not dropped:
        return frame
    out = frame.copy()
    for col in register.columns:
        if col.scrub and col.key in out.columns:
            own_names = [
                [_name_part(v) for v in values if isinstance(v, str)]
                for values in (out[name_cols].itertuples(index=False, name=None) if name_cols else [()] * len(out))
            ]
            out[col.key] = [
                scrub_text(v, names) if isinstance(v, str) else v for v, names in zip(out[col.key], own_names)
            ]
    return out.drop(columns=dropped)


def _name_part(value: str) -> str:
    """The name in a combined 'Họ tên - Địa chỉ - CMND' cell is its first part."""
    return re.split(r"\s[-–,;]\s|\n", value, maxsplit=1)[0].strip()
