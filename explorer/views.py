"""Explorer pages: server-rendered shells; the data comes from the public API, fetched by the browser.

The server reads nothing from the database here. Each page states its
labels (translated) and which API calls it makes; the page's script fetches
/api/v1/ and renders, so the explorer shows exactly what the public API
serves and no more (no drafts, no user data), and says so in Chinese when the
API fails.
"""
import re

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from reports.models import DocumentKind, Metric, Qualifier, ReviewStatus

# What each page's script may call, at most: the browser test holds every page to it.
CHART_PAGES = {"county", "compare"}  # the pages that draw with ECharts
API_CALLS = {"home": 2, "search": 5, "county": 6, "document": 1, "compare": 2}

# Metrics drawn together on a county page, by theme.
CHART_GROUPS = (
    ("proposals", _("Proposals"), ("proposals_received", "proposals_filed", "proposals_key", "proposals_supervised", "proposals_closed")),
    ("opinion", _("Public-opinion reports by level"), ("opinion_reports", "opinion_reports_to_city", "opinion_reports_to_province", "opinion_reports_to_national", "opinion_reports_adopted")),
    ("meetings", _("Meetings and consultations"), ("meetings_plenary", "meetings_standing_committee", "meetings_chair", "consultations", "inspections", "research_reports")),
)

# Strings the scripts show, translated here like every other string.
MESSAGES = {
    "loading": _("Loading…"),
    "api_error": _("The archive's data could not be loaded (the server answered %(status)s). Please try again later."),
    "network_error": _("The archive's data could not be loaded (no answer from the server). Please try again later."),
    "not_found": _("Not found in the archive."),
    "no_results": _("No documents match these filters."),
    "documents_n": _("%(n)s documents"),
    "year_unknown": _("year unknown"),
    "page_of": _("Page %(page)s of %(pages)s"),
    "previous": _("Previous page"),
    "next": _("Next page"),
    "truncated": _("Only the newest %(n)s matches are ranked; add filters to narrow the search."),
    "cell_label": _("%(place)s, %(year)s: %(n)s documents"),
    "all_provinces": _("All provinces"),
    "all_prefectures": _("All prefectures"),
    "all_counties": _("All counties"),
    "term_n": _("Term %(n)s (届)"),
    "session_n": _("Session %(n)s (次)"),
    "no_session": _("Documents without a known session"),
    "no_missing": _("None: every year from %(first)s to %(last)s has a standing committee work report."),
    "no_statistics": _("No statistics for this county."),
    "no_series": _("No values for this metric and selection."),
    "statistic_of": _("%(metric)s: %(value)s (%(year)s)"),
    "not_marked": _("not marked in the text"),
    "corrected": _("corrected by an editor"),
    "go_to_quote": _("Show in the text"),
    "in_api": _("In the API"),
    "value": _("Value"),
    "year": _("Year"),
    "county": _("County"),
    "rank": _("Rank"),
    "latest_year": _("Latest year"),
    "chart_of": _("Chart: %(title)s"),
    "years_span": _("%(first)s–%(last)s"),
    "none": _("none"),
    "document_corrected": _("An editor corrected this document."),
    "field_county": _("County"),
    "field_kind": _("Kind of document"),
    "field_session": _("Committee and session"),
    "field_date": _("Date"),
    "field_review_year": _("Year reviewed"),
    "field_plan_year": _("Year planned"),
    "field_speaker": _("Speaker"),
    "field_status": _("Review status"),
    "field_source": _("Source"),
    "field_api": _("Data"),
    "chart_top": _("The chart shows the top %(n)s of %(total)s counties; the table lists them all."),
    "choose_counties": _("Choose counties or a province above to compare them."),
    "facet_province": _("Province"),
    "facet_prefecture": _("Prefecture"),
    "facet_county": _("County"),
    "facet_year": _("Session year"),
    "facet_kind": _("Kind of document"),
}


def vocabulary():
    """Labels the scripts need, from the model's own choices (one vocabulary, translated)."""
    return {
        "kinds": {k: str(v) for k, v in DocumentKind.choices},
        "metrics": {k: str(v) for k, v in Metric.choices},
        "qualifiers": {k: str(v) for k, v in Qualifier.choices},
        "statuses": {k: str(v) for k, v in ReviewStatus.choices},
        "messages": {k: str(v) for k, v in MESSAGES.items()},
        "chart_groups": [{"key": key, "title": str(title), "metrics": list(metrics)} for key, title, metrics in CHART_GROUPS],
        "api": "/api/v1/",
    }


def page(name):
    """The view of one explorer page: its template with the vocabulary and the request's filters."""

    def view(request, **kwargs):
        if name == "county" and not re.fullmatch(r"\d{6}", kwargs["code"]):
            raise Http404
        context = {
            "page": name,
            "ui": vocabulary(),
            "kinds": DocumentKind.choices,
            "metrics": Metric.choices,
            "query": request.GET,
            "selected_kinds": request.GET.getlist("kind"),
            "selected_counties": [c for c in request.GET.getlist("county") if c.strip()],
            "max_api_calls": API_CALLS[name],
            **kwargs,
        }
        return render(request, f"explorer/{name}.html", context)

    view.__name__ = f"{name}_page"
    if name in CHART_PAGES:
        # ECharts' SVG renderer writes style attributes into the SVG it draws; scripts and
        # <style> elements stay refused (Content-Security-Policy: cppcc_site/settings.py).
        return csp_update({"style-src-attr": [UNSAFE_INLINE]})(view)
    return view
