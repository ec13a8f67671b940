"""A new parse of a document already in the archive: update it in place, keep every correction, report conflicts.

Sections and statistics of the stored document are matched to the new parse,
most specific key first (a statistic by metric and offset, then metric and
quote, then offsets, then quote; a section by offset and label, then label and
heading, then heading), so a row that still corresponds keeps its id and its
API URL, and history shows what changed in it. For each matched row, what the
parser owns (offsets, quote, rule, place in the tree) is updated; a field an
editor corrected is kept, and if the parse differs the conflict is reported
with both values. Unmatched rows are deleted unless an editor corrected them:
those are kept and reported. A row an editor deleted (a ``Deletion``, recorded
by ``services.row_delete``) is not brought back by the parse: it is reported as
kept deleted.

Every change written is also recorded (``report.changes``), so ``manage.py
reparse --dry-run`` can say what a new parse would add, remove or change
before anything is kept.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from reports import search
from reports.history import shown
from reports.models import Deletion, Document, Section, Statistic
from reports.services import corrected_fields

# Fields of Document the parser owns; each may also be corrected by an editor (services.DOCUMENT_FIELDS).
DOCUMENT_PARSED_FIELDS = (
    "kind", "title", "county_id", "committee_id", "session_id", "speaker_name", "speaker_role", "date", "review_year",
    "plan_year", "is_fragment", "is_excerpt",
)
# Provenance: always the new parse's.
DOCUMENT_SOURCE_FIELDS = ("source_file", "source_index", "source_page", "raw_text", "checksum", "warnings", "parser_version")
SECTION_TEXT_FIELDS = ("level", "label", "heading", "body", "part")
STATISTIC_VALUE_FIELDS = ("metric", "wording", "value", "qualifier", "unit", "year")
STATISTIC_EVIDENCE_FIELDS = ("quote", "start", "end", "rule")
# Rows that move are parked this far away first, so unique (document, position) and
# (document, metric, start) hold at every step of the update.
PARKING = 10**8

CONFLICT = "{where}：编辑更正的“{field}”保留为 {kept!r}，新解析为 {parsed!r}"
ORPHAN = "{where}：编辑更正过此行，新解析中已找不到它，予以保留"
QUOTE_LOST = "{where}：编辑更正过此行，其引文在新文本中已找不到，予以保留，请核对"


# Fields whose changes are written but not listed: offsets move whenever the text above them does.
UNLISTED = frozenset({"start", "end", "checksum", "source_index"})


@dataclass
class Change:
    """One thing a new parse adds, removes or changes, in words: ``str()`` is the line ``reparse`` prints."""

    document: str  # document_words()
    row: str = ""  # "" for the document itself, else the section or statistic in words
    action: str = "changed"  # added / removed / changed / kept deleted
    field: str = ""
    old: object = None
    new: object = None

    def __str__(self):
        where = self.document + (f": {self.row}" if self.row and self.action == "changed" else "")
        if self.action != "changed":
            return f"{where}: {self.action} {self.row}".rstrip()
        return f"{where}: {self.field} {shown(self.field, self.old)} → {shown(self.field, self.new)}"


def document_words(document: Document) -> str:
    """How a change line names a document: id, county, review year and title (several reports share a title)."""
    year = f" {document.review_year}" if document.review_year else ""
    return f"#{document.pk} {document.county.name}{year}《{document.title}》"


@dataclass
class Conflict:
    """An editor's value kept against a different value from the parse."""

    document: str  # the document's title
    row: str  # "" for the document itself, else the section or statistic in words
    field: str
    kept: object = None
    parsed: object = None
    template: str = CONFLICT

    def __str__(self):
        where = f"《{self.document}》" + (f" {self.row}" if self.row else "")
        return self.template.format(where=where, field=self.field, kept=self.kept, parsed=self.parsed)


def update_document(existing: Document, plan, report) -> bool:
    """Bring ``existing`` in line with ``plan`` (reports.ingest.DocumentPlan); returns whether anything was written."""
    doc = plan.document
    if not _differs(existing, plan):
        return False
    where = _Where(report, existing.title, document_words(existing))
    dirty = _merge_fields(existing, doc, DOCUMENT_PARSED_FIELDS, where, protected=corrected_fields(existing))
    dirty |= _merge_fields(existing, doc, DOCUMENT_SOURCE_FIELDS, where)
    if dirty:
        existing.search_text = search.document_search_text(existing)
        _stamp(existing, report)
        existing.save()
    deleted = set(existing.deletions.values_list("kind", "key"))
    resolved, sections_changed = _sections(existing, plan, where, deleted)
    statistics_changed = _statistics(existing, plan, where, resolved, deleted)
    return dirty or sections_changed or statistics_changed


