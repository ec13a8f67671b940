"""Parsed documents → database rows: the only bridge between the parser and Django.

Two steps, so that loading and fixture building share one path:

1. ``plan_file`` turns a :class:`~reports.parsing.types.ParsedFile` into unsaved
   model instances (a :class:`DocumentPlan` per document), touching no table.
   ``build_fixtures`` serialises plans as they are.
2. ``ingest_file`` looks each plan up by its natural key and reports, like
   openstates' importers, ``created`` / ``updated`` / ``unchanged`` /
   ``conflict``. A file is one transaction: any error rolls the whole file back,
   so nothing is ever half-written.

Identity of a document: first its natural key (county, kind, checksum of the
normalised text); failing that, its place in the source (file name and index on
the page), which is how a corrected re-issue of the same page updates the
document it replaces instead of adding a second one.

Editors win: a field an editor corrected is never overwritten; where the new
parse differs, the conflict is reported with both values (``reconcile``). An
existing document is updated in place, its sections and statistics matched to
the new parse, so rows that still correspond keep their ids.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from reports import findings, reconcile, search, series
from reports.history import BULK_LOADED
from reports.models import Committee, County, Document, Section, Session, Statistic
from reports.parsing import ParseError, parse_file, parse_text
from reports.parsing.decode import normalize_text
from reports.parsing.diagnostics import COUNTY_WARNINGS, warning_to_dict
from reports.parsing.errors import SourceError
from reports.parsing.types import ParsedDocument, ParsedFile, ParsedSection, ParseWarning

# Fields of Document that ingestion owns; an editor's other edits are kept.
UNKNOWN_COUNTY = "no county could be identified for document {title!r}"
COUNTY_NOT_IN_GAZETTEER = "county {code} of document {title!r} is not in the gazetteer (run load_gazetteer first)"
ALREADY_LOADED = "document {title!r} is already in the archive from {source}; this copy was skipped"


class IngestError(SourceError):
    """A file that parsed but cannot be loaded (no county, a county missing from the gazetteer)."""


@dataclass
class DocumentPlan:
    """Unsaved rows for one parsed document, with natural keys filled in."""

    document: Document
    sections: list[Section]
    statistics: list[Statistic]
    committee: Committee | None = None
    session: Session | None = None
    outcome: str = ""  # set by loading: created / updated / unchanged


@dataclass
class FileReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list = field(default_factory=list)  # reconcile.Conflict: an editor's value kept against the parse's
    changes: list = field(default_factory=list)  # reconcile.Change: what updating an existing document wrote
    warnings: list[str] = field(default_factory=list)  # ingestion's own notes (reposts, sessions that disagree)
    parse_warnings: list[ParseWarning] = field(default_factory=list)  # the parser's warnings about the file as a whole
    error: str | None = None
    skipped: str | None = None  # why a document was left as it was (reparse: its text cannot be re-read alone)
    user: object = None  # who imports (history records name them); None for the command line
    reason: str = "ingest"
    counties: set = field(default_factory=set)  # counties whose documents were written: their series points are refreshed

    @property
    def failed(self):
        return self.error is not None


# --- planning: parsed → unsaved instances --------------------------------------------------


def plan_file(parsed: ParsedFile, *, source_file: str | None = None) -> list[DocumentPlan]:
    source_file = source_file or Path(parsed.source).name
    return [
        plan_document(doc, source_file=source_file, index=i, parser_version=parsed.parser_version)
        for i, doc in enumerate(parsed.documents)
    ]


def plan_document(parsed: ParsedDocument, *, source_file: str, index: int, parser_version: str = "") -> DocumentPlan:
    if parsed.county is None:
        why = [w.detail for w in parsed.warnings if w.code in COUNTY_WARNINGS]
        raise IngestError(source_file, UNKNOWN_COUNTY.format(title=parsed.title) + (f" ({'; '.join(why)})" if why else ""))
    county_code = parsed.county.code
    # The code is the primary key, so this unsaved instance stands for the row
    # without a query (fixture building runs without a database).
    county = County(code=county_code, name=parsed.county.name)
    committee = session = None
    if parsed.term:
        committee = Committee(county=county, term=parsed.term)
        if parsed.session:
            session = Session(
                committee=committee,
                number=parsed.session,
                start_date=parsed.session_start,
                end_date=parsed.session_end,
                venue=(parsed.venue or "")[:200],
            )
    document = Document(
        kind=parsed.kind,
        title=parsed.title[:300],
        county=county,
        committee=committee,
        session=session,
        speaker_name=(parsed.speaker or "")[:50],
        speaker_role=(parsed.speaker_role or "")[:50],
        date=parsed.date,
        review_year=parsed.review_year,
        plan_year=parsed.plan_year,
        is_fragment=parsed.is_fragment,
        is_excerpt=parsed.is_excerpt,
        source_file=source_file,
        source_index=index,
        source_page=(parsed.source_page or "")[:100],
        raw_text=parsed.text,
        checksum=parsed.checksum or hashlib.sha256(parsed.text.encode("utf-8")).hexdigest(),
        warnings=[warning_to_dict(w) for w in parsed.warnings],
        parser_version=parser_version,
    )
    sections = _plan_sections(parsed, document)
    statistics = _plan_statistics(parsed, document, sections)
    # The whole text, not only sections: resolutions and news items have none.
    document.search_text = search.document_search_text(document)
    return DocumentPlan(document, sections, statistics, committee, session)


def _plan_sections(parsed: ParsedDocument, document: Document) -> list[Section]:
    """Sections in pre-order; offsets rebased onto the document's own text."""
    rows: list[Section] = []

    def visit(node: ParsedSection, parent: Section | None):
        row = Section(
            document=document,
            parent=parent,
            position=len(rows),
            level=node.level,
            label=node.label[:20],
            heading=node.heading[:300],
            body=node.body,
            part=node.part,
            start=max(node.start - parsed.start, 0),
            end=max(node.end - parsed.start, 0),
        )
        row.search_text = search.section_search_text(row)
        rows.append(row)
        for child in node.children:
            visit(child, row)

    for top in parsed.sections:
        visit(top, None)
    return rows


