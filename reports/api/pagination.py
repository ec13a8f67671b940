"""Paging: one keyset (cursor) style for every list, with ``has_more``, working ``next``/``previous`` links and a size cap.

Why keyset everywhere: an ``OFFSET`` page reads and discards every row before
it and ``COUNT(*)`` reads the whole selection, both growing with the 2M
statistics, while a keyset page is an index seek at any depth; and one style is
what a front-end can rely on. A page is ``{next, previous, has_more, results}``;
``?count=true`` adds ``count`` (one ``COUNT(*)``) for "42 documents" labels.
The count runs on the filtered rows alone (``count_queryset``: no joins for
the page's columns). A ranked search counts its matches with a window
(``search_total``, reports/search.py) in the page query itself; its cursor
condition then applies above the window, so every page counts all matches.

How it stays exact under any ``?ordering=``: the primary key is appended as a
unique tiebreaker; NULLs sort last in either direction on both databases (an
explicit ``NULLS LAST``, only for nullable columns so non-null ones keep their
index order); the cursor holds the last row's value of every ordering column
(not an offset), so rows added or removed between requests neither repeat nor
vanish. It is signed and names its ordering: a tampered cursor, or one replayed
under another ordering, is a 400.

DRF's CursorPagination was not enough: it positions by the first ordering
column plus an offset, which repeats rows over nullable columns and answers 500
to a crafted cursor on SQLite.
"""
import datetime
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

CURSOR_SALT = "reports.api.cursor"
WINDOW_COUNT = "search_total"  # an annotation holding the count of the rows before paging (reports/search.py)
BAD_CURSOR = _("Invalid cursor: follow the next and previous links of a page as they are.")
OTHER_ORDERING = _("This cursor belongs to another ordering: start again from the first page.")
BAD_PAGE_SIZE = _("page_size must be a whole number from 1 to %(max)d.")


@dataclass(frozen=True)
class Key:
    """One ordering column: its lookup, direction, and whether it can hold NULL."""

    name: str
    descending: bool
    nullable: bool

    def order_by(self, backwards=False):
        descending = self.descending != backwards
        if not self.nullable:
            return F(self.name).desc() if descending else F(self.name).asc()
        # NULLs last going forwards, hence first going backwards.
        nulls = {"nulls_first": True} if backwards else {"nulls_last": True}
        return F(self.name).desc(**nulls) if descending else F(self.name).asc(**nulls)

    def after(self, value, backwards=False):
        """Rows that come after ``value`` in this column's order (reversed when going backwards)."""
        descending = self.descending != backwards
        if value is None:
            # NULLs are last going forwards (nothing follows them), first going backwards (every value follows).
            return Q(**{f"{self.name}__isnull": False}) if backwards else Q(pk__in=[])
        query = Q(**{f"{self.name}__{'lt' if descending else 'gt'}": value})
        if self.nullable and not backwards:
            query |= Q(**{f"{self.name}__isnull": True})
        return query

    def equal(self, value):
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})


def ordering_keys(queryset):
    """The queryset's ordering as Keys, ending with the primary key (unique tiebreaker)."""
    model = queryset.model
    keys = []
    for item in queryset.query.order_by:
        if isinstance(item, str):
            name, descending = item.lstrip("-"), item.startswith("-")
        else:  # an OrderBy(F(...)) expression
            name, descending = item.expression.name, item.descending
        if name == "pk":
            name = model._meta.pk.name
        keys.append(Key(name, descending, _nullable(model, name, queryset)))
    pk = model._meta.pk.name
    # A grouped query (the series) is unique by its group keys; ordering it by pk would split the groups.
    if not queryset.query.group_by and not any(key.name == pk for key in keys):
        keys.append(Key(pk, False, False))
    return keys


def _nullable(model, name, queryset):
    """Whether ``name`` (a lookup path or an annotation) can be NULL."""
    if name in queryset.query.annotations:
        return name != "search_rank"  # computed values may be NULL (a Coalesce of two NULLs); a rank never is
    nullable = False
    for part in name.split(LOOKUP_SEP):
        field = model._meta.get_field(part)
        nullable = nullable or field.null
        if field.is_relation:
            model = field.related_model
    return nullable


def _output_field(model, name, queryset):
    """The model field (or an annotation's output field) a cursor value of ``name`` must fit."""
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field
    field = None
    for part in name.split(LOOKUP_SEP):
        field = model._meta.get_field(part)
        if field.is_relation:
            model = field.related_model
            field = field.target_field
    return field


def _typed(keys, position, queryset):
    """The cursor's position as the columns' own types; a value that is not one (``"abc"`` for an id) is a 400."""
    typed = []
    for key, value in zip(keys, position):
        if value is not None:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise ValueError(value)
            field = _output_field(queryset.model, key.name, queryset)
            value = field.to_python(value)
            field.run_validators(value)  # integer columns carry the database's range
        typed.append(value)
    return typed


def _value(row, name):
    """A row's value of ``name``: a dict key for ``.values()`` rows, else followed attribute by attribute."""
    if isinstance(row, dict):
        return row[name]
    *path, last = name.split(LOOKUP_SEP)
    for part in path:
        row = getattr(row, part)
        if row is None:
            return None
    try:
        field = row._meta.get_field(last)
        last = field.attname if field.concrete else last  # a foreign key's own column, without loading the row
    except FieldDoesNotExist:  # an annotation (search_rank)
        pass
    return getattr(row, last)


