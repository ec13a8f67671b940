"""Back up everything and restore it exactly: archive rows, their history, users and groups.

A backup is a gzip'd Django JSON dump that keeps primary keys (so ids, URLs and
history references come back unchanged) and refers to content types and
permissions by natural key (their ids differ between databases). Restoring
goes into an empty archive, in one transaction: it either all loads or nothing
does. API tokens are left out on purpose: they are credentials; users make new
ones after a restore. The users' password hashes are in it, so the file is
written readable by its owner only (0600).
"""
from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

from reports import series
from reports.models import Document, SeriesPoint

NOT_EMPTY = "the archive is not empty ({count} documents): restore into an empty database, or pass --force to load over it"


def backup_models():
    """Auth first (groups, users), then the archive in dependency order, then history.

    The series summary is left out: it is derived, and rebuilt by the restore.
    """
    archive = [m for m in apps.get_app_config("reports").get_models() if m is not SeriesPoint]
    current = [m for m in archive if not m.__name__.startswith("Historical")]
    history = [m for m in archive if m.__name__.startswith("Historical")]
    return [apps.get_model("auth", "Group"), apps.get_model("auth", "User"), *current, *history]


def private_file(path: Path | str):
    """``path`` opened for writing, readable by its owner only (0600), whatever it was before: a backup holds password hashes."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # O_CREAT's mode does not apply to a file that was already there
    return os.fdopen(descriptor, "wb")


def write_backup(path: Path | str) -> dict[str, int]:
    counts = {}
    with private_file(path) as raw, gzip.open(raw, "wt", encoding="utf-8") as handle:
        handle.write("[\n")
        first = True
        for model in backup_models():
            queryset = model._default_manager.order_by("pk")
            counts[model._meta.label] = queryset.count()
            for obj in queryset.iterator(chunk_size=2000):
                text = serializers.serialize("json", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=False)
                handle.write(("" if first else ",\n") + text.strip()[1:-1].strip())
                first = False
        handle.write("\n]\n")
    return counts


def restore_backup(path: Path | str, *, force: bool = False) -> None:
    count = Document.objects.count()
    if count and not force:
        raise ValueError(NOT_EMPTY.format(count=count))
    path = Path(path)
    with tempfile.TemporaryDirectory() as folder:
        # loaddata reads gzip'd fixtures by their suffix; give it one whatever the file is called.
        fixture = Path(folder) / "backup.json.gz"
        shutil.copyfile(path, fixture)
        with transaction.atomic():
            call_command("loaddata", str(fixture), verbosity=0)
            series.refresh_series()