@dataclass
class _Where:
    """The document being reconciled, as conflicts (by title) and change lines (by document_words) name it."""

    report: object
    title: str
    words: str

    def conflict(self, row: str, field: str, kept, parsed):
        self.report.conflicts.append(Conflict(self.title, row, field, kept, parsed))

    def change(self, row: str, action: str = "changed", field: str = "", old=None, new=None):
        self.report.changes.append(Change(self.words, row, action, field, old, new))


def _merge_fields(row, new, fields, where: _Where, words: str = "", protected=frozenset()) -> bool:
    """Copy the parse's ``fields`` onto the stored row, except those an editor corrected (a conflict when they differ).

    Returns whether anything was copied; each copy is a change line, each kept correction a conflict.
    """
    dirty = False
    for name in fields:
        value, old = getattr(new, name), getattr(row, name)
        if value == old:
            continue
        field = name.removesuffix("_id")
        if field in protected:
            where.conflict(words, field, old, value)
            continue
        setattr(row, name, value)
        if field not in UNLISTED:
            where.change(words, "changed", field, old, value)
        dirty = True
    return dirty


def _differs(existing: Document, plan) -> bool:
    doc = plan.document
    if any(getattr(doc, n) != getattr(existing, n) for n in DOCUMENT_PARSED_FIELDS + DOCUMENT_SOURCE_FIELDS):
        return True
    return _child_signature(existing) != _plan_signature(plan)


def _plan_signature(plan):
    position = {id(row): row.position for row in plan.sections}
    sections = [(s.position, position.get(id(s.parent)), *(getattr(s, f) for f in SECTION_TEXT_FIELDS), s.start, s.end) for s in plan.sections]
    stats = [
        (*(getattr(t, f) for f in STATISTIC_VALUE_FIELDS + STATISTIC_EVIDENCE_FIELDS), position.get(id(t.section)))
        for t in plan.statistics
    ]
    return sections, sorted(stats, key=repr)


def _child_signature(doc: Document):
    sections = list(doc.sections.order_by("position"))
    position = {s.pk: s.position for s in sections}
    section_rows = [
        (s.position, position.get(s.parent_id), *(getattr(s, f) for f in SECTION_TEXT_FIELDS), s.start, s.end) for s in sections
    ]
    stats = [
        (*(getattr(t, f) for f in STATISTIC_VALUE_FIELDS + STATISTIC_EVIDENCE_FIELDS), position.get(t.section_id))
        for t in doc.statistics.all()
    ]
    return section_rows, sorted(stats, key=repr)


def _stamp(instance, report):
    instance._history_user = report.user
    instance._change_reason = report.reason


def _match(old_rows: list, new_rows: list, keys) -> dict[int, object]:
    """Index in ``new_rows`` → the stored row it corresponds to, trying each key function in turn."""
    found: dict[int, object] = {}
    taken: set[int] = set()
    for key in keys:
        pool: dict = {}
        for row in old_rows:
            if row.pk not in taken:
                pool.setdefault(key(row), []).append(row)
        for index, new in enumerate(new_rows):
            if index in found:
                continue
            candidates = pool.get(key(new))
            if candidates:
                row = candidates.pop(0)
                found[index] = row
                taken.add(row.pk)
    return found


def _section_words(section) -> str:
    return _("section %(label)s %(heading)s") % {"label": section.label, "heading": section.heading[:30]}


def _statistic_words(stat) -> str:
    return _("statistic %(metric)s «%(quote)s»") % {"metric": stat.metric, "quote": stat.quote[:30]}


