"""The parser: raw newspaper text in, dataclasses out. No Django here.

    parsed = parse_file("fixtures/raw/003_af8d1acb5f600f26.txt")
    for doc in parsed.documents:
        print(doc.kind, doc.title, doc.county, doc.term, doc.session)

Steps: decode (``decode``) → lines and debris (``layout``) → documents on the
page (``segment``) → per document: county (``places``), term, session, dates,
venue, speaker (``metadata``), section tree (``headings``), statistics
(``statistics``). Every offset points into the decoded text, so each
statistic's ``quote == text[start:end]``.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import metadata
from .decode import TRUNCATED, decode_bytes, normalize_text
from .diagnostics import warn
from .errors import NO_DOCUMENT, BinaryInput, EmptyInput, NoDocumentFound, ParseError, UndecodableInput
from .headings import Block, build_tree
from .layout import Line, content_spans, split_lines
from .normalize import compact, matching_view
from .places import Gazetteer, default_gazetteer
from .segment import DocSpan, segment
from .statistics import extract
from .types import MAX_ORDINAL, MAX_YEAR, MIN_ORDINAL, MIN_YEAR, PARSER_VERSION, ParsedDocument, ParsedFile, ParseWarning

__all__ = [
    "parse_text",
    "parse_file",
    "compute_checksum",
    "PARSER_VERSION",
    "ParseWarning",
    "ParseError",
    "EmptyInput",
    "BinaryInput",
    "UndecodableInput",
    "NoDocumentFound",
    "Gazetteer",
    "default_gazetteer",
]

GENRE = re.compile(r"政协|政治协商|提案|委员会")
HTML_TAG = re.compile(r"</?(?:html|head|body|p|div|br|span|table|td)\b[^>]*>", re.IGNORECASE)
REPORT_KINDS = {"standing_committee_work_report", "proposal_work_report"}
OPENING_BLOCKS = 4  # paragraphs read for metadata the title and header lack


def compute_checksum(text: str) -> str:
    """SHA-256 of the text's matching view without white space.

    Width, traditional/simplified and spacing differences between two printings
    of the same document do not change it.
    """
    return hashlib.sha256(compact(matching_view(text)).encode("utf-8")).hexdigest()


def parse_file(path, *, gazetteer: Gazetteer | None = None) -> ParsedFile:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc
    text, encoding = decode_bytes(data, str(path))
    text = normalize_text(text)
    try:
        parsed = parse_text(text, source=str(path), gazetteer=gazetteer)
    except NoDocumentFound:
        # Big5 bytes also decode as GB18030, into nonsense: try Big5 before giving up.
        big5 = _try_big5(data) if encoding == "gb18030" else None
        if big5 is None:
            raise
        parsed, encoding = parse_text(big5, source=str(path), gazetteer=gazetteer), "big5"
    if encoding == TRUNCATED:
        warn(parsed.warnings, "truncated_utf8", start=len(text), end=len(text))
    elif encoding != "utf-8-sig":
        warn(parsed.warnings, "encoding_not_utf8", encoding=ENCODING_NAMES.get(encoding, encoding))
    return parsed


ENCODING_NAMES = {"gb18030": "GB18030/GBK", "big5": "Big5 (traditional Chinese)", "utf-16": "UTF-16"}


def _try_big5(data: bytes) -> str | None:
    try:
        text = data.decode("big5")
    except UnicodeDecodeError:
        return None
    return text if GENRE.search(matching_view(text)) else None


def parse_text(text: str, *, source: str, gazetteer: Gazetteer | None = None) -> ParsedFile:
    """All documents on one page of text; raises NoDocumentFound for text outside the genre."""
    if not text.strip():
        raise EmptyInput(source, "the text is empty")
    gazetteer = gazetteer or default_gazetteer()
    view = matching_view(text)
    if not GENRE.search(view):
        raise NoDocumentFound(source, NO_DOCUMENT)
    lines = split_lines(text)
    spans = segment(lines)
    if not spans:
        raise NoDocumentFound(source, NO_DOCUMENT)
    page = _Page(text, view, lines, gazetteer)
    documents = []
    for span in spans:
        doc = page.document(span)
        twin = next((d for d in documents if d.kind == doc.kind and d.checksum == doc.checksum), None)
        if twin is not None:
            warn(page.warnings, "duplicate_document", start=doc.start, end=doc.end, line=_first_line(span), title=doc.title[:30])
            continue
        documents.append(doc)
    page.share_context(documents)
    if HTML_TAG.search(text):
        tag = HTML_TAG.search(text)
        warn(page.warnings, "html_markup", start=tag.start(), end=tag.end())
    return ParsedFile(source=source, text=text, documents=documents, warnings=page.warnings)


def _first_line(span: DocSpan) -> int:
    lines = span.title_lines + span.lines
    return lines[0].number if lines else 0


class _Page:
    """What documents on one page share: the text, its page label, its county and reporters."""

    def __init__(self, text: str, view: str, lines: list[Line], gazetteer: Gazetteer):
        self.text, self.view, self.gazetteer = text, view, gazetteer
        self.warnings: list[ParseWarning] = []
        self.page_label = next((line.page_label for line in lines if line.page_label), None)
        content = [line.view for line in lines if not line.debris]
        self.county = gazetteer.match(content[0] if content else "", view)
        self.reporters = metadata.reporters(content)

    def document(self, span: DocSpan) -> ParsedDocument:
        warnings: list[ParseWarning] = []
        header_count = 0 if span.kind == "member_speech" else metadata.header_lines([line.view for line in span.lines])
        header, body_lines = span.lines[:header_count], span.lines[header_count:]
        blocks = [
            Block(a, b, self.text[a:b], self.view[a:b], line.number) for line in body_lines for a, b in content_spans(line)
        ]
        # The preamble (text before the first heading) stays in ``text`` and feeds statistics; it is no section.
        sections, _preamble, years = build_tree(blocks, warnings)
        all_lines = span.title_lines + span.lines
        start = all_lines[0].start if all_lines else 0
        end = max(line.end for line in all_lines) if all_lines else 0
        title = span.title or _untitled(blocks)
        head_texts = [title] + [line.view for line in header]
        opening = [block.view for block in blocks[:OPENING_BLOCKS]]

        doc = ParsedDocument(kind=span.kind, title=title, text=self.text[start:end], start=start, end=end)
        doc.source_page = self.page_label
        doc.is_excerpt = span.is_excerpt or any("摘要" in line.view for line in header)
        doc.is_fragment = span.continued or any(line.continuation for line in all_lines) or not span.title
        self._place(doc, head_texts, blocks, warnings)
        doc.term, doc.session = metadata.term_and_session(head_texts)
        if doc.term is None and doc.session is None:
            doc.term, doc.session = metadata.term_and_session(opening)
        doc.date = _plausible_date(metadata.first_date(head_texts[1:] + ([] if span.kind in REPORT_KINDS else opening[:2]), warnings), warnings)
        doc.session_start, doc.session_end = metadata.session_dates(head_texts + opening, warnings)
        if doc.session_start and _plausible_date(doc.session_start, warnings) is None:
            doc.session_start = doc.session_end = None
        doc.term = _ordinal_in_range(doc.term, "term", warnings)
        doc.session = _ordinal_in_range(doc.session, "session", warnings)
        doc.venue = metadata.venue(head_texts + opening)
        doc.speaker, doc.speaker_role = self._speaker(span, header)
        doc.review_year, doc.plan_year = (_plausible_year(y, warnings) for y in _years(years))
        if not blocks:
            warn(warnings, "title_without_text", start=start, end=end)
        stat_year = doc.review_year if span.kind in REPORT_KINDS else None
        doc.statistics = extract(self.text, self.view, [(b.start, b.end) for b in blocks], warnings, year=stat_year)
        doc.sections = sections
        doc.checksum = compute_checksum(title + "".join(block.text for block in blocks))
        doc.warnings = warnings
        return doc

    def _place(self, doc, head_texts, blocks, warnings):
        named = metadata.county_named_in_title(head_texts[0])
        if named and not self.gazetteer.knows(named):
            # 青云县 is not 云县: a title naming an unknown county gives no county at all.
            warn(warnings, "county_not_in_gazetteer", start=doc.start, end=doc.end, county=named)
            return
        # The page label (第B07版:灵石·两会) often names the place: read it as body.
        body = "\n".join([matching_view(self.page_label or "")] + [block.view for block in blocks])
        match = self.gazetteer.match("".join(head_texts), body) if (head_texts[0] or body) else None
        if match is None and self.county is not None:
            match = self.county
            warn(warnings, "county_from_page", county=match.row.name)
        if match is None:
            warn(warnings, "county_unknown", start=doc.start, end=doc.end)
            return
        doc.county, doc.province = match.county, match.province

    def _speaker(self, span: DocSpan, header: list[Line]):
        if span.speaker:
            return span.speaker, None
        for line in header:
            found = metadata.speaker_line(line.view)
            if found and not line.view.startswith(("——", "(")):
                return found
        if span.kind in self.reporters:
            return self.reporters[span.kind]
        return None, None

    def share_context(self, documents: list[ParsedDocument]):
        """Fill what a document leaves open from the others on the page, where they agree."""
        known = [d for d in documents if d.county and d.term and d.session]
        for doc in documents:
            if doc.county is None:
                continue
            peers = [p for p in known if p is not doc and p.county.code == doc.county.code and (doc.term in (None, p.term))]
            if not peers:
                continue
            peer = peers[0]
            if doc.term is None and doc.session is None:
                doc.term, doc.session = peer.term, peer.session
                warn(doc.warnings, "term_session_from_peer", title=peer.title[:30])
            elif doc.session is None and doc.term == peer.term:
                doc.session = peer.session
                warn(doc.warnings, "session_from_peer", title=peer.title[:30])
            if doc.session == peer.session and doc.term == peer.term:
                doc.session_start = doc.session_start or peer.session_start
                doc.session_end = doc.session_end or peer.session_end
                doc.venue = doc.venue or peer.venue
            if doc.speaker is None and doc.kind in self.reporters and doc.term == peer.term:
                doc.speaker, doc.speaker_role = self.reporters[doc.kind]


def _plausible_year(year, warnings):
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        warn(warnings, "year_out_of_range", year=year, low=MIN_YEAR, high=MAX_YEAR)
        return None
    return year


def _plausible_date(value, warnings):
    if value is not None and _plausible_year(value.year, warnings) is None:
        return None
    return value


ORDINAL_NAMES = {"term": "届次", "session": "会次"}


def _ordinal_in_range(value, what, warnings):
    if value is not None and not MIN_ORDINAL <= value <= MAX_ORDINAL:
        warn(warnings, "ordinal_out_of_range", what=what, what_zh=ORDINAL_NAMES[what], value=value, low=MIN_ORDINAL, high=MAX_ORDINAL)
        return None
    return value


def _untitled(blocks: list[Block]) -> str:
    first = blocks[0].text.strip() if blocks else ""
    return (first[:30] + "…") if len(first) > 30 else first or "(untitled)"


def _years(years: dict) -> tuple[int | None, int | None]:
    review, plan = years.get("review"), years.get("plan")
    if plan and "review" in years and review is None:
        review = plan - 1
    if review and "plan" in years and plan is None:
        plan = review + 1
    return review, plan
