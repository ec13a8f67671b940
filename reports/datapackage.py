"""The whole archive as a Frictionless data package: datapackage.json plus one CSV per table of reports/tables.py.

The CSVs have the API exports' columns (same names, same meanings), UTF-8
with a BOM so Excel reads the Chinese; documents.csv adds each document's raw
text, so a statistic's quote can be checked against ``raw_text[start:end]``.
The descriptor declares each table's primary key and foreign keys; the
``frictionless`` library validates the result in the tests. The zip is
written to a spooled temporary file (in memory while small, on disk past
32 MB), so memory stays bounded whatever the archive's size.
"""
import csv
import datetime
import io
import zipfile

import orjson
from django.db import models

from reports.exports import BOM, CHUNK, _cell
from reports.tables import DOCUMENT_TEXT, TABLES

TYPES = {
    models.IntegerField: "integer", models.BigIntegerField: "integer", models.PositiveIntegerField: "integer",
    models.PositiveSmallIntegerField: "integer", models.BigAutoField: "integer", models.AutoField: "integer",
    models.BooleanField: "boolean", models.DateField: "date", models.DateTimeField: "datetime", models.JSONField: "array",
}
FILENAME = "county-cppcc-reports-datapackage.zip"


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


def _columns(table):
    return table.columns + ((DOCUMENT_TEXT,) if table.name == "documents" else ())


def _schema(table):
    fields = []
    for header, lookup in _columns(table):
        field = {"name": header, "type": _field_type(table.model, lookup)}
        if header == table.primary_key:
            field["constraints"] = {"required": True, "unique": True}
        fields.append(field)
    return {
        "fields": fields,
        "primaryKey": [table.primary_key],
        "foreignKeys": [
            {"fields": [column], "reference": {"resource": other, "fields": [key]}} for column, other, key in table.foreign_keys
        ],
    }


def build_package(target) -> None:
    """Write the zip (descriptor and CSVs) to ``target``, a path or a binary file object."""
    descriptor = {
        "profile": "tabular-data-package",
        "name": "county-cppcc-reports",
        "title": "县级政协报告库 County CPPCC Reports Archive",
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "licenses": [{"name": "WTFPL", "title": "Gazetteer: modood/Administrative-divisions-of-China (WTFPL)"}],
        "resources": [],
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            columns = _columns(table)
            with archive.open(f"{table.name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                text.write(BOM)
                writer = csv.writer(text)
                writer.writerow([header for header, _lookup in columns])
                rows = table.model.objects.order_by("pk").values_list(*(lookup for _header, lookup in columns))
                for row in rows.iterator(chunk_size=CHUNK):
                    writer.writerow([_cell(v) for v in row])
                text.flush()
                text.detach()
            descriptor["resources"].append({
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": _schema(table),
            })
        archive.writestr("datapackage.json", orjson.dumps(descriptor, option=orjson.OPT_INDENT_2))
