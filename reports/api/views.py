"""API views: a viewset per resource, each list filterable, searchable where it has text, exportable."""
import re
from dataclasses import replace

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from reports import history, search, series, services
from reports.api.corrections import CorrectionMixin, RowDeletionMixin
from reports.api import filters, rows, serializers
from reports.api.concurrency import ConditionalWriteMixin
from reports.api.pagination import WINDOW_COUNT, ordering_keys
from reports.api.query_params import StrictQueryParams
from reports.api.renderers import EXPORT_RENDERERS, FileViewMixin, ORJSONRenderer
from reports.exports import FORMATS, Columns, export_response, labelled
from reports.models import Committee, County, Document, Prefecture, Province, Section, SeriesPoint, Session, Statistic
from reports.tables import BY_MODEL

LABELS_CHOICE = _("labels takes one value: zh (Chinese headers and labels).")

FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=[*FORMATS],
    description="The file format (default csv): everything the filters select, streamed and named after the "
    "filters (statistics-proposals_filed-140826.csv): "
    + "; ".join(f"{fmt.name}: {fmt.description}" for fmt in FORMATS.values())
    + ". The Accept header works too: " + ", ".join(fmt.media_type for fmt in FORMATS.values()) + ".",
    examples=[OpenApiExample(fmt.description, value=fmt.name) for fmt in FORMATS.values()],
)
LIST_FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=["json"],
    description="json. For a file use this list's export operation (…/export/?format=csv); for curl, ?format=csv "
    "here answers the same file.",
)
LABELS_PARAMETER = OpenApiParameter(
    "labels", str, enum=["zh"],
    description="Exports only: zh writes Chinese column headers and Chinese labels for coded values (kind, metric …).",
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


class ExportMixin(FileViewMixin):
    """``?format=csv|ndjson|xlsx`` (or Accept) on a list streams everything the filters select.

    The columns are the resource's table (reports/tables.py); ``?labels=zh`` gives them Chinese headers and labels.
    An export's cost is bounded before it starts (reports/exports.py).
    """

    renderer_classes = (ORJSONRenderer, BrowsableAPIRenderer, *EXPORT_RENDERERS)

    @property
    def table(self):
        return BY_MODEL[self.queryset.model]

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt in FORMATS:
            queryset = self.filter_queryset(self.get_queryset())
            return export_response(fmt, queryset, self.export_columns(request, self.table.columns), self.export_filename(request), self.table.name)
        return super().list(request, *args, **kwargs)

    @extend_schema(
        filters=True, parameters=[FORMAT_PARAMETER, LABELS_PARAMETER],
        responses={(200, fmt.media_type): OpenApiTypes.BINARY for fmt in FORMATS.values()},
        description="Everything the list's filters select, as a file (streamed; no paging).",
    )
    @action(detail=False, renderer_classes=EXPORT_RENDERERS, pagination_class=None)
    def export(self, request):
        return self.list(request)

    def export_columns(self, request, pairs, model=None):
        labels = request.query_params.get("labels")
        if labels in (None, ""):
            return Columns(tuple(pairs))
        if labels != "zh":
            raise ValidationError({"labels": [LABELS_CHOICE]})
        return labelled(model or self.queryset.model, pairs)

    def export_filename(self, request):
        """Named after what it holds: statistics-proposals_filed-140826."""
        parts = [self.table.name]
        for key in ("metric", "kind", "county", "province", "year", "q"):
            parts.extend(request.query_params.getlist(key))
        name = "-".join(p for p in parts if p)
        return re.sub(r"[^\w.-]+", "_", name)[:120]


class PlainListMixin:
    """JSON list pages built from ``.values()`` in the serializer's shape, without a serializer per row.

    Same filters, ordering, paging and output as DRF's list (tests hold them
    equal); bench/RESULTS.md has what it saves.
    """

    @property
    def list_shape(self) -> rows.ListShape:
        return rows.shape_of(self.get_serializer_class())

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        shape = self.list_shape
        if self.paginator is not None:  # ?count=true counts the filtered rows, without the page's joins
            self.paginator.count_queryset = queryset.select_related(None)
        # An ordering by an annotation (search_rank) must be selected now: values() hides the others.
        # So must a search's window count (the paginator reads it).
        ranked = [key.name for key in ordering_keys(queryset) if key.name in queryset.query.annotations]
        if WINDOW_COUNT in queryset.query.annotations:
            ranked.append(WINDOW_COUNT)
        queryset = queryset.values(*shape.lookups, *ranked)
        page = self.paginate_queryset(queryset)
        data = shape.rows(queryset if page is None else page, shape.url_template(request, self.format_kwarg))
        return Response(data) if page is None else self.get_paginated_response(data)


class SearchMixin:
    """Each result of a ``?q=`` search carries a snippet; the page says whether the search was cut short.

    The search itself is the FilterSet's ``q`` filter (reports/api/filters.py).
    """

    snippet_field = ""

    def list(self, request, *args, **kwargs):
        query = request.query_params.get("q", "").strip()
        if query and self.paginator is not None:
            self.paginator.force_count = True  # at most RANKED_MATCHES rows: cheap, and it tells ``truncated``
        response = super().list(request, *args, **kwargs)
        data = getattr(response, "data", None)  # an export is a streamed response without .data
        if query and isinstance(data, dict) and "results" in data:
            data["truncated"] = data.get("count", 0) >= search.RANKED_MATCHES
            texts = dict(self.get_queryset().filter(pk__in=[r["id"] for r in data["results"]]).values_list("pk", self.snippet_field))
            for row in data["results"]:
                row["snippet"] = search.snippet(texts.get(row["id"], ""), query)
        return response


@extend_schema_view(list=extend_schema(parameters=[LIST_FORMAT_PARAMETER]))
class ProvinceViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Province.objects.all()
    serializer_class = serializers.ProvinceSerializer
    filterset_class = filters.ProvinceFilter
    lookup_field = "code"
    ordering_fields = ("code", "name")


@extend_schema_view(list=extend_schema(parameters=[LIST_FORMAT_PARAMETER]))
class PrefectureViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Prefecture.objects.select_related("province")
    serializer_class = serializers.PrefectureSerializer
    filterset_class = filters.PrefectureFilter
    lookup_field = "code"
    ordering_fields = ("code", "name")


@extend_schema_view(list=extend_schema(parameters=[LIST_FORMAT_PARAMETER]))
class CountyViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    queryset = County.objects.select_related("prefecture", "province")
    serializer_class = serializers.CountySerializer
    filterset_class = filters.CountyFilter
    lookup_field = "code"
    ordering_fields = ("code", "name", "slug")


@extend_schema_view(list=extend_schema(parameters=[LIST_FORMAT_PARAMETER]))
class CommitteeViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Committee.objects.select_related("county")
    serializer_class = serializers.CommitteeSerializer
    filterset_class = filters.CommitteeFilter
    ordering_fields = ("county_id", "term", "start_year")


@extend_schema_view(list=extend_schema(parameters=[LIST_FORMAT_PARAMETER]))
class SessionViewSet(ExportMixin, PlainListMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Session.objects.select_related("committee__county")
    serializer_class = serializers.SessionSerializer
    filterset_class = filters.SessionFilter
    ordering_fields = ("start_date", "number", "committee__term")


@extend_schema_view(list=extend_schema(parameters=[LIST_FORMAT_PARAMETER, SEARCH_PARAMETER]))
class DocumentViewSet(ConditionalWriteMixin, CorrectionMixin, SearchMixin, ExportMixin, PlainListMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Editors correct (PATCH/PUT) or delete documents; new ones come from ingestion, which computes
    the checksum, sections and quotes that a bare POST could not supply consistently."""

    queryset = Document.objects.select_related("county__province", "committee", "session")
    filterset_class = filters.DocumentFilter
    ordering_fields = ("date", "review_year", "title", "county_id", "id")
    snippet_field = "raw_text"
    correct = staticmethod(services.document_correct)
    instance_arg = "document"

    def perform_destroy(self, instance):
        services.document_delete(document=instance, user=self.request.user, reason=self.change_reason())

    def get_serializer_class(self):
        return serializers.DocumentSerializer if self.action == "list" else serializers.DocumentDetailSerializer

    @extend_schema(
        responses={200: serializers.HistoryEntrySerializer(many=True)},
        description="Every change of the document and of its sections and statistics (deleted ones too), newest first: "
        "who changed which field from what to what, when, and the reason given. Rows created with the document's "
        "first parse are not listed one by one.",
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        document = self.get_object()
        return Response(serializers.HistoryEntrySerializer(history.document_changes(document.pk), many=True).data)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            # A list shows no text: leave the big columns in the database (bench: 15 kB a row).
            queryset = queryset.defer("raw_text", "search_text", "warnings")
        return queryset


@extend_schema_view(list=extend_schema(parameters=[LIST_FORMAT_PARAMETER, SEARCH_PARAMETER]))
class SectionViewSet(ConditionalWriteMixin, CorrectionMixin, SearchMixin, ExportMixin, PlainListMixin, mixins.UpdateModelMixin, RowDeletionMixin, viewsets.ReadOnlyModelViewSet):
    """Editors correct a section's heading, body, label, level or part, or delete it (with its subsections; a
    re-parse does not bring it back); the tree itself comes from ingestion."""

    queryset = Section.objects.defer("search_text")
    serializer_class = serializers.SectionSerializer
    filterset_class = filters.SectionFilter
    ordering_fields = ("id", "position", "level")
    snippet_field = "body"
    correct = staticmethod(services.section_correct)
    instance_arg = "section"



@extend_schema_view(list=extend_schema(parameters=[LIST_FORMAT_PARAMETER]))
class StatisticViewSet(ConditionalWriteMixin, CorrectionMixin, ExportMixin, PlainListMixin, mixins.UpdateModelMixin, RowDeletionMixin, viewsets.ReadOnlyModelViewSet):
    """Figures quoted from the documents; editors correct a value (the quote stays as printed) or delete a wrong
    figure (a re-parse does not bring it back), with If-Match."""

    # The joined document brings only what the serializer shows, not its raw and search text.
    queryset = Statistic.objects.select_related("document__county").defer(
        "document__raw_text", "document__search_text", "document__warnings", "document__title"
    )
    serializer_class = serializers.StatisticSerializer
    filterset_class = filters.StatisticFilter
    ordering_fields = ("id", "value", "year")
    correct = staticmethod(services.statistic_correct)
    instance_arg = "statistic"

    @extend_schema(
        filters=True, parameters=[LIST_FORMAT_PARAMETER],
        responses={200: serializers.SeriesPointSerializer(many=True)},
        description="A metric's values grouped by metric, county and year (the statistic's year, else the document's "
        "review year), filtered by the same filters as the statistics list, for charts that compare counties: "
        "?metric=proposals_filed&province=山西省. Paged like every list (up to 500 points a page, in metric, county, "
        "year order). `value` is the largest value reported for that county and year, not a sum: the same figure "
        "often appears in several documents (a report and its 摘要); `min`, `count` and `documents` show whether "
        "the sources agree. ?format=csv (or xlsx, ndjson) answers every point as a file. Filtered by metric and "
        "place only (" + ", ".join(sorted(filters.SERIES_SUMMARY_FILTERS)) + "), the points are read from a summary kept "
        "current by every write (fast at any scale); any other filter groups the matching statistics at request "
        "time, which is slower on large selections.",
    )
    # Filters but no ?ordering=: the points keep their (metric, county, year) order, which also pages them.
    @action(detail=False, filter_backends=[StrictQueryParams, DjangoFilterBackend])
    def series(self, request):
        statistics = self.filter_queryset(Statistic.objects.all())  # checks and validates every parameter (400 naming it)
        summary = series_summary_filterset(request)
        if summary is not None:
            points, columns = series.summary_points(summary.qs), series.SUMMARY_COLUMNS
        else:
            points, columns = series.live_points(statistics), series.LIVE_COLUMNS
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt in FORMATS:
            # Headers and labels from the live query's lookups, so both sources write the same file.
            labelled_columns = self.export_columns(request, series.LIVE_COLUMNS, Statistic)
            export_columns = replace(labelled_columns, pairs=columns)
            return export_response(fmt, points, export_columns, self.export_filename(request).replace("statistics", "series", 1), "series")
        page = self.paginate_queryset(points)
        return self.get_paginated_response([series.as_point(row, columns) for row in page])


def series_summary_filterset(request):
    """The summary's FilterSet for this request, or None when a filter needs the statistics themselves."""
    given = {name for name in filters.StatisticFilter.base_filters if any(v != "" for v in request.query_params.getlist(name))}
    if not given <= filters.SERIES_SUMMARY_FILTERS:
        return None
    filterset = filters.SeriesPointFilter(request.query_params, queryset=SeriesPoint.objects.all(), request=request)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return filterset
