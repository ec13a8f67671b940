"""A stored tsvector beside ``search_text`` on PostgreSQL, indexed in place of the expression (no-op elsewhere).

Why: at national size (1.8M sections) a frequent word matches 200k rows. The
expression index of 0002 made PostgreSQL re-run ``to_tsvector`` on every row of
every lossy bitmap page (11 s for 提案), and a scan in id order could not test a
row without re-parsing its text. A stored vector is computed once, on write,
by the database itself (a generated column: ingestion, the admin and the API
keep writing ``search_text`` only), and ANALYZE keeps word statistics on it, so
the planner knows which words are frequent. The index keeps its old name.
"""
from django.db import migrations

TABLES = ("reports_document", "reports_section")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_gin ON {table} USING gin (search_vector)")
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")  # drops its index too
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (to_tsvector('simple', search_text))"
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_place_base")]
    operations = [migrations.RunPython(create, drop)]
