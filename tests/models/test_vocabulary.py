"""Metrics, kinds, parts, qualifiers and bounds are declared once, in the parser's types; nothing else may drift."""
import pytest
from django.db.models import CheckConstraint

from reports import models
from reports.api import filters
from reports.parsing import types


def test_model_choices_are_the_parsers_vocabulary():
    assert models.Metric.values == list(types.METRICS)
    assert models.DocumentKind.values == list(types.DOCUMENT_KINDS)
    assert models.SectionPart.values == list(types.PARTS)
    assert models.Qualifier.values == list(types.QUALIFIERS)
    assert [v for v, _ in models.Statistic._meta.get_field("metric").choices] == list(types.METRICS)
    assert [v for v, _ in models.Document._meta.get_field("kind").choices] == list(types.DOCUMENT_KINDS)


def _constraint(model, suffix):
    (found,) = [c for c in model._meta.constraints if isinstance(c, CheckConstraint) and c.name.endswith(suffix)]
    return dict(found.condition.children) if all(isinstance(c, tuple) for c in found.condition.children) else found.condition


def test_check_constraints_use_the_same_lists_and_bounds():
    assert list(_constraint(models.Statistic, "metric_valid")["metric__in"]) == list(types.METRICS)
    assert list(_constraint(models.Document, "kind_valid")["kind__in"]) == list(types.DOCUMENT_KINDS)
    assert list(_constraint(models.Section, "part_valid")["part__in"]) == list(types.PARTS)
    assert _constraint(models.Section, "level_range") == {"level__gte": types.MIN_LEVEL, "level__lte": types.MAX_LEVEL}
    assert _constraint(models.Committee, "term_range") == {"term__gte": types.MIN_ORDINAL, "term__lte": types.MAX_ORDINAL}
    assert _constraint(models.Session, "number_range") == {"number__gte": types.MIN_ORDINAL, "number__lte": types.MAX_ORDINAL}
    assert (models.MIN_YEAR, models.MAX_YEAR) == (types.MIN_YEAR, types.MAX_YEAR)


def test_api_filters_offer_the_same_choices():
    assert [v for v, _ in filters.StatisticFilter.base_filters["metric"].extra["choices"]] == list(types.METRICS)
    assert [v for v, _ in filters.DocumentFilter.base_filters["kind"].extra["choices"]] == list(types.DOCUMENT_KINDS)


def test_sqlite_search_triggers_survive_every_migration(db):
    # A migration that makes SQLite rebuild a searchable table must reinstall its FTS5 triggers.
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 triggers exist on SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    for table in ("reports_document", "reports_section"):
        assert {f"{table}_fts_ai", f"{table}_fts_ad", f"{table}_fts_au"} <= triggers
