r"""Streamed exports of any filtered rows: the registry of formats (CSV for Excel, NDJSON, XLSX) and their writers.

Neutral ground: the API (``?format=``), its schema and the admin's actions all
read ``FORMATS``; adding a format is one ``ExportFormat`` entry here.

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

An export's cost is bounded before it starts (issue 15; bench/RESULTS.md,
"Exports under load"): a format that is not streamed (XLSX: the whole
workbook is built before its first byte) is refused above
``settings.EXPORT_MAX_ROWS`` rows, counted first with a bounded
``COUNT`` of at most that many rows plus one (``ExportTooLarge``, whose
message points to CSV and NDJSON); a streamed format serves any size but
stops after ``settings.EXPORT_DEADLINE`` seconds, ending the file with a line
that says it is incomplete (``INCOMPLETE``), so no export holds a worker
longer than that. Its statements run under the export statement timeout
(cppcc_site/limits.py, reports/timeouts.py), not a page's shorter one.
"""
import csv
import datetime
import re
import tempfile
import time
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

import orjson
from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from pypinyin import lazy_pinyin

from reports.timeouts import export_statement_timeout, streaming

CHUNK = 2000
COPY_CHUNK_BYTES = 64 * 1024
BOM = "\ufeff"  # Excel reads UTF-8 CSV as Chinese only with it
TOO_LARGE = _(
    "An %(format)s file holds at most %(limit)s rows and these filters select more. Narrow the filters, or export "
    "CSV (format=csv) or NDJSON (format=ndjson), which stream any number of rows."
)
INCOMPLETE = _(
    "Incomplete: the export stopped after %(seconds)s seconds; the rows above are only part of the selection. "
    "Narrow the filters and export again."
)


class ExportTooLarge(Exception):
    """More rows than a format that is not streamed may hold; ``str()`` says so and points to the streamed formats."""


@dataclass(frozen=True)
class ExportFormat:
    """One export format: what the API's ``?format=``, its schema's enum and the admin's actions all read."""

    name: str  # ?format= value and file extension
    media_type: str  # Content-Type, and the Accept value that asks for it
    description: str  # for the schema and the admin action
    write: Callable  # (queryset, columns, filename, sheet) -> response
    streamed: bool = True  # False: built whole before its first byte, so at most settings.EXPORT_MAX_ROWS rows


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


def incomplete_message():
    return gettext(INCOMPLETE) % {"seconds": f"{settings.EXPORT_DEADLINE:g}"}


def until_deadline(pieces, closing):
    """``pieces`` (rows or chunks of a stream) until ``settings.EXPORT_DEADLINE`` seconds have passed.

    Then ``closing`` (bytes: the line saying the file is incomplete, made
    beforehand, in the request's language) ends the stream, and ``pieces`` is
    closed, which cancels its query (a server-side cursor, a COPY).
    """
    deadline = time.monotonic() + settings.EXPORT_DEADLINE
    try:
        for piece in pieces:
            if time.monotonic() > deadline:  # checked with a piece in hand: "incomplete" only when something is left
                yield closing
                return
            yield piece
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()


@dataclass(frozen=True)
class Columns:
    """An export's columns: (header, lookup) pairs, optionally with Chinese headers and choice labels (?labels=zh)."""

    pairs: tuple
    headers: tuple = ()
    choices: tuple = ()  # per column: {value: label} or None

    @property
    def lookups(self):
        return [lookup for _header, lookup in self.pairs]

    @property
    def header_row(self):
        return list(self.headers) or [header for header, _lookup in self.pairs]

    def convert(self, row):
        """A row's cells, with coded values as their labels when labelled."""
        if not self.choices:
            return row
        return [labels.get(v, v) if labels else v for v, labels in zip(row, self.choices)]


def _field_path(model, lookup):
    """The fields a lookup crosses: ``document__county__name`` → [document, county, name]."""
    fields = []
    for part in lookup.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:  # an annotation (series)
            return fields
        fields.append(field)
        if field.is_relation:
            model = field.related_model
    return fields


def labelled(model, pairs, language="zh-hans"):
    """``pairs`` with headers in ``language`` (the fields' verbose names) and choice values as their labels."""
    headers, choices = [], []
    with translation.override(language):
        for header, lookup in pairs:
            fields = _field_path(model, lookup)
            if not fields:
                headers.append(header)
                choices.append(None)
                continue
            last = fields[-1]
            relations = [f for f in fields[:-1] if f.is_relation]
            name = str(last.verbose_name)
            if relations and not last.is_relation:
                name = f"{relations[-1].verbose_name}·{name}"
            headers.append(name)
            choices.append({value: str(label) for value, label in last.choices} if last.choices else None)
    return Columns(tuple(pairs), tuple(headers), tuple(choices))


