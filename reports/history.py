"""History: initial records for rows that have none, and a document's changes with its sections' and statistics'.

``backfill``: an initial history record for rows that have none, so every change can be reverted to the first
recorded version.

Rows written with ``save()`` or the bulk helpers get one when they are
written; rows loaded with ``loaddata`` (raw saves) or by older versions of the
setup did not. ``backfill`` adds the missing ones and nothing else, unlike
django-simple-history's ``populate_history``, which skips a model as soon as
any of its rows has history.

``document_changes``: what the document's history page (admin) and ``/documents/<id>/history/`` (API) show:
who changed which field of the document or of which section or statistic, from what to what, when, and why.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import islice

from reports.models import Committee, Document, Section, Session, Statistic

MODELS = (Committee, Session, Document, Section, Statistic)
INITIAL = "initial version"
BULK_LOADED = "bulk load"  # the change reason of the initial history record of bulk-loaded rows (reports/ingest.py)


def backfill(models=MODELS, *, batch_size: int = 1000) -> int:
    """Create an initial history record for each row without one; returns how many were created."""
    created = 0
    for model in models:
        missing = model.objects.exclude(pk__in=model.history.model.objects.values("id")).order_by("pk").iterator(chunk_size=batch_size)
        while batch := list(islice(missing, batch_size)):
            model.history.bulk_history_create(batch, batch_size=batch_size, default_change_reason=INITIAL)
            created += len(batch)
    return created


# --- a document's changes, its sections' and statistics' included ------------------------------

KINDS = ("document", "section", "statistic")  # what a change is of
CREATED, CHANGED, DELETED = "created", "changed", "deleted"
ACTIONS = {"+": CREATED, "~": CHANGED, "-": DELETED}
# Loads, not edits: rows given their first record by a bulk load or by ``backfill`` are not listed as created.
LOADS = {INITIAL, BULK_LOADED}
# A row whose first record is this close to its document's is part of the document as first parsed.
WITH_THE_DOCUMENT = datetime.timedelta(seconds=60)
SHOWN = 40  # characters of a text value shown


# Shown as their length, not their value: a document's text (its checksum follows it).
AS_LENGTH = ("raw_text",)
NOT_SHOWN = ("checksum",)


@dataclass
class FieldChange:
    field: str
    old: object
    new: object

    @property
    def old_shown(self) -> str:
        return self.old if self.field in AS_LENGTH else shown(self.field, self.old)

    @property
    def new_shown(self) -> str:
        return self.new if self.field in AS_LENGTH else shown(self.field, self.new)


@dataclass
class RowChange:
    """One history record of a document or of one of its rows, in words: who, when, why, which fields from what to what."""

    date: datetime.datetime
    user: str
    reason: str
    kind: str  # document / section / statistic
    row_id: int
    row: str  # the row as it was after the change (before, when deleted)
    action: str  # created / changed / deleted
    changes: list[FieldChange] = field(default_factory=list)


def shown(name: str, value) -> str:
    """A value as a change line shows it: texts cut, the raw text as its length, warnings as their codes."""
    if name == "raw_text":
        return f"{len(value or '')} characters"
    if name == "warnings":
        return "[" + ", ".join(w.get("code", "?") for w in value or ()) + "]"
    if isinstance(value, str):
        return repr(value if len(value) <= SHOWN else value[: SHOWN - 1] + "…")
    return str(value)


def document_changes(document_id: int) -> list[RowChange]:
    """Every change of a document and of its sections and statistics (deleted ones too), newest first.

    Three queries, one per history table; the differences are computed in memory
    between each row's consecutive records. Rows created together with the
    document (its first parse) are not listed one by one: the document's own
    ``created`` says it.
    """
    lookups = ({"id": document_id}, {"document_id": document_id}, {"document_id": document_id})
    kinds = zip((Document, Section, Statistic), KINDS, lookups)
    found: list[RowChange] = []
    born = None
    for model, kind, lookup in kinds:
        records = model.history.filter(**lookup).select_related("history_user").order_by("id", "history_date", "history_id")
        previous = None
        for record in records:
            first = previous is None or previous.id != record.id
            if kind == "document" and first:
                born = record.history_date
            if first and kind != "document" and _loaded_with_document(record, born):
                previous = record
                continue
            changes = []
            if not first and record.history_type == "~":
                delta = record.diff_against(previous, excluded_fields=NOT_SHOWN)
                changes = [_field_change(c) for c in sorted(delta.changes, key=lambda c: c.field)]
                if not changes:
                    previous = record
                    continue  # a save that changed no field shown
            found.append(
                RowChange(
                    date=record.history_date, user=record.history_user.get_username() if record.history_user else "",
                    reason=record.history_change_reason or "", kind=kind, row_id=record.id, row=str(record.instance),
                    action=ACTIONS[record.history_type], changes=changes,
                )
            )
            previous = record
    return sorted(found, key=lambda change: change.date, reverse=True)


def _field_change(change) -> FieldChange:
    if change.field in AS_LENGTH:
        return FieldChange(change.field, shown(change.field, change.old), shown(change.field, change.new))
    return FieldChange(change.field, change.old, change.new)


def _loaded_with_document(record, born) -> bool:
    if record.history_type != "+":
        return False
    return record.history_change_reason in LOADS or (born is not None and record.history_date - born <= WITH_THE_DOCUMENT)
