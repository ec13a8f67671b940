"""The admin: where editors read and correct what the parser produced.

Every archive model is registered with the columns, filters and searches an
editor needs; counties (2,842 rows) are always chosen by autocomplete. A
document's page shows its metadata, its section tree in order and its
statistics with their quotes; the raw text, checksum and warnings are
read-only because they are the evidence the rest was derived from.
"""
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from reports.models import Committee, County, Document, Prefecture, Province, Section, Session, Statistic

admin.site.site_header = _("County CPPCC Reports Archive")
admin.site.site_title = _("County CPPCC Reports Archive")
admin.site.index_title = _("Archive administration")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "slug")
    search_fields = ("code", "name", "slug")


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "province")
    list_filter = ("province",)
    list_select_related = ("province",)
    search_fields = ("code", "name", "slug")
    autocomplete_fields = ("province",)


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "prefecture", "province", "slug")
    list_filter = ("kind", "province")
    list_select_related = ("prefecture", "province")
    search_fields = ("code", "name", "slug")
    autocomplete_fields = ("prefecture", "province")


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("county", "term", "start_year", "end_year")
    list_filter = ("county__province",)
    list_select_related = ("county",)
    search_fields = ("county__name", "county__code")
    autocomplete_fields = ("county",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("committee", "number", "start_date", "end_date", "venue")
    list_filter = ("committee__county__province",)
    list_select_related = ("committee__county",)
    search_fields = ("committee__county__name", "venue")
    autocomplete_fields = ("committee",)
    date_hierarchy = "start_date"


class SectionInline(admin.TabularInline):
    model = Section
    fk_name = "document"
    fields = ("position", "level", "label", "heading", "part", "body")
    readonly_fields = ("position",)
    ordering = ("position",)
    extra = 0
    show_change_link = True
    # The parent is set by the parser; a select of every section would be huge.
    exclude = ("parent",)


class StatisticInline(admin.TabularInline):
    model = Statistic
    fields = ("metric", "value", "qualifier", "unit", "year", "quote_in_context", "start", "end", "corrected")
    readonly_fields = ("quote_in_context", "start", "end")
    ordering = ("start",)
    extra = 0

    @admin.display(description=_("quote"))
    def quote_in_context(self, obj):
        if not obj.pk:
            return ""
        text = obj.document.raw_text
        before = text[max(obj.start - 30, 0) : obj.start]
        after = text[obj.end : obj.end + 30]
        return format_html("…{}<mark>{}</mark>{}…", before, text[obj.start : obj.end], after)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "county", "session", "date", "speaker_name", "is_fragment", "review_status", "warning_count")
    list_filter = ("kind", "review_status", "is_fragment", "is_excerpt", "county__province", "review_year")
    list_select_related = ("county", "session__committee__county")
    search_fields = ("title", "speaker_name", "county__name", "source_file")
    autocomplete_fields = ("county", "committee", "session")
    readonly_fields = ("checksum", "source_file", "source_index", "source_page", "warnings_list", "raw_text")
    date_hierarchy = "date"
    inlines = (SectionInline, StatisticInline)
    fieldsets = (
        (None, {"fields": ("title", "kind", "review_status")}),
        (_("Where and when"), {"fields": ("county", "committee", "session", "date", "review_year", "plan_year")}),
        (_("Speaker"), {"fields": ("speaker_name", "speaker_role")}),
        (_("Source"), {"fields": ("is_fragment", "is_excerpt", "source_file", "source_index", "source_page", "checksum")}),
        (_("Parser warnings"), {"fields": ("warnings_list",)}),
        (_("Raw text"), {"fields": ("raw_text",), "classes": ("collapse",)}),
    )

    @admin.display(description=_("warnings"))
    def warning_count(self, obj):
        return len(obj.warnings or [])

    @admin.display(description=_("parser warnings"))
    def warnings_list(self, obj):
        if not obj.warnings:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings)))


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("document", "position", "level", "label", "heading", "part")
    list_filter = ("level", "part", "document__kind")
    list_select_related = ("document",)
    search_fields = ("heading", "body", "document__title")
    autocomplete_fields = ("document", "parent")


@admin.register(Statistic)
class StatisticAdmin(admin.ModelAdmin):
    list_display = ("metric", "value", "qualifier", "unit", "year", "document", "quote", "corrected")
    list_filter = ("metric", "qualifier", "corrected", "document__county__province", "year")
    list_select_related = ("document",)
    search_fields = ("quote", "wording", "document__title")
    autocomplete_fields = ("document", "section")
    readonly_fields = ("quote", "start", "end")
