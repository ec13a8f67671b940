"""FilterSets: what each list can be narrowed by. Exports use the same ones.

Places filter both ways (NetBox style): ``county`` takes a code, a pinyin slug or
a name; ``county_id`` an exact code. Bad values are a 400 naming the field.
"""
import copy

import django_filters as filters
from django.db.models import Exists, F, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Coalesce, ExtractYear
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from reports.findings import CHECKS
from reports.models import Committee, County, Document, DocumentKind, Finding, Metric, Prefecture, Province, Qualifier, ReviewStatus, Section, SectionPart, Session, Statistic


# MultipleChoiceFilter defaults to SELECT DISTINCT, there for to-many paths; every
# choice filter here is on the row or a forward foreign key, so no row repeats,
# and DISTINCT over a page's columns cost a sort of every match (268 ms on 2M statistics).


class _ShallowCopiedFilters(dict):
    """The class's filters, copied one level deep for each request.

    FilterSet.__init__ deep-copies them so it can set ``parent`` and ``model``
    on its own copies; nothing else in a filter changes per request, and the
    deep copy (choices lists and all) was a sixth of a list request.
    """

    def __deepcopy__(self, memo):
        return {name: copy.copy(found) for name, found in self.items()}


class FilterSet(filters.FilterSet):
    """django-filter's FilterSet, set up per request without rebuilding what never changes.

    The form class depends only on the declared filters (none here has a
    request-dependent queryset), so it is built once per class; rebuilding it,
    a form field per filter, was about a fifth of a list request in the profile
    (bench/RESULTS.md).
    """

    @classmethod
    def get_filters(cls):
        return _ShallowCopiedFilters(super().get_filters())

    def get_form_class(self):
        cls = type(self)
        if "_cached_form_class" not in cls.__dict__:
            cls._cached_form_class = super().get_form_class()
        return cls._cached_form_class


def place_q(values):
    """Places whose code, slug or name is one of ``values``."""
    query = Q()
    for item in values:
        query |= Q(code=item) | Q(slug=item) | Q(name=item)
    return query


class PlaceFilter(filters.CharFilter):
    """A place given as code, pinyin slug or Chinese name; comma separated for several."""

    def __init__(self, *args, prefix, **kwargs):
        self.prefix = prefix
        kwargs.setdefault("help_text", "code, pinyin slug or name, e.g. 140826, jiang-xian or 绛县; comma separated")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        # ``county_id IN (…)``: an OR over the joined place's code, slug and name
        # kept PostgreSQL off the foreign-key index (a hash join over every
        # document). A value of digits can only be a code (names are Chinese,
        # slugs pinyin), so it goes in as it is; names and slugs become codes in
        # a subquery (one more relation to plan, ~2 ms on PostgreSQL).
        path = self.prefix.removesuffix("__")
        items = [v.strip() for v in value.split(",") if v.strip()]
        codes = [v for v in items if v.isdigit()]
        query = Q(**{f"{path}__in": codes}) if codes else Q()
        if len(codes) < len(items):
            model = qs.model
            for name in path.split("__"):
                model = model._meta.get_field(name).related_model
            named = model.objects.filter(place_q([v for v in items if not v.isdigit()]))
            query |= Q(**{f"{path}__in": named.values("code")})
        return qs.filter(query)


class StrictBooleanFilter(filters.TypedChoiceFilter):
    """true/false (or 1/0); anything else is a 400, not silently ignored as django-filter's BooleanFilter does."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")])
        kwargs.setdefault("coerce", lambda value: value in ("true", "1", True))
        super().__init__(*args, **kwargs)


FINDING_CODES = [(code, code) for code in CHECKS]


def _findings_of(link):
    """Findings of the outer row; ``link`` is how a Finding reaches it: "document" or "statistics"."""
    return Finding.objects.filter(**{link: OuterRef("pk")})


@extend_schema_field(OpenApiTypes.BOOL)  # no model field to read the type from
class HasFindingsFilter(StrictBooleanFilter):
    """``?has_findings=true|false``: rows with (or without) consistency findings (reports/findings.py)."""

    def __init__(self, *args, link, **kwargs):
        self.link = link
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value in ("", None):
            return queryset
        exists = Exists(_findings_of(self.link))
        return queryset.filter(exists if value else ~exists)


class FindingFilter(filters.MultipleChoiceFilter):
    """``?finding=<code>`` (repeatable): rows with a finding of one of these codes."""

    def __init__(self, *args, link, **kwargs):
        self.link = link
        super().__init__(*args, choices=FINDING_CODES, **kwargs)

    def filter(self, queryset, value):
        return queryset.filter(Exists(_findings_of(self.link).filter(code__in=value))) if value else queryset


class ProvinceFilter(FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Province
        fields = ("code", "slug")


class PrefectureFilter(FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")
    province = PlaceFilter(prefix="province__")

    class Meta:
        model = Prefecture
        fields = ("code", "slug")


class CountyFilter(FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")
    kind = filters.CharFilter(help_text="县, 市辖区, 县级市, 自治县, 旗 …")
    prefecture = PlaceFilter(prefix="prefecture__")
    province = PlaceFilter(prefix="province__")

    class Meta:
        model = County
        fields = ("code", "slug")


class CommitteeFilter(FilterSet):
    county = PlaceFilter(prefix="county__")
    province = PlaceFilter(prefix="county__province__")
    term = filters.NumberFilter()

    class Meta:
        model = Committee
        fields = ("county_id",)


class SessionFilter(FilterSet):
    county = PlaceFilter(prefix="committee__county__")
    province = PlaceFilter(prefix="committee__county__province__")
    term = filters.NumberFilter(field_name="committee__term")
    number = filters.NumberFilter()
    start_after = filters.DateFilter(field_name="start_date", lookup_expr="gte")
    start_before = filters.DateFilter(field_name="start_date", lookup_expr="lte")

    class Meta:
        model = Session
        fields = ("committee",)


def session_year():
    """A document's year: the year of the session it was delivered at or adopted by.

    The session's start date, else the document's date, else its plan year (a
    report plans the year of its session), else the year after the one it reviews.
    Coverage counts and the ``session_year`` filters both use this, so a coverage
    cell and the list it links to hold the same documents.
    """
    return Coalesce(
        ExtractYear("session__start_date"), ExtractYear("date"), "plan_year", F("review_year") + Value(1),
        output_field=IntegerField(),
    )


class SessionYearFilter(filters.NumberFilter):
    """The document's session year (``session_year()``), compared with ``lookup_expr``."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.alias(_session_year=session_year()).filter(**{f"_session_year__{self.lookup_expr}": value})


