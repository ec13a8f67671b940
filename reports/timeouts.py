"""Statement timeouts beyond a request's: ``export_statement_timeout`` for exports (limits in cppcc_site/limits.py).

Every PostgreSQL connection starts with the process's statement timeout (the
request limit, or the command limit under manage.py; set in
cppcc_site/settings.py). An export may run longer: wrap the code that reads
for it, or the generator that streams it, so the longer limit holds only
there and the connection is back to its own limit afterwards::

    with export_statement_timeout(using=queryset.db):
        rows = list(queryset)

    response = StreamingHttpResponse(streaming(chunks, using=queryset.db))

``SET`` (not ``SET LOCAL``) because a streamed export reads outside any
transaction; ``RESET`` afterwards returns to the value the connection was
opened with. On SQLite there is nothing to set.
"""
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from cppcc_site import limits


@contextmanager
def statement_timeout(seconds: float, *, using: str = DEFAULT_DB_ALIAS):
    """Statements on connection ``using`` may run ``seconds`` (0: no limit) inside the block."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(limits.milliseconds(seconds))])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
        except DatabaseError:
            # In a failed transaction its rollback undoes the SET; a connection that broke is not reused.
            if not connection.in_atomic_block:
                connection.close()


def export_statement_timeout(*, using: str = DEFAULT_DB_ALIAS):
    """The export limit (``DB_EXPORT_STATEMENT_TIMEOUT``) inside the block."""
    return statement_timeout(limits.DB_EXPORT_STATEMENT_TIMEOUT, using=using)


def streaming(chunks, *, using: str = DEFAULT_DB_ALIAS):
    """Yield ``chunks`` under the export limit; the limit is lifted when the stream ends or is closed."""
    with export_statement_timeout(using=using):
        yield from chunks
