"""Admin actions shared by every change list: export the selected rows as CSV or XLSX.

The columns are the API's export columns for the same model, so a file from the
admin and a file from the API read alike.
"""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from reports.api.exports import export_response


def _columns(model):
    from reports.api.datapackage import RESOURCES

    for viewset in RESOURCES:
        if viewset.queryset.model is model:
            return viewset.export_columns, viewset.export_name
    fields = [f.name for f in model._meta.concrete_fields]
    return tuple((name, name) for name in fields), model._meta.model_name


def _export(fmt, queryset):
    columns, name = _columns(queryset.model)
    return export_response(fmt, queryset.order_by("pk"), columns, f"{name}-selected")


@admin.action(description=_("Export selected rows as CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    return _export("csv", queryset)


@admin.action(description=_("Export selected rows as XLSX"), permissions=["view"])
def export_xlsx(modeladmin, request, queryset):
    return _export("xlsx", queryset)
