"""FilterSets: what each list can be narrowed by. Exports use the same ones.

Places filter both ways (NetBox style): ``county`` takes a code, a pinyin slug or
a name; ``county_id`` an exact code. Bad values are a 400 naming the field.
"""
import copy
import difflib

import django_filters as filters
from django import forms
from django.db.models import Exists, F, IntegerField, OuterRef, Q, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from reports import archive_version, search, series
from reports.exports import FORMATS

from reports.findings import CHECKS
from reports.models import Committee, County, Document, DocumentKind, Finding, Metric, Prefecture, Province, Qualifier, ReviewStatus, Section, SectionPart, SeriesPoint, Session, Statistic
from reports.parsing.diagnostics import WARNINGS


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
        copies = {name: copy.copy(found) for name, found in self.items()}
        for found in copies.values():
            if found.method is not None:
                found.method = found.method  # rebinds its FilterMethod to the copy, whose parent is this request's set
        return copies


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
            form_class = super().get_form_class()
            form_class.base_fields = _SharedFields(form_class.base_fields)
            cls._cached_form_class = form_class
        return cls._cached_form_class


class _SharedFields(dict):
    """A form's fields, handed to each form as they are instead of deep-copied.

    Django deep-copies every field (and its widget) for each form so that one
    form may change its own fields; the filter forms never do: their fields are
    built once per class, hold no request state, and cleaning does not change
    them. The copy was three quarters of building a filter set (27 fields, 1.3 of
    1.8 ms; bench/RESULTS.md). ``tests/api/test_filter_forms.py`` holds that no
    request changes a shared field.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class CommaSeparatedMultiple(forms.SelectMultiple):
    """Several values given as ``?kind=a&kind=b``, ``?kind=a,b`` or both: the same list."""

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name) or []
        return [part.strip() for value in values for part in value.split(",") if part.strip()]


class MultipleChoiceFilter(filters.MultipleChoiceFilter):
    """One or more choices, repeated or comma separated; no DISTINCT (see the note above)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("widget", CommaSeparatedMultiple)
        super().__init__(*args, **kwargs)


UNKNOWN_PLACE = _("Unknown %(kind)s: %(value)s.")
CLOSE_MATCHES = _("Did you mean: %(matches)s?")


def place_q(values):
    """Places whose code, slug or name is one of ``values``."""
    query = Q()
    for item in values:
        query |= Q(code=item) | Q(slug=item) | Q(name=item)
    return query


def close_places(model, value, limit=5):
    """Names (or slugs, for Latin input) of ``model`` places close to ``value``: 长子 → 长子县."""
    column = "slug" if value.isascii() else "name"
    known = list(model.objects.values_list(column, flat=True))
    starting = [k for k in known if k.startswith(value)]
    return list(dict.fromkeys(starting[:limit] + difflib.get_close_matches(value, known, n=limit, cutoff=0.5)))[:limit]


class PlaceField(forms.Field):
    """Place values (codes, pinyin slugs or names) cleaned to the codes they name; unknown ones are an error naming them."""

    widget = CommaSeparatedMultiple

    def __init__(self, *args, place_model, **kwargs):
        self.place_model = place_model
        super().__init__(*args, **kwargs)

    def clean(self, value):
        items = list(dict.fromkeys(value or []))
        if not items:
            return []
        codes, named = self._resolve(items)
        errors = []
        for item in items:
            if item not in named:
                # Params, not a formatted string: the value may hold a % of its own.
                params = {"kind": self.place_model._meta.verbose_name, "value": item}
                message = str(UNKNOWN_PLACE)
                matches = close_places(self.place_model, item) if "\x00" not in item else []
                if matches:
                    message, params["matches"] = f"{message} {CLOSE_MATCHES}", "、".join(matches)
                errors.append(forms.ValidationError(message, code="unknown_place", params=params))
        if errors:
            raise forms.ValidationError(errors)
        return codes

    def _resolve(self, items):
        """(codes of the places ``items`` name, the items that named one)."""
        version = archive_version.request_version()
        if version is not None:
            index = place_index(self.place_model, version)
            named = {item for item in items if item in index}
            return list(dict.fromkeys(code for item in items for code in index.get(item, ()))), named
        # A NUL can be in no place name, and PostgreSQL refuses it in a query: unknown without asking.
        found = self.place_model.objects.filter(place_q([i for i in items if "\x00" not in i])).values_list("code", "slug", "name")
        codes, named = [], set()
        for code, slug, name in found:
            codes.append(code)
            named.update((code, slug, name))
        return codes, named & set(items)


