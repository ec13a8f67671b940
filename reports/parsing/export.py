"""Parsed files as plain JSON-ready dicts: the shape ``parse_report --json`` prints."""
from __future__ import annotations

from .diagnostics import warning_to_dict
from .types import ParsedDocument, ParsedFile, ParsedSection


def _place(place):
    return {"code": place.code, "name": place.name} if place else None


def _iso(value):
    return value.isoformat() if value else None


def section_to_dict(section: ParsedSection) -> dict:
    return {
        "label": section.label,
        "heading": section.heading,
        "level": section.level,
        "part": section.part,
        "children": [section_to_dict(child) for child in section.children],
    }


def document_to_dict(doc: ParsedDocument) -> dict:
    return {
        "kind": doc.kind,
        "title": doc.title,
        "county": _place(doc.county),
        "province": _place(doc.province),
        "term": doc.term,
        "session": doc.session,
        "date": _iso(doc.date),
        "session_start": _iso(doc.session_start),
        "session_end": _iso(doc.session_end),
        "venue": doc.venue,
        "speaker": doc.speaker,
        "speaker_role": doc.speaker_role,
        "review_year": doc.review_year,
        "plan_year": doc.plan_year,
        "is_fragment": doc.is_fragment,
        "is_excerpt": doc.is_excerpt,
        "source_page": doc.source_page,
        "sections": [section_to_dict(s) for s in doc.sections],
        "statistics": [
            {
                "metric": s.metric, "value": s.value, "qualifier": s.qualifier, "unit": s.unit, "quote": s.quote, "start": s.start,
                "end": s.end, "period": s.period, "wording": s.wording, "rule": s.rule,
            }
            for s in doc.statistics
        ],
        # English text as before; ``diagnostics`` has the typed warnings (code, Chinese message, offsets).
        "warnings": [w.detail for w in doc.warnings],
        "diagnostics": [warning_to_dict(w) for w in doc.warnings],
    }


def file_to_dict(parsed: ParsedFile) -> dict:
    return {
        "file": parsed.source,
        "parser_version": parsed.parser_version,
        "documents": [document_to_dict(d) for d in parsed.documents],
        "warnings": [w.detail for w in parsed.warnings],
        "diagnostics": [warning_to_dict(w) for w in parsed.warnings],
    }
