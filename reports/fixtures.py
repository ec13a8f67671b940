"""The committed JSON fixture of the seed documents, built from ``fixtures/raw/``.

The fixture is what ``ingest`` would write, serialised with natural keys (so
``loaddata`` twice changes nothing) and in a stable order (so a rebuild from the
same texts gives the same bytes, and a test can tell when it is stale). It goes
through the same planning step as ingestion: no second path to drift apart.
"""
from __future__ import annotations

from pathlib import Path

from django.core import serializers

from reports.ingest import plan_file
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


def _merge_session(sessions, session):
    kept = sessions.setdefault(session.natural_key(), session)
    for name in ("start_date", "end_date", "venue"):
        if not getattr(kept, name) and getattr(session, name):
            setattr(kept, name, getattr(session, name))
