"""Renderers: JSON encoded by orjson (byte for byte what DRF's JSONRenderer writes), and one per export format.

Why: on a 50-row page DRF's renderer (json.dumps with a Python-level encoder
class) was a visible share of the request; orjson encodes the same
dicts several times faster (FACTS.md). Anything orjson would write
differently goes through DRF's own renderer: indented output
(``Accept: application/json; indent=2``), datetimes (DRF trims them to
milliseconds and writes Z), and what orjson refuses (integers over 64 bits).
"""
import orjson
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from reports.api.throttles import ExportRateThrottle
from reports.exports import FORMATS, ExportTooLarge

_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class ORJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        encoder = self.encoder_class()
        try:
            body = orjson.dumps(data, default=encoder.default, option=orjson.OPT_PASSTHROUGH_DATETIME)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # DRF escapes these two so the JSON is also valid JavaScript.
        for raw, escaped in _LINE_SEPARATORS:
            if raw in body:
                body = body.replace(raw, escaped)
        return body


class ExportRenderer(BaseRenderer):
    """Declares an export format for content negotiation; lists stream the export themselves (reports/exports.py)."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # A detail object or an error body in an export format: one JSON document.
        return orjson.dumps(data, default=str)


# One renderer per registered format: ?format=csv and Accept: text/csv both select it.
EXPORT_RENDERERS = tuple(
    type(f"{fmt.name.upper()}Renderer", (ExportRenderer,), {"media_type": fmt.media_type, "format": fmt.name})
    for fmt in FORMATS.values()
)


class FileViewMixin:
    """For views that answer files: what is not a file (a 400 about a filter, a detail) is JSON, labelled so.

    Without it a bad filter on ``?format=csv`` answered a JSON body labelled
    ``text/csv``. An export too large for its format (reports/exports.py) is a
    400 naming ``format``. A request for a file also counts against the
    stricter ``exports`` throttle (reports/api/throttles.py).
    """

    def get_throttles(self):
        throttles = super().get_throttles()
        # Content negotiation runs before the throttles: the format asked for is known here.
        if getattr(getattr(self.request, "accepted_renderer", None), "format", None) in FORMATS:
            throttles.append(ExportRateThrottle())
        return throttles

    def handle_exception(self, exc):
        if isinstance(exc, ExportTooLarge):
            exc = ValidationError({"format": [str(exc)]})
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        # A file streams itself (a Django response); a DRF Response asked for as a file is JSON.
        if isinstance(response, Response) and isinstance(getattr(request, "accepted_renderer", None), ExportRenderer):
            request.accepted_renderer, request.accepted_media_type = ORJSONRenderer(), ORJSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
