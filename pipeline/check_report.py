"""Check a narrative report's figures against the indicators and against itself.

    python -m pipeline check-report REPORT --year 2020 [--base-year 2019]

The engine is generic; what is specific to the office's wording lives in two
spec files read at run time:

- ``specs/report_links.csv``: how a figure of the text is recognised as an
  indicator of the catalogue (unit words after the number, words before it,
  words around it, exclusions, priority). See docs/report-checker.md.
- ``specs/report_checks.csv``: relations between indicators that hold by the
  catalogue's definitions (``received = handled + archived``), checked on the
  figures the report prints.

Stages (pure functions; only ``read_report`` and ``main`` touch the disk):

``read_report`` → text; ``extract_figures`` → one row per number with its
body, sentence, kind and context; ``link_figures`` → + indicator;
``check_report`` → the table of statuses (khớp / lệch / không liên kết được /
sai định dạng / mâu thuẫn nội bộ), with the correct figure and sentence.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from pipeline import config, parsing
from pipeline.clean import body_from_text
from pipeline.formatting import (
    comparison_sentence,
    format_count,
    format_percent,
    round_half_up,
    share_phrase,
)
from pipeline.schema import load_schema

LINKS_SPEC = config.SPECS_DIR / "report_links.csv"
CHECKS_SPEC = config.SPECS_DIR / "report_checks.csv"
UNITS_SPEC = config.SPECS_DIR / "units.csv"

STATUS_MATCH = "khớp"
STATUS_MISMATCH = "lệch"
STATUS_UNLINKED = "không liên kết được"
STATUS_MALFORMED = "sai định dạng"
STATUS_INTERNAL = "mâu thuẫn nội bộ"
STATUSES = (STATUS_MATCH, STATUS_MISMATCH, STATUS_UNLINKED, STATUS_MALFORMED, STATUS_INTERNAL)

RESULT_COLUMNS = [
    "body", "quote", "printed", "value", "indicator", "computed", "base_computed",
    "status", "expected_printed", "expected_sentence", "note", "row_type", "kind", "offset",
]

# Kinds a reader compares; the others (year, date, ordinal, reference) are context.
CHECKED_KINDS = ("count", "money", "share", "lower_bound", "delta", "enumeration", "malformed")

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_INT = {c: i for i, c in enumerate(SUPERSCRIPTS)}


class ReportError(Exception):
    """A report that cannot be read (fatal input problem)."""


# --------------------------------------------------------------------------- text


@cache
def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", c)[0]
    low = base.lower()
    return low[0] if low else base


def fold(text: str) -> str:
    """Lower case without diacritics, same length as `text` (offsets carry over)."""
    return "".join(_fold_char(c) for c in text)


def fold_pattern(pattern: str) -> str:
    """Fold a regex written with diacritics; ASCII (escapes such as \\W, \\b) is kept."""
    return "".join(c if ord(c) < 128 else _fold_char(c) for c in pattern)


def _superscript(n: int) -> str:
    return "".join(SUPERSCRIPTS[int(d)] for d in str(n))


def read_report(path: str | Path) -> str:
    """The report's text: .txt/.md as UTF-8, .docx paragraphs, table rows and footnotes."""
    path = Path(path)
    if not path.exists():
        raise ReportError(f"Không tìm thấy báo cáo: {path}")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".markdown"):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ReportError(f"{path}: không đọc được dưới dạng UTF-8 ({exc})") from exc
        if suffix != ".txt":
            # Markdown footnotes [^1] / [^1]: → superscripts, as in the exported .txt.
            text = re.sub(r"(?m)^\[\^(\d+)\]:\s*", lambda m: _superscript(int(m[1])) + " ", text)
            text = re.sub(r"\[\^(\d+)\]", lambda m: _superscript(int(m[1])), text)
            text = re.sub(r"(?m)^#{1,6}\s+", "", text)  # '## I. …' is the heading 'I. …'
        return unicodedata.normalize("NFC", text)
    if suffix == ".docx":
        return unicodedata.normalize("NFC", _read_docx(path))
    raise ReportError(f"{path}: định dạng {suffix or '(không có đuôi)'} không được hỗ trợ (chỉ .txt, .md, .docx)")


def _read_docx(path: Path) -> str:
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn
    except ImportError as exc:  # pragma: no cover
        raise ReportError(f"{path}: cần python-docx để đọc .docx") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any corrupt file is a fatal input problem
        raise ReportError(f"{path}: không mở được tệp .docx ({exc})") from exc

    def para_text(p_el) -> str:
        out = []
        for el in p_el.iter():
            if el.tag == qn("w:t"):
                out.append(el.text or "")
            elif el.tag == qn("w:tab"):
                out.append("\t")
            elif el.tag in (qn("w:br"), qn("w:cr")):
                out.append(" ")
            elif el.tag == qn("w:footnoteReference"):
                out.append(_superscript(int(el.get(qn("w:id")))))
        return "".join(out)

    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(para_text(child))
        elif child.tag == qn("w:tbl"):
            for tr in child.iter(qn("w:tr")):
                cells = []
                for tc in tr.iter(qn("w:tc")):
                    cells.append(" ".join(para_text(p) for p in tc.iter(qn("w:p"))).strip())
                lines.append(" | ".join(c for c in cells if c))
    # Footnotes (a bonus: python-docx has no API for them; read the part's XML).
    for part in document.part.package.iter_parts():
        if str(part.partname).endswith("/footnotes.xml"):
            from lxml import etree

            root = etree.fromstring(part.blob)
            for fn in root.iter(qn("w:footnote")):
                fid = int(fn.get(qn("w:id")))
                if fid < 1:
                    continue
                text = " ".join(para_text(p) for p in fn.iter(qn("w:p"))).strip()
                lines.append(f"{_superscript(fid)} {text}")
    return "\n\n".join(lines)


# --------------------------------------------------------------------------- structure

_MARKER_HEAD = re.compile(
    r"^(doi voi |ve |tai )?((cong tac |hoat dong )?(tham muu,? )?(phuc vu )?)?"
    r"(van phong |thuong truc )?(doan dbqh|doan dai bieu quoc hoi|hdnd|hoi dong nhan dan)\b"
)
_ROMAN = re.compile(r"^\s*([IVXL]+)\.\s+\S")
_ARABIC = re.compile(r"^\s*(\d{1,2})\.\s+[^\d\s]")
_ARABIC2 = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s+\S")
_LETTER = re.compile(r"^\s*[a-zđ]\)\s+\S")
_BULLET = re.compile(r"^\s*[-+*•–]")
_FOOTNOTE = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s*")


def _heading_level(line: str) -> int | None:
    if _ROMAN.match(line):
        return 1
    if _ARABIC2.match(line) or _LETTER.match(line):
        return 3
    if _ARABIC.match(line):
        return 2
    return None


