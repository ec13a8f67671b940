"""GIN indexes for full-text search on PostgreSQL (no-op elsewhere).

The index expression must be exactly the one ``reports.search.search`` filters
on, ``to_tsvector('simple', search_text)``, or the planner will not use it.
"""
from django.db import migrations

TABLES = ("reports_document", "reports_section")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (to_tsvector('simple', search_text))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
