"""``/api/v1/export/datapackage.zip``: the whole archive as a Frictionless data package (reports/datapackage.py).

Served from the file built once per archive version (``cached_package``); the
first request after a change builds it, concurrent ones get the previous
version's file or, before the first build, 503 with ``Retry-After``.
"""
import orjson
from django.conf import settings
from django.http import FileResponse, JsonResponse
from django.utils.translation import gettext, gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes, renderer_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings

from reports.api.throttles import ExportRateThrottle
from reports.datapackage import FILENAME, cached_package

BUILDING = _("The data package is being built; try again in a minute.")


class ZipRenderer(BaseRenderer):
    media_type = "application/zip"
    format = "zip"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return orjson.dumps(data)


@extend_schema(
    responses={(200, "application/zip"): bytes}, operation_id="export_datapackage",
    description="The whole archive as a Frictionless data package (zip): one CSV per resource with the exports' "
    "columns, documents with their raw text, primary and foreign keys declared.",
)
@api_view(["GET"])
@permission_classes([AllowAny])
@renderer_classes([ZipRenderer])
@throttle_classes([*api_settings.DEFAULT_THROTTLE_CLASSES, ExportRateThrottle])
def datapackage(request):
    path = cached_package(settings.EXPORT_CACHE_DIR)
    if path is None:
        response = JsonResponse({"detail": gettext(BUILDING), "error": "building"}, status=503)
        response["Retry-After"] = "60"
        return response
    return FileResponse(path.open("rb"), as_attachment=True, filename=FILENAME, content_type="application/zip")
