"""JSON responses encoded by orjson, byte for byte what DRF's JSONRenderer writes for the same data.

Why: on a 50-row page DRF's renderer (json.dumps with a Python-level encoder
class) was a visible share of the request; orjson encodes the same
dicts several times faster (FACTS.md). Anything orjson would write
differently goes through DRF's own renderer: indented output
(``Accept: application/json; indent=2``), datetimes (DRF trims them to
milliseconds and writes Z), and what orjson refuses (integers over 64 bits).
"""
import orjson
from rest_framework.renderers import JSONRenderer

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
