"""When the database is unreachable or too slow, answer 503 with a JSON body instead of a 500 page.

Unreachable: a refused connection, or one not established within
``DB_CONNECT_TIMEOUT``; too slow: a statement PostgreSQL cancelled after the
statement timeout (cppcc_site/limits.py). The message follows the request's
language (Chinese by default).

Django reconnects by itself on the next request (``CONN_HEALTH_CHECKS``), so
once the database is back the same process serves normally again: nothing to
restart. Clients get ``Retry-After`` so well-behaved ones back off.
"""
import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)
UNAVAILABLE = "The archive's database is unavailable; try again shortly."  # translated in reports/locale


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        return unavailable(request, exception)


def unavailable(request, exception):
    """The 503 for a request the database failed (``exception``: an OperationalError or InterfaceError)."""
    log.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
    for connection in connections.all(initialized_only=True):
        # A broken connection must not be reused by the next request.
        connection.close_if_unusable_or_obsolete()
    response = JsonResponse({"detail": _(UNAVAILABLE), "error": "database_unavailable"}, status=503, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = "5"
    return response