def _body_marker(line: str) -> str | None:
    """'* Đối với Văn phòng Đoàn ĐBQH Tỉnh:' / '+ Văn phòng HĐND Tỉnh: …' → body."""
    stripped = re.sub(r"^[\s*+\-•–#]+", "", line)
    head = stripped.split(":", 1)[0] if ":" in stripped else stripped
    head = re.sub(r"[*\s]+$", "", head)
    if len(head) > 70:
        return None
    # which body: the registers' own body words (registers.toml [body_words]), one body only
    body = body_from_text(head, load_schema())
    return body if body and _MARKER_HEAD.match(fold(head)) else None


@dataclass
class Paragraph:
    text: str
    offsets: list[int]  # original offset of each character
    body: str | None
    footnote: int | None = None  # footnote number when the paragraph is a footnote
    heading: int | None = None
    folded: str = field(default="", repr=False)


def _paragraphs(text: str) -> list[Paragraph]:
    """Lines → logical paragraphs (page-split paragraphs joined), each with its body."""
    raw: list[tuple[str, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            raw.append((line.strip(), pos + lead))
        pos += len(line) + 1

    paras: list[Paragraph] = []
    body: str | None = None
    body_level = 99
    pending: Paragraph | None = None  # a paragraph cut by a page break

    for line, start in raw:
        fn = _FOOTNOTE.match(line)
        level = _heading_level(line)
        marker = _body_marker(line) if (level is None and _BULLET.match(line)) or level else None
        if level is None and marker is None and not fn and _body_marker(line) and len(line) < 90:
            marker = _body_marker(line)
        if fn:
            num = int("".join(str(_SUP_TO_INT[c]) for c in fn.group(1)))
            paras.append(Paragraph(line, list(range(start, start + len(line))), None, footnote=num))
            continue
        if level is not None or marker is not None:
            lvl = level if level is not None else 4
            if lvl <= body_level:
                body, body_level = None, 99
            named = body_from_text(line[:120], load_schema()) if level is not None else None
            if marker is not None:
                body, body_level = marker, lvl
            elif named and len(line) < 150:
                body, body_level = named, lvl
            pending = None
            para = Paragraph(line, list(range(start, start + len(line))), body, heading=level)
            paras.append(para)
            if marker is not None and ":" in line:
                pending = None
            continue
        is_item = bool(_BULLET.match(line))
        if pending is not None and not is_item:
            pending.text += " " + line
            pending.offsets += [start - 1] + list(range(start, start + len(line)))
            para = pending
        else:
            para = Paragraph(line, list(range(start, start + len(line))), body)
            paras.append(para)
        pending = para if not re.search(r"[.:;!?…)”\"/]\s*$", para.text) else None

    # A footnote belongs to the body of the paragraph that cites it.
    for p in paras:
        p.folded = fold(p.text)
    for p in paras:
        if p.footnote is None:
            continue
        mark = _superscript(p.footnote)
        for q in paras:
            if q.footnote is None and re.search(rf"(?<=\w){mark}", q.text):
                p.body = q.body
                break
    return paras


_SENT_END = re.compile(r"[.!?](?=[”\"’)]*\s+[\"“(]?[A-ZĐÀ-ỸẠ-Ỹ0-9])")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a stop followed by a space and an upper-case letter or digit."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        nxt = text[m.end():].lstrip()
        if nxt[:1].islower():
            continue
        end = m.end()
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# --------------------------------------------------------------------------- numbers

_NUM = re.compile(r"(?<![0-9A-Za-zÀ-ỹĐđ/])[0-9]+(?:[.,][0-9]+)*(?![0-9])")
_WELL_FORMED = re.compile(r"^(?:0[0-9]|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]*|0)(?:,[0-9]+)?$")
_YEAR_RANGE = (1900, 2100)

_PRE_DATE = re.compile(r"\b(ngay|thang|nam|nam hoc|giai doan|nhiem ky|tu|den)\s*$")
_PRE_ORDINAL = re.compile(r"\b(thu|lan thu)\s*$")
_PRE_REFERENCE = re.compile(
    r"(\b(dieu|khoan|diem|nghi quyet|nghi dinh|chi thi|thong tu|quyet dinh|cong van|thong bao|ke hoach|so|ma so)|covid|sars-cov)\s*-?\s*$"
)
_PRE_DELTA = re.compile(r"\b(tang|giam)( them)?\s*$")
_PRE_LOWER = re.compile(r"\b(tren|hon|it nhat|toi thieu|khong duoi|vuot tren)\s*$")
_POST_MONEY = re.compile(r"^\s*(trieu |ty |nghin |ngan )?dong\b")
_POST_PERCENT = re.compile(r"^\s*%")
_POST_POINTS = re.compile(r"^\s*diem phan tram")
_DELTA_TAIL = re.compile(
    r"^[^;.()0-9]{0,40}?so voi\s+(cung ky\s+)?(nam\s+)?(truoc|(\d{4}))"
)
_BASE_AFTER = re.compile(r"^\s*(?:\(|:|,)?\s*(?:la\s+)?([0-9]+(?:[.,][0-9]+)*)")
_EQUAL_PHRASE = re.compile(r"\bbang\s+(cung ky\s+)?nam\s+(\d{4})")

_STOP_UNIT = {
    "của", "tại", "với", "theo", "và", "trong", "so", "đã", "được", "có", "liên", "đối", "để",
    "là", "từ", "đến", "cho", "như", "ở", "gồm", "về", "thuộc", "đạt", "chiếm", "tăng", "giảm",
    "trên", "qua", "nhằm", "cụ", "này", "do", "mà", "đều", "nhưng",
}
_MULT = {"trieu": 1_000_000, "ty": 1_000_000_000, "nghin": 1_000, "ngan": 1_000}


def parse_number(printed: str) -> float | None:
    """'3.372' → 3372, '85,5' → 85.5, '02' → 2; None when not well formed.

    The Vietnamese rules are the registers' own (pipeline.parsing); a report's
    figure must also be a bare number (no unit words) to count as well formed.
    """
    if not _WELL_FORMED.match(printed):
        return None
    try:
        return parsing.parse_number(printed)
    except parsing.ParseError:
        return None


def _unit_words(folded_after: str, original_after: str, limit: int = 4) -> str:
    """The unit words after a number: up to `limit` words, stopping at punctuation or a function word."""
    words = []
    for m in re.finditer(r"\S+", original_after):
        token = m.group(0)
        clean = token.strip("“”\"'")
        bare = re.sub(r"[,.;:()!?…%" + SUPERSCRIPTS + r"]+$", "", clean)
        if not bare or not re.match(r"^[^\W\d_]+$", bare):
            break
        if bare.lower() in _STOP_UNIT:
            break
        words.append(bare)
        if bare != clean or len(words) >= limit:
            break
    return " ".join(words)


def _malformed_note(printed: str) -> tuple[str, str]:
    groups = printed.split(",")[0].split(".")
    if len(groups) > 1 and any(len(g) != 3 for g in groups[1:]):
        bad = [g for g in groups[1:] if len(g) != 3]
        guesses = []
        padded = ".".join([groups[0]] + [g.ljust(3, "0") if len(g) < 3 else g for g in groups[1:]])
        if parse_number(padded) is not None:
            guesses.append(padded)
        joined = format_count(int("".join(groups))) if "".join(groups).isdigit() else ""
        if joined and joined not in guesses and joined != printed:
            guesses.append(joined)
        note = (
            f"Số {printed} không đúng định dạng: nhóm nghìn phải đủ 3 chữ số "
            f"(nhóm {', '.join(bad)} có {len(bad[0])} chữ số)"
        )
        if guesses:
            note += f"; có thể là {' hoặc '.join(guesses)}"
        return note, " hoặc ".join(guesses)
    if printed.startswith("0") and len(printed) > 2:
        return f"Số {printed} có chữ số 0 thừa ở đầu", format_count(int(printed.replace(".", "")))
    return f"Số {printed} không đúng định dạng số Việt Nam (dấu chấm phân nghìn, dấu phẩy thập phân)", ""


def _classify(folded: str, start: int, end: int, printed: str) -> tuple[str, float | None]:
    before = folded[max(0, start - 30):start]
    after = folded[end:end + 40]
    if before.endswith("/") or re.match(r"^/[0-9a-z]", after) or re.match(r"^-[0-9]{4}\b", after):
        return "reference", None
    if re.search(r"[0-9]{4}-$", before) or re.search(r"[0-9]-$", before):
        return "year" if len(printed) == 4 else "reference", None
    plain = printed.isdigit()
    if _PRE_ORDINAL.search(before):
        return "ordinal", None
    if _PRE_REFERENCE.search(before):
        return "reference", None
    if plain and len(printed) == 4 and _YEAR_RANGE[0] <= int(printed) <= _YEAR_RANGE[1] and not printed.startswith("0"):
        if not _POST_MONEY.match(after) and not _POST_PERCENT.match(after):
            return "year", int(printed)
    if plain and _PRE_DATE.search(before) and int(printed) <= 31 and not _POST_PERCENT.match(after):
        if re.search(r"\b(ngay|thang)\s*$", before):
            return "date", None
    value = parse_number(printed)
    if value is None:
        return "malformed", None
    if _PRE_DELTA.search(before):
        return "delta", value
    if _POST_PERCENT.match(after):
        return "share", value
    if _POST_MONEY.match(after):
        mult = _POST_MONEY.match(after).group(1)
        return "money", value * _MULT[mult.strip()] if mult else value
    if _PRE_LOWER.search(before):
        return "lower_bound", value
    return "count", value


def _clause_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    left = text.rfind(";", lo, pos)
    right = text.find(";", pos, hi)
    return (left + 1 if left >= 0 else lo), (right if right >= 0 else hi)


def extract_figures(text: str) -> pd.DataFrame:
    """One row per number of the report, with its body, sentence, kind and context.

    Columns: body, paragraph, sentence_id, sentence, clause, printed, value, kind,
    unit, delta_sign, base_year, base_value, owner (row index of the figure a delta
    is about), footnote_ref, offset, start, end, lead, context, after, rest.
    `kind`: count, money, share, lower_bound, delta, enumeration, malformed (checked);
    year, date, ordinal, reference (context only). Superscript footnote markers are
    not numbers.
    """
    paras = _paragraphs(text)
    rows: list[dict] = []
    sent_id = 0
    for pi, p in enumerate(paras):
        t, f = p.text, p.folded
        body_text_start = _FOOTNOTE.match(t).end() if p.footnote is not None else 0
        for s0, s1 in _sentences(t):
            s0 = max(s0, body_text_start) if s0 < body_text_start else s0
            sent_id += 1
            sentence = t[s0:s1].strip()
            tokens = [m for m in _NUM.finditer(t, s0, s1)]
            sent_rows: list[dict] = []
            prev_end = s0
            for m in tokens:
                start, end, printed = m.start(), m.end(), m.group(0)
                # a sentence-final '.' glued to the number is punctuation, not a group
                kind, value = _classify(f, start, end, printed)
                if p.heading is not None and start == len(t) - len(t.lstrip()) and not t[:start].strip():
                    kind, value = "heading", None
                c0, c1 = _clause_bounds(t, start, s0, s1)
                lead = f[max(prev_end, c0):start]
                prev_end = end
                after_raw = t[end:c1]
                nxt = _NUM.search(t, end, c1)
                after_win = f[end:nxt.start() if nxt else c1]
                unit = _unit_words(fold(after_raw), after_raw)
                if kind == "money":
                    unit = "đồng"
                elif kind == "share":
                    unit = "%"
                    printed = printed + "%"
                fref = None
                mref = re.match(rf"^[^\d.;:,()]{{0,60}}?([{SUPERSCRIPTS}]+)", t[end:c1])
                if mref and kind in ("count", "lower_bound"):
                    fref = int("".join(str(_SUP_TO_INT[c]) for c in mref.group(1)))
                row = dict(
                    body=p.body, paragraph=pi, sentence_id=sent_id, sentence=sentence,
                    clause=t[c0:c1].strip(), printed=printed, value=value, kind=kind, unit=unit,
                    delta_sign=None, base_year=None, base_value=None, owner=None,
                    footnote_ref=fref, offset=p.offsets[start], start=start, end=end,
                    lead=lead, context=f[s0:start], after=after_win, rest=f[end:s1],
                    footnote=p.footnote,
                )
                if kind == "delta":
                    row["delta_sign"] = -1 if re.search(r"giam( them)?\s*$", f[max(0, start - 12):start]) else 1
                    tail = _DELTA_TAIL.match(f[end:s1])
                    if tail:
                        yr = tail.group(4)
                        row["base_year"] = int(yr) if yr else None
                        b = _BASE_AFTER.match(f[end + tail.end():end + tail.end() + 30])
                        if b:
                            row["base_value"] = parse_number(b.group(1))
                    if _POST_PERCENT.match(f[end:]):
                        row["unit"] = "%"
                    elif _POST_POINTS.match(f[end:]):
                        row["unit"] = "điểm phần trăm"
                    # the printed phrase: 'tăng 81 đơn so với năm 2019'
                    ws = f.rfind("tang", s0, start) if row["delta_sign"] == 1 else f.rfind("giam", s0, start)
                    pe = end + (tail.end() if tail else len(unit) + 1)
                    row["printed"] = t[ws:pe].strip() if ws >= 0 else printed
                    row["start"] = ws if ws >= 0 else start
                sent_rows.append(row)
            # "bằng năm 2019": a difference of zero printed without a digit
            for m in _EQUAL_PHRASE.finditer(f, s0, s1):
                sent_rows.append(dict(
                    body=p.body, paragraph=pi, sentence_id=sent_id, sentence=sentence,
                    clause=t[slice(*_clause_bounds(t, m.start(), s0, s1))].strip(),
                    printed=t[m.start():m.end()], value=0, kind="delta", unit="", delta_sign=0,
                    base_year=int(m.group(2)), base_value=None, owner=None, footnote_ref=None,
                    offset=p.offsets[m.start()], start=m.start(), end=m.end(), lead=f[s0:m.start()],
                    context=f[s0:m.start()], after="", rest=f[m.end():s1], footnote=p.footnote,
                ))
            # enumerations without a stated count: 'các kỳ họp (thứ mười bốn, mười lăm, …)'
            for m in re.finditer(r"\bcac ((?:[a-z]+ ){0,2}[a-z]+) \((thu [^()0-9]+)\)", f[s0:s1]):
                a, b = s0 + m.start(), s0 + m.end()
                items = _enumerate_items(t[s0 + m.start(2):s0 + m.end(2)])
                if len(items) >= 2:
                    sent_rows.append(dict(
                        body=p.body, paragraph=pi, sentence_id=sent_id, sentence=sentence,
                        clause=t[slice(*_clause_bounds(t, a, s0, s1))].strip(), printed=t[a:b],
                        value=len(items), kind="enumeration", unit=t[s0 + m.start(1):s0 + m.end(1)],
                        delta_sign=None, base_year=None, base_value=None, owner=None,
                        footnote_ref=None, offset=p.offsets[a], start=a, end=b,
                        lead=f[s0:a], context=f[s0:a], after=f[s0 + m.start(1):b], rest=f[b:s1],
                        footnote=p.footnote,
                    ))
            sent_rows.sort(key=lambda r: r["start"])
            rows.extend(sent_rows)
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=[
            "body", "paragraph", "sentence_id", "sentence", "clause", "printed", "value", "kind",
            "unit", "delta_sign", "base_year", "base_value", "owner", "footnote_ref", "offset",
            "start", "end", "lead", "context", "after", "rest", "footnote",
        ])
    df = df.reset_index(drop=True)
    # attach each difference to the figure it qualifies: the nearest figure before it
    for i in df.index[df["kind"] == "delta"]:
        want_share = df.at[i, "unit"] == "điểm phần trăm"
        for j in range(i - 1, -1, -1):
            if df.at[j, "sentence_id"] != df.at[i, "sentence_id"]:
                break
            k = df.at[j, "kind"]
            if (want_share and k == "share") or (not want_share and k in ("count", "money", "lower_bound", "malformed")):
                df.at[i, "owner"] = j
                break
    return df


def _enumerate_items(inner: str) -> list[str]:
    """'sau kỳ họp thứ mười ba, trước và sau kỳ họp thứ mười lăm' → 3 + 1 items.

    Items are separated by ',' or ';'; 'trước và sau X' (a one- or two-word
    part before 'và') stands for two items.
    """
    items: list[str] = []
    for part in re.split(r"[;,]", inner):
        part = part.strip()
        if not part:
            continue
        pieces = re.split(r"\s+(?:và|hoặc)\s+", part)
        if len(pieces) == 2 and len(pieces[0].split()) <= 2:
            items.extend(pieces)
        else:
            items.append(part)
    return items


# --------------------------------------------------------------------------- linking


@lru_cache(maxsize=4)
def _load_links(path: str) -> pd.DataFrame:
    spec = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("unit", "near", "context", "after", "not_near", "not_context", "not_after"):
        spec[col] = spec[col].map(lambda s: re.compile(fold_pattern(s)) if s else None)
    spec["kinds"] = spec["kinds"].map(lambda s: set((s or "count").split(";")))
    spec["priority"] = spec["priority"].map(lambda s: int(s or 1))
    return spec


def load_links(path: str | Path | None = None) -> pd.DataFrame:
    return _load_links(str(path or LINKS_SPEC))


def load_catalogue(path: str | Path | None = None) -> pd.DataFrame:
    return pd.read_csv(path or config.INDICATORS_SPEC, dtype=str, keep_default_na=False)


def _candidates(fig: pd.Series, spec: pd.DataFrame) -> list[tuple[float, str, str]]:
    out = []
    after_text = fig["after"] if fig["kind"] == "enumeration" else fig["rest"]
    for r in spec.itertuples(index=False):
        if fig["kind"] not in r.kinds:
            continue
        if r.body != "*" and r.body != fig["body"]:
            continue
        score = r.priority * 10.0
        if r.unit is not None:
            if not r.unit.match(after_text.lstrip(" “\"")):
                continue
            score += 2
        elif fig["kind"] not in ("money",) and re.match(r"^\s*[^\W\d_]", after_text) and fig["unit"]:
            # a spec row without a unit only fits a number printed without one
            continue
        if r.near is not None:
            ms = list(r.near.finditer(fig["lead"]))
            if not ms:
                continue
            dist = len(fig["lead"]) - ms[-1].end()
            score += 2 + max(0.0, 1 - dist / 150)
        if r.context is not None:
            if not r.context.search(fig["context"]):
                continue
            score += 1
        if r.after is not None:
            m = r.after.search(fig["after"])
            if not m:
                continue
            score += 2 + max(0.0, 1 - m.start() / 150)
        if r.not_near is not None and r.not_near.search(fig["lead"]):
            continue
        if r.not_context is not None and r.not_context.search(fig["context"]):
            continue
        if r.not_after is not None and r.not_after.search(fig["rest"]):
            continue
        out.append((score, r.indicator, r.combine))
    return out


def _share_defs(catalogue: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """share indicator → (part, whole), from the catalogue's 'part/whole' filter."""
    defs = {}
    for r in catalogue.itertuples(index=False):
        if r.aggregation == "share" and "/" in r.filter:
            part, whole = (s.strip() for s in r.filter.split("/", 1))
            defs[r.indicator] = (part, whole)
    return defs


def _share_part(figs: pd.DataFrame, i: int) -> int | None:
    """The figure a share is 'chiếm' of: the number just before it, 'chiếm' in between."""
    for j in range(i - 1, -1, -1):
        if figs.at[j, "sentence_id"] != figs.at[i, "sentence_id"]:
            return None
        if figs.at[j, "kind"] in ("count", "money", "lower_bound"):
            between = figs.at[i, "lead"] if figs.at[i, "lead"] else ""
            gap = figs.at[i, "start"] - figs.at[j, "end"]
            if gap <= 40 and re.search(r"\b(chiem|ty le|bang)\b", between):
                return j
            return None
        if figs.at[j, "kind"] not in ("year", "date", "ordinal", "reference"):
            return None
    return None


def link_figures(
    figures: pd.DataFrame, catalogue: pd.DataFrame | None = None, links: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Add `indicator`, `link_score`, `combine`, `repeat` to the figures.

    Each figure gets the best-scoring indicator of the spec; each (indicator, body)
    goes to one figure (the best), except `combine = sum` indicators whose figures add
    up. A figure that matches an indicator already taken by a figure of the same value
    is linked as a repeat. Shares link to the catalogue's share indicator whose part is
    the figure they are 'chiếm' of; a difference takes its figure's indicator.
    """
    catalogue = load_catalogue() if catalogue is None else catalogue
    links = load_links() if links is None else links
    known = set(catalogue["indicator"])
    unknown = sorted(set(links["indicator"]) - known)
    if unknown:
        raise ValueError(f"report_links.csv names indicators not in the catalogue: {', '.join(unknown)}")
    figs = figures.copy()
    figs["indicator"] = None
    figs["link_score"] = float("nan")
    figs["combine"] = ""
    figs["repeat"] = False
    pairs = []
    cands: dict[int, list] = {}
    for i, fig in figs.iterrows():
        if fig["kind"] not in ("count", "money", "lower_bound", "enumeration"):
            continue
        cs = _candidates(fig, links)
        cands[i] = sorted(cs, key=lambda c: -c[0])
        for score, ind, comb in cs:
            pairs.append((-score, fig["offset"], i, ind, comb))
    pairs.sort(key=lambda p: (p[0], p[1]))
    taken: dict[tuple[str, object], int] = {}
    for negscore, _, i, ind, comb in pairs:
        if figs.at[i, "indicator"] is not None:
            continue
        key = (ind, figs.at[i, "body"])
        if key in taken and comb != "sum":
            continue
        taken.setdefault(key, i)
        figs.at[i, "indicator"] = ind
        figs.at[i, "link_score"] = -negscore
        figs.at[i, "combine"] = comb
    # repeats: the same indicator quoted again with the same value
    for i, cs in cands.items():
        if figs.at[i, "indicator"] is not None:
            continue
        for score, ind, _comb in cs:
            j = taken.get((ind, figs.at[i, "body"]))
            if j is not None and figs.at[j, "value"] == figs.at[i, "value"]:
                figs.at[i, "indicator"] = ind
                figs.at[i, "link_score"] = score
                figs.at[i, "repeat"] = True
                break
    # shares → share indicators of the catalogue
    defs = _share_defs(catalogue)
    by_part = {part: share for share, (part, _) in defs.items()}
    for i in figs.index[figs["kind"] == "share"]:
        j = _share_part(figs, i)
        if j is not None and figs.at[j, "indicator"] in by_part:
            figs.at[i, "indicator"] = by_part[figs.at[j, "indicator"]]
            figs.at[i, "link_score"] = figs.at[j, "link_score"]
    # differences → their figure's indicator
    for i in figs.index[figs["kind"] == "delta"]:
        j = figs.at[i, "owner"]
        if j is not None and not pd.isna(j):
            figs.at[i, "indicator"] = figs.at[int(j), "indicator"]
    return figs


# --------------------------------------------------------------------------- checking


class _Values:
    """Computed indicator values by (year, body, indicator), shares derived from their parts."""

    def __init__(self, indicators: pd.DataFrame, catalogue: pd.DataFrame):
        self.map: dict[tuple[int, str, str], float] = {}
        if indicators is not None and len(indicators):
            for r in indicators.itertuples(index=False):
                v = pd.to_numeric(r.value, errors="coerce")
                if not pd.isna(v):
                    self.map[(int(r.year), str(r.body), str(r.indicator))] = float(v)
        self.shares = _share_defs(catalogue)
        units = {r.indicator: r.unit_vi for r in catalogue.itertuples(index=False)}
        self.units = dict(units)
        self.body_units: dict[tuple[str, str], str] = {}
        if UNITS_SPEC.exists():
            for r in pd.read_csv(UNITS_SPEC, dtype=str).itertuples(index=False):
                self.body_units[(r.indicator, r.body)] = r.unit_vi
        if indicators is not None and "unit_vi" in indicators.columns:
            for r in indicators[["body", "indicator", "unit_vi"]].dropna().drop_duplicates().itertuples(index=False):
                self.body_units[(r.indicator, r.body)] = r.unit_vi

    def get(self, year: int | None, body: str | None, indicator: str | None) -> float | None:
        if year is None or indicator is None:
            return None
        b = body or config.ALL_BODIES
        v = self.map.get((int(year), b, indicator))
        if v is None and indicator in self.shares:
            part, whole = self.shares[indicator]
            pv, wv = self.get(year, body, part), self.get(year, body, whole)
            if pv is not None and wv:
                v = pv / wv
        return v

    def unit(self, indicator: str, body: str | None) -> str:
        return self.body_units.get((indicator, body or ""), self.units.get(indicator, ""))


def _fmt(value: float | None, kind: str) -> str:
    if value is None or pd.isna(value):
        return ""
    if kind == "share":
        return format_percent(value)
    return format_count(value)


def _pct_decimals(printed: str) -> int:
    printed = printed.rstrip("%")
    return len(printed.split(",")[1]) if "," in printed else 0


def _short(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(fig) -> str:
    """The clause around a figure, trimmed to ~220 characters around the number."""
    clause = fig["clause"]
    if len(clause) <= 220:
        return _short(clause)
    sent = fig["sentence"]
    pos = sent.find(fig["printed"])
    lo = max(0, pos - 120)
    return _short(("…" if lo else "") + sent[lo: lo + 218])


def check_report(
    text: str,
    indicators: pd.DataFrame,
    year: int,
    base_year: int | None = None,
    catalogue: pd.DataFrame | None = None,
    links: pd.DataFrame | None = None,
    checks_spec: str | Path | None = None,
) -> pd.DataFrame:
    """The report checked figure by figure, then against itself.

    `indicators`: long table (year, body, indicator, value[, unit_vi, label_vi]).
    Returns RESULT_COLUMNS; `row_type` is figure / delta / internal.
    """
    catalogue = load_catalogue() if catalogue is None else catalogue
    base_year = year - 1 if base_year is None else base_year
    figs = link_figures(extract_figures(text), catalogue, links)
    vals = _Values(indicators, catalogue)
    out: list[dict] = []

    checked = figs[figs["kind"].isin(CHECKED_KINDS)]
    # sums of 'combine = sum' indicators
    sums: dict[tuple, list[int]] = {}
    for i, f in checked.iterrows():
        if f["indicator"] and f["combine"] == "sum":
            sums.setdefault((f["indicator"], f["body"]), []).append(i)

    for _i, f in checked.iterrows():
        row = dict(
            body=f["body"], quote=_quote(f), printed=f["printed"], value=f["value"],
            indicator=f["indicator"], computed=None, base_computed=None, status=STATUS_UNLINKED,
            expected_printed="", expected_sentence="", note="", row_type="figure", kind=f["kind"],
            offset=f["offset"],
        )
        ind, body, kind = f["indicator"], f["body"], f["kind"]
        if kind == "malformed":
            note, guess = _malformed_note(f["printed"])
            row.update(status=STATUS_MALFORMED, note=note, expected_printed=guess)
            out.append(row)
            continue
        if kind == "delta":
            row["row_type"] = "delta"
            out.append(_check_delta(row, f, figs, vals, year, base_year))
            continue
        if not ind:
            row["note"] = "Không có chỉ tiêu nào trong danh mục khớp với số này và các từ quanh nó"
            out.append(row)
            continue
        unit = vals.unit(ind, body)
        computed = vals.get(year, body, ind)
        base = vals.get(base_year, body, ind)
        row.update(computed=computed, base_computed=base)
        is_share = kind == "share"
        row["expected_printed"] = _fmt(computed, "share" if is_share else kind)
        row["expected_sentence"] = comparison_sentence(computed, base, unit, base_year, is_share=is_share)
        if computed is None:
            row["note"] = f"Đã nhận ra chỉ tiêu {ind} nhưng chưa có số liệu tính toán năm {year} ({body or 'all'})"
            out.append(row)
            continue
        value = f["value"]
        note_prefix = ""
        if f["combine"] == "sum" and len(sums.get((ind, body), [])) > 1:
            members = sums[(ind, body)]
            value = sum(figs.at[j, "value"] for j in members)
            note_prefix = "Cộng các lần nêu: " + " + ".join(figs.at[j, "printed"] for j in members) + f" = {format_count(value)}. "
        if is_share:
            d = _pct_decimals(f["printed"])
            expected = round_half_up(computed * 100, d)
            ok = abs(expected - float(value)) < 1e-9
            row["expected_printed"] = format_percent(computed, d)
            note = f"Tỷ lệ tính từ số liệu: {format_percent(computed, max(d, 1))}"
        elif kind == "lower_bound":
            ok = computed > float(value)
            note = f"'trên {f['printed']}' nghĩa là lớn hơn {f['printed']}; số liệu: {format_count(computed)}"
            if ok:
                row["expected_printed"] = f"trên {f['printed']}"
        else:
            ok = abs(computed - float(value)) < 1e-6
            note = "" if ok else f"Báo cáo ghi {format_count(value)}, số liệu tính được {format_count(computed)}"
        if f["repeat"]:
            note_prefix += "Nhắc lại số đã nêu. "
        row["status"] = STATUS_MATCH if ok else STATUS_MISMATCH
        row["note"] = (note_prefix + (note if (not ok or kind in ("share", "lower_bound")) else "")).strip()
        out.append(row)

    out.extend(_internal_checks(figs, text, catalogue, checks_spec))
    result = pd.DataFrame(out, columns=RESULT_COLUMNS)
    return result.sort_values(["offset", "row_type"], kind="stable").reset_index(drop=True)


def _check_delta(row: dict, f, figs: pd.DataFrame, vals: _Values, year: int, base_year: int) -> dict:
    sign = f["delta_sign"]
    signed = 0 if sign == 0 else float(f["value"]) * sign
    row["value"] = signed
    by = int(f["base_year"]) if f["base_year"] is not None and not pd.isna(f["base_year"]) else base_year
    ind, body = f["indicator"], f["body"]
    if not ind:
        row["note"] = "Số so sánh không gắn được với số liệu nào đã liên kết"
        return row
    unit = vals.unit(ind, body)
    cur, base = vals.get(year, body, ind), vals.get(by, body, ind)
    row.update(computed=None if cur is None or base is None else cur - base, base_computed=base)
    row["expected_sentence"] = comparison_sentence(cur, base, unit, by)
    if cur is None or base is None:
        row["note"] = f"Chưa có số liệu {ind} năm {year if cur is None else by} để so sánh"
        return row
    delta = cur - base
    if f["unit"] == "%":
        if not base:
            row["note"] = f"Năm {by} bằng 0: không tính được phần trăm thay đổi"
            return row
        d = _pct_decimals(re.sub(r"^\D+", "", f["printed"]).split()[0]) if f["printed"] else 0
        delta = round_half_up(delta / base * 100, d)
    ok = abs(delta - signed) < 1e-6
    row["status"] = STATUS_MATCH if ok else STATUS_MISMATCH
    if delta == 0:
        row["expected_printed"] = f"bằng năm {by}"
    else:
        word = "tăng" if delta > 0 else "giảm"
        row["expected_printed"] = f"{word} {format_count(abs(delta))}"
    if not ok:
        row["note"] = (
            f"Chênh lệch tính được {format_count(cur)} − {format_count(base)} = {format_count(delta)}"
            f" (năm {year} so với {by}); báo cáo ghi {f['printed']}"
        )
    return row


# --------------------------------------------------------------------------- internal checks


def _internal_row(fig, status: str, printed: str, value, expected: str, note: str,
                  indicator=None, sentence: str = "", offset=None) -> dict:
    return dict(
        body=fig["body"] if fig is not None else None,
        quote=_short(sentence or (fig["sentence"] if fig is not None else ""), 300),
        printed=printed, value=value, indicator=indicator, computed=None, base_computed=None,
        status=status, expected_printed=expected, expected_sentence="", note=note,
        row_type="internal", kind="internal",
        offset=offset if offset is not None else (fig["offset"] if fig is not None else -1),
    )


def _unit_head(unit: str) -> tuple[str, str]:
    words = fold(unit).split()
    return (words[0] if words else "", words[1] if len(words) > 1 else "")


def _units_compatible(total: str, part: str) -> bool:
    t, p = _unit_head(total), _unit_head(part)
    if not t[0] or t[0] != p[0]:
        return False
    return not t[1] or not p[1] or t[1] == p[1]


def _internal_checks(figs: pd.DataFrame, text: str, catalogue: pd.DataFrame, checks_spec) -> list[dict]:
    rows: list[dict] = []
    seen_sets: set[frozenset] = set()
    rows += _check_parts(figs, seen_sets)
    rows += _check_shares(figs, catalogue)
    rows += _check_delta_bases(figs)
    rows += _check_lists(figs, text)
    rows += _check_identities(figs, checks_spec, seen_sets)
    rows += _check_headings(text)
    return rows


def _check_parts(figs: pd.DataFrame, seen: set) -> list[dict]:
    """'163 đơn, trong đó chuyển 17 đơn, … 05 đơn, … 146 đơn': the parts against their total."""
    rows = []
    countable = ("count", "money")
    for _sid, sent in figs.groupby("sentence_id", sort=False):
        first = sent.iloc[0]
        sentence_f = fold(first["sentence"])
        # positions are relative to the paragraph; find 'trong đó' through each figure's context
        para_f = first["context"]  # sentence text up to the first figure (folded)
        s_start = first["start"] - len(para_f)
        full = para_f + first["rest"] if False else None  # noqa: F841 (kept simple below)
        for m in re.finditer(r"\btrong do\b\s*(:)?", sentence_f):
            p = s_start + m.start()
            colon = bool(m.group(1))
            paren = sentence_f[:m.start()].rstrip().endswith("(")
            # list end: the clause (';') unless 'trong đó:' opens a list; a ')' closing '(trong đó'
            if colon:
                end = s_start + len(sentence_f)
            else:
                nxt = sentence_f.find(";", m.end())
                end = s_start + (nxt if nxt >= 0 else len(sentence_f))
            if paren:
                depth, k = 1, m.end()
                while k < len(sentence_f):
                    if sentence_f[k] == "(":
                        depth += 1
                    elif sentence_f[k] == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    k += 1
                end = min(end, s_start + k)
            clause_start = s_start + (sentence_f.rfind(";", 0, m.start()) + 1)
            totals = sent[(sent["start"] < p) & (sent["start"] >= clause_start) & sent["kind"].isin(countable + ("lower_bound",))]
            parts = sent[(sent["start"] > p) & (sent["start"] < end) & sent["kind"].isin(countable + ("lower_bound",))]
            if totals.empty or parts.empty:
                continue
            if (totals["kind"] == "lower_bound").any() or (parts["kind"] == "lower_bound").any():
                continue
            groups = []
            if len(totals) == 1:
                groups.append((totals.iloc[0], parts))
            else:
                for _, t in totals.iterrows():
                    mine = parts[parts["unit"].map(lambda u, unit=t["unit"]: _units_compatible(unit, u))]
                    if not mine.empty:
                        groups.append((t, mine))
            for t, ps in groups:
                total = float(t["value"])
                s = float(ps["value"].sum())
                printed_sum = " + ".join(ps["printed"]) + f" = {format_count(s)}"
                seen.add(frozenset([t["offset"], *ps["offset"]]))
                if len(ps) >= 2:
                    ok = abs(s - total) < 1e-6
                elif s > total:
                    ok = False
                else:
                    continue
                if ok:
                    note = f"Tổng các phần {printed_sum}, bằng {t['printed']}"
                    status = STATUS_MATCH
                elif len(ps) >= 2:
                    note = f"Tổng các phần {printed_sum}, khác {t['printed']}"
                    status = STATUS_INTERNAL
                else:
                    note = f"Phần {ps.iloc[0]['printed']} lớn hơn tổng {t['printed']}"
                    status = STATUS_INTERNAL
                rows.append(_internal_row(t, status, t["printed"], t["value"], format_count(s), note,
                                          indicator=t.get("indicator")))
    return rows


def _check_shares(figs: pd.DataFrame, catalogue: pd.DataFrame) -> list[dict]:
    """'168, chiếm 82%' against the part and the whole printed in the text."""
    rows = []
    defs = _share_defs(catalogue)
    for i in figs.index[figs["kind"] == "share"]:
        j = _share_part(figs, i)
        if j is None:
            continue
        part = figs.loc[j]
        whole = None
        ind = figs.at[i, "indicator"]
        if ind in defs:
            w_ind = defs[ind][1]
            cand = figs[(figs["indicator"] == w_ind) & (figs["body"] == part["body"]) & (~figs["repeat"].astype(bool))]
            if len(cand):
                whole = cand.iloc[0]
        if whole is None and part["unit"]:
            prev = figs[(figs["paragraph"] == part["paragraph"]) & (figs.index < j)
                        & figs["kind"].isin(["count", "money"])]
            prev = prev[prev["unit"].map(lambda u, unit=part["unit"]: _units_compatible(u, unit))
                        & (prev["value"].astype(float) > float(part["value"]))]
            if len(prev):
                whole = prev.iloc[-1]
        if whole is None or not whole["value"]:
            continue
        printed = figs.at[i, "printed"]
        d = _pct_decimals(printed)
        frac = float(part["value"]) / float(whole["value"])
        expected = round_half_up(frac * 100, d)
        ok = abs(expected - float(figs.at[i, "value"])) < 1e-9
        exact = format_percent(frac, max(d, 1))
        note = (f"{part['printed']} / {whole['printed']} = {exact}, in ra {format_percent(frac, d)}"
                + ("" if ok else f", không phải {printed}"))
        row = _internal_row(figs.loc[i], STATUS_MATCH if ok else STATUS_INTERNAL, printed,
                            figs.at[i, "value"], format_percent(frac, d), note, indicator=ind)
        row["expected_sentence"] = share_phrase(frac) if d == 0 else f"chiếm {format_percent(frac, d)}"
        rows.append(row)
    return rows


def _check_delta_bases(figs: pd.DataFrame) -> list[dict]:
    """'195 đơn (tăng 81 đơn so với năm 2019: 114 đơn)': the difference against the two years."""
    rows = []
    for i in figs.index[figs["kind"] == "delta"]:
        f = figs.loc[i]
        if f["base_value"] is None or pd.isna(f["base_value"]) or f["owner"] is None or pd.isna(f["owner"]):
            continue
        owner = figs.loc[int(f["owner"])]
        if owner["value"] is None or pd.isna(owner["value"]) or f["unit"] in ("%", "điểm phần trăm"):
            continue
        diff = float(owner["value"]) - float(f["base_value"])
        signed = float(f["value"]) * (f["delta_sign"] or 0)
        ok = abs(diff - signed) < 1e-6
        word = "bằng" if diff == 0 else ("tăng" if diff > 0 else "giảm")
        note = (f"{owner['printed']} − {format_count(f['base_value'])} = {format_count(diff)}; "
                f"báo cáo ghi '{f['printed']}'")
        rows.append(_internal_row(f, STATUS_MATCH if ok else STATUS_INTERNAL, f["printed"], signed,
                                  f"{word} {format_count(abs(diff))}" if diff else f"bằng năm {f['base_year']}",
                                  note, indicator=f["indicator"]))
    return rows


def _list_items(body: str) -> list[str]:
    return [s.strip(" .") for s in body.split(";") if s.strip(" .")]


def _check_lists(figs: pd.DataFrame, text: str) -> list[dict]:
    """A stated count against the list that spells it out (footnote, 'gồm:', parentheses)."""
    rows = []
    paras = _paragraphs(text)
    footnotes = {p.footnote: p for p in paras if p.footnote is not None}
    classifiers = {"luot", "so", "cac", "cuoc", "nhung"}
    for _i, f in figs.iterrows():
        if f["kind"] != "count" or not f["unit"]:
            continue
        unit_words = set(fold(f["unit"]).split()) - classifiers
        stated = int(f["value"]) if float(f["value"]).is_integer() else None
        if stated is None:
            continue
        found = None
        # 1. a footnote cited right after the unit
        ref = f["footnote_ref"]
        if ref is not None and not pd.isna(ref) and int(ref) in footnotes:
            fp = footnotes[int(ref)]
            body = _FOOTNOTE.sub("", fp.text)
            items = _list_items(body)
            heads = [fold(it).split()[0] for it in items if it.split()]
            if len(items) >= 2 and sum(h in unit_words for h in heads) >= 2 * len(items) / 3:
                found = (len(items), f"Chú thích {_superscript(int(ref))} liệt kê {len(items)} mục (ngăn cách bởi dấu ;)",
                         fp.offsets[0])
        # 2. 'gồm:' / 'cụ thể:' then items separated by ';' up to the end of the sentence
        if found is None:
            m = re.match(r"^[^0-9;:()]{0,60}?\b(gom co|bao gom|gom|cu the|nhu sau)\s*:", f["rest"])
            if m:
                sent_f = f["rest"][m.end():]
                raw = f["sentence"]
                cut = len(raw) - len(sent_f)
                items = _list_items(raw[cut:])
                word = raw[len(raw) - len(f["rest"]) + m.start(1):len(raw) - len(f["rest"]) + m.end(1)]
                if len(items) >= 2:
                    found = (len(items), f"Danh sách sau '{word}:' có {len(items)} mục (ngăn cách bởi dấu ;)", None)
        # 3. '(…, …)' right after the unit, with no number inside
        if found is None:
            m = re.match(r"^\s*[^\W\d_][^0-9;:()]{0,50}?\(([^()0-9]+)\)", f["rest"])
            if m and len(m.group(0)) - len(m.group(1)) < 60:
                inner_f = m.group(1)
                raw_rest = f["sentence"][len(f["sentence"]) - len(f["rest"]):]
                inner = raw_rest[m.start(1):m.end(1)]
                items = _enumerate_items(inner)
                if len(items) >= 2 and "," in inner_f:
                    found = (len(items), f"Ngoặc đơn liệt kê {len(items)} mục", None)
        if found is None:
            continue
        n, where, _ = found
        ok = n == stated
        note = f"{where}; báo cáo nêu {f['printed']} {f['unit']}" + ("" if ok else f": lệch {abs(n - stated)}")
        rows.append(_internal_row(f, STATUS_MATCH if ok else STATUS_INTERNAL, f["printed"], f["value"],
                                  format_count(n), note, indicator=f["indicator"]))
    return rows


def load_checks(path: str | Path | None = None) -> pd.DataFrame:
    p = Path(path or CHECKS_SPEC)
    if not p.exists():
        return pd.DataFrame(columns=["total", "relation", "parts", "why"])
    return pd.read_csv(p, dtype=str, keep_default_na=False)


def _check_identities(figs: pd.DataFrame, path, seen: set) -> list[dict]:
    """Relations of the catalogue (received = handled + archived) on the printed figures."""
    rows = []
    spec = load_checks(path)
    main = figs[figs["indicator"].notna() & ~figs["repeat"].astype(bool)
                & figs["kind"].isin(["count", "money", "lower_bound", "enumeration"])]
    for _body, group in main.groupby(main["body"].fillna("all"), sort=False):
        by_ind: dict[str, list] = {}
        for _, f in group.iterrows():
            by_ind.setdefault(f["indicator"], []).append(f)
        for r in spec.itertuples(index=False):
            parts = [p.strip() for p in r.parts.split("+")]
            if r.total not in by_ind or any(p not in by_ind for p in parts):
                continue
            fs = [by_ind[r.total]] + [by_ind[p] for p in parts]
            if any(x["kind"] == "lower_bound" for lst in fs for x in lst):
                continue
            total_fig = by_ind[r.total][0]
            key = frozenset([x["offset"] for lst in fs for x in lst])
            if key in seen:
                continue
            seen.add(key)
            total = sum(float(x["value"]) for x in by_ind[r.total])
            part_vals = [sum(float(x["value"]) for x in by_ind[p]) for p in parts]
            s = sum(part_vals)
            ok = {"=": abs(total - s) < 1e-6, "<=": total <= s + 1e-6, ">=": total >= s - 1e-6}[r.relation]
            printed_parts = " + ".join(format_count(v) for v in part_vals)
            rel = {"=": "=", "<=": "≤", ">=": "≥"}[r.relation]
            note = (f"{r.total} {rel} {r.parts}: {total_fig['printed']} {rel} {printed_parts}"
                    + (f" = {format_count(s)}" if len(parts) > 1 else "")
                    + ("" if ok else " không đúng"))
            rows.append(_internal_row(total_fig, STATUS_MATCH if ok else STATUS_INTERNAL, total_fig["printed"],
                                      total, format_count(s), note, indicator=r.total))
    return rows


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES.get(b, 0) > v else v
    return total


def _check_headings(text: str) -> list[dict]:
    """Section numbering: I, II, III …; 1, 2, 3 … under each."""
    rows = []
    prev_roman = 0
    prev_arabic = 0
    pos = 0
    for line in text.split("\n"):
        s = line.strip()
        m = _ROMAN.match(s)
        if m:
            n = _roman(m.group(1))
            if prev_roman and n != prev_roman + 1:
                missing = ", ".join(_to_roman(k) for k in range(prev_roman + 1, n)) or "?"
                rows.append(_internal_row(None, STATUS_INTERNAL, m.group(1) + ".", n, _to_roman(prev_roman + 1) + ".",
                                          f"Mục {m.group(1)} đứng ngay sau mục {_to_roman(prev_roman)}: thiếu mục {missing} (đánh số đề mục)",
                                          sentence=s, offset=pos))
            prev_roman, prev_arabic = n, 0
        else:
            m = _ARABIC.match(s)
            if m and len(s) < 150:
                n = int(m.group(1))
                if prev_arabic and n != prev_arabic + 1 and n != 1:
                    rows.append(_internal_row(None, STATUS_INTERNAL, f"{n}.", n, f"{prev_arabic + 1}.",
                                              f"Đề mục {n}. đứng ngay sau đề mục {prev_arabic}.", sentence=s, offset=pos))
                prev_arabic = n
        pos += len(line) + 1
    return rows


def _to_roman(n: int) -> str:
    out = ""
    for v, s in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


# --------------------------------------------------------------------------- CLI


def format_table(result: pd.DataFrame) -> str:
    """One line per row: status, body, figure as printed → indicator, computed; the quote."""
    lines = []
    for r in result.itertuples(index=False):
        body = r.body if isinstance(r.body, str) else "-"
        ind = r.indicator if isinstance(r.indicator, str) else "-"
        exp = r.expected_printed or ""
        tag = "kiểm tra" if r.row_type == "internal" else ("so sánh" if r.row_type == "delta" else "số liệu")
        line = f"{r.status:<20} {tag:<8} {body:<9} {str(r.printed)[:34]:>34} → {ind:<34} {exp:>14}  | {_short(r.quote, 90)}"
        if r.note and (r.status != STATUS_MATCH or r.row_type == "internal"):
            line += f"\n{'':<40}{r.note}"
        lines.append(line)
    counts = result["status"].value_counts()
    lines.append("Tổng: " + ", ".join(f"{s} {counts.get(s, 0)}" for s in STATUSES))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline check-report",
                                     description="Đối chiếu số liệu của một báo cáo với các chỉ tiêu tính được.")
    parser.add_argument("report", help="báo cáo .txt, .md hoặc .docx")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--base-year", type=int, default=None)
    parser.add_argument("--indicators", default=None,
                        help="indicators.csv của pipeline (mặc định: PROCESSED_DIR/indicators.csv)")
    parser.add_argument("--out", default=None, help="CSV kết quả (mặc định: PROCESSED_DIR/report-check-<năm>.csv)")
    args = parser.parse_args(argv)
    try:
        text = read_report(args.report)
        ind_path = Path(args.indicators) if args.indicators else config.PROCESSED_DIR / "indicators.csv"
        if not ind_path.exists():
            raise ReportError(f"Không tìm thấy bảng chỉ tiêu {ind_path} (chạy pipeline trước hoặc dùng --indicators)")
        indicators = pd.read_csv(ind_path, encoding="utf-8-sig")
        missing = {"year", "body", "indicator", "value"} - set(indicators.columns)
        if missing:
            raise ReportError(f"{ind_path}: thiếu cột {', '.join(sorted(missing))}")
    except ReportError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    result = check_report(text, indicators, args.year, args.base_year)
    print(format_table(result))
    out = Path(args.out) if args.out else config.PROCESSED_DIR / f"report-check-{args.year}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    result.to_csv(out, index=False, encoding="utf-8-sig")
    print(f"Đã ghi {out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
