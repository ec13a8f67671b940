"""The whole archive as a Frictionless data package: datapackage.json plus one CSV per table of reports/tables.py.

The CSVs have the API exports' columns (same names, same meanings), UTF-8
with a BOM so Excel reads the Chinese; documents.csv adds each document's raw
text, so a statistic's quote can be checked against ``raw_text[start:end]``.
The descriptor declares each table's primary key and foreign keys; the
``frictionless`` library validates the result in the tests. The zip is
written to a file as it goes, so memory stays bounded whatever the archive's size.

It is built once per archive version (reports/archive_version.py) and kept as
a file (``cached_package``): every request until the next change is served that
file, so its cost is one build per change, not one per request (issue 15).
Concurrent first requests do not build it twice: one builds under a file lock
while the others are served the previous version's file, or, when there is
none yet, told to come back (``None``).
"""
import csv
import datetime
import fcntl
import io
import os
import zipfile
from pathlib import Path

import orjson
from django.db import models

from reports import archive_version
from reports.exports import BOM, CHUNK, _cell
from reports.tables import DOCUMENT_TEXT, TABLES

TYPES = {
    models.IntegerField: "integer", models.BigIntegerField: "integer", models.PositiveIntegerField: "integer",
    models.PositiveSmallIntegerField: "integer", models.BigAutoField: "integer", models.AutoField: "integer",
    models.BooleanField: "boolean", models.DateField: "date", models.DateTimeField: "datetime", models.JSONField: "array",
}
FILENAME = "county-cppcc-reports-datapackage.zip"
_CACHED = "datapackage-v{version}.zip"  # version: the stamp's number and when it changed (a restored database differs)


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


def _cached(directory: Path) -> list[Path]:
    """The kept files, newest first."""
    found = []
    for path in directory.glob(_CACHED.format(version="*")):
        try:
            found.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # removed by another process meanwhile
            pass
    return [path for _mtime, path in sorted(found, reverse=True)]


def cached_package(directory: Path) -> Path | None:
    """The package of the archive's current version as a file in ``directory``, built now if it is not there yet.

    While another process builds it, the newest older file (or None when there
    is none); older files are removed once the new one is in place.
    """
    version, changed = archive_version.current()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / _CACHED.format(version=f"{version}-{int(changed.timestamp() * 1e6)}")
    if path.exists():
        return path
    with open(directory / "datapackage.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another worker is building it
            older = _cached(directory)
            return older[0] if older else None
        if not path.exists():  # built while we waited for the lock
            partial = path.with_suffix(f".{os.getpid()}.partial")
            try:
                build_package(partial)
                os.replace(partial, path)
            finally:
                partial.unlink(missing_ok=True)
            for old in _cached(directory):
                if old != path:
                    old.unlink(missing_ok=True)
    return path