def _sections(existing: Document, plan, where: _Where, deleted: set):
    """Update the section tree in place; returns (plan row id → stored row, whether anything was written)."""
    report = where.report
    rows = list(existing.sections.order_by("position"))
    planned = plan.sections
    match = _match(rows, planned, [lambda s: (s.start, s.label), lambda s: (s.label, s.heading), lambda s: s.heading])
    matched = {row.pk for row in match.values()}
    orphans = [r for r in rows if r.pk not in matched and corrected_fields(r)]
    doomed = [r for r in rows if r.pk not in matched and not corrected_fields(r)]
    final = {match[i].pk: new.position for i, new in enumerate(planned) if i in match}
    final.update({row.pk: len(planned) + n for n, row in enumerate(orphans)})
    moving = [r.pk for r in rows if r.pk not in final or final[r.pk] != r.position]
    Section.objects.filter(pk__in=moving).update(position=F("position") + PARKING)
    changed = bool(doomed)
    resolved: dict[int, Section] = {}
    for index, new in enumerate(planned):
        parent = resolved.get(id(new.parent)) if new.parent is not None else None
        row = match.get(index)
        if row is None:
            if Deletion.key_of(new) in deleted:
                where.change(_section_words(new), "kept deleted")
                continue
            new.document, new.parent = existing, parent
            _stamp(new, report)
            new.save()
            where.change(_section_words(new), "added")
            resolved[id(new)] = new
            changed = True
            continue
        words = _section_words(row)
        dirty = row.pk in moving
        dirty |= _merge_fields(row, new, SECTION_TEXT_FIELDS, where, words, corrected_fields(row))
        dirty |= _merge_fields(row, new, ("start", "end"), where, words)
        if row.parent_id != (parent.pk if parent else None):
            row.parent = parent
            dirty = True
        row.position = new.position
        if dirty:
            row.search_text = search.section_search_text(row)
            _stamp(row, report)
            row.save()
            changed = True
        resolved[id(new)] = row
    doomed_ids = {r.pk for r in doomed}
    for row in orphans:
        report.conflicts.append(Conflict(where.title, _section_words(row), "", template=ORPHAN))
        row.position = final[row.pk]
        orphaned = row.parent_id in doomed_ids
        if orphaned:
            row.parent = None
        if row.pk in moving or orphaned:
            _stamp(row, report)
            row.save()
    for row in doomed:
        _stamp(row, report)
        where.change(_section_words(row), "removed")
    Section.objects.filter(pk__in=doomed_ids).delete()
    return resolved, changed


def _statistics(existing: Document, plan, where: _Where, resolved: dict, deleted: set) -> bool:
    report = where.report
    rows = list(existing.statistics.all())
    planned = plan.statistics
    match = _match(
        rows,
        planned,
        [lambda t: (t.metric, t.start), lambda t: (t.metric, t.quote), lambda t: (t.start, t.end), lambda t: t.quote],
    )
    matched = {row.pk for row in match.values()}
    orphans = [r for r in rows if r.pk not in matched and corrected_fields(r)]
    doomed = [r for r in rows if r.pk not in matched and not corrected_fields(r)]
    for row in doomed:
        _stamp(row, report)
        where.change(_statistic_words(row), "removed")
    Statistic.objects.filter(pk__in=[r.pk for r in doomed]).delete()
    moving = [
        match[i].pk for i, new in enumerate(planned) if i in match and (match[i].metric, match[i].start) != (new.metric, new.start)
    ]
    Statistic.objects.filter(pk__in=moving).update(start=F("start") + PARKING, end=F("end") + PARKING)
    changed = bool(doomed)
    fresh = []
    for index, new in enumerate(planned):
        section = resolved.get(id(new.section)) if new.section is not None else None
        row = match.get(index)
        if row is None:
            if Deletion.key_of(new) in deleted:
                where.change(_statistic_words(new), "kept deleted")
                continue
            new.document, new.section = existing, section
            fresh.append(new)
            where.change(_statistic_words(new), "added")
            continue
        protected = corrected_fields(row)
        words = _statistic_words(row)
        dirty = row.pk in moving
        dirty |= _merge_fields(row, new, STATISTIC_VALUE_FIELDS, where, words, protected)
        dirty |= _merge_fields(row, new, STATISTIC_EVIDENCE_FIELDS, where, words)
        section_id = section.pk if section else None
        if row.section_id != section_id and "section" not in protected:
            row.section = section
            dirty = True
        if dirty:
            _stamp(row, report)
            row.save()
            changed = True
    for row in orphans:
        # Kept; its quote must still be the text at its offsets, or be found again.
        template = ORPHAN
        if existing.raw_text[row.start : row.end] != row.quote:
            found = existing.raw_text.find(row.quote)
            if found >= 0:
                row.start, row.end = found, found + len(row.quote)
                _stamp(row, report)
                row.save()
                changed = True
            else:
                template = QUOTE_LOST
        report.conflicts.append(Conflict(where.title, _statistic_words(row), "", template=template))
    if fresh:
        for row in fresh:
            row.section_id = row.section.pk if row.section is not None else None
        bulk_create_with_history(fresh, Statistic, default_user=report.user, default_change_reason=report.reason)
        changed = True
    return changed
