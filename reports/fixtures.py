"""The seed documents: loaded by ``setup_archive`` where absent, and committed as a JSON fixture for tests.

The fixture is what ``ingest`` would write, serialised with natural keys (so
``loaddata`` twice changes nothing) and in a stable order (so a rebuild from the
same texts gives the same bytes, and a test can tell when it is stale). It goes
through the same planning step as ingestion: no second path to drift apart.

``seed_archive`` is what setup runs: it never writes over an archive. Seed
documents the archive already holds (by natural key, or by source file and
place, so a document whose kind or county an editor corrected still counts)
are left exactly as they are; only missing ones are inserted, with history.
"""
from __future__ import annotations

from pathlib import Path

from django.core import serializers
from django.db import transaction

from reports import findings
from reports.ingest import bulk_load, plan_file
from reports.parsing import parse_file

ARCHIVE_FIXTURE = "archive.json"


def raw_files(raw_dir: Path) -> list[Path]:
    return sorted(p for p in Path(raw_dir).iterdir() if p.suffix == ".txt")


def build_archive_fixture(raw_dir: Path) -> str:
    committees, sessions, documents, sections, statistics = {}, {}, {}, [], []
    for path in raw_files(raw_dir):
        for plan in plan_file(parse_file(path), source_file=path.name):
            if plan.committee is not None:
                committees.setdefault(plan.committee.natural_key(), plan.committee)
            if plan.session is not None:
                _merge_session(sessions, plan.session)
            key = plan.document.natural_key()
            if key in documents:
                continue  # a repost of a document already in the fixture
            documents[key] = plan.document
            sections.extend(plan.sections)
            statistics.extend(plan.statistics)
    # Rows of a model that refer to one another must follow the same object: the
    # plans already share instances, so point everything at the kept ones.
    for doc in documents.values():
        if doc.committee is not None:
            doc.committee = committees[doc.committee.natural_key()]
        if doc.session is not None:
            doc.session = sessions[doc.session.natural_key()]
    objects = [*committees.values(), *sessions.values(), *documents.values(), *sections, *statistics]
    return serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True, indent=1, ensure_ascii=False
    ) + "\n"


def seed_archive(raw_dir: Path) -> tuple[int, int]:
    """Insert the seed documents the archive lacks; returns (inserted, already present or reposted)."""
    plans = [plan for path in raw_files(raw_dir) for plan in plan_file(parse_file(path), source_file=path.name)]
    with transaction.atomic():
        inserted = bulk_load(plans)
        findings.refresh_documents(plan.document for plan in plans if plan.document.pk is not None)
    return inserted, len(plans) - inserted


def _merge_session(sessions, session):
    kept = sessions.setdefault(session.natural_key(), session)
    for name in ("start_date", "end_date", "venue"):
        if not getattr(kept, name) and getattr(session, name):
            setattr(kept, name, getattr(session, name))
