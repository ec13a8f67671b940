"""The admin: where editors read, correct and confirm what the parser produced.

Every archive model is registered with the columns, filters and searches an
editor needs; counties (2,842 rows) are always chosen by autocomplete. A
document's page shows its metadata, its section tree in order and its
statistics with their quotes; the raw text, checksum and warnings are
read-only because they are the evidence the rest was derived from.

Review workflow: a parsed document is ``parsed``; an editor confirms it
(``reviewed``, also as a bulk action) or changes it (``corrected``, set
automatically when any value is edited). Every save of a document, a section or
a statistic, on its own page or in the document's inlines, goes through
``reports.services``, the one correction path the API and the import share:
the evidence (quotes, offsets, a row's document) is read-only, the corrected
fields are recorded so ingestion never overwrites them, and the history names
the editor and the reason given. Every change can be reverted.
"""
from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Max
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from reports import history, services
from reports.admin_actions import EXPORT_ACTIONS
from reports.admin_import import ImportView
from reports.admin_search import CountyWithDocumentsFilter, FullTextSearchMixin
from reports.findings import CHECKS
from reports.parsing.diagnostics import WARNINGS
from reports.models import Committee, County, Deletion, Document, Finding, Prefecture, Province, ReviewStatus, Section, Session, Statistic
from reports.versioning import version_tag

EDIT_CONFLICT = _("Someone else changed this record while you were editing it. Reload the page to see their change, then reapply yours.")


class VersionedForm(forms.ModelForm):
    """Refuses to save over a change made by someone else since the form was loaded."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("reason for the change"), max_length=100, required=False, help_text=_("Kept in the history with your name.")
    )

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


def _correct(instance, form, *, user, reason):
    """Send a form's changes of a stored row through the correction service; returns the saved row."""
    model = type(instance)
    stored = model.objects.get(pk=instance.pk)
    editable = services.EDITABLE[model] + (("review_status",) if model is Document else ())
    data = {name: form.cleaned_data[name] for name in form.changed_data if name in editable}
    if model is Document:
        return services.document_correct(document=stored, data=data, user=user, reason=reason)
    if model is Section:
        return services.section_correct(section=stored, data=data, user=user, reason=reason)
    return services.statistic_correct(statistic=stored, data=data, user=user, reason=reason)


def _delete(instance, *, user):
    """Send a deletion through the service, which marks what must follow (the document, findings, series)."""
    if isinstance(instance, Document):
        services.document_delete(document=instance, user=user)
    else:
        services.row_delete(instance=instance, user=user)


class CorrectingAdmin(ArchiveAdmin):
    """Edits and deletions of existing rows go through reports.services: corrected fields recorded, history with user and reason.

    Deleting a section or statistic records the deletion (``services.row_delete``), so a re-ingest or re-parse of
    its document does not bring the row back.
    """

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        saved = _correct(obj, form, user=request.user, reason=form.cleaned_data.get("reason"))
        obj.refresh_from_db()
        return saved

    def delete_model(self, request, obj):
        _delete(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset.order_by("pk"):
            # A subsection goes with its section: already deleted by the time its turn comes.
            if queryset.model.objects.filter(pk=obj.pk).exists():
                _delete(obj, user=request.user)


class WarningFilter(admin.SimpleListFilter):
    """Documents with any, no, or a given kind of parser warning (the codes of reports/parsing/diagnostics.py)."""

    title = _("parser warnings")
    parameter_name = "warning"

    def lookups(self, request, model_admin):
        return (("any", _("with warnings")), ("none", _("without warnings")), *((code, code) for code in WARNINGS))

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.exclude(warnings=[])
        if value == "none":
            return queryset.filter(warnings=[])
        if value in WARNINGS:
            return queryset.with_warning([value])
        return queryset


class FindingCodeFilter(admin.SimpleListFilter):
    title = _("findings")
    parameter_name = "finding"

    def lookups(self, request, model_admin):
        return (("any", _("with findings")), ("none", _("without findings")), *((code, code) for code in CHECKS))

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.filter(findings__isnull=False).distinct()
        if value == "none":
            return queryset.filter(findings__isnull=True)
        if value in CHECKS:
            return queryset.filter(findings__code=value).distinct()
        return queryset


class FindingInline(admin.TabularInline):
    """The document's findings, worst first, on its page."""

    model = Finding
    fields = ("severity", "code", "message", "statistics_involved")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("statistics"))
    def statistics_involved(self, obj):
        return ", ".join(str(s) for s in obj.statistics.all())


