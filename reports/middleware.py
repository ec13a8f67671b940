"""Site-wide answers to requests that never reach a view: control characters (400) and an unreachable database (503).

Control characters: a NUL in a path segment or a query parameter
(``/api/v1/counties/%00/``, ``?q=%00``) reached PostgreSQL, which refuses NUL
in text and answered 500. No path or parameter of this site ever holds a
control character, so one check here answers 400 before any view, filter or
form sees one; tab, line feed and carriage return stay allowed in parameter
values (pasted search text).

Database: when the database is unreachable, answer 503 with a JSON body instead of a 500 page.
Django reconnects by itself on the next request (``CONN_HEALTH_CHECKS``), so
once the database is back the same process serves normally again: nothing to
restart. Clients get ``Retry-After`` so well-behaved ones back off.
"""
import logging
import re

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)
UNAVAILABLE = "The archive's database is unavailable; try again shortly."
CONTROL_CHARACTERS = _("Paths and query parameters may not contain control characters (such as NUL): %(where)s.")
# C0 and C1 controls and DEL; a parameter value may hold tab, line feed and carriage return.
_IN_PATH = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_characters(request):
    """Where ``request`` carries a control character ("path", or the parameter's name), else None."""
    if _IN_PATH.search(request.path):
        return "path"
    for name, values in request.GET.lists():
        if _IN_PATH.search(name) or any(_IN_VALUE.search(value) for value in values):
            return _IN_PATH.sub("?", name)
    return None


class ControlCharacterMiddleware:
    """400 for a control character in the path or a query parameter (module docstring); JSON under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = control_characters(request)
        if where is None:
            return self.get_response(request)
        message = str(CONTROL_CHARACTERS % {"where": where})
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "error": "control_characters"}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        log.warning("database unavailable for %s %s: %s", request.method, request.path, exception)
        for connection in connections.all(initialized_only=True):
            # A broken connection must not be reused by the next request.
            connection.close_if_unusable_or_obsolete()
        response = JsonResponse({"detail": UNAVAILABLE, "error": "database_unavailable"}, status=503)
        response["Retry-After"] = "5"
        return response