def _plan_statistics(parsed: ParsedDocument, document: Document, sections: list[Section]) -> list[Statistic]:
    rows = []
    seen = set()
    for stat in parsed.statistics:
        start, end = stat.start - parsed.start, stat.end - parsed.start
        if (stat.metric, start) in seen:
            continue  # the same number read twice under one metric: keep the first
        seen.add((stat.metric, start))
        rows.append(
            Statistic(
                document=document,
                section=_innermost_section(sections, start),
                metric=stat.metric,
                wording=stat.wording[:100],
                value=stat.value,
                qualifier=stat.qualifier,
                unit=stat.unit[:8],
                year=stat.year,
                rule=stat.rule[:40],
                quote=stat.quote[:200],
                start=start,
                end=end,
            )
        )
    return rows


def _innermost_section(sections: list[Section], offset: int) -> Section | None:
    # Pre-order: a later section that contains the offset is nested at least as deep.
    found = None
    for section in sections:
        if section.start is not None and section.start <= offset < (section.end or 0):
            found = section
    return found


# --- loading: plans → rows ------------------------------------------------------------------


@dataclass
class PreparedFile:
    """One file parsed and planned, ready to load: no database touched, so a worker process can make it."""

    source: str
    plans: list[DocumentPlan] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)  # the parser's warnings about the file as a whole
    error: str | None = None


def prepare_path(path: Path | str) -> PreparedFile:
    """Parse and plan one file (the CPU-bound half of ingestion); bad input becomes ``error``."""
    path = Path(path)
    try:
        parsed = parse_file(path)
    except ParseError as exc:
        return PreparedFile(source=str(path), error=str(exc))
    return prepare_parsed(parsed, source_file=path.name)


def prepare_parsed(parsed: ParsedFile, *, source_file: str) -> PreparedFile:
    try:
        plans = plan_file(parsed, source_file=source_file)
    except IngestError as exc:
        return PreparedFile(source=parsed.source, error=str(exc))
    return PreparedFile(source=parsed.source, plans=plans, warnings=list(parsed.warnings))


def load_prepared(prepared: PreparedFile, *, dry_run: bool = False, user=None, reason: str = "ingest") -> FileReport:
    """Load one prepared file in one transaction (all its documents or none)."""
    report = FileReport(source=prepared.source, error=prepared.error, user=user, reason=reason)
    if prepared.error:
        return report
    report.parse_warnings.extend(prepared.warnings)
    try:
        with transaction.atomic():
            for plan in prepared.plans:
                outcome = load_plan(plan, report)
                plan.outcome = outcome
                setattr(report, outcome, getattr(report, outcome) + 1)
            series.refresh_series(counties=report.counties)
            if dry_run:
                transaction.set_rollback(True)
    except IngestError as exc:
        report.error = str(exc)
    return report


def ingest_path(path: Path | str, *, dry_run: bool = False) -> FileReport:
    """Parse and load one file in one transaction; never raises for bad input."""
    return load_prepared(prepare_path(path), dry_run=dry_run)


