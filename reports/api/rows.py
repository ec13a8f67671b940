"""List pages as plain values: each resource's list shape as ``.values()`` lookups, no serializer per row.

Why: on a 50-row page the SQL takes ~0.5 ms and DRF's serializers, with a
HyperlinkedIdentityField that calls ``reverse()`` per row, took 20–80 ms
(bench/RESULTS.md). The shape is not written again: ``shape_of`` reads it off
the resource's serializer, which stays the one declaration of its columns
(lists, details, writes, the OpenAPI schema), so a column added there is in
the list at once. tests/api/test_list_shapes.py holds every list equal to its
serializer's output, row for row.

A shape maps each output key to a lookup (``"county__name"``), to a dict of
them (a nested object), or to ``None`` (a key the serializer always shows but
the model has not, such as ``snippet``: filled in later or left null). ``url``
maps to the lookup that goes into the detail route (``"id"``, ``"code"``); the
URLs are built from one ``reverse()`` per page.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from rest_framework import serializers
from rest_framework.reverse import reverse

_SENTINEL = "0000000000"  # a value no real key has, replaced by each row's key


@dataclass(frozen=True)
class ListShape:
    fields: dict
    url_name: str | None = None  # view name of the detail route, for the "url" key
    lookups: tuple = field(init=False)

    def __post_init__(self):
        assert bool(self.url_name) == ("url" in self.fields), "a url key and url_name go together"
        found = []
        for value in self.fields.values():
            for lookup in value.values() if isinstance(value, dict) else (value,):
                if lookup is not None:
                    found.append(lookup)
        object.__setattr__(self, "lookups", tuple(dict.fromkeys(found)))

    def url_template(self, request, format=None) -> tuple[str, str] | None:
        """(prefix, suffix) of every row's detail URL, from one ``reverse()`` (with ``.json`` suffixes kept)."""
        if not self.url_name:
            return None
        lookup = "pk" if self.fields["url"] == "id" else self.fields["url"]
        url = reverse(self.url_name, kwargs={lookup: _SENTINEL}, request=request, format=format)
        prefix, _, suffix = url.rpartition(_SENTINEL)
        return prefix, suffix

    def rows(self, values, url_template=None) -> list[dict]:
        """``values`` (dicts from ``queryset.values(*self.lookups)``) in the serializer's shape.

        Dates stay ``datetime.date``: both JSON renderers write them as DRF's
        DateField does (ISO 8601).
        """
        prefix, suffix = url_template or ("", "")
        out = []
        for row in values:
            item = {}
            for key, lookup in self.fields.items():
                if lookup.__class__ is str:
                    item[key] = f"{prefix}{row[lookup]}{suffix}" if key == "url" else row[lookup]
                elif lookup is None:
                    item[key] = None
                else:
                    item[key] = {name: row[inner] for name, inner in lookup.items()}
            out.append(item)
        return out


@functools.cache
def shape_of(serializer_class) -> ListShape:
    """The list shape of ``serializer_class`` (a ModelSerializer): its fields as ``.values()`` lookups.

    - a HyperlinkedIdentityField: the detail URL, from its view name and lookup field;
    - a nested serializer (a place's {code, name}): a dict of its fields' lookups under the field's source;
    - any other field: its source as a lookup (``committee.term`` → ``committee__term``; a related field → the
      foreign key's id); a source the model has not (``snippet``) → ``None``.
    """
    model = serializer_class.Meta.model
    fields, url_name = {}, None
    for name, declared in serializer_class().fields.items():
        if isinstance(declared, serializers.HyperlinkedIdentityField):
            url_name = declared.view_name
            fields[name] = model._meta.pk.name if declared.lookup_field == "pk" else declared.lookup_field
        elif isinstance(declared, serializers.BaseSerializer):
            prefix = _lookup(declared.source)
            fields[name] = {inner: _column(model, f"{prefix}{LOOKUP_SEP}{_lookup(field.source)}") for inner, field in declared.fields.items()}
        else:
            lookup = _lookup(declared.source)
            fields[name] = lookup if _resolves(model, lookup) else None
    return ListShape(fields, url_name)


def _lookup(source: str) -> str:
    return source.replace(".", LOOKUP_SEP)


def _resolves(model, lookup: str) -> bool:
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        model = field.related_model
    return True


def _column(model, lookup: str) -> str:
    """``county__code`` → ``county_id`` when ``code`` is the related row's key: the foreign key holds it already."""
    *path, last = lookup.split(LOOKUP_SEP)
    for part in path:
        relation = model._meta.get_field(part)
        model = relation.related_model
    if path and model._meta.pk.name == last:
        return LOOKUP_SEP.join([*path[:-1], f"{path[-1]}_id"])
    return lookup
