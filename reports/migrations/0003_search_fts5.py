"""FTS5 full-text tables for search on SQLite (no-op elsewhere; PostgreSQL has 0002's GIN indexes).

One external-content FTS5 table per searchable model, over its ``search_text``
(jieba tokens, space separated, so the unicode61 tokenizer keeps each word
whole). Triggers keep it in sync with every insert, update and delete, however
the row is written (ORM, bulk_create, loaddata, raw SQL).

If a later migration makes SQLite rebuild reports_document or reports_section
(an ALTER that SQLite cannot do in place), the table's triggers go with it:
such a migration must call ``install`` again (it is idempotent).
"""
from django.db import migrations

TABLES = ("reports_document", "reports_section")


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        fts = f"{table}_fts"
        for sql in (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
            f"search_text, content='{table}', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
            # Rows already there (an archive migrated after loading) enter the index now.
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ):
            schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        fts = f"{table}_fts"
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_search_index")]
    operations = [migrations.RunPython(install, uninstall)]
