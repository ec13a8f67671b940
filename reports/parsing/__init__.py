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

import dataclasses
import hashlib
import re
from pathlib import Path

from . import metadata
from .county import MUNICIPALITIES, attribute
from .decode import TRUNCATED, normalize_text
from .diagnostics import ABSTENTIONS, warn
from .formats import text_from_bytes
from .errors import NO_CPPCC_TEXT, NO_DOCUMENT, BinaryInput, EmptyInput, NoDocumentFound, ParseError, UndecodableInput
from .headings import Block, build_tree
from .layout import Line, content_spans, publication_date, split_lines
from .normalize import GLOSSED_PAGE, compact, glosses, matching_view, without
from .places import Gazetteer, default_gazetteer
from .segment import OTHER_BODY, DocSpan, segment
from .statistics import LAST_YEAR, extract, period_of, sentence_start
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
STANDING_MEETING = re.compile(r"(?:常委会|常务委员会)(?:第.{1,4}次)?(?:会议|议)|主席(?:办公)?会议|主席会|次常委")
ADOPTED_LINE = re.compile(r"^\(\d{4}年\d{1,2}月\d{1,2}日")
OPENING_BLOCKS = 4  # paragraphs read for metadata the title and header lack
NEWS_OPENING = 8  # paragraphs of an untitled news item read for its term and session
OPENING_PARAGRAPHS = 2  # paragraphs whose county evidence weighs as the document's opening


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
    text, encoding = text_from_bytes(data, str(path))
    text = normalize_text(text)
    try:
        parsed = parse_text(text, source=str(path), gazetteer=gazetteer)
    except NoDocumentFound:
        # Big5 bytes also decode as GB18030, into nonsense: try Big5 before giving up.
        big5 = _try_big5(data) if encoding == "gb18030" else None
        if big5 is None:
            raise
        parsed, encoding = parse_text(big5, source=str(path), gazetteer=gazetteer), "big5"
    if encoding in FORMAT_WARNINGS:
        warn(parsed.warnings, FORMAT_WARNINGS[encoding])
    elif encoding == TRUNCATED:
        warn(parsed.warnings, "truncated_utf8", start=len(text), end=len(text))
    elif encoding != "utf-8-sig":
        warn(parsed.warnings, "encoding_not_utf8", encoding=ENCODING_NAMES.get(encoding, encoding))
    return parsed


ENCODING_NAMES = {"gb18030": "GB18030/GBK", "big5": "Big5 (traditional Chinese)", "utf-16": "UTF-16"}
FORMAT_WARNINGS = {"html": "read_as_html", "docx": "read_as_docx", "pdf": "read_as_pdf"}


def _try_big5(data: bytes) -> str | None:
    try:
        text = data.decode("big5")
    except UnicodeDecodeError:
        return None
    return text if GENRE.search(matching_view(text)) else None


def parse_text(text: str, *, source: str, gazetteer: Gazetteer | None = None) -> ParsedFile:
    """All documents on one page of text; raises NoDocumentFound for text outside the genre.

    A page whose characters carry pinyin glosses (政協(xié)商會(huì)議, as template
    sites print traditional text) is read without them: every rule then sees
    政協商會議. Offsets, quotes and each document's text still point into the
    page as given, glosses included; titles, headings and bodies are read text.
    """
    spans = glosses(text)
    if len(spans) < GLOSSED_PAGE:
        return _parse_text(text, source=source, gazetteer=gazetteer)
    read, where = without(text, spans)
    return _onto(_parse_text(read, source=source, gazetteer=gazetteer), text, where)


def _onto(parsed: ParsedFile, text: str, where: list[int]) -> ParsedFile:
    """``parsed`` (of the text without glosses) with every offset moved onto ``text``, which has them."""

    def moved(item):
        item.start, item.end = where[item.start], where[item.end]

    def warning(w: ParseWarning) -> ParseWarning:
        if w.start is None:
            return w
        return dataclasses.replace(w, start=where[w.start], end=where[w.end] if w.end is not None else None)

    for doc in parsed.documents:
        moved(doc)
        doc.text = text[doc.start : doc.end]
        for section in doc.walk_sections():
            moved(section)
        for stat in doc.statistics:
            moved(stat)
            stat.quote = text[stat.start : stat.end]
        doc.warnings = [warning(w) for w in doc.warnings]
    parsed.warnings = [warning(w) for w in parsed.warnings]
    parsed.text = text
    return parsed