def _plain(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def encode_cursor(signature, values, backwards=False):
    """The cursor for rows after (or before) ``values`` under the ordering ``signature`` ("id", "-value,id")."""
    # Signer, not signing.dumps: no timestamp, so the same page always has the same links (cacheable).
    return signing.Signer(salt=CURSOR_SALT).sign_object(
        {"o": signature, "d": "p" if backwards else "n", "v": [_plain(v) for v in values]}, compress=True,
    )


class KeysetPagination(pagination.BasePagination):
    """``?cursor=`` (from the links), ``?page_size=`` (1–500, 50 by default), ``?count=true``."""

    page_size = 50
    max_page_size = 500
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    count_query_param = "count"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._page_size(request)
        wants_count = getattr(self, "force_count", False) or request.query_params.get(self.count_query_param) in ("true", "1")
        windowed = WINDOW_COUNT in queryset.query.annotations
        unpaged = queryset
        self.count = None
        if wants_count and not windowed:
            counted = getattr(self, "count_queryset", None)
            self.count = (queryset if counted is None else counted).count()
        keys = ordering_keys(queryset)
        signature = ",".join(f"{'-' if k.descending else ''}{k.name}" for k in keys)
        backwards, position = self._decode(request, signature)
        queryset = queryset.order_by(*(key.order_by(backwards) for key in keys))
        if position is not None:
            try:
                position = _typed(keys, position, queryset)
            except (ValueError, TypeError, DjangoValidationError):
                raise ValidationError({self.cursor_query_param: [BAD_CURSOR]}) from None
            queryset = queryset.filter(self._after(keys, position, backwards, windowed))
        if getattr(queryset, "_fields", None):  # a .values() queryset: fetch the ordering columns too
            missing = [key.name for key in keys if key.name not in queryset._fields]
            if windowed and WINDOW_COUNT not in queryset._fields:
                missing.append(WINDOW_COUNT)
            if missing:
                queryset = queryset.values(*queryset._fields, *missing)
        rows = list(queryset[: self.page_size + 1])
        if wants_count and windowed:
            if rows:
                self.count = _value(rows[0], WINDOW_COUNT)
            else:  # no rows: none match, or a cursor past the last one (counted apart, rare)
                self.count = 0 if position is None else unpaged.count()
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
        # Going forwards, there is a next page when more rows came, and a previous one when we started from a cursor.
        has_next, has_previous = (position is not None, more) if backwards else (more, position is not None)
        self.next_link = self._link(signature, keys, rows[-1], False) if rows and has_next else None
        self.previous_link = self._link(signature, keys, rows[0], True) if rows and has_previous else None
        return rows

    def _page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_size_query_param: [BAD_PAGE_SIZE % {"max": self.max_page_size}]})
        return min(int(raw), self.max_page_size)

    def _decode(self, request, signature):
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return False, None
        try:
            data = signing.Signer(salt=CURSOR_SALT).unsign_object(raw)
            ordering, direction, position = data["o"], data["d"], data["v"]
            assert direction in ("n", "p") and isinstance(position, list)
        except Exception:  # BadSignature, malformed JSON, missing keys: all the client's doing
            raise ValidationError({self.cursor_query_param: [BAD_CURSOR]}) from None
        if ordering != signature or len(position) != signature.count(",") + 1:
            raise ValidationError({self.cursor_query_param: [OTHER_ORDERING]})
        return direction == "p", position

    @staticmethod
    def _after(keys, position, backwards, windowed=False):
        """Rows after ``position`` in the keys' (lexicographic) order.

        ``windowed``: the first (never true) term names the window count, which
        makes Django apply the whole condition above the window (QUALIFY), so
        the count still covers the rows before the cursor.
        """
        query, equal = Q(**{f"{WINDOW_COUNT}__lt": 0}) if windowed else Q(pk__in=[]), Q()
        for key, value in zip(keys, position):
            query |= equal & key.after(value, backwards)
            equal &= key.equal(value)
        return query

    def _link(self, signature, keys, row, backwards):
        cursor = encode_cursor(signature, [_value(row, key.name) for key in keys], backwards)
        url = self.request.build_absolute_uri()
        return replace_query_param(remove_query_param(url, self.count_query_param), self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        body = {"next": self.next_link, "previous": self.previous_link, "has_more": self.next_link is not None}
        if self.count is not None:
            body["count"] = self.count
        body["results"] = data
        return Response(body)

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "has_more", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last one."},
                "previous": {**link, "description": "The previous page, or null on the first one."},
                "has_more": {"type": "boolean", "description": "Whether a next page exists."},
                "count": {"type": "integer", "description": "Rows the filters select; only with ?count=true or ?q=."},
                "truncated": {
                    "type": "boolean",
                    "description": "Only with ?q=: true when the search reached its limit of ranked matches (the newest "
                    "1,000); there may be more. Narrow it with filters (county, year, kind).",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query", "schema": {"type": "string"},
             "description": "Opaque position from a page's next or previous link; 400 when altered."},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size, "default": self.page_size},
             "description": f"Rows per page, at most {self.max_page_size} (larger values are capped)."},
            {"name": self.count_query_param, "required": False, "in": "query", "schema": {"type": "boolean"},
             "description": "true adds `count`, the number of rows the filters select (one more query)."},
        ]
