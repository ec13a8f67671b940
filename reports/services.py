"""Editors' writes: the one place where a correction is made, whoever makes it (admin, API, import).

Every writer calls these functions (HackSoft style, keyword-only). A correction

- changes only the fields an editor may change (``*_FIELDS`` below); the
  evidence (a statistic's document, quote and offsets, a section's document and
  place in the tree, a document's text and source) is refused;
- checks the field bounds and the cross-row rules (``clean()``) before writing;
- records which fields were corrected (``corrected_fields``), so ingestion and
  re-parsing keep exactly those and report a conflict when the parse differs;
- marks the document ``corrected``, recomputes the search text of what changed,
  the document's findings and its county's series points (``reports.series``),
  and writes one history record with the user and the reason.

Deleting a document, or a section or statistic, goes through here too, for the same reasons.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from reports import search, series
from reports.models import Deletion, Document, ReviewStatus, Section, Statistic

DOCUMENT_FIELDS = (
    "kind", "title", "county", "committee", "session", "speaker_name", "speaker_role", "date", "review_year", "plan_year",
    "is_fragment", "is_excerpt",
)
SECTION_FIELDS = ("level", "label", "heading", "body", "part")
STATISTIC_FIELDS = ("section", "metric", "wording", "value", "qualifier", "unit", "year")
EDITABLE = {Document: DOCUMENT_FIELDS, Section: SECTION_FIELDS, Statistic: STATISTIC_FIELDS}

READ_ONLY = _("This field is evidence from the source text and cannot be changed.")
DEFAULT_REASON = "correction"


def corrected_fields(instance) -> set[str]:
    """The fields of ``instance`` an editor corrected: ingestion keeps these and reports differences."""
    return set(instance.corrected_fields or ())


def is_corrected(instance, field: str) -> bool:
    return field in corrected_fields(instance)


def _apply(instance, data: dict) -> list[str]:
    """Set the editable fields of ``data`` on ``instance``; returns the names whose value changed."""
    editable = EDITABLE[type(instance)]
    refused = sorted(set(data) - set(editable))
    if refused:
        raise ValidationError({name: READ_ONLY for name in refused})
    changed = [name for name in editable if name in data and getattr(instance, name) != data[name]]
    for name in changed:
        setattr(instance, name, data[name])
    return changed


def _validate(instance, changed: list[str]):
    """Field bounds of what changed, then the cross-row rules."""
    others = [f.name for f in instance._meta.fields if f.name not in changed]
    instance.clean_fields(exclude=others)
    instance.clean()


def _save(instance, *, user, reason, update_fields=None):
    # django-simple-history reads these two attributes for the history record.
    instance._history_user = user
    instance._change_reason = reason or DEFAULT_REASON
    instance.save(update_fields=update_fields)


def _mark_document_corrected(document: Document, *, user, reason):
    if document.review_status != ReviewStatus.CORRECTED:
        document.review_status = ReviewStatus.CORRECTED
        _save(document, user=user, reason=reason, update_fields=["review_status"])


def _related(document: Document, county_id=None) -> set[int]:
    """Other documents whose cross-document findings read this one's statistics (as stored now)."""
    from reports import findings  # findings reads the models services write: imported when first needed

    return findings.related_documents(document, county_id=county_id)


def _after_edit(document: Document, related: set[int], *, moved_from: str | None = None):
    """What every edit triggers beyond its own row: the findings of the document and of the documents it was or
    is now compared with (the same county, year and metric), and its county's series points (and those of the
    county it was moved from), are computed again."""
    from reports import findings

    findings.refresh_around(document, related)
    series.refresh_series(counties={document.county_id, moved_from} - {None})


def _correct(instance, data: dict, *, document: Document, user, reason, derive) -> list[str]:
    """The steps every correction shares; ``derive(changed)`` sets what the row computes from its values.

    Returns the names of the fields that changed (nothing is written when none did).
    """
    county_id = document.county_id  # before a document's own county is corrected
    changed = _apply(instance, data)
    if not changed:
        return changed
    _validate(instance, changed)
    related = _related(document, county_id)  # read before the save: the metrics and county as they were
    instance.corrected_fields = sorted(corrected_fields(instance) | set(changed))
    derive(changed)
    _save(instance, user=user, reason=reason)
    _mark_document_corrected(document, user=user, reason=reason)
    _after_edit(document, related, moved_from=county_id)
    return changed