_PLACE_INDEXES: dict[str, tuple[int, dict[str, tuple[str, ...]]]] = {}


def place_index(model, version: int) -> dict[str, tuple[str, ...]]:
    """Each code, slug and name of ``model``'s places → the codes it names, read once per archive version.

    Places are archive tables, so any change to them changes the version
    (reports/archive_version.py) and the next request reads them anew. A
    request that read the version (every anonymous read) resolves its place
    filters here instead of one query each: 3,210 counties cost one query per
    process per version. A name can name several places (和平区).
    """
    key = model._meta.label
    cached = _PLACE_INDEXES.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    index: dict[str, list[str]] = {}
    for code, slug, name in model.objects.values_list("code", "slug", "name"):
        for item in dict.fromkeys((code, slug, name)):
            index.setdefault(item, []).append(code)
    frozen = {item: tuple(codes) for item, codes in index.items()}
    _PLACE_INDEXES[key] = (version, frozen)
    return frozen


class PlaceFilter(filters.MultipleChoiceFilter):
    """A place given as code, pinyin slug or Chinese name; several repeated or comma separated; unknown ones are a 400."""

    field_class = PlaceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "code, pinyin slug or name, e.g. 140826, jiang-xian or 绛县; several repeated or "
                          "comma separated; an unknown place is a 400 with close matches")
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            model = self.model
            for name in self.field_name.split("__"):
                model = model._meta.get_field(name).related_model
            self._field = PlaceField(label=self.label, place_model=model, **self.extra)
        return self._field

    def filter(self, qs, value):
        # ``county_id IN (codes)``: the names were resolved to codes by the field (one small query),
        # which keeps PostgreSQL on the foreign-key index.
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


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


class FindingFilter(MultipleChoiceFilter):
    """``?finding=<code>`` (repeatable): rows with a finding of one of these codes."""

    def __init__(self, *args, link, **kwargs):
        self.link = link
        super().__init__(*args, choices=FINDING_CODES, **kwargs)

    def filter(self, queryset, value):
        return queryset.filter(Exists(_findings_of(self.link).filter(code__in=value))) if value else queryset