@admin.register(Deletion)
class DeletionAdmin(admin.ModelAdmin):
    """Rows editors deleted, which re-ingesting and re-parsing do not bring back; delete one here to let the next parse restore it."""

    list_display = ("words", "kind", "document", "deleted_by", "deleted_at", "reason")
    list_filter = ("kind",)
    list_select_related = ("document", "deleted_by")
    search_fields = ("words", "document__title")
    readonly_fields = ("document", "kind", "key", "words", "deleted_by", "deleted_at", "reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    """The review queue: every finding, worst first, each linked to its document."""

    list_display = ("severity", "code", "message", "document")
    list_filter = ("severity", "code", "document__county__province")
    list_select_related = ("document",)
    search_fields = ("message", "document__title")
    ordering = ("-severity", "document_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


class CorrectingInline(admin.TabularInline):
    """Rows come from the parser: an editor corrects or deletes them here, never adds one without its evidence."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class SectionInline(CorrectingInline):
    model = Section
    fk_name = "document"
    fields = ("position", "outline", "level", "label", "heading", "part", "body")
    readonly_fields = ("position", "outline")
    ordering = ("position",)
    show_change_link = True
    # The parent is set by the parser; a select of every section would be huge.
    exclude = ("parent",)

    @admin.display(description=_("outline"))
    def outline(self, obj):
        # Indentation shows the tree in a flat table (empty for the blank extra rows): em spaces,
        # not a style attribute, which the Content-Security-Policy refuses.
        if obj.pk is None:
            return ""
        return format_html("<span>{}{} {}</span>", "\u2003" * (obj.level - 1) * 2, obj.label, obj.heading[:30])


class StatisticInline(CorrectingInline):
    model = Statistic
    fields = ("metric", "value", "qualifier", "unit", "year", "quote_in_context", "start", "end", "corrected")
    readonly_fields = ("quote_in_context", "start", "end", "corrected")
    ordering = ("start",)

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
class DocumentAdmin(FullTextSearchMixin, CorrectingAdmin):
    list_display = (
        "short_title", "kind", "county", "session", "date", "speaker_name", "is_fragment", "review_status", "warning_count", "finding_count",
    )
    list_filter = (
        "review_status", FindingCodeFilter, WarningFilter, "kind", "is_fragment", "is_excerpt", "county__province", "review_year",
        CountyWithDocumentsFilter,
    )
    list_select_related = ("county", "session__committee__county")
    search_fields = ("title", "speaker_name", "county__name", "source_file")
    phrase_fields = ("title", "raw_text")
    autocomplete_fields = ("county", "committee", "session")
    readonly_fields = ("checksum", "source_file", "source_index", "source_page", "warnings_list", "raw_text")
    date_hierarchy = "date"
    inlines = (FindingInline, SectionInline, StatisticInline)
    actions = (*ArchiveAdmin.actions, "mark_reviewed")
    change_list_template = "admin/reports/document/change_list.html"
    # 历史 lists the changes of the document's sections and statistics too (reports/history.py).
    object_history_template = "admin/reports/document/object_history.html"
    fieldsets = (
        (None, {"fields": ("title", "kind", "review_status", "reason", "version")}),
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

    def history_view(self, request, object_id, extra_context=None):
        changes = history.document_changes(int(object_id)) if str(object_id).isdigit() else []
        return super().history_view(request, object_id, extra_context={**(extra_context or {}), "row_changes": changes})

    def save_formset(self, request, form, formset, change):
        # Each changed inline row is a correction of its own; deleting one corrects the document.
        reason = form.cleaned_data.get("reason")
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk]
        # What the admin's change message reads (ModelFormSet.save() would set these).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], deleted
        for inline in formset.forms:
            if inline.instance.pk and inline not in formset.deleted_forms and inline.has_changed():
                saved = _correct(inline.instance, inline, user=request.user, reason=reason)
                formset.changed_objects.append((saved, inline.changed_data))
        for instance in deleted:
            services.row_delete(instance=instance, user=request.user, reason=reason)

    @admin.action(description=_("Mark selected documents as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        # A correction stays a correction: only parsed documents become reviewed.
        count = sum(
            services.document_mark_reviewed(document=document, user=request.user)
            for document in queryset.filter(review_status=ReviewStatus.PARSED)
        )
        self.message_user(
            request, ngettext("%d document marked as reviewed.", "%d documents marked as reviewed.", count) % count, messages.SUCCESS
        )

    def get_queryset(self, request):
        # Worst finding first when sorted by the findings column: the review queue on the documents list.
        return super().get_queryset(request).annotate(worst_finding=Max("findings__severity"), finding_total=Count("findings"))

    @admin.display(description=_("findings"), ordering="-worst_finding")
    def finding_count(self, obj):
        return obj.finding_total

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
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li title="{}"><code>{}</code> {}</li>', ((w.get("detail", ""), w.get("code", ""), w.get("message", "")) for w in obj.warnings)),
        )


@admin.register(Section)
class SectionAdmin(FullTextSearchMixin, CorrectingAdmin):
    list_display = ("document", "position", "level", "label", "heading", "part")
    list_filter = ("level", "part", "document__kind")
    list_select_related = ("document",)
    search_fields = ("heading", "body", "document__title")
    phrase_fields = ("heading", "body")
    # A section stays in its document and its place in the tree: the parser's evidence.
    readonly_fields = ("document", "parent", "position", "start", "end")


@admin.register(Statistic)
class StatisticAdmin(CorrectingAdmin):
    list_display = ("metric", "value", "qualifier", "unit", "year", "document", "quote", "corrected")
    list_filter = ("metric", "qualifier", "corrected", "document__county__province", "year")
    list_select_related = ("document",)
    search_fields = ("quote", "wording", "document__title")
    autocomplete_fields = ("section",)
    # The document, quote and offsets are the evidence an editor corrects against.
    readonly_fields = ("document", "quote", "start", "end", "rule", "corrected")
