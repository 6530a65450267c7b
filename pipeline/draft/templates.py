"""The draft's wording as data: ``specs/draft_templates.toml``, merged with an office's own, checked when it loads.

The spec has three kinds of table (docs/draft.md):

- ``[document]``: the title lines, the part headings and the placeholder wordings;
- ``[sections.<id>]``: a part of the report for one body (``doan-dbqh``,
  ``hdnd``, or ``all`` for the merged office's common work), the years it
  applies to (``from_year`` / ``until_year``) and its work areas, in order;
- ``[groups.<id>]``: one work area ("Công tác tiếp xúc cử tri"): its heading and
  sentences, optionally only in some periods (``periods = ["year"]``).

A sentence is text with placeholders: ``{petitions.received}`` is the figure
with its unit ("195 đơn"; a share: "chiếm 14%"), ``{petitions.received:number}``
the number alone, ``{petitions.received:compare}`` the figure and its change
("195 đơn (tăng 81 đơn so với năm 2019)"), ``{petitions.received:change}`` the
change alone; ``{period}`` ("năm 2020", "6 tháng đầu năm 2020"), ``{PERIOD}``
(upper case), ``{year}`` and ``{base_year}`` are the report's own words.

An office's ``data/specs/draft_templates.toml`` is merged over the package's:
a table whose id exists replaces the keys it gives (a group's ``sentences``
as a whole), a new id adds a section or a group. Every problem is one line
naming the file, the table, the sentence and the fix
(:func:`load_templates`, called by :mod:`pipeline.specs.load`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.bodies import BODY_ORDER

FORMS = ("", "number", "compare", "change")
"""'' figure with unit; 'number' without; 'compare' with its change in parentheses; 'change' the change alone."""
VARIABLES = ("period", "PERIOD", "year", "base_year")
BODIES = BODY_ORDER

DOCUMENT_KEYS = {
    "title": "BÁO CÁO",
    "subtitle": "Kết quả công tác {period}",
    "note": ("Dự thảo phần số liệu (số liệu {span}), lập ngày {date} từ sổ theo dõi. Mỗi số có ghi chú (comment) "
             "nêu chỉ tiêu và số dòng nguồn; nguồn của từng số ở tệp {sources}. Chỗ [chưa có số liệu] cần bổ sung: "
             "xem phần cuối."),
    "part_heading": "KẾT QUẢ CÔNG TÁC {PERIOD}",
    "missing_heading": "SỐ LIỆU CHƯA CÓ",
    "missing_intro": "",
    "zero_heading": "CÂU KHÔNG ĐƯA VÀO VÌ SỐ LIỆU BẰNG KHÔNG",
    "review_heading": "CẦN XEM LẠI",
    "placeholder": "[chưa có số liệu: {label}]",
    "placeholder_sentence": "[Chưa có số liệu {period}: {labels}]",
    "placeholder_base": "[chưa có số liệu {base_period} để so sánh]",
}
"""The ``[document]`` keys and their defaults (placeholders: ``{label}``, ``{labels}``, ``{base_period}``)."""
DOCUMENT_VARIABLES = {
    "placeholder": ("label",), "placeholder_sentence": ("labels", "period", "PERIOD", "year"),
    "placeholder_base": ("base_period", "base_year"),
    "note": ("date", "sources", "span", "period", "PERIOD", "year", "base_year"),
}
SECTION_KEYS = ("heading", "body", "groups", "from_year", "until_year")
GROUP_KEYS = ("heading", "sentences", "periods")

_BRACED = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Piece:
    """One part of a sentence: literal ``text``, a figure (``indicator``, ``form``) or a ``variable``."""

    text: str = ""
    indicator: str = ""
    form: str = ""
    variable: str = ""


Sentence = tuple[Piece, ...]


@dataclass(frozen=True)
class Group:
    id: str
    heading: str
    sentences: tuple[tuple[Sentence, ...], ...]  # each sentence: its wordings, the preferred one first
    periods: tuple[str, ...] = ()  # empty: every period

    def in_period(self, period_id: str) -> bool:
        return not self.periods or period_id in self.periods


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    body: str
    groups: tuple[str, ...]
    from_year: int | None = None
    until_year: int | None = None

    def in_year(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (self.until_year is None or year <= self.until_year)


@dataclass(frozen=True)
class Templates:
    document: dict
    sections: tuple[Section, ...]
    groups: dict

    def sections_for(self, year: int) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.in_year(year))


def parse_sentence(text: str) -> tuple[Piece, ...]:
    """'Đã nhận được {petitions.received:compare}.' → literal, figure, literal (text already checked)."""
    out, pos = [], 0
    for m in _BRACED.finditer(text):
        if m.start() > pos:
            out.append(Piece(text=text[pos:m.start()]))
        name, _, form = m.group(1).strip().partition(":")
        name, form = name.strip(), form.strip()
        out.append(Piece(variable=name) if name in VARIABLES else Piece(indicator=name, form=form))
        pos = m.end()
    if pos < len(text):
        out.append(Piece(text=text[pos:]))
    return tuple(out)


# --------------------------------------------------------------------------- merging and checking


def merge_templates(package: dict, local: dict) -> tuple[dict, dict]:
    """The package's templates with an office's merged over them, and where each table came from.

    Returns (merged, origin): origin maps ("sections"|"groups"|"document", id) → "package" or "local".
    """
    merged = {"document": dict(package.get("document", {})),
              "sections": {k: dict(v) for k, v in package.get("sections", {}).items()},
              "groups": {k: dict(v) for k, v in package.get("groups", {}).items()}}
    origin = {(kind, key): "package" for kind in ("sections", "groups") for key in merged[kind]}
    origin[("document", "")] = "package"
    for key, value in local.items():
        if key == "document" and isinstance(value, dict):
            merged["document"].update(value)
            origin[("document", "")] = "local"
        elif key in ("sections", "groups") and isinstance(value, dict):
            for id_, table in value.items():
                base = merged[key].get(id_, {})
                merged[key][id_] = {**base, **table} if isinstance(table, dict) else table
                origin[(key, id_)] = "local"
    return merged, origin


def load_templates(package: dict, local: dict, package_name: str, local_name: str,
                   indicators: set[str], shares: set[str], periods: set[str], problems: list[str]) -> Templates | None:
    """The merged templates, parsed; every problem (file › table: what; fix) appended to `problems`."""
    from pipeline.vi.nearest import suggestion

    found: list[str] = []
    for key in local:
        if key not in ("document", "sections", "groups"):
            found.append(f"{local_name}: bảng [{key}] không có: chỉ được [document], [sections.*], [groups.*]")
    merged, origin = merge_templates(package, local)

    def name(kind: str, id_: str = "") -> str:
        return local_name if origin.get((kind, id_)) == "local" else package_name

    found += _check_document(merged["document"], name("document"), suggestion)
    for id_, group in merged["groups"].items():
        found += _check_group(id_, group, f"{name('groups', id_)} › [groups.{id_}]", indicators, shares, periods, suggestion)
    for id_, section in merged["sections"].items():
        found += _check_section(id_, section, f"{name('sections', id_)} › [sections.{id_}]", merged["groups"], suggestion)
    if not merged["sections"]:
        found.append(f"{package_name}: không có [sections.*]: bản dự thảo cần ít nhất một phần")
    problems += found
    if found:
        return None
    return _build(merged)


def _nfc(value):
    """Templates are compared and printed as NFC: a file saved in NFD reads the same."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _build(merged: dict) -> Templates:
    document = {**DOCUMENT_KEYS, **{k: _nfc(v) for k, v in merged["document"].items()}}
    groups = {
        id_: Group(id_, _nfc(g["heading"]), tuple(tuple(parse_sentence(_nfc(v)) for v in _variants(s))
                                                   for s in g["sentences"]),
                   tuple(g.get("periods", ())))
        for id_, g in merged["groups"].items()
    }
    sections = tuple(
        Section(id_, _nfc(s["heading"]), s["body"], tuple(s["groups"]), s.get("from_year"), s.get("until_year"))
        for id_, s in merged["sections"].items()
    )
    return Templates(document, sections, groups)