class DocumentFilter(FilterSet):
    has_findings = HasFindingsFilter(link="document", help_text="documents with (true) or without (false) findings")
    finding = FindingFilter(link="document", help_text="documents with a finding of this code")
    county = PlaceFilter(prefix="county__")
    county_id = filters.CharFilter(field_name="county_id")
    prefecture = PlaceFilter(prefix="county__prefecture__")
    province = PlaceFilter(prefix="county__province__")
    term = filters.NumberFilter(field_name="committee__term")
    session = filters.NumberFilter(field_name="session__number", help_text="session number (次): 4 for 第四次会议")
    session_id = filters.NumberFilter(field_name="session__id")  # the id field: its lookup turns an out-of-range number into no rows
    kind = filters.MultipleChoiceFilter(distinct=False, choices=DocumentKind.choices)
    review_status = filters.MultipleChoiceFilter(distinct=False, choices=ReviewStatus.choices)
    review_year = filters.NumberFilter()
    plan_year = filters.NumberFilter()
    year_min = filters.NumberFilter(field_name="review_year", lookup_expr="gte", help_text="review year at least")
    year_max = filters.NumberFilter(field_name="review_year", lookup_expr="lte", help_text="review year at most")
    session_year = SessionYearFilter(help_text="year of the session (start date, else date, else plan year, else review year + 1)")
    session_year_min = SessionYearFilter(lookup_expr="gte", help_text="session year at least")
    session_year_max = SessionYearFilter(lookup_expr="lte", help_text="session year at most")
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte")
    is_fragment = StrictBooleanFilter()
    is_excerpt = StrictBooleanFilter()
    speaker = filters.CharFilter(field_name="speaker_name")
    source_file = filters.CharFilter()
    parser_version = filters.CharFilter(help_text="version of the parser that produced the document, e.g. 1.1.0")

    class Meta:
        model = Document
        fields = ()


class SectionFilter(FilterSet):
    document = filters.NumberFilter(field_name="document_id")
    level = filters.NumberFilter()
    level_max = filters.NumberFilter(field_name="level", lookup_expr="lte")
    part = filters.MultipleChoiceFilter(distinct=False, choices=SectionPart.choices)
    county = PlaceFilter(prefix="document__county__")
    kind = filters.MultipleChoiceFilter(distinct=False, field_name="document__kind", choices=DocumentKind.choices)

    class Meta:
        model = Section
        fields = ()


class StatisticFilter(FilterSet):
    has_findings = HasFindingsFilter(link="statistics", help_text="statistics involved in (true) or free of (false) findings")
    finding = FindingFilter(link="statistics", help_text="statistics involved in a finding of this code")
    metric = filters.MultipleChoiceFilter(distinct=False, choices=Metric.choices, help_text="one or more: ?metric=proposals_filed&metric=proposals_key")
    value_min = filters.NumberFilter(field_name="value", lookup_expr="gte")
    value_max = filters.NumberFilter(field_name="value", lookup_expr="lte")
    qualifier = filters.MultipleChoiceFilter(distinct=False, choices=Qualifier.choices)
    year = filters.NumberFilter()
    year_min = filters.NumberFilter(field_name="year", lookup_expr="gte")
    year_max = filters.NumberFilter(field_name="year", lookup_expr="lte")
    county = PlaceFilter(prefix="document__county__")
    prefecture = PlaceFilter(prefix="document__county__prefecture__")
    province = PlaceFilter(prefix="document__county__province__")
    kind = filters.MultipleChoiceFilter(distinct=False, field_name="document__kind", choices=DocumentKind.choices, help_text="kind of document")
    document = filters.NumberFilter(field_name="document_id")
    term = filters.NumberFilter(field_name="document__committee__term")
    session = filters.NumberFilter(field_name="document__session__number")
    corrected = StrictBooleanFilter()
    rule = filters.CharFilter(help_text="the parser rule that chose the metric, e.g. proposal:proposals_filed")

    class Meta:
        model = Statistic
        fields = ()