def _parse_text(text: str, *, source: str, gazetteer: Gazetteer | None = None) -> ParsedFile:
    if not text.strip():
        raise EmptyInput(source, "the text is empty")
    gazetteer = gazetteer or default_gazetteer()
    view = matching_view(text)
    if not GENRE.search(view):
        raise NoDocumentFound(source, NO_DOCUMENT)
    lines = split_lines(text)
    spans = segment(lines)
    if not spans:
        other = OTHER_BODY.search(view)
        raise NoDocumentFound(source, NO_CPPCC_TEXT.format(body=other.group()) if other else NO_DOCUMENT)
    page = _Page(text, view, lines, gazetteer, banner=spans[0].before)
    documents = []
    for span in spans:
        doc = page.document(span)
        twin = next((d for d in documents if d.kind == doc.kind and d.checksum == doc.checksum), None)
        if twin is not None:
            warn(page.warnings, "duplicate_document", start=doc.start, end=doc.end, line=_first_line(span), title=doc.title[:30])
            continue
        documents.append(doc)
    page.share_context(documents)
    if (tag := HTML_TAG.search(text)) and not source.lower().endswith((".html", ".htm")):
        warn(page.warnings, "html_markup", start=tag.start(), end=tag.end())
    return ParsedFile(source=source, text=text, documents=documents, warnings=page.warnings)


def _first_line(span: DocSpan) -> int:
    lines = span.title_lines + span.lines
    return lines[0].number if lines else 0


