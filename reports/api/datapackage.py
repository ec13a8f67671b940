"""The whole archive as a Frictionless data package: datapackage.json plus one CSV per resource.

The CSVs have the same columns as the API's exports (each viewset's
``export_columns``), so a researcher's scripts read both. The zip is written to
a spooled temporary file (in memory while small, on disk past 32 MB) and then
streamed, so memory stays bounded whatever the archive's size.
"""
import csv
import datetime
import io
import tempfile
import zipfile

import orjson
from django.db import models
from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes, renderer_classes
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer

from reports.api import views
from reports.api.exports import CHUNK, _cell

RESOURCES = (
    views.ProvinceViewSet, views.PrefectureViewSet, views.CountyViewSet, views.CommitteeViewSet,
    views.SessionViewSet, views.DocumentViewSet, views.SectionViewSet, views.StatisticViewSet,
)
TYPES = {
    models.IntegerField: "integer", models.BigIntegerField: "integer", models.PositiveIntegerField: "integer",
    models.PositiveSmallIntegerField: "integer", models.BigAutoField: "integer", models.AutoField: "integer",
    models.BooleanField: "boolean", models.DateField: "date", models.DateTimeField: "datetime", models.JSONField: "array",
}


class ZipRenderer(BaseRenderer):
    media_type = "application/zip"
    format = "zip"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return orjson.dumps(data)


def _field_type(model, lookup):
    field = None
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation:
            model = field.related_model
    if field is not None and field.is_relation:
        field = field.target_field
    for cls in type(field).__mro__:
        if cls in TYPES:
            return TYPES[cls]
    return "string"


def build_package(target) -> None:
    descriptor = {
        "profile": "tabular-data-package",
        "name": "county-cppcc-reports",
        "title": "县级政协报告库 County CPPCC Reports Archive",
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "licenses": [{"name": "WTFPL", "title": "Gazetteer: modood/Administrative-divisions-of-China (WTFPL)"}],
        "resources": [],
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for viewset in RESOURCES:
            model = viewset.queryset.model
            name = viewset.export_name
            headers = [h for h, _ in viewset.export_columns]
            lookups = [lookup for _, lookup in viewset.export_columns]
            with archive.open(f"{name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                writer = csv.writer(text)
                writer.writerow(headers)
                for row in model.objects.order_by("pk").values_list(*lookups).iterator(chunk_size=CHUNK):
                    writer.writerow([_cell(v) for v in row])
                text.flush()
                text.detach()
            descriptor["resources"].append({
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": h, "type": _field_type(model, lookup)} for h, lookup in viewset.export_columns]},
            })
        archive.writestr("datapackage.json", orjson.dumps(descriptor, option=orjson.OPT_INDENT_2))


@extend_schema(responses={(200, "application/zip"): bytes}, description="The whole archive as a Frictionless data package (zip).")
@api_view(["GET"])
@permission_classes([AllowAny])
@renderer_classes([ZipRenderer])
def datapackage(request):
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    build_package(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename="county-cppcc-reports-datapackage.zip", content_type="application/zip")