def ascii_filename(name):
    """An ASCII stand-in for a Chinese file name (pinyin): the ``filename=`` every client understands."""
    spelled = "".join(lazy_pinyin(name))
    return re.sub(r"[^A-Za-z0-9._-]+", "_", spelled) or "export"


def content_disposition(filename):
    """RFC 6266: ``filename=`` in ASCII for every client, plus ``filename*=`` in UTF-8 when the name is not ASCII."""
    if filename.isascii():
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=utf-8''{quote(filename)}"


def sheet_title(name):
    """A worksheet name Excel accepts: no []:*?/\\, at most 31 characters, cut at a word boundary."""
    name = re.sub(r"[\[\]:*?/\\]+", "_", name) or "export"
    if len(name) <= 31:
        return name
    cut = name[:31]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def _csv(queryset, columns, filename, sheet):
    writer = csv.writer(_Echo())
    header = (BOM + writer.writerow(columns.header_row)).encode("utf-8")
    copy_sql = None if columns.choices else _copy_sql(queryset, columns.lookups)
    if copy_sql is not None:
        pieces = _copied(queryset.db, copy_sql)
    else:
        pieces = (writer.writerow([_cell(v) for v in columns.convert(row)]).encode("utf-8") for row in _rows(queryset, columns.lookups))
    # Past the deadline the file ends with a row of one cell saying it is incomplete.
    body = until_deadline(pieces, writer.writerow([incomplete_message()]).encode("utf-8"))
    return StreamingHttpResponse(_after(header, body), content_type="text/csv; charset=utf-8")


def _after(first, rest):
    yield first
    yield from rest


def _ndjson(queryset, columns, filename, sheet):
    headers = columns.header_row
    rows = (orjson.dumps(dict(zip(headers, columns.convert(row))), default=_cell) + b"\n" for row in _rows(queryset, columns.lookups))
    # Past the deadline the last line is {"error": "incomplete", "detail": …}.
    closing = orjson.dumps({"error": "incomplete", "detail": incomplete_message()}) + b"\n"
    return StreamingHttpResponse(until_deadline(rows, closing), content_type="application/x-ndjson")


def _xlsx(queryset, columns, filename, sheet):
    # openpyxl cannot stream a workbook: write-only mode fills a temporary file, which is then streamed.
    spool = tempfile.TemporaryFile()
    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet_title(sheet))
    worksheet.freeze_panes = "A2"  # the header stays in view while scrolling
    bold = Font(bold=True)
    header = []
    for text in columns.header_row:
        cell = WriteOnlyCell(worksheet, value=text)
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    for row in _rows(queryset, columns.lookups):
        worksheet.append([_cell(v) for v in columns.convert(row)])
    book.save(spool)
    spool.seek(0)
    return FileResponse(spool, content_type=XLSX.media_type)


CSV = ExportFormat("csv", "text/csv", "CSV, UTF-8 with BOM (opens in Excel)", _csv)
NDJSON = ExportFormat("ndjson", "application/x-ndjson", "NDJSON, one JSON object a line", _ndjson)
XLSX = ExportFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook (XLSX)", _xlsx, streamed=False)
FORMATS = {fmt.name: fmt for fmt in (CSV, NDJSON, XLSX)}


def export_response(fmt, queryset, columns, filename, sheet=None):
    """A streamed response of ``queryset`` in format ``fmt`` (a FORMATS key), named ``filename``.<fmt>.

    ``columns``: a Columns, or (header, lookup) pairs.
    """
    if not isinstance(columns, Columns):
        columns = Columns(tuple(columns))
    export_format = FORMATS[fmt]
    with export_statement_timeout(using=queryset.db):  # the count, and a workbook built before its first byte
        if not export_format.streamed:
            check_size(export_format, queryset)
        response = export_format.write(queryset, columns, filename, sheet or filename.split("-")[0])
    if export_format.streamed:  # the rows are read as the response is sent: the longer limit holds while it streams
        response.streaming_content = streaming(response.streaming_content, using=queryset.db)
    response["Content-Disposition"] = content_disposition(f"{filename}.{fmt}")
    return response


def check_size(export_format, queryset):
    """``ExportTooLarge`` when ``queryset`` has more than ``settings.EXPORT_MAX_ROWS`` rows (counting at most one more)."""
    limit = settings.EXPORT_MAX_ROWS
    if queryset.order_by()[: limit + 1].count() > limit:
        raise ExportTooLarge(gettext(TOO_LARGE) % {"format": export_format.name.upper(), "limit": limit})


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


def _copied(using, copy_sql):
    """The server's CSV bytes in chunks of about COPY_CHUNK_BYTES."""
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