def ingest_text(
    text: str, *, source_file: str, dry_run: bool = False, user=None, reason: str = "import"
) -> tuple[FileReport, list[DocumentPlan]]:
    """Parse and load text given directly (the admin's import); returns the report and the plans.

    The text is normalised first (BOM, line endings, trailing white space), as
    ``parse_file`` does for files, so the same page pasted, uploaded or read
    from disk is the same document.
    """
    try:
        parsed = parse_text(normalize_text(text), source=source_file)
    except ParseError as exc:
        return FileReport(source=source_file, error=str(exc)), []
    plans: list[DocumentPlan] = []
    report = ingest_parsed(parsed, source_file=source_file, dry_run=dry_run, plans=plans, user=user, reason=reason)
    return report, plans


def ingest_parsed(
    parsed: ParsedFile, *, source_file: str, dry_run: bool = False, plans: list | None = None, user=None, reason: str = "ingest"
) -> FileReport:
    prepared = prepare_parsed(parsed, source_file=source_file)
    if plans is not None:
        plans.extend(prepared.plans)
    return load_prepared(prepared, dry_run=dry_run, user=user, reason=reason)


def load_plan(plan: DocumentPlan, report: FileReport) -> str:
    """Write one document plan; returns 'created', 'updated' or 'unchanged'."""
    doc = plan.document
    _place(plan, report)
    existing = Document.objects.filter(county_id=doc.county_id, kind=doc.kind, checksum=doc.checksum).first()
    if existing is not None and existing.source_file != doc.source_file:
        # The same text reposted on another page: one document, first source wins,
        # so loading the two files in any order and any number of times agrees.
        report.warnings.append(ALREADY_LOADED.format(title=doc.title, source=existing.source_file))
        return "unchanged"
    existing = existing or Document.objects.filter(source_file=doc.source_file, source_index=doc.source_index).first()
    if existing is None:
        _stamp(doc, report)
        doc.save()
        _write_children(doc, plan, report)
        report.changes.append(reconcile.Change(reconcile.document_words(doc), action="new document"))
        findings.refresh_around(doc)
        report.counties.add(doc.county_id)
        return "created"
    return _update(existing, plan, report)


def reload_plan(existing: Document, plan: DocumentPlan, report: FileReport) -> str:
    """Bring a stored document in line with a new parse of its own text (``manage.py reparse``): 'updated' or
    'unchanged'. The caller refreshes the series of ``report.counties``, as ``load_prepared`` does."""
    _place(plan, report)
    return _update(existing, plan, report)


def _place(plan: DocumentPlan, report: FileReport):
    """The plan's county must be in the gazetteer; its committee and session are found or made."""
    doc = plan.document
    if not County.objects.filter(code=doc.county_id).exists():
        raise IngestError(report.source, COUNTY_NOT_IN_GAZETTEER.format(code=doc.county_id, title=doc.title))
    doc.committee, doc.session = _load_committee_and_session(plan, report)


def _update(existing: Document, plan: DocumentPlan, report: FileReport) -> str:
    related = findings.related_documents(existing)  # compared with it before the update
    county = existing.county_id  # a re-parse may move the document to another county
    if reconcile.update_document(existing, plan, report):
        findings.refresh_around(existing, related)
        report.counties.update((county, existing.county_id))
        return "updated"
    return "unchanged"


def _stamp(instance, report: FileReport):
    """History records of ingestion name who imported (the admin's user) and why."""
    instance._history_user = report.user
    instance._change_reason = report.reason


def _load_committee_and_session(plan: DocumentPlan, report: FileReport):
    if plan.committee is None:
        return None, None
    committee, _ = Committee.objects.get_or_create(county_id=plan.committee.county_id, term=plan.committee.term)
    if plan.session is None:
        return committee, None
    wanted = plan.session
    session, created = Session.objects.get_or_create(
        committee=committee,
        number=wanted.number,
        defaults={"start_date": wanted.start_date, "end_date": wanted.end_date, "venue": wanted.venue},
    )
    if not created:
        # Fill what the session lacks; never overwrite what another document said.
        dirty = []
        for name in ("start_date", "end_date", "venue"):
            new, old = getattr(wanted, name), getattr(session, name)
            if new and not old:
                setattr(session, name, new)
                dirty.append(name)
            elif new and old and new != old:
                report.warnings.append(f"session {session}: {name} {old} kept, document says {new}")
        if dirty:
            session.save(update_fields=dirty)
    return committee, session


