"""What the admin's change lists share with the API for finding things: the same full-text search, a short county filter.

The search box runs reports/search.py (the API's ``?q=``) over titles and
texts, plus the admin's own ``search_fields`` (speaker, county, file name), so
社情民意信息 finds in the admin what it finds in the API. The county filter
lists only counties that have documents, not all 2,842.
"""
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports import search
from reports.models import County


class FullTextSearchMixin:
    """``get_search_results`` = the API's full-text search OR the plain ``search_fields`` match."""

    phrase_fields: tuple = ()  # where a query of several words must stand verbatim (as in the API's FilterSet)

    def get_search_results(self, request, queryset, search_term):
        plain, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return plain, may_have_duplicates
        found = search.search(queryset, term, self.phrase_fields, limit=None)
        return queryset.filter(Q(pk__in=plain.values("pk")) | Q(pk__in=found.values("pk"))), False


class CountyWithDocumentsFilter(admin.SimpleListFilter):
    """By county, offering only the counties that have documents."""

    title = _("county")
    parameter_name = "county"
    path = "county"  # the lookup from the listed model to its county

    def lookups(self, request, model_admin):
        counties = County.objects.filter(documents__isnull=False).distinct().order_by("code")
        return [(code, f"{name} ({code})") for code, name in counties.values_list("code", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(**{f"{self.path}_id" if "__" not in self.path else f"{self.path}__code": value}) if value else queryset
