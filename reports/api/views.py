"""API views: a viewset per resource, each list filterable, searchable where it has text, exportable."""
import re

from django.db.models import Count, Max, Min
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from reports import search
from reports.api.concurrency import ConditionalWriteMixin
from reports.api import filters, rows, serializers
from reports.api.pagination import ordering_keys
from reports.api.query_params import check_params
from reports.api.renderers import ORJSONRenderer
from reports.api.exports import EXPORT_FORMATS, EXPORT_RENDERERS, export_response
from reports.models import Committee, County, Document, Prefecture, Province, Section, Session, Statistic

FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=["json", "csv", "ndjson", "xlsx"],
    description="json (default), or an export of everything the filters select, streamed and named after the "
    "filters (statistics-proposals_filed-140826.csv): csv (UTF-8 with BOM, opens in Excel), ndjson (one JSON object a "
    "line), xlsx. The Accept header works too: text/csv, application/x-ndjson, "
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.",
    examples=[OpenApiExample("CSV for Excel", value="csv"), OpenApiExample("NDJSON", value="ndjson"), OpenApiExample("XLSX", value="xlsx")],
)
SEARCH_PARAMETER = OpenApiParameter(
    "q", str,
    description=search.QUERY_HELP,
    examples=[
        OpenApiExample("a two-character word", value="提案"),
        OpenApiExample("a phrase", value="乡村振兴"),
        OpenApiExample("a long term", value="社情民意信息"),
        OpenApiExample("a Latin token", value="AED"),
    ],
)


class ExportMixin:
    """``?format=csv|ndjson|xlsx`` (or Accept) on a list streams everything the filters select."""

    renderer_classes = (ORJSONRenderer, BrowsableAPIRenderer, *EXPORT_RENDERERS)
    export_columns: tuple = ()
    export_name = ""

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt in EXPORT_FORMATS:
            queryset = self.filter_queryset(self.get_queryset())
            return export_response(fmt, queryset, self.export_columns, self.export_filename(request))
        return super().list(request, *args, **kwargs)

    def export_filename(self, request):
        """Named after what it holds: statistics-proposals_filed-140826."""
        parts = [self.export_name]
        for key in ("metric", "kind", "county", "province", "year", "q"):
            parts.extend(request.query_params.getlist(key))
        name = "-".join(p for p in parts if p)
        return re.sub(r"[^\w.-]+", "_", name)[:120]


class PlainListMixin:
    """JSON list pages built from ``.values()`` in the serializer's shape, without a serializer per row.

    Same filters, ordering, paging and output as DRF's list (tests hold them
    equal); bench/RESULTS.md has what it saves.
    """

    list_shape: rows.ListShape

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        # An ordering by an annotation (search_rank) must be selected now: values() hides the others.
        ranked = [key.name for key in ordering_keys(queryset) if key.name in queryset.query.annotations]
        queryset = queryset.values(*self.list_shape.lookups, *ranked)
        page = self.paginate_queryset(queryset)
        data = self.list_shape.rows(queryset if page is None else page, self.list_shape.url_template(request, self.format_kwarg))
        return Response(data) if page is None else self.get_paginated_response(data)