def _write_children(doc: Document, plan: DocumentPlan, report: FileReport):
    # Parents are created before children (pre-order, one level at a time) so
    # each child can point at its parent's primary key.
    by_level: dict[int, list[Section]] = {}
    for row in plan.sections:
        row.document = doc
        by_level.setdefault(_depth(row), []).append(row)
    for depth in sorted(by_level):
        rows = by_level[depth]
        for row in rows:
            if row.parent is not None:
                row.parent_id = row.parent.pk
        # With history, so an editor's later correction has a parsed version to diff against.
        bulk_create_with_history(rows, Section, default_user=report.user, default_change_reason=report.reason)
    for stat in plan.statistics:
        stat.document = doc
        stat.section_id = stat.section.pk if stat.section is not None else None
    bulk_create_with_history(plan.statistics, Statistic, default_user=report.user, default_change_reason=report.reason)


def _depth(section: Section) -> int:
    depth = 0
    while section.parent is not None:
        section, depth = section.parent, depth + 1
    return depth


# --- bulk loading: many new documents at once --------------------------------------------


def bulk_load(plans: list[DocumentPlan]) -> int:
    """Insert plans whose documents are not in the archive yet; returns how many were inserted.

    The fast path for large loads (a national corpus, a restore): a handful of
    queries per batch instead of several per document. Documents already present
    (same natural key, or the same place in the same source, so a document whose
    kind or county an editor corrected is still found) are skipped, never
    updated: use ``ingest_path`` to update. Every row inserted gets its initial
    history record, so an editor's later change can be reverted to the parse.
    Call it inside a transaction.
    """
    if not plans:
        return 0
    committees = _bulk_get_or_create_committees(plans)
    sessions = _bulk_get_or_create_sessions(plans, committees)
    existing = set(
        Document.objects.filter(checksum__in={p.document.checksum for p in plans}).values_list("county_id", "kind", "checksum")
    )
    placed = set(
        Document.objects.filter(source_file__in={p.document.source_file for p in plans}).values_list("source_file", "source_index")
    )
    fresh, seen = [], set()
    for plan in plans:
        key = plan.document.natural_key()
        if key in existing or key in seen or (plan.document.source_file, plan.document.source_index) in placed:
            continue
        seen.add(key)
        doc = plan.document
        doc.committee = committees.get(plan.committee.natural_key()) if plan.committee else None
        doc.session = sessions.get(plan.session.natural_key()) if plan.session else None
        fresh.append(plan)
    Document.objects.bulk_create([p.document for p in fresh], batch_size=500)
    Document.history.bulk_history_create([p.document for p in fresh], batch_size=500, default_change_reason=BULK_LOADED)
    sections = [row for p in fresh for row in p.sections]
    for depth in sorted({_depth(row) for row in sections}):
        rows = [row for row in sections if _depth(row) == depth]
        for row in rows:
            row.document_id = row.document.pk
            row.parent_id = row.parent.pk if row.parent is not None else None
        Section.objects.bulk_create(rows, batch_size=1000)
        Section.history.bulk_history_create(rows, batch_size=1000, default_change_reason=BULK_LOADED)
    statistics = [row for p in fresh for row in p.statistics]
    for row in statistics:
        row.document_id = row.document.pk
        row.section_id = row.section.pk if row.section is not None else None
    Statistic.objects.bulk_create(statistics, batch_size=1000)
    Statistic.history.bulk_history_create(statistics, batch_size=1000, default_change_reason=BULK_LOADED)
    series.refresh_series(counties={p.document.county_id for p in fresh})
    return len(fresh)


def _bulk_get_or_create_committees(plans):
    wanted = {p.committee.natural_key(): p.committee for p in plans if p.committee is not None}
    if not wanted:
        return {}
    Committee.objects.bulk_create(
        [Committee(county_id=c, term=t) for c, t in wanted], ignore_conflicts=True, batch_size=500
    )
    found = Committee.objects.filter(county_id__in={c for c, _ in wanted}, term__in={t for _, t in wanted})
    return {c.natural_key(): c for c in found if c.natural_key() in wanted}


def _bulk_get_or_create_sessions(plans, committees):
    wanted = {}
    for plan in plans:
        if plan.session is not None:
            kept = wanted.setdefault(plan.session.natural_key(), plan.session)
            for name in ("start_date", "end_date", "venue"):
                if not getattr(kept, name) and getattr(plan.session, name):
                    setattr(kept, name, getattr(plan.session, name))
    if not wanted:
        return {}
    rows = [
        Session(committee=committees[key[:2]], number=key[2], start_date=s.start_date, end_date=s.end_date, venue=s.venue)
        for key, s in wanted.items()
    ]
    Session.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    found = Session.objects.select_related("committee").filter(committee__in=[c.pk for c in committees.values()])
    return {s.natural_key(): s for s in found if s.natural_key() in wanted}