class WarningFilter(MultipleChoiceFilter):
    """``?warning=<code>`` (repeatable): documents with a parser warning of one of these codes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[(code, code) for code in WARNINGS], **kwargs)

    def filter(self, queryset, value):
        return queryset.with_warning(value) if value else queryset


class SearchFilterSet(FilterSet):
    """``?q=``: full-text search, a filter like any other (NetBox style); ranked unless ``ordering`` says otherwise."""

    q = filters.CharFilter(method="search", help_text=search.QUERY_HELP)
    phrase_fields: tuple = ()  # where a query of several words must stand verbatim

    def filter_queryset(self, queryset):
        # The other filters first: the search ranks the newest matches among what they leave.
        query = self.form.cleaned_data.pop("q", None)
        queryset = super().filter_queryset(queryset)
        return self.search(queryset, "q", query) if query else queryset

    def search(self, queryset, name, value):
        query = value.strip()
        if not query:
            return queryset
        # A page ranks the newest matches (reports/search.py); an export takes them all.
        renderer = getattr(self.request, "accepted_renderer", None)
        limit = None if getattr(renderer, "format", None) in FORMATS else search.RANKED_MATCHES
        return search.search(queryset, query, self.phrase_fields, limit=limit).order_by("-search_rank", "-pk")  # ties: newest first


class ProvinceFilter(FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Province
        fields = ("code", "slug")


class PrefectureFilter(FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")
    province = PlaceFilter(field_name="province")

    class Meta:
        model = Prefecture
        fields = ("code", "slug")


class CountyFilter(FilterSet):
    name = filters.CharFilter(lookup_expr="icontains")
    kind = filters.CharFilter(help_text="县, 市辖区, 县级市, 自治县, 旗 …")
    prefecture = PlaceFilter(field_name="prefecture")
    province = PlaceFilter(field_name="province")

    class Meta:
        model = County
        fields = ("code", "slug")


class CommitteeFilter(FilterSet):
    county = PlaceFilter(field_name="county")
    province = PlaceFilter(field_name="county__province")
    term = filters.NumberFilter()

    class Meta:
        model = Committee
        fields = ("county_id",)


class SessionFilter(FilterSet):
    county = PlaceFilter(field_name="committee__county")
    province = PlaceFilter(field_name="committee__county__province")
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


class DocumentFilter(SearchFilterSet):
    phrase_fields = ("title", "raw_text")

    has_findings = HasFindingsFilter(link="document", help_text="documents with (true) or without (false) findings")
    finding = FindingFilter(link="document", help_text="documents with a finding of this code")
    warning = WarningFilter(help_text="documents with a parser warning of this code, e.g. heading_out_of_sequence")
    county = PlaceFilter(field_name="county")
    county_id = filters.CharFilter(field_name="county_id")
    prefecture = PlaceFilter(field_name="county__prefecture")
    province = PlaceFilter(field_name="county__province")
    term = filters.NumberFilter(field_name="committee__term")
    session = filters.NumberFilter(field_name="session__number", help_text="session number (次): 4 for 第四次会议")
    session_id = filters.NumberFilter(field_name="session__id")  # the id field: its lookup turns an out-of-range number into no rows
    kind = MultipleChoiceFilter(choices=DocumentKind.choices)
    review_status = MultipleChoiceFilter(choices=ReviewStatus.choices)
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


class SectionFilter(SearchFilterSet):
    phrase_fields = ("heading", "body")

    document = filters.NumberFilter(field_name="document__id")  # the id field, as session_id: out of range is no rows
    level = filters.NumberFilter()
    level_max = filters.NumberFilter(field_name="level", lookup_expr="lte")
    part = MultipleChoiceFilter(choices=SectionPart.choices)
    county = PlaceFilter(field_name="document__county")
    kind = MultipleChoiceFilter(field_name="document__kind", choices=DocumentKind.choices)

    class Meta:
        model = Section
        fields = ()


class StatisticFilter(FilterSet):
    has_findings = HasFindingsFilter(link="statistics", help_text="statistics involved in (true) or free of (false) findings")
    finding = FindingFilter(link="statistics", help_text="statistics involved in a finding of this code")
    metric = MultipleChoiceFilter(choices=Metric.choices, help_text="one or more: ?metric=proposals_filed&metric=proposals_key")
    value_min = filters.NumberFilter(field_name="value", lookup_expr="gte")
    value_max = filters.NumberFilter(field_name="value", lookup_expr="lte")
    qualifier = MultipleChoiceFilter(choices=Qualifier.choices)
    year = filters.NumberFilter()
    year_min = filters.NumberFilter(field_name="year", lookup_expr="gte")
    year_max = filters.NumberFilter(field_name="year", lookup_expr="lte")
    county = PlaceFilter(field_name="document__county")
    prefecture = PlaceFilter(field_name="document__county__prefecture")
    province = PlaceFilter(field_name="document__county__province")
    kind = MultipleChoiceFilter(field_name="document__kind", choices=DocumentKind.choices, help_text="kind of document")
    document = filters.NumberFilter(field_name="document__id")  # the id field, as session_id: out of range is no rows
    term = filters.NumberFilter(field_name="document__committee__term")
    session = filters.NumberFilter(field_name="document__session__number")
    corrected = StrictBooleanFilter()
    rule = filters.CharFilter(help_text="the parser rule that chose the metric, e.g. proposal:proposals_filed")

    class Meta:
        model = Statistic
        fields = ()


def _series_summary_filters():
    """The statistics filters the summary answers (metric and places), declared once: copied from StatisticFilter
    with their lookups moved from the statistic onto the summary's columns (reports/series.py)."""
    declared = {}
    for name, found in StatisticFilter.base_filters.items():
        if found.field_name in series.SUMMARY_LOOKUPS and found.method is None:
            declared[name] = copy.copy(found)
            declared[name].field_name = series.SUMMARY_LOOKUPS[found.field_name]
    meta = type("Meta", (), {"model": SeriesPoint, "fields": ()})
    return type("SeriesPointFilter", (FilterSet,), {**declared, "Meta": meta})


SeriesPointFilter = _series_summary_filters()
SERIES_SUMMARY_FILTERS = frozenset(SeriesPointFilter.base_filters)