class SearchMixin:
    """Each result of a ``?q=`` search carries a snippet; the page says whether the search was cut short.

    The search itself is the FilterSet's ``q`` filter (reports/api/filters.py).
    """

    snippet_field = ""

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "").strip()
        if query:
            self.paginator.force_count = True  # at most RANKED_MATCHES rows: cheap, and it tells ``truncated``
        response = super().list(request, *args, **kwargs)
        data = getattr(response, "data", None)  # an export is a streamed response without .data
        if query and isinstance(data, dict) and "results" in data:
            data["truncated"] = data.get("count", 0) >= search.RANKED_MATCHES
            texts = dict(self.get_queryset().filter(pk__in=[r["id"] for r in data["results"]]).values_list("pk", self.snippet_field))
            for row in data["results"]:
                row["snippet"] = search.snippet(texts.get(row["id"], ""), query)
        return response


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER]))
class ProvinceViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    list_shape = rows.PROVINCE
    queryset = Province.objects.all()
    serializer_class = serializers.ProvinceSerializer
    filterset_class = filters.ProvinceFilter
    lookup_field = "code"
    ordering_fields = ("code", "name")
    export_columns = (("code", "code"), ("name", "name"), ("slug", "slug"))
    export_name = "provinces"


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER]))
class PrefectureViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    list_shape = rows.PREFECTURE
    queryset = Prefecture.objects.select_related("province")
    serializer_class = serializers.PrefectureSerializer
    filterset_class = filters.PrefectureFilter
    lookup_field = "code"
    ordering_fields = ("code", "name")
    export_columns = (("code", "code"), ("name", "name"), ("slug", "slug"), ("province_code", "province_id"), ("province", "province__name"))
    export_name = "prefectures"


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER]))
class CountyViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    list_shape = rows.COUNTY
    queryset = County.objects.select_related("prefecture", "province")
    serializer_class = serializers.CountySerializer
    filterset_class = filters.CountyFilter
    lookup_field = "code"
    ordering_fields = ("code", "name", "slug")
    export_columns = (
        ("code", "code"), ("name", "name"), ("kind", "kind"), ("slug", "slug"), ("prefecture_code", "prefecture_id"),
        ("prefecture", "prefecture__name"), ("province_code", "province_id"), ("province", "province__name"),
    )
    export_name = "counties"


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER]))
class CommitteeViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    list_shape = rows.COMMITTEE
    queryset = Committee.objects.select_related("county")
    serializer_class = serializers.CommitteeSerializer
    filterset_class = filters.CommitteeFilter
    ordering_fields = ("county_id", "term", "start_year")
    export_columns = (("id", "id"), ("county_code", "county_id"), ("county", "county__name"), ("term", "term"), ("start_year", "start_year"), ("end_year", "end_year"))
    export_name = "committees"


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER]))
class SessionViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    list_shape = rows.SESSION
    queryset = Session.objects.select_related("committee__county")
    serializer_class = serializers.SessionSerializer
    filterset_class = filters.SessionFilter
    ordering_fields = ("start_date", "number", "committee__term")
    export_columns = (
        ("id", "id"), ("county_code", "committee__county_id"), ("county", "committee__county__name"), ("term", "committee__term"),
        ("number", "number"), ("start_date", "start_date"), ("end_date", "end_date"), ("venue", "venue"),
    )
    export_name = "sessions"


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER, SEARCH_PARAMETER]))
class DocumentViewSet(ConditionalWriteMixin, SearchMixin, ExportMixin, PlainListMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Editors correct (PATCH/PUT) or delete documents; new ones come from ingestion, which computes
    the checksum, sections and quotes that a bare POST could not supply consistently."""

    list_shape = rows.DOCUMENT
    queryset = Document.objects.select_related("county__province", "committee", "session")
    filterset_class = filters.DocumentFilter
    ordering_fields = ("date", "review_year", "title", "county_id", "id")
    snippet_field = "raw_text"
    export_columns = (
        ("id", "id"), ("kind", "kind"), ("title", "title"), ("county_code", "county_id"), ("county", "county__name"),
        ("province", "county__province__name"), ("term", "committee__term"), ("session", "session__number"),
        ("date", "date"), ("speaker", "speaker_name"), ("speaker_role", "speaker_role"), ("review_year", "review_year"),
        ("plan_year", "plan_year"), ("is_fragment", "is_fragment"), ("is_excerpt", "is_excerpt"),
        ("review_status", "review_status"), ("source_file", "source_file"), ("source_page", "source_page"), ("checksum", "checksum"),
    )
    export_name = "documents"

    def get_serializer_class(self):
        return serializers.DocumentSerializer if self.action == "list" else serializers.DocumentDetailSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            # A list shows no text: leave the big columns in the database (bench: 15 kB a row).
            queryset = queryset.defer("raw_text", "search_text", "warnings")
        return queryset

    def perform_update(self, serializer):
        # The title is indexed: a corrected title must be findable at once. One save, so one history record.
        document = serializer.instance
        title = serializer.validated_data.get("title", document.title)
        serializer.save(search_text=search.segment(f"{title}\n{document.raw_text}"))


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER, SEARCH_PARAMETER]))
class SectionViewSet(ConditionalWriteMixin, SearchMixin, ExportMixin, PlainListMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Editors correct a section's heading, body, label, level or part; the tree itself comes from ingestion."""

    list_shape = rows.SECTION
    queryset = Section.objects.defer("search_text")
    serializer_class = serializers.SectionSerializer
    filterset_class = filters.SectionFilter
    ordering_fields = ("id", "position", "level")
    snippet_field = "body"
    export_columns = (
        ("id", "id"), ("document", "document_id"), ("parent", "parent_id"), ("position", "position"), ("level", "level"),
        ("label", "label"), ("heading", "heading"), ("part", "part"), ("body", "body"),
    )
    export_name = "sections"

    def perform_update(self, serializer):
        # Heading and body are indexed: recompute the tokens in the same save.
        data, section = serializer.validated_data, serializer.instance
        text = f"{data.get('label', section.label)} {data.get('heading', section.heading)}\n{data.get('body', section.body)}"
        serializer.save(search_text=search.segment(text))


@extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER]))
class StatisticViewSet(ConditionalWriteMixin, ExportMixin, PlainListMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    # The joined document brings only what the serializer shows, not its raw and search text.
    list_shape = rows.STATISTIC
    queryset = Statistic.objects.select_related("document__county").defer(
        "document__raw_text", "document__search_text", "document__warnings", "document__title"
    )
    serializer_class = serializers.StatisticSerializer
    filterset_class = filters.StatisticFilter
    ordering_fields = ("id", "value", "year")
    export_columns = (
        ("id", "id"), ("document", "document_id"), ("document_kind", "document__kind"), ("county_code", "document__county_id"),
        ("county", "document__county__name"), ("province", "document__county__province__name"), ("metric", "metric"),
        ("value", "value"), ("qualifier", "qualifier"), ("unit", "unit"), ("year", "year"), ("wording", "wording"),
        ("quote", "quote"), ("start", "start"), ("end", "end"),
    )
    export_name = "statistics"

    def perform_update(self, serializer):
        # An editor's change is a correction the next ingest must not undo.
        serializer.save(corrected=True)

    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses={200: serializers.SeriesPointSerializer(many=True)},
        description="A metric's values grouped by metric, county and year (the statistic's year, else the document's "
        "review year), filterable like the list, for charts that compare counties: "
        "?metric=proposals_filed&province=山西省. `value` is the largest value reported for that county and year, "
        "not a sum: the same figure often appears in several documents (a report and its 摘要); `min`, `count` and "
        "`documents` show whether the sources agree.",
    )
    @action(detail=False, pagination_class=None, filter_backends=[])
    def series(self, request):
        check_params(request, self)
        filterset = self.filterset_class(request.query_params, queryset=Statistic.objects.all(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        rows = (
            filterset.qs.annotate(series_year=Coalesce("year", "document__review_year"))
            .values("metric", "document__county_id", "document__county__name", "series_year")
            .annotate(
                # Aliases, not "value": an annotation may not shadow the column it aggregates.
                point_value=Max("value"), point_min=Min("value"), count=Count("id"), documents=Count("document", distinct=True)
            )
            .order_by("metric", "document__county_id", "series_year")
        )
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt in EXPORT_FORMATS:
            columns = (("metric", "metric"), ("county_code", "document__county_id"), ("county", "document__county__name"),
                       ("year", "series_year"), ("value", "point_value"), ("min", "point_min"), ("count", "count"), ("documents", "documents"))
            return export_response(fmt, rows, columns, self.export_filename(request).replace("statistics", "series", 1))
        return Response(
            [
                {
                    "metric": r["metric"], "county": {"code": r["document__county_id"], "name": r["document__county__name"]},
                    "year": r["series_year"], "value": r["point_value"], "min": r["point_min"], "count": r["count"], "documents": r["documents"],
                }
                for r in rows
            ]
        )