def _check_document(document: dict, where: str, suggestion) -> list[str]:
    out = []
    for key, value in document.items():
        if key not in DOCUMENT_KEYS:
            out.append(f"{where} › [document]: khoá «{key}» không có{suggestion(key, DOCUMENT_KEYS)}; "
                       f"chỉ được: {', '.join(DOCUMENT_KEYS)}")
        elif not isinstance(value, str):
            out.append(f"{where} › [document] › {key}: phải là chuỗi trong ngoặc kép")
        else:
            allowed = DOCUMENT_VARIABLES.get(key, ("period", "PERIOD", "year", "base_year", "span"))
            for m in _BRACED.finditer(value):
                if m.group(1).strip() not in allowed:
                    out.append(f"{where} › [document] › {key}: «{{{m.group(1)}}}» không dùng được ở đây; "
                               f"chỉ được {', '.join('{' + a + '}' for a in allowed)}")
            out += _brace_problems(value, f"{where} › [document] › {key}")
    return out


def _check_group(id_, group, where, indicators, shares, periods, suggestion) -> list[str]:
    if not isinstance(group, dict):
        return [f"{where}: phải là một bảng (heading, sentences)"]
    out = [f"{where}: khoá «{k}» không có{suggestion(k, GROUP_KEYS)}; chỉ được: {', '.join(GROUP_KEYS)}"
           for k in group if k not in GROUP_KEYS]
    if not isinstance(group.get("heading"), str) or not group.get("heading", "").strip():
        out.append(f"{where}: thiếu heading (tên mặt công tác, ví dụ \"Công tác tiếp xúc cử tri\")")
    sentences = group.get("sentences")
    if not isinstance(sentences, list) or not sentences or not all(_is_sentence(s) for s in sentences):
        out.append(f"{where}: sentences phải là danh sách các câu trong ngoặc kép, ví dụ [\"Đã nhận được "
                   "{petitions.received}.\"]; một câu có nhiều cách viết thì ghi [\"cách 1\", \"cách 2\"]")
        sentences = []
    for n, sentence in enumerate(sentences, start=1):
        for k, variant in enumerate(_variants(sentence), start=1):
            label = f"câu {n}" + (f", cách viết {k}" if isinstance(sentence, list) else "")
            out += _check_sentence(variant, f"{where} › {label}", indicators, shares, suggestion)
    unknown = [p for p in group.get("periods", []) if p not in periods]
    if not isinstance(group.get("periods", []), list):
        out.append(f"{where}: periods phải là danh sách mã kỳ, ví dụ [\"year\"]")
    elif unknown:
        out.append(f"{where}: kỳ «{unknown[0]}» không có trong periods.csv{suggestion(unknown[0], periods)}")
    return out


