"""Query parameters a list understands, and nothing else: a misspelt one is a 400, not a silent "everything".

``?metrc=proposals_filed`` used to be ignored, so an export silently held the
whole table. Every list now answers 400 naming the unknown parameters and
listing the allowed ones; ``?strict=false`` turns the check off for clients
that add their own tracking parameters. Unknown ``ordering`` terms are a 400 too.
"""
from django.utils.translation import gettext_lazy as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError

STRICT_PARAM = "strict"
UNKNOWN_PARAMS = _("Unknown query parameter(s): %(unknown)s. Allowed: %(allowed)s. Add strict=false to ignore unknown parameters.")
UNKNOWN_ORDERING = _("Unknown ordering: %(unknown)s. Allowed: %(allowed)s (a leading - reverses).")
# Understood by every list whatever its filters: DRF's format override, paging, exports, this switch.
COMMON = ("format", "cursor", "page_size", "count", "labels", STRICT_PARAM)


def allowed_params(view):
    """The parameters ``view`` understands: its filters, ordering (where it has some), and the common ones."""
    names = set(COMMON)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names.update(filterset_class.base_filters)
    if getattr(view, "ordering_fields", None):
        names.add("ordering")
    return names


def check_params(request, view):
    """400 when ``request`` carries a parameter ``view`` does not understand (unless strict=false)."""
    if request.query_params.get(STRICT_PARAM, "true").lower() in ("false", "0"):
        return
    allowed = allowed_params(view)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ValidationError(
            {"detail": UNKNOWN_PARAMS % {"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))},
             "unknown": unknown, "allowed": sorted(allowed)}
        )


class StrictQueryParams(filters.BaseFilterBackend):
    """The check as a filter backend, so every list gets it; it filters nothing."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) in ("list", None) or getattr(view, "detail", None) is False:
            check_params(request, view)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [{
            "name": STRICT_PARAM, "required": False, "in": "query", "schema": {"type": "boolean", "default": True},
            "description": "false: ignore unknown query parameters instead of answering 400.",
        }]


class OrderingFilter(filters.OrderingFilter):
    """DRF's ``?ordering=``, with unknown terms a 400 instead of silently ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            terms = [term.strip() for term in params.split(",") if term.strip()]
            valid = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [term for term in terms if term.lstrip("-") not in valid]
            if unknown:
                raise ValidationError({self.ordering_param: [UNKNOWN_ORDERING % {"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(valid))}]})
        return super().get_ordering(request, queryset, view)
