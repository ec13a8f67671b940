"""Initial history records for rows that have none, so every change can be reverted to the first recorded version.

Rows written with ``save()`` or the bulk helpers get one when they are
written; rows loaded with ``loaddata`` (raw saves) or by older versions of the
setup did not. ``backfill`` adds the missing ones and nothing else, unlike
django-simple-history's ``populate_history``, which skips a model as soon as
any of its rows has history.
"""
from __future__ import annotations

from itertools import islice

from reports.models import Committee, Document, Section, Session, Statistic

MODELS = (Committee, Session, Document, Section, Statistic)
INITIAL = "initial version"


def backfill(models=MODELS, *, batch_size: int = 1000) -> int:
    """Create an initial history record for each row without one; returns how many were created."""
    created = 0
    for model in models:
        missing = model.objects.exclude(pk__in=model.history.model.objects.values("id")).order_by("pk").iterator(chunk_size=batch_size)
        while batch := list(islice(missing, batch_size)):
            model.history.bulk_history_create(batch, batch_size=batch_size, default_change_reason=INITIAL)
            created += len(batch)
    return created
