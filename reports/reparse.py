"""Re-parse what the archive holds with the current parser: what it would add, remove or change, then apply it.

Two sources, one path: a document's stored raw text (``reparse_stored``, for
``manage.py reparse --all``) or files (``reparse_path``, ``manage.py reparse
PATH``, which is ingestion's). Either way the new parse goes through
``reports.reconcile``: rows that still correspond keep their ids, a field an
editor corrected is kept (a conflict with both values when the parse differs),
a row an editor deleted stays deleted, and every change written is a line in
``report.changes``. With ``dry_run`` the same work runs in a transaction that
is rolled back, so the lines say exactly what applying would do.

A document's text was cut from a newspaper page; what the rest of the page
told the parser (the county named in the banner, the term, session and speaker
of the report beside it, the page label) is not in the text alone. When the
text alone does not say, the stored values are kept, with the warnings that
said where they came from; warnings of the same codes keep their stored lines
and offsets, which are the page's. A text the parser cannot read alone (a
member's speech printed as a bare title) is skipped: re-parse its page's file.
"""
from __future__ import annotations

from pathlib import Path

from django.db import transaction

from reports import reconcile, series
from reports.ingest import FileReport, IngestError, load_prepared, plan_document, prepare_path, reload_plan
from reports.models import Document
from reports.parsing import ParseError, parse_text
from reports.parsing.diagnostics import COUNTY_WARNINGS
from reports.parsing.types import ParsedDocument, ParseWarning, Place

REASON = "reparse"
# Warnings about what a document took from its page: kept when the stored value is.
COUNTY_FROM_PAGE = frozenset({"county_from_page", "county_from_peer"})
SESSION_FROM_PAGE = frozenset({"term_session_from_peer", "session_from_peer"})
NOT_ALONE = "the text alone is no document to the parser (it was cut from a page: re-parse the page's file instead): {error}"
SPLIT = "the parser now reads {count} documents in this text: re-parse the page's file instead"


class ReparseError(IngestError):
    """A stored document whose text the current parser cannot re-read on its own."""


def reparse_stored(document: Document, *, dry_run: bool = False, user=None) -> FileReport:
    """Parse ``document``'s own raw text again and bring the stored rows in line with it (in one transaction)."""
    report = FileReport(source=reconcile.document_words(document), user=user, reason=REASON)
    try:
        with transaction.atomic():
            plan = plan_stored(document)
            outcome = reload_plan(document, plan, report)
            setattr(report, outcome, getattr(report, outcome) + 1)
            series.refresh_series(counties=report.counties)
            if dry_run:
                transaction.set_rollback(True)
    except ReparseError as exc:
        report.skipped = exc.reason
    except IngestError as exc:
        report.error = str(exc)
    return report


def reparse_path(path: Path | str, *, dry_run: bool = False, user=None) -> FileReport:
    """Re-ingest a file, listing what it adds, removes or changes (ingestion's own path)."""
    return load_prepared(prepare_path(path), dry_run=dry_run, user=user, reason=REASON)


def plan_stored(document: Document):
    """Unsaved rows for a new parse of ``document.raw_text``, placed where the stored document is."""
    try:
        parsed = parse_text(document.raw_text, source=document.source_file)
    except ParseError as exc:
        raise ReparseError(document.source_file, NOT_ALONE.format(error=exc.reason)) from exc
    if len(parsed.documents) != 1:
        raise ReparseError(document.source_file, SPLIT.format(count=len(parsed.documents)))
    (new,) = parsed.documents
    _keep_page_context(new, document)
    return plan_document(new, source_file=document.source_file, index=document.source_index, parser_version=parsed.parser_version)


# ParsedDocument attribute → Document field, for what the page may supply.
FROM_PAGE = (("source_page", "source_page"), ("speaker", "speaker_name"), ("speaker_role", "speaker_role"))


def _keep_page_context(new: ParsedDocument, stored: Document):
    """What the page told the parser and the text alone does not: the stored county, term, session, speaker, page."""
    for attribute, name in FROM_PAGE:
        if not getattr(new, attribute) and getattr(stored, name):
            setattr(new, attribute, getattr(stored, name))
    kept: set[str] = set()
    if new.county is None:
        new.county = Place(code=stored.county_id, name=stored.county.name)
        new.warnings = [w for w in new.warnings if w.code not in COUNTY_WARNINGS]
        kept |= COUNTY_FROM_PAGE
    if new.term is None and new.session is None and stored.committee_id:
        new.term = stored.committee.term
        new.session = stored.session.number if stored.session_id else None
        kept |= SESSION_FROM_PAGE
    new.warnings += [ParseWarning(**warning) for warning in stored.warnings if warning.get("code") in kept]
    if sorted(w.code for w in new.warnings) == sorted(w.get("code") for w in stored.warnings):
        new.warnings = [ParseWarning(**warning) for warning in stored.warnings]