class _Page:
    """What documents on one page share: the text, its page label, its county and reporters."""

    def __init__(self, text: str, view: str, lines: list[Line], gazetteer: Gazetteer, banner: list[Line] = ()):
        self.text, self.view, self.gazetteer = text, view, gazetteer
        self.warnings: list[ParseWarning] = []
        self.roundup_items: set[int] = set()  # ids of documents that are items of a round-up
        self.page_label = next((line.page_label for line in lines if line.page_label), None)
        content = [line.view for line in lines if not line.debris]
        # The page label (第B07版:灵石·两会) and the lines above the first document name the publisher.
        self.banner = "\n".join([matching_view(self.page_label or "")] + [line.view for line in banner])
        self.published = publication_date(lines)
        # The whole page, weighed as body text: a document naming no county may take the page's.
        self.county = attribute(gazetteer, "", "", content[0] if content else "", "\n".join(content[1:])).match
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
        # The page's heading over the article (printed again as its title) is part of the document's text.
        start = min(line.start for line in span.heading + all_lines) if all_lines else 0
        end = max(line.end for line in all_lines) if all_lines else 0
        title = span.title or _untitled(blocks)
        head_texts = [title] + ([matching_view(span.note)] if span.note else []) + [line.view for line in header]
        opening = [block.view for block in blocks[:OPENING_BLOCKS]]

        doc = ParsedDocument(kind=span.kind, title=title, text=self.text[start:end], start=start, end=end)
        doc.source_page = self.page_label
        doc.is_excerpt = span.is_excerpt or any("摘要" in line.view for line in header)
        doc.is_fragment = span.continued or any(line.continuation for line in all_lines) or not span.title
        self._place(doc, head_texts, blocks, warnings, own_lead=not span.title, alone=span.roundup_item)
        if span.roundup_item:
            self.roundup_items.add(id(doc))
        doc.term, doc.session = metadata.term_and_session(head_texts)
        if span.kind in REPORT_KINDS and doc.term is not None:
            # An outgoing committee's report (title: 第十一届…常务委员会) is delivered at the next term's first
            # session (在政协…第十二届委员会第一次会议上): that plenary session is the document's.
            delivered = metadata.term_and_session(head_texts[1:])
            if delivered == (doc.term + 1, 1):
                doc.term, doc.session = delivered
        if doc.session is None:
            # A news item names its session somewhere in its first paragraphs (an untitled one's head is cut short);
            # a standing committee's or chairs' meeting has none of its own (the session it prepares is another's).
            term, session = metadata.term_and_session(opening if span.title else [b.view for b in blocks[:NEWS_OPENING]])
            standing = STANDING_MEETING.search("".join(head_texts))
            if doc.term is None:
                doc.term, doc.session = term, (None if standing else session)
            elif term == doc.term and not standing:
                doc.session = session
        # A titleless report opens on its adoption note, (2009年1月13日…会议通过), which then stands as its title.
        dated = head_texts if span.kind in REPORT_KINDS and ADOPTED_LINE.match(compact(title)) else head_texts[1:]
        doc.date = _plausible_date(metadata.first_date(dated + ([] if span.kind in REPORT_KINDS else opening[:2]), warnings), warnings)
        if doc.date is None and self.published:
            # 4月23日 with no year: the page's publication year, if that day is not after publication.
            doc.date = metadata.month_day(head_texts[1:] + ([] if span.kind in REPORT_KINDS else opening), self.published)
            if doc.date is not None:
                warn(warnings, "year_from_publication", date=doc.date.isoformat())
            elif span.kind not in REPORT_KINDS:
                doc.date = metadata.relative_day([title] + opening[:2], self.published) or metadata.day_of_month(
                    opening[:2], self.published
                )
                if doc.date is not None:
                    warn(warnings, "day_from_publication", date=doc.date.isoformat())
        doc.session_start, doc.session_end = metadata.session_dates(head_texts + opening, warnings)
        if doc.session_start and _plausible_date(doc.session_start, warnings) is None:
            doc.session_start = doc.session_end = None
        doc.term = _ordinal_in_range(doc.term, "term", warnings)
        doc.session = _ordinal_in_range(doc.session, "session", warnings)
        doc.venue = metadata.venue(head_texts + opening)
        doc.speaker, doc.speaker_role = self._speaker(span, header)
        doc.review_year, doc.plan_year = (_plausible_year(y, warnings) for y in _years(years))
        if doc.review_year is None and span.kind == "standing_committee_work_report":
            # No dated part heading (一、 or 过去一年主要工作): the review's opening sentence names its year.
            doc.review_year = _plausible_year(metadata.opening_year([b.view for b in blocks], doc.date.year if doc.date else None), warnings)
        if not blocks:
            warn(warnings, "title_without_text", start=start, end=end)
        stat_year = doc.review_year if span.kind in REPORT_KINDS else None
        # A news item's numbers are the year it reports on: its date's, else the page's publication year.
        news_year = None if span.kind in REPORT_KINDS else (doc.date.year if doc.date else self.published[0] if self.published else None)
        municipality = doc.province is not None and doc.province.name in MUNICIPALITIES
        doc.statistics = extract(
            self.text, self.view, [(b.start, b.end) for b in blocks], warnings, year=stat_year, session=doc.session, municipality=municipality
        )
        if stat_year is None and news_year is not None:
            for stat in doc.statistics:
                # The sentence up to the number: 五年来 or 去年 at its head governs every clause after it.
                sentence = stat.quote and self.view[sentence_start(self.view, stat.start) : stat.end]
                year = news_year - 1 if sentence and LAST_YEAR.search(sentence) else news_year
                stat.period = period_of(sentence, year, doc.session)
        doc.sections = sections
        doc.checksum = compute_checksum(title + "".join(block.text for block in blocks))
        doc.warnings = warnings
        return doc

    def _place(self, doc, head_texts, blocks, warnings, own_lead, alone=False):
        named = metadata.county_named_in_title(head_texts[0])
        if named and not self.gazetteer.knows(named) and not self.gazetteer.is_higher(named):
            # 青云县 is not 云县: a title naming an unknown county gives no county at all.
            warn(warnings, "county_not_in_gazetteer", start=doc.start, end=doc.end, county=named)
            return
        views = [block.view for block in blocks]
        found = attribute(
            self.gazetteer,
            "\n".join(([] if own_lead else [matching_view(head_texts[0])]) + head_texts[1:]),
            "\n".join(views[:OPENING_PARAGRAPHS]),
            "" if own_lead else self.banner,
            "\n".join(views[OPENING_PARAGRAPHS:]),
        )
        match = found.match
        # A round-up item names its own body: the page's county is another item's.
        if match is None and not alone and self.county is not None and _open(found.province, found.warnings, self.county.province):
            match = self.county
            warn(warnings, "county_from_page", county=match.row.name)
        elif match is None:
            warnings.extend(found.warnings)
            warn(warnings, "county_unknown", start=doc.start, end=doc.end)
            doc.province = found.province
            return
        else:
            warnings.extend(found.warnings)
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
        counties = {d.county.code: d for d in documents if d.county}
        if len(counties) == 1:
            (peer,) = counties.values()
            for doc in documents:
                if doc.county is None and id(doc) not in self.roundup_items and _open(doc.province, doc.warnings, peer.province):
                    doc.county, doc.province = peer.county, peer.province
                    warn(doc.warnings, "county_from_peer", county=peer.county.name, title=peer.title[:30])
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


def _open(province, warnings, other_province) -> bool:
    """May a document take a county from elsewhere on the page? Only if it abstained for want of evidence."""
    abstained = any(w.code in ABSTENTIONS for w in warnings)
    return not abstained and (province is None or province.code == other_province.code)


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
