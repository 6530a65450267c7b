"""Reading a report: .txt and .md as UTF-8 (Markdown's HTML comments left out), .docx paragraphs, table rows
and footnotes (not its comments).

The only part of the checker that touches a file.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipeline.report.structure import superscript


class ReportError(Exception):
    """A report that cannot be read (fatal input problem)."""


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
            # HTML comments are not shown (the draft's notes on each figure): not read either.
            text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
            # Markdown footnotes [^1] / [^1]: → superscripts, as in the exported .txt.
            text = re.sub(r"(?m)^\[\^(\d+)\]:\s*", lambda m: superscript(int(m[1])) + " ", text)
            text = re.sub(r"\[\^(\d+)\]", lambda m: superscript(int(m[1])), text)
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
                out.append(superscript(int(el.get(qn("w:id")))))
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
                lines.append(f"{superscript(fid)} {text}")
    return "\n\n".join(lines)