@transaction.atomic
def statistic_correct(*, statistic: Statistic, data: dict, user=None, reason: str = "") -> Statistic:
    """Correct a statistic's value, metric, unit …; its quote and offsets stay the evidence they are."""

    def derive(changed):
        statistic.corrected = True

    _correct(statistic, data, document=statistic.document, user=user, reason=reason, derive=derive)
    return statistic


@transaction.atomic
def section_correct(*, section: Section, data: dict, user=None, reason: str = "") -> Section:
    """Correct a section's heading, label, body, level or part; it stays where it is in its document."""

    def derive(changed):
        section.search_text = search.section_search_text(section)

    _correct(section, data, document=section.document, user=user, reason=reason, derive=derive)
    return section


@transaction.atomic
def document_correct(*, document: Document, data: dict, user=None, reason: str = "") -> Document:
    """Correct a document's metadata; a change of ``review_status`` alone is a review, not a correction."""
    data = dict(data)
    status = data.pop("review_status", None)

    def derive(changed):
        document.review_status = ReviewStatus.CORRECTED
        if "title" in changed:
            document.search_text = search.document_search_text(document)

    if not _correct(document, data, document=document, user=user, reason=reason, derive=derive) and status is not None:
        document.review_status = status
        _save(document, user=user, reason=reason)
        _after_edit(document, set())
    return document


@transaction.atomic
def document_mark_reviewed(*, document: Document, user=None, reason: str = "") -> bool:
    """Confirm a parsed document; a corrected one stays corrected. Returns whether it changed."""
    if document.review_status != ReviewStatus.PARSED:
        return False
    document.review_status = ReviewStatus.REVIEWED
    _save(document, user=user, reason=reason or "reviewed", update_fields=["review_status"])
    return True


@transaction.atomic
def row_delete(*, instance: Section | Statistic, user=None, reason: str = ""):
    """Delete a section (with its subsections) or a statistic an editor judged wrong; the document becomes corrected.

    The deletion is recorded (``Deletion``), so re-ingesting or re-parsing the
    document does not bring the row back.
    """
    document = instance.document
    related = _related(document)
    _record_deletion(instance, user=user, reason=reason)
    instance._history_user = user
    instance._change_reason = reason or "deleted"
    instance.delete()
    _mark_document_corrected(document, user=user, reason=reason)
    _after_edit(document, related)


@transaction.atomic
def document_delete(*, document: Document, user=None, reason: str = ""):
    """Delete a document with its sections, statistics and findings; its county's series points follow, and the
    findings of the documents it was compared with."""
    from reports import findings

    document._history_user = user
    document._change_reason = reason or "deleted"
    county = document.county_id
    related = _related(document)
    document.delete()
    series.refresh_series(counties=[county])
    findings.refresh_documents(Document.objects.filter(pk__in=related).order_by("pk"))


def _record_deletion(instance: Section | Statistic, *, user, reason: str):
    rows = [instance]
    if isinstance(instance, Section):
        # Its subsections go with it (on delete cascade), and stay gone with it.
        children: dict[int, list[Section]] = {}
        for section in instance.document.sections.exclude(parent=None):
            children.setdefault(section.parent_id, []).append(section)
        for row in rows:
            rows.extend(children.get(row.pk, ()))
    deletions = []
    for row in rows:
        kind, key = Deletion.key_of(_as_parsed(row))
        deletions.append(Deletion(document_id=row.document_id, kind=kind, key=key, words=str(row)[:300], deleted_by=user, reason=reason[:100]))
    Deletion.objects.bulk_create(deletions, ignore_conflicts=True)


def _as_parsed(row):
    """The row as the parser produced it: its first history record when an editor changed it since."""
    if not corrected_fields(row):
        return row
    first = row.history.order_by("history_date", "history_id").first()
    return first.instance if first is not None else row
