"""The archive's version stamp: one row that every committed change to an archive table bumps.

HTTP caching (``reports.http_cache``) builds ETag and Last-Modified from it,
so one indexed read tells whether anything a response shows may have changed.
The bump is a database trigger on every archive table, so it catches every
write path alike: services, the admin, the API, ``ingest``, bulk loads,
``loaddata`` and manual SQL. It is transactional: a reader never sees the new
stamp before the data it stands for (and a replica replays both in order).

- PostgreSQL: a deferred constraint trigger per row that bumps once per
  transaction, at commit. Taking the stamp's row lock last, at commit, means
  concurrent writers queue there briefly but can never deadlock on it.
- SQLite: a trigger per row (SQLite has one writer at a time anyway).

A table added to the archive needs ``install(schema_editor, [table])`` in its
migration, and so does a migration that alters an archive table on SQLite
(which rebuilds the table without its triggers; see migration 0011);
``tests/scaling/test_http_cache.py`` fails when one is missing.
"""
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

STAMP_TABLE = "reports_archive_version"
FUNCTION = "reports_bump_archive_version"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Once per firing statement: deferred, they all fire in the COMMIT, so once
  -- per transaction; later rows find the mark. (SET CONSTRAINTS ALL IMMEDIATE
  -- makes them fire after each statement instead: once per statement.)
  IF current_setting('reports.version_bumped', true) = txid_current()::text || ' ' || statement_timestamp()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('reports.version_bumped', txid_current()::text || ' ' || statement_timestamp()::text, true);
  UPDATE {STAMP_TABLE} SET version = version + 1, changed_at = extract(epoch from clock_timestamp()) WHERE id = 1;
  RETURN NULL;
END $$
"""


def _trigger_name(table: str) -> str:
    return f"{table}_bumps_version"


def create_stamp(schema_editor) -> None:
    """The stamp table with its single row, and (PostgreSQL) the bump function."""
    schema_editor.execute(
        f"CREATE TABLE {STAMP_TABLE} (id integer PRIMARY KEY, version bigint NOT NULL, changed_at double precision NOT NULL)"
    )
    schema_editor.execute(f"INSERT INTO {STAMP_TABLE} (id, version, changed_at) VALUES (1, 1, 0)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_PG_FUNCTION)


def install(schema_editor, tables) -> None:
    """Triggers that bump the stamp on every insert, update and delete of ``tables``."""
    vendor = schema_editor.connection.vendor
    for table in tables:
        name = _trigger_name(table)
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
            )
        else:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {table} BEGIN "
                    f"UPDATE {STAMP_TABLE} SET version = version + 1, "
                    f"changed_at = (julianday('now') - 2440587.5) * 86400.0 WHERE id = 1; END"
                )


def uninstall(schema_editor, tables) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        name = _trigger_name(table)
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")


def drop_stamp(schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {STAMP_TABLE}")


def triggered_tables(connection) -> set[str]:
    """Tables whose writes bump the stamp, as installed in ``connection``'s database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s", ["%\\_bumps\\_version"])
        else:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s ESCAPE '\\'", ["%\\_bumps\\_version\\_%"])
        return {row[0] for row in cursor.fetchall()}


def current(using=None) -> tuple[int, datetime]:
    """(version, when it last changed) — one primary-key read, routed like any read."""
    from django.db import connections, router

    alias = using or router.db_for_read(None) or "default"
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at FROM {STAMP_TABLE} WHERE id = 1")
        version, changed_at = cursor.fetchone()
    return version, datetime.fromtimestamp(changed_at, tz=timezone.utc)


# The version the current request read (reports.http_cache), so what is derived from archive tables can be
# reused while it holds (reports.api.filters' place index). None outside such a request.
_REQUEST_VERSION: ContextVar[int | None] = ContextVar("archive_version_of_request", default=None)


@contextmanager
def of_this_request(version: int):
    """Within the block, ``request_version()`` is ``version``; reset after, so no later request inherits it."""
    token = _REQUEST_VERSION.set(version)
    try:
        yield
    finally:
        _REQUEST_VERSION.reset(token)


def request_version() -> int | None:
    return _REQUEST_VERSION.get()
