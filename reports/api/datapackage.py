"""``/api/v1/export/datapackage.zip``: the whole archive as a Frictionless data package (reports/datapackage.py)."""
import tempfile

import orjson
from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer

from reports.datapackage import FILENAME, build_package


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
def datapackage(request):
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    build_package(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=FILENAME, content_type="application/zip")
