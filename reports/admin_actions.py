"""Admin actions shared by every change list: export the selected rows, one action per registered export format.

The formats are the registry the API reads (reports/exports.py) and the
columns the resource's table (reports/tables.py), so a file from the admin and
a file from the API read alike. Nothing here imports the API.
"""
from django.contrib import admin, messages
from django.utils.functional import lazy
from django.utils.translation import gettext

from reports.exports import FORMATS, ExportTooLarge, export_response
from reports.tables import BY_MODEL


def _columns(model):
    table = BY_MODEL.get(model)
    if table is not None:
        return table.columns, table.name
    return tuple((f.name, f.attname) for f in model._meta.concrete_fields), model._meta.model_name


def _action(fmt):
    def export(modeladmin, request, queryset):
        columns, name = _columns(queryset.model)
        try:
            return export_response(fmt.name, queryset.order_by("pk"), columns, f"{name}-selected", name)
        except ExportTooLarge as too_large:
            modeladmin.message_user(request, str(too_large), messages.ERROR)
            return None

    export.__name__ = f"export_{fmt.name}"
    return admin.action(description=_description(fmt.name.upper()), permissions=["view"])(export)


# Translated when the admin shows it, not at import.
_description = lazy(lambda name: gettext("Export selected rows as %(format)s") % {"format": name}, str)


EXPORT_ACTIONS = tuple(_action(fmt) for fmt in FORMATS.values())
