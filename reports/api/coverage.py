"""``/api/v1/coverage/``: how many documents the archive holds per place, session year and kind."""
from django.db.models import Count, F, Max, Min
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from reports import search
from reports.api import filters
from reports.api.renderers import EXPORT_RENDERERS, FileViewMixin, ORJSONRenderer
from reports.api.views import FORMAT_PARAMETER, SEARCH_PARAMETER
from reports.exports import FORMATS, export_response
from reports.models import Document, Statistic

# ``?by=``: the place level a cell stands for → (code lookup, name lookup) from a document.
LEVELS = {
    "province": ("county__province_id", "county__province__name"),
    "prefecture": ("county__prefecture_id", "county__prefecture__name"),
    "county": ("county_id", "county__name"),
}
BY_PARAMETER = OpenApiParameter("by", str, enum=list(LEVELS), default="province", description="place level of a cell")


class CoverageCellSerializer(serializers.Serializer):
    """One cell: documents of one kind held for one place and session year (documents the response only)."""

    code = serializers.CharField(help_text="the place's code at the ?by= level")
    name = serializers.CharField()
    year = serializers.IntegerField(allow_null=True, help_text="session year (the session_year filter); null when unknown")
    kind = serializers.CharField()
    documents = serializers.IntegerField()
    counties = serializers.IntegerField(help_text="counties with documents in this cell")


class CoverageView(FileViewMixin, generics.GenericAPIView):
    """Documents per place × session year × kind, for the same filters (and ``?q=``) as /documents/.

    The filters select documents as the document list does, so a cell's
    numbers are the ``count`` of the list its filters plus ``by`` place,
    ``session_year`` and ``kind`` select. ``totals`` sums the selection: documents,
    counties, statistics and the span of session years. Cells are few (places ×
    years × kinds) and come in one response, ordered by place code, year, kind.
    """

    queryset = Document.objects.all()
    filterset_class = filters.DocumentFilter
    pagination_class = None
    filter_backends = [DjangoFilterBackend]  # cells come in a fixed order; no ?ordering=
    renderer_classes = (ORJSONRenderer, BrowsableAPIRenderer, *EXPORT_RENDERERS)

    @extend_schema(
        operation_id="coverage",
        filters=True,  # a list in all but shape: the document filters apply
        parameters=[BY_PARAMETER, SEARCH_PARAMETER, OpenApiParameter("format", str, enum=["json", "csv", "ndjson", "xlsx"], description=FORMAT_PARAMETER.description)],
        responses={
            200: inline_serializer(
                "Coverage",
                {
                    "by": serializers.CharField(),
                    "totals": inline_serializer(
                        "CoverageTotals",
                        {
                            "documents": serializers.IntegerField(),
                            "counties": serializers.IntegerField(),
                            "statistics": serializers.IntegerField(),
                            "year_min": serializers.IntegerField(allow_null=True),
                            "year_max": serializers.IntegerField(allow_null=True),
                        },
                    ),
                    "results": CoverageCellSerializer(many=True),
                },
            ),
            (200, "text/csv"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request, *args, **kwargs):
        by = request.query_params.get("by", "province")
        if by not in LEVELS:
            raise ValidationError({"by": [f"one of {', '.join(LEVELS)}"]})
        selected = self._selected(request)
        code, name = LEVELS[by]
        cells = (
            Document.objects.filter(pk__in=selected.values("pk"))
            .annotate(cell_year=filters.session_year())
            .values(code, name, "cell_year", "kind")
            .annotate(cell_documents=Count("id"), cell_counties=Count("county", distinct=True))
            .order_by(code, F("cell_year").asc(nulls_last=True), "kind")
        )
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt in FORMATS:
            columns = (("code", code), ("name", name), ("year", "cell_year"), ("kind", "kind"), ("documents", "cell_documents"), ("counties", "cell_counties"))
            return export_response(fmt, cells, columns, f"coverage-{by}")
        results = [
            {"code": c[code], "name": c[name], "year": c["cell_year"], "kind": c["kind"], "documents": c["cell_documents"], "counties": c["cell_counties"]}
            for c in cells
        ]
        return Response({"by": by, "totals": self._totals(selected), "results": results})

    def _selected(self, request):
        """The documents the filters (and ``?q=``, every match, not only the ranked page's) select."""
        params = request.query_params.copy()
        query = (params.pop("q", None) or [""])[0].strip()
        filterset = self.filterset_class(params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
        if query:
            queryset = search.search(queryset, query, filters.DocumentFilter.phrase_fields, limit=None)
        return queryset

    @staticmethod
    def _totals(selected):
        ids = selected.values("pk")
        documents = Document.objects.filter(pk__in=ids)
        summary = documents.annotate(y=filters.session_year()).aggregate(
            documents=Count("id"), counties=Count("county", distinct=True), year_min=Min("y"), year_max=Max("y")
        )
        summary["statistics"] = Statistic.objects.filter(document__in=ids).count()
        return summary
