"""Paging: bounded page sizes everywhere; keyset (cursor) paging on the large lists.

FACTS.md: on 2M rows OFFSET 1,900,000 took 371 ms and COUNT(*) 136 ms, a
keyset page 0.1 ms, so sections and statistics page by cursor (no COUNT, no
OFFSET). The small lists (places, documents) keep page numbers and a count,
which front-ends like for "page 3 of 7".
"""
from rest_framework import pagination


class TruncatedFlagSchema:
    """Declares the ``truncated`` key a search page carries (reports/api/views.py SearchMixin)."""

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["truncated"] = {
            "type": "boolean",
            "description": "Only with ?q=: true when the search reached its limit of ranked matches (the newest "
            "1,000); there may be more. Narrow it with filters (county, year, kind).",
        }
        return described


class PageNumberPagination(TruncatedFlagSchema, pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class CursorPagination(pagination.CursorPagination):
    """Deep pages of the large lists stay as fast as the first; ``?ordering=`` is honoured."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "id"


class SearchPagination(TruncatedFlagSchema, pagination.LimitOffsetPagination):
    """Search results are ordered by rank, which a cursor cannot follow; a search is short anyway."""

    default_limit = 50
    max_limit = 500
