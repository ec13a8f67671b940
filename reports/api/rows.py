"""List pages as plain values: each resource's list shape as ``.values()`` lookups, no serializer per row.

Why by hand: on a 50-row page the SQL takes ~0.5 ms and DRF's serializers,
with a HyperlinkedIdentityField that calls ``reverse()`` per row, took
20–80 ms (bench/RESULTS.md; FACTS.md measured serializers at ~28× plain
values). A shape states the same JSON as the resource's serializer, which
stays the single definition for details, writes and the OpenAPI schema;
tests/api/test_list_shapes.py holds every list shape equal to its serializer's
output, row for row, so the two cannot drift apart.

A shape maps each output key to a lookup (``"county__name"``), to a dict of
them (a nested object), or to ``None`` (a key the serializer always shows,
such as ``snippet``, filled in later or left null). ``url`` maps to the lookup
that goes into the detail route (``"id"``, ``"code"``); the URLs are built from
one ``reverse()`` per page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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


def place(prefix: str) -> dict:
    """A nested {code, name} for the place at ``prefix`` (``"county"``, ``"document__county"``)."""
    return {"code": f"{prefix}_id" if "__" not in prefix else f"{prefix}__code", "name": f"{prefix}__name"}


PROVINCE = ListShape({"code": "code", "name": "name", "slug": "slug", "url": "code"}, "api:province-detail")
PREFECTURE = ListShape(
    {"code": "code", "name": "name", "slug": "slug", "province": place("province"), "url": "code"},
    "api:prefecture-detail",
)
COUNTY = ListShape(
    {"code": "code", "name": "name", "kind": "kind", "slug": "slug", "prefecture": place("prefecture"),
     "province": place("province"), "url": "code"},
    "api:county-detail",
)
COMMITTEE = ListShape(
    {"id": "id", "url": "id", "county": place("county"), "term": "term", "start_year": "start_year", "end_year": "end_year"},
    "api:committee-detail",
)
SESSION = ListShape(
    {"id": "id", "url": "id", "county": place("committee__county"), "committee": "committee", "term": "committee__term",
     "number": "number", "start_date": "start_date", "end_date": "end_date", "venue": "venue"},
    "api:session-detail",
)
DOCUMENT = ListShape(
    {"id": "id", "url": "id", "kind": "kind", "title": "title", "county": place("county"),
     "province": place("county__province"), "committee": "committee", "session": "session", "term": "committee__term",
     "session_number": "session__number", "speaker_name": "speaker_name", "speaker_role": "speaker_role", "date": "date",
     "review_year": "review_year", "plan_year": "plan_year", "is_fragment": "is_fragment", "is_excerpt": "is_excerpt",
     "review_status": "review_status", "source_file": "source_file", "source_page": "source_page", "snippet": None},
    "api:document-detail",
)
SECTION = ListShape(
    {"id": "id", "url": "id", "document": "document", "parent": "parent", "position": "position", "level": "level",
     "label": "label", "heading": "heading", "body": "body", "part": "part", "start": "start", "end": "end", "snippet": None},
    "api:section-detail",
)
STATISTIC = ListShape(
    {"id": "id", "url": "id", "document": "document", "document_kind": "document__kind", "county": place("document__county"),
     "section": "section", "metric": "metric", "wording": "wording", "value": "value", "qualifier": "qualifier",
     "unit": "unit", "year": "year", "quote": "quote", "start": "start", "end": "end", "corrected": "corrected"},
    "api:statistic-detail",
)
