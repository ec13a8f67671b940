"""Reads to a replica, writes to the primary, when ``DATABASE_REPLICA_URL`` is set.

Settings then add a ``replica`` alias and install this router and
``PrimaryPinningMiddleware``. Anonymous API lists, details and exports read from
the replica; ingestion, the admin and every write go to ``default`` (the primary).

Read-your-writes: only a client with credentials can write, so every request
that carries credentials (a token, a session cookie), every unsafe request and
every admin page reads from the primary: an editor always sees what they just
saved, whatever the replication lag.

A replica is used only while it is healthy (``ReplicaHealth``): reachable and
at most ``REPLICA_MAX_LAG`` seconds behind, checked at most every
``REPLICA_CHECK_INTERVAL`` seconds per process. Otherwise reads go to the
primary and a warning is logged; when the replica is back (and caught up) the
next check sends reads to it again. Without a replica the router is not installed.
"""
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

PRIMARY, REPLICA = "default", "replica"
SKIPPED = "replica skipped, reads go to the primary: %s"
RESTORED = "replica healthy again (%.1f s behind), reads go to it"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

log = logging.getLogger(__name__)
_state = threading.local()

# Seconds the replica is behind: 0 when it has replayed everything it received
# (an idle primary sends nothing, which is not lag), else the age of the last
# replayed transaction.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


class ReplicaHealth:
    """Whether the replica may serve reads now: answers and is at most ``REPLICA_MAX_LAG`` seconds behind."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked_at = float("-inf")
        self.usable = True

    def is_usable(self) -> bool:
        if time.monotonic() - self.checked_at >= settings.REPLICA_CHECK_INTERVAL:
            self.check()
        return self.usable

    def check(self) -> bool:
        """Measure the replica now (one query), log a change, and return whether it is usable."""
        with self.lock:
            self.checked_at = time.monotonic()
            try:
                lag = self._lag()
            except DatabaseError as exc:
                connections[REPLICA].close()  # reconnect on the next check
                problem = f"unreachable ({str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__})"
            else:
                problem = f"{lag:.1f} s behind (bound {settings.REPLICA_MAX_LAG} s)" if lag > settings.REPLICA_MAX_LAG else None
            if problem and self.usable:
                log.warning(SKIPPED, problem)
            elif not problem and not self.usable:
                log.warning(RESTORED, lag)
            self.usable = problem is None
            return self.usable

    @staticmethod
    def _lag() -> float:
        connection = connections[REPLICA]
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                cursor.execute("SELECT 1")  # no replication to measure (one SQLite file in tests)
                return 0.0
            cursor.execute(LAG_SQL)
            return float(cursor.fetchone()[0])


health = ReplicaHealth()


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if model is not None and model._meta.app_label == "django_cache":
            return PRIMARY  # the shared cache (throttle counts) is written there; a lagging copy would undercount
        if REPLICA in settings.DATABASES and not getattr(_state, "pinned", False) and health.is_usable():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows, so objects read from either may relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class pinned_to_primary:
    """Context manager: reads inside go to the primary."""

    def __enter__(self):
        self.previous = getattr(_state, "pinned", False)
        _state.pinned = True

    def __exit__(self, *exc):
        _state.pinned = self.previous


def reads_from_primary(request) -> bool:
    """Unsafe requests, the admin, and clients with credentials (the only ones who can write) read from the primary."""
    return (
        request.method not in SAFE_METHODS
        or request.path.startswith("/admin/")
        or "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


class PrimaryPinningMiddleware:
    """Routes each request's reads (``reads_from_primary``); a read the replica failed is answered by the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reads_from_primary(request):
            with pinned_to_primary():
                return self.get_response(request)
        response = self.get_response(request)
        # The replica went away between two health checks: the database error
        # became a 503 further in. A safe request can simply be answered again.
        if response.status_code == 503 and not health.check():
            with pinned_to_primary():
                return self.get_response(request)
        return response
