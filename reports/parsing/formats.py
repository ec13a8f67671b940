"""File bytes → the text the parser reads: plain text, HTML saved from a browser, Word .docx, PDF with a text layer.

The extracted text is what gets parsed *and stored*, so every offset the parser
gives points into it. HTML goes through lxml (scripts, styles and comments
dropped, one line per block element: the layout rules already recognise a
portal's menus and 来源/时间 lines, which an article extractor would cut
together with the date and title lines the parser needs); .docx through
python-docx (one line per paragraph, table cells in order); PDF through pypdf's
text layer (a scanned PDF has none and is refused with a clear reason).
"""
from __future__ import annotations

import io
import re
import zipfile

from .decode import decode_bytes
from .errors import ParseError

HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<meta|<body)", re.IGNORECASE)
BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article", "table", "td", "th", "dd", "dt", "pre", "blockquote", "header", "footer", "nav", "ul", "ol"}
NO_TEXT_LAYER = "the PDF has no text layer (a scan?): run OCR first or paste the text"
NOT_DOCX = "the file is not a Word .docx document (legacy .doc is not read: save it as .docx)"


def text_from_bytes(data: bytes, source: str) -> tuple[str, str]:
    """(text, how it was read) for a file's bytes; raises a ParseError naming ``source``."""
    name = source.lower()
    if data.startswith(b"%PDF") or name.endswith(".pdf"):
        return _pdf(data, source), "pdf"
    if name.endswith(".docx") or (data.startswith(b"PK") and name.endswith(".docx")):
        return _docx(data, source), "docx"
    if name.endswith((".html", ".htm")) or HTML_START.match(data[:512]):
        return _html(data, source), "html"
    return decode_bytes(data, source)


def _html(data: bytes, source: str) -> str:
    import lxml.html

    text, _encoding = decode_bytes(data, source)
    try:
        root = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ParseError(source, f"the HTML cannot be read: {exc}") from exc
    for element in root.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    parts: list[str] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):  # comments, processing instructions
            if event == "end" and element.tail:
                parts.append(element.tail)
            continue
        tag = element.tag.lower()
        if event == "start":
            if tag in BLOCKS:
                parts.append("\n")
            if element.text:
                parts.append(element.text)
        else:
            if tag in BLOCKS:
                parts.append("\n")
            if element.tail:
                parts.append(element.tail)
    return _tidy("".join(parts))


def _docx(data: bytes, source: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError(source, NOT_DOCX) from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return _tidy("\n".join(lines))


def _pdf(data: bytes, source: str) -> str:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (pypdf.errors.PdfReadError, ValueError, KeyError) as exc:
        raise ParseError(source, f"the PDF cannot be read: {exc}") from exc
    text = _tidy("\n".join(pages))
    if not text.strip():
        raise ParseError(source, NO_TEXT_LAYER)
    return text


def _tidy(text: str) -> str:
    """Lines trimmed of trailing space, runs of blank lines folded to one."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
