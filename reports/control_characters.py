"""400 for a control character in a path or a query parameter, before any view, filter or form sees it.

A NUL in a path segment or a query parameter (``/api/v1/counties/%00/``,
``?q=%00``) reached PostgreSQL, which refuses NUL in text and answered 500
(SQLite did not mind, so the answer differed by database). No path or
parameter of this site ever holds a control character, so this one check,
as middleware, answers 400 for all of them: the API (JSON), the explorer and
the admin (plain text). Tab, line feed and carriage return stay allowed in
parameter values (pasted search text). Request bodies are the forms' and
serializers' business.
"""
import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext_lazy as _

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
    """The check of the module docstring; JSON under /api/, plain text elsewhere."""

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