def _is_sentence(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value))


def _variants(sentence) -> list[str]:
    """A sentence is one wording, or a list of wordings: the first the checker reads without alarm is used."""
    return [sentence] if isinstance(sentence, str) else list(sentence)


def _check_sentence(sentence: str, where: str, indicators: set[str], shares: set[str], suggestion) -> list[str]:
    out = _brace_problems(sentence, where)
    for m in _BRACED.finditer(sentence):
        name, colon, form = m.group(1).strip().partition(":")
        name, form = name.strip(), form.strip()
        if name in VARIABLES:
            if colon:
                out.append(f"{where}: «{m.group(0)}»: {{{name}}} không có dạng sau dấu hai chấm")
            continue
        if name not in indicators:
            out.append(f"{where}: «{m.group(0)}»: chỉ tiêu «{name}» không có trong indicators.csv"
                       f"{suggestion(name, [*indicators, *VARIABLES])}")
        elif form not in FORMS:
            out.append(f"{where}: «{m.group(0)}»: dạng «{form}» không có; chỉ được "
                       + ", ".join(f"{{{name}{':' + f if f else ''}}}" for f in FORMS))
        elif form in ("compare", "change") and name in shares:
            out.append(f"{where}: «{m.group(0)}»: tỷ lệ chưa so sánh được giữa hai năm; dùng {{{name}}} "
                       "và so sánh số đếm của nó")
    return out


def _brace_problems(text: str, where: str) -> list[str]:
    rest = _BRACED.sub("", text)
    if "{" in rest or "}" in rest:
        return [f"{where}: dấu ngoặc nhọn không khớp trong «{text[:60]}…»: mỗi chỗ điền số là {{mã chỉ tiêu}}"]
    return []


def _check_section(id_, section, where, groups, suggestion) -> list[str]:
    if not isinstance(section, dict):
        return [f"{where}: phải là một bảng (heading, body, groups)"]
    out = [f"{where}: khoá «{k}» không có{suggestion(k, SECTION_KEYS)}; chỉ được: {', '.join(SECTION_KEYS)}"
           for k in section if k not in SECTION_KEYS]
    if not isinstance(section.get("heading"), str) or not section.get("heading", "").strip():
        out.append(f"{where}: thiếu heading (ví dụ \"Văn phòng Đoàn ĐBQH Tỉnh\")")
    if section.get("body") not in BODIES:
        out.append(f"{where}: body «{section.get('body', '')}» phải là một trong {', '.join(BODIES)}")
    listed = section.get("groups")
    if not isinstance(listed, list) or not listed:
        out.append(f"{where}: groups phải là danh sách mã mặt công tác, ví dụ [\"voters-dbqh\"]")
    else:
        for g in listed:
            if g not in groups:
                out.append(f"{where}: mặt công tác «{g}» không có [groups.{g}]{suggestion(str(g), groups)}")
    for key in ("from_year", "until_year"):
        if key in section and not (isinstance(section[key], int) and 1990 <= section[key] <= 2100):
            out.append(f"{where}: {key} phải là một năm, ví dụ 2021 (không có ngoặc kép)")
    return out
