r"""Streamed exports of any filtered list: CSV (Excel-ready), NDJSON and XLSX.

Rows come from ``.values_list(...).iterator()``, never a model instance or a
serializer: FACTS.md measured serializers at ~28× the cost of plain values, and
the iterator keeps memory flat however many rows the filters select. XLSX
cannot be written as a stream, so openpyxl's write-only mode fills a temporary
file, which is then streamed.

On PostgreSQL a CSV export is written by the server itself: the filtered
queryset, compiled by the ORM, runs inside ``COPY (…) TO STDOUT (FORMAT csv)``
and its bytes are passed through in 64 kB chunks, as ``psql \copy`` does
(bench/exports.py: Python's csv module formatted 4–8× slower). The rows parse
to the same values as the portable path (tests/api/test_exports.py); only the
line ends differ (\n from the server, \r\n from Python's csv module).
"""
import csv
import datetime
import tempfile

import orjson
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from rest_framework.renderers import BaseRenderer

CHUNK = 2000
COPY_CHUNK_BYTES = 64 * 1024
BOM = "\ufeff"  # Excel reads UTF-8 CSV as Chinese only with it


class _ExportRenderer(BaseRenderer):
    """Declares a format for content negotiation; lists stream the export themselves."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # A detail object or an error body in an export format: one JSON document.
        return orjson.dumps(data, default=str)


class CSVRenderer(_ExportRenderer):
    media_type = "text/csv"
    format = "csv"


class NDJSONRenderer(_ExportRenderer):
    media_type = "application/x-ndjson"
    format = "ndjson"


class XLSXRenderer(_ExportRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None


EXPORT_RENDERERS = (CSVRenderer, NDJSONRenderer, XLSXRenderer)
EXPORT_FORMATS = {r.format for r in EXPORT_RENDERERS}


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return orjson.dumps(value).decode()
    return value


def _rows(queryset, lookups):
    return queryset.values_list(*lookups).iterator(chunk_size=CHUNK)


def export_response(fmt, queryset, columns, filename):
    """A streamed response of ``queryset`` with ``columns`` [(header, lookup)], named ``filename``.<fmt>."""
    headers = [h for h, _ in columns]
    lookups = [lookup for _, lookup in columns]
    if fmt == "csv":
        writer = csv.writer(_Echo())
        copy_sql = _copy_sql(queryset, lookups)
        if copy_sql is not None:
            lines = _copied(queryset.db, BOM + writer.writerow(headers), copy_sql)
        else:

            def lines():
                yield BOM + writer.writerow(headers)
                for row in _rows(queryset, lookups):
                    yield writer.writerow([_cell(v) for v in row])

            lines = lines()
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    elif fmt == "ndjson":

        def lines():
            for row in _rows(queryset, lookups):
                yield orjson.dumps(dict(zip(headers, row)), default=_cell) + b"\n"

        response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    elif fmt == "xlsx":
        spool = tempfile.TemporaryFile()
        book = Workbook(write_only=True)
        sheet = book.create_sheet(filename[:31])
        sheet.append(headers)
        for row in _rows(queryset, lookups):
            sheet.append([_cell(v) for v in row])
        book.save(spool)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSXRenderer.media_type)
    else:
        raise ValueError(fmt)
    # RFC 6266: an ASCII name, plus filename*= in UTF-8 when the filters are Chinese (county=绛县).
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response


# Column types the server prints as the portable path does; anything else (JSON,
# timestamps, floats) keeps the Python path rather than differ in format.
_COPY_AS_IS = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField", "CharField", "TextField",
    "SlugField", "DateField", "ForeignKey", "OneToOneField",
}


def _copy_sql(queryset, lookups):
    """``COPY … TO STDOUT`` for these columns of ``queryset`` on PostgreSQL, or None where the portable path must serve."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    query = queryset.values_list(*lookups).query
    compiler = query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # .none(), or an empty IN list: nothing to copy, the portable path writes the header
        return None
    # The compiled SELECT lists extra, then plain fields, then annotations, whatever
    # order values_list() was given: select by name from it, in the export's order.
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if sorted(names) != sorted(lookups) or len(compiler.select) != len(names):
        return None
    columns = []
    for lookup in lookups:
        position = names.index(lookup)
        kind = compiler.select[position][0].output_field.get_internal_type()
        column = f"c{position}"
        if kind == "BooleanField":
            # Python's csv writes True/False, the server t/f.
            column = f"CASE WHEN {column} THEN 'True' WHEN NOT {column} THEN 'False' END"
        elif kind not in _COPY_AS_IS:
            return None
        columns.append(column)
    aliases = ", ".join(f"c{i}" for i in range(len(names)))
    inner = connection.ops.compose_sql(sql, params)  # COPY takes no bind parameters
    return f"COPY (SELECT {', '.join(columns)} FROM ({inner}) AS export ({aliases})) TO STDOUT WITH (FORMAT csv)"


def _copied(using, header, copy_sql):
    """The header, then the server's CSV bytes in chunks of about COPY_CHUNK_BYTES."""
    yield header.encode("utf-8")
    connection = connections[using]
    with connection.cursor() as cursor:
        with cursor.cursor.copy(copy_sql) as copy:
            pending, size = [], 0
            try:
                for data in copy:  # one row a piece: join them, or each row becomes a write
                    pending.append(bytes(data))
                    size += len(data)
                    if size >= COPY_CHUNK_BYTES:
                        yield b"".join(pending)
                        pending, size = [], 0
                if pending:
                    yield b"".join(pending)
            except GeneratorExit:
                # The client went away. Leaving the block cancels the COPY, which
                # would also abort an enclosing transaction: inside one, read the
                # rest instead.
                if connection.in_atomic_block:
                    for _ in copy:
                        pass
                raise
