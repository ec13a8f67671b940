"""The admin: where editors read, correct and confirm what the parser produced.

Every archive model is registered with the columns, filters and searches an
editor needs; counties (2,842 rows) are always chosen by autocomplete. A
document's page shows its metadata, its section tree in order and its
statistics with their quotes; the raw text, checksum and warnings are
read-only because they are the evidence the rest was derived from.

Review workflow: a parsed document is ``parsed``; an editor confirms it
(``reviewed``, also as a bulk action) or changes it (``corrected``, set
automatically when any value is edited). A corrected statistic keeps its quote
and offsets and is flagged ``corrected``; ingestion never overwrites either.
Every change is kept in the history (django-simple-history) and can be reverted.
"""
from django import forms
from django.contrib import admin, messages
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from reports.admin_actions import EXPORT_ACTIONS
from reports.admin_import import ImportView
from reports.admin_search import CountyWithDocumentsFilter, FullTextSearchMixin
from reports.models import Committee, County, Document, Prefecture, Province, ReviewStatus, Section, Session, Statistic
from reports.versioning import version_tag

EDIT_CONFLICT = _("Someone else changed this record while you were editing it. Reload the page to see their change, then reapply yours.")


class VersionedForm(forms.ModelForm):
    """Refuses to save over a change made by someone else since the form was loaded."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = version_tag(self.instance)

    def clean(self):
        data = super().clean()
        sent = data.get("version")
        if self.instance.pk and sent and sent != version_tag(self.instance):
            raise forms.ValidationError(EDIT_CONFLICT, code="edit_conflict")
        return data

admin.site.site_header = _("County CPPCC Reports Archive")
admin.site.site_title = _("County CPPCC Reports Archive")
admin.site.index_title = _("Archive administration")


class ArchiveAdmin(SimpleHistoryAdmin):
    """History, edit-conflict detection, and CSV/XLSX export of the selected rows, for every model."""

    form = VersionedForm
    actions = EXPORT_ACTIONS


class HasWarningsFilter(admin.SimpleListFilter):
    title = _("parser warnings")
    parameter_name = "has_warnings"

    def lookups(self, request, model_admin):
        return (("yes", _("with warnings")), ("no", _("without warnings")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(warnings=[])
        if self.value() == "no":
            return queryset.filter(warnings=[])
        return queryset


@admin.register(Province)
class ProvinceAdmin(ArchiveAdmin):
    list_display = ("code", "name", "slug")
    search_fields = ("code", "name", "slug")


@admin.register(Prefecture)
class PrefectureAdmin(ArchiveAdmin):
    list_display = ("code", "name", "province")
    list_filter = ("province",)
    list_select_related = ("province",)
    search_fields = ("code", "name", "slug")
    autocomplete_fields = ("province",)


@admin.register(County)
class CountyAdmin(ArchiveAdmin):
    list_display = ("code", "name", "kind", "prefecture", "province", "slug")
    list_filter = ("kind", "province")
    list_select_related = ("prefecture", "province")
    search_fields = ("code", "name", "slug")
    autocomplete_fields = ("prefecture", "province")


@admin.register(Committee)
class CommitteeAdmin(ArchiveAdmin):
    list_display = ("county", "term", "start_year", "end_year")
    list_filter = ("county__province",)
    list_select_related = ("county",)
    search_fields = ("county__name", "county__code")
    autocomplete_fields = ("county",)


@admin.register(Session)
class SessionAdmin(ArchiveAdmin):
    list_display = ("committee", "number", "start_date", "end_date", "venue")
    list_filter = ("committee__county__province",)
    list_select_related = ("committee__county",)
    search_fields = ("committee__county__name", "venue")
    autocomplete_fields = ("committee",)
    date_hierarchy = "start_date"


class SectionInline(admin.TabularInline):
    model = Section
    fk_name = "document"
    fields = ("position", "outline", "level", "label", "heading", "part", "body")
    readonly_fields = ("position", "outline")
    ordering = ("position",)
    extra = 0
    show_change_link = True
    # The parent is set by the parser; a select of every section would be huge.
    exclude = ("parent",)

    @admin.display(description=_("outline"))
    def outline(self, obj):
        # Indentation shows the tree in a flat table (empty for the blank extra rows).
        if obj.pk is None:
            return ""
        return format_html('<span style="padding-left:{}em">{} {}</span>', (obj.level - 1) * 1.5, obj.label, obj.heading[:30])


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
class DocumentAdmin(FullTextSearchMixin, ArchiveAdmin):
    list_display = ("short_title", "kind", "county", "session", "date", "speaker_name", "is_fragment", "review_status", "warning_count")
    list_filter = ("review_status", HasWarningsFilter, "kind", "is_fragment", "is_excerpt", "county__province", "review_year", CountyWithDocumentsFilter)
    list_select_related = ("county", "session__committee__county")
    search_fields = ("title", "speaker_name", "county__name", "source_file")
    phrase_fields = ("title", "raw_text")
    autocomplete_fields = ("county", "committee", "session")
    readonly_fields = ("checksum", "source_file", "source_index", "source_page", "warnings_list", "raw_text")
    date_hierarchy = "date"
    inlines = (SectionInline, StatisticInline)
    actions = (*ArchiveAdmin.actions, "mark_reviewed")
    change_list_template = "admin/reports/document/change_list.html"
    fieldsets = (
        (None, {"fields": ("title", "kind", "review_status", "version")}),
        (_("Where and when"), {"fields": ("county", "committee", "session", "date", "review_year", "plan_year")}),
        (_("Speaker"), {"fields": ("speaker_name", "speaker_role")}),
        (_("Source"), {"fields": ("is_fragment", "is_excerpt", "source_file", "source_index", "source_page", "checksum")}),
        (_("Parser warnings"), {"fields": ("warnings_list",)}),
        (_("Raw text"), {"fields": ("raw_text",), "classes": ("collapse",)}),
    )

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(ImportView.as_view(model_admin=self)), name="reports_document_import"),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        # Any edited value other than the status itself makes the document corrected.
        if change and set(form.changed_data) - {"review_status"}:
            obj.review_status = ReviewStatus.CORRECTED
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        corrected = False
        for instance in instances:
            if isinstance(instance, Statistic) and instance.pk:
                instance.corrected = True
                corrected = True
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()
        if corrected or (change and formset.has_changed()):
            document = form.instance
            if document.review_status != ReviewStatus.CORRECTED:
                document.review_status = ReviewStatus.CORRECTED
                document.save(update_fields=["review_status"])

    @admin.action(description=_("Mark selected documents as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        # A correction stays a correction: only parsed documents become reviewed.
        count = 0
        for document in queryset.filter(review_status=ReviewStatus.PARSED):
            document.review_status = ReviewStatus.REVIEWED
            document.save(update_fields=["review_status"])  # save(), so history records who did it
            count += 1
        self.message_user(
            request, ngettext("%d document marked as reviewed.", "%d documents marked as reviewed.", count) % count, messages.SUCCESS
        )

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        # Long titles wrapped the change list into a column of single characters: cut, whole title on hover.
        title = obj.title if len(obj.title) <= 36 else obj.title[:35] + "…"
        return format_html('<span title="{}">{}</span>', obj.title, title)

    @admin.display(description=_("warnings"))
    def warning_count(self, obj):
        return len(obj.warnings or [])

    @admin.display(description=_("parser warnings"))
    def warnings_list(self, obj):
        if not obj.warnings:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings)))


@admin.register(Section)
class SectionAdmin(FullTextSearchMixin, ArchiveAdmin):
    list_display = ("document", "position", "level", "label", "heading", "part")
    list_filter = ("level", "part", "document__kind")
    list_select_related = ("document",)
    search_fields = ("heading", "body", "document__title")
    phrase_fields = ("heading", "body")
    autocomplete_fields = ("document", "parent")


@admin.register(Statistic)
class StatisticAdmin(ArchiveAdmin):
    list_display = ("metric", "value", "qualifier", "unit", "year", "document", "quote", "corrected")
    list_filter = ("metric", "qualifier", "corrected", "document__county__province", "year")
    list_select_related = ("document",)
    search_fields = ("quote", "wording", "document__title")
    autocomplete_fields = ("document", "section")
    readonly_fields = ("quote", "start", "end")

    def save_model(self, request, obj, form, change):
        # The quote and offsets stay: they are the evidence the editor corrected against.
        if change and form.changed_data:
            obj.corrected = True
            if obj.document.review_status != ReviewStatus.CORRECTED:
                obj.document.review_status = ReviewStatus.CORRECTED
                obj.document.save(update_fields=["review_status"])
        super().save_model(request, obj, form, change)
