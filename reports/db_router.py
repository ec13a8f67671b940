"""Reads to a replica, writes to the primary, when ``DATABASE_REPLICA_URL`` is set.

Settings then add a ``replica`` alias and install this router and
``PrimaryPinningMiddleware``. API lists, details and exports read from the
replica; ingestion, the admin and every write go to ``default`` (the primary).
A request that writes (any method but GET/HEAD/OPTIONS) and every admin page
read from the primary too, so an editor always sees what was just saved despite
replication lag. Without a replica the router is not installed.
"""
import threading

from django.conf import settings

PRIMARY, REPLICA = "default", "replica"
_state = threading.local()


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA in settings.DATABASES and not getattr(_state, "pinned", False):
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


class PrimaryPinningMiddleware:
    """Unsafe requests and the admin read from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS") and not request.path.startswith("/admin/"):
            return self.get_response(request)
        with pinned_to_primary():
            return self.get_response(request)
