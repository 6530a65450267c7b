"""Writing the draft: a Word document (python-docx, imported here only) or Markdown, and the sources table.

Every file is written beside its target and moved into place, so Ctrl-C or a
full disk leaves the previous draft as it was. Each paragraph of the draft is
one paragraph of the file, so the checker reads back exactly ``Draft.text``.
In Word a figure carries a comment (indicator, value, source rows) and a
placeholder is highlighted; in Markdown the same note is an HTML comment
after the figure, which the checker does not read.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from pipeline.draft.compose import Block, Draft

AUTHOR = "pipeline (dự thảo số liệu)"
FONT = "Times New Roman"


def atomic(*files: tuple[Path, Callable[[Path], None]]) -> None:
    """Each `write(tmp)` beside its path, then every tmp moved onto its path: the draft and its sources
    table are replaced together, and nothing is left behind if a write fails or is interrupted."""
    tmps = [(Path(path), Path(path).with_name(f".{Path(path).name}.{os.getpid()}.tmp"), write) for path, write in files]
    try:
        for _, tmp, write in tmps:
            write(tmp)
        for path, tmp, _ in tmps:
            os.replace(tmp, path)
    finally:
        for _, tmp, _ in tmps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def review_notes(draft: Draft) -> dict:
    """Sentence → its review messages (one comment per sentence)."""
    notes: dict = {}
    for r in draft.reviews:
        notes.setdefault(r.sentence, []).append(r.message)
    return notes


# --------------------------------------------------------------------------- Word


def write_draft(draft: Draft, path: Path, comments: dict[str, str], title: str, sources, sources_file: Path) -> None:
    """The draft (.docx, or .md) and its sources table, replaced together."""
    path = Path(path)
    if path.suffix.lower() == ".md":
        text = markdown(draft, comments)

        def writer(tmp: Path) -> None:
            tmp.write_text(text, encoding="utf-8")
    else:
        document = docx_document(draft, comments, title)

        def writer(tmp: Path) -> None:
            document.save(str(tmp))

    def table(tmp: Path) -> None:
        sources.to_csv(tmp, index=False, encoding="utf-8-sig")

    atomic((path, writer), (sources_file, table))


def docx_document(draft: Draft, comments: dict[str, str], title: str):
    """The draft as a python-docx Document (not saved)."""
    import docx  # python-docx: only the draft command needs it

    document = docx.Document()
    _page(document)
    _styles(document)
    document.core_properties.title = title
    document.core_properties.author = AUTHOR
    notes = review_notes(draft)
    for block in draft.blocks:
        _paragraph(document, block, comments, notes)
    return document


def _page(document) -> None:
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)


def _styles(document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.27)
    fmt.space_after, fmt.space_before = Pt(6), Pt(0)
    fmt.line_spacing = 1.15


_LOOK = {  # kind → (centred, bold, italic, size, indent)
    "title": (True, True, False, 15, False),
    "subtitle": (True, True, False, 14, False),
    "note": (False, False, True, 12, False),
    "part": (False, True, False, 14, False),
    "section": (False, True, False, 14, True),
}


def _paragraph(document, block: Block, comments: dict[str, str], notes: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    centred, bold, italic, size, indent = _LOOK.get(block.kind, (False, False, False, None, True))
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not indent:
        paragraph.paragraph_format.first_line_indent = Pt(0)
    noted = set()
    for run in block.runs:
        if not run.text:
            continue
        r = paragraph.add_run(run.text)
        r.bold = bold or run.label or None
        r.italic = italic or run.label or None
        if size:
            r.font.size = Pt(size)
        if run.placeholder:
            r.font.highlight_color = WD_COLOR_INDEX.YELLOW
        if run.figure is not None and run.figure.key in comments:
            document.add_comment(r, text=comments[run.figure.key], author=AUTHOR, initials="SL")
        if run.sentence in notes and run.sentence not in noted:
            noted.add(run.sentence)
            document.add_comment(r, text="Cần xem lại: " + " | ".join(notes[run.sentence]), author=AUTHOR, initials="KT")


# --------------------------------------------------------------------------- Markdown

_MD_PREFIX = {"title": "# ", "subtitle": "## ", "part": "## ", "section": "### "}


def markdown(draft: Draft, comments: dict[str, str]) -> str:
    """The draft as Markdown: headings marked, each figure followed by its note as an HTML comment."""
    notes = review_notes(draft)
    lines = []
    for block in draft.blocks:
        out, noted = [_MD_PREFIX.get(block.kind, "")], set()
        for run in block.runs:
            if run.sentence in notes and run.sentence not in noted:
                noted.add(run.sentence)
                out.append(_html_comment("Cần xem lại: " + " | ".join(notes[run.sentence])))
            out.append(run.text)
            if run.figure is not None and run.figure.key in comments:
                out.append(_html_comment(comments[run.figure.key]))
        lines.append("".join(out))
    return "\n\n".join(lines) + "\n"


def _html_comment(text: str) -> str:
    return "<!-- " + " | ".join(text.splitlines()).replace("--", "- -") + " -->"
