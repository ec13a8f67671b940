"""Import raw text from the admin: upload or paste → preview → confirm, or cancel with nothing written.

The preview is a real ingestion inside a transaction that is rolled back, so it
shows exactly what confirming will do (created / updated / unchanged, conflicts
with editors' corrections, warnings) without writing a row. The decoded,
normalised text waits for the confirm step in the editor's session, named by its
checksum: a hidden form field would come back with CRLF line endings (browsers
normalise form values), and the same page would no longer be the same text.

One size limit, ``settings.IMPORT_MAX_BYTES``, holds for every way in: the
uploaded file, the text it decodes to or the pasted text (as UTF-8), and the
text the confirm step takes from the session; ``DATA_UPLOAD_MAX_MEMORY_SIZE``
is derived from it (cppcc_site/settings.py), and a request body past even
that is answered by ``too_large_page`` in Chinese, not Django's bare 400.
Parse time is linear in the size (bench/RESULTS.md: a 2 MB page dense with
headings parses in well under the request's time).
"""
import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from reports.ingest import ingest_text
from reports.parsing import ParseError
from reports.parsing.decode import normalize_text
from reports.parsing.formats import text_from_bytes

TOO_LARGE = _("The text is larger than %(limit)s (this one: %(size)s). Split it and import the parts one by one.")


def _megabytes(size: int) -> str:
    """2 MB, 1.5 MB, 10 kB."""
    value, unit = (size / 1024 / 1024, "MB") if size >= 1024 * 1024 else (size / 1024, "kB")
    return f"{value:.2f}".rstrip("0").rstrip(".") + f" {unit}"


def check_size(size: int):
    """A ValidationError when ``size`` bytes exceed the import limit (a newspaper page is tens of kilobytes)."""
    if size > settings.IMPORT_MAX_BYTES:
        raise forms.ValidationError(TOO_LARGE, code="too_large", params={"limit": _megabytes(settings.IMPORT_MAX_BYTES), "size": _megabytes(size)})


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Text (UTF-8 or GB18030), HTML, .docx or PDF file"), required=False)
    # strip=False: the text is normalised once, by the same function every import uses.
    text = forms.CharField(
        label=_("…or paste the text"), widget=forms.Textarea(attrs={"rows": 12, "cols": 100}), required=False, strip=False
    )
    source_name = forms.CharField(label=_("Source name"), max_length=255, required=False, help_text=_("e.g. the file name or the newspaper page"))

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload:
            check_size(upload.size)
            try:
                data["text"], _encoding = text_from_bytes(upload.read(), upload.name)
            except ParseError as exc:
                raise forms.ValidationError(str(exc)) from exc
            data["source_name"] = data.get("source_name") or upload.name
        elif not text:
            raise forms.ValidationError(_("Upload a file or paste some text."))
        # Normalised here, once: the size checked is the size the confirm step will hold (a GB18030 file grows by half as UTF-8).
        data["text"] = normalize_text(data["text"])
        check_size(len(data["text"].encode("utf-8")))
        if not data.get("source_name"):
            data["source_name"] = "pasted.txt"
        return data


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    source_name = forms.CharField(widget=forms.HiddenInput, max_length=255)


PENDING = "reports_import_pending"  # session key: token → text awaiting confirmation
EXPIRED = _("The previewed text is no longer available; upload or paste it again.")


def _keep(request, text: str) -> str:
    """Park the previewed text in the session (one at a time) and return its token."""
    token = hashlib.sha256(text.encode("utf-8")).hexdigest()
    request.session[PENDING] = {token: text}
    return token


def _take(request, token: str) -> str | None:
    return request.session.pop(PENDING, {}).get(token)


class ImportView(View):
    model_admin = None
    template = "admin/reports/document/import.html"

    def context(self, request, **extra):
        return {**self.model_admin.admin_site.each_context(request), "opts": self.model_admin.model._meta, "title": _("Import raw text"), **extra}

    def has_permission(self, request):
        return self.model_admin.has_add_permission(request) and self.model_admin.has_change_permission(request)

    def get(self, request):
        if not self.has_permission(request):
            return redirect("admin:index")
        return render(request, self.template, self.context(request, form=ImportForm()))

    def post(self, request):
        if not self.has_permission(request):
            return redirect("admin:index")
        if "cancel" in request.POST:
            request.session.pop(PENDING, None)
            messages.info(request, _("Import cancelled; nothing was written."))
            return redirect(reverse("admin:reports_document_changelist"))
        if "confirm" in request.POST:
            form = ConfirmForm(request.POST)
            text = _take(request, form.cleaned_data["token"]) if form.is_valid() else None
            if text is None:
                messages.error(request, EXPIRED)
                return redirect(reverse("admin:reports_document_import"))
            try:
                check_size(len(text.encode("utf-8")))
            except forms.ValidationError as too_large:
                messages.error(request, too_large.messages[0])
                return redirect(reverse("admin:reports_document_import"))
            report, _plans = ingest_text(text, source_file=form.cleaned_data["source_name"], user=request.user, reason="admin import")
            if report.failed:
                messages.error(request, report.error)
            else:
                messages.success(
                    request,
                    _("Imported %(source)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(conflicts)d conflicts.")
                    % {"source": form.cleaned_data["source_name"], "created": report.created, "updated": report.updated,
                       "unchanged": report.unchanged, "conflicts": len(report.conflicts)},
                )
                for conflict in report.conflicts:
                    messages.warning(request, str(conflict))
            return redirect(reverse("admin:reports_document_changelist"))
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template, self.context(request, form=form))
        text, source = form.cleaned_data["text"], form.cleaned_data["source_name"]
        report, plans = ingest_text(text, source_file=source, dry_run=True)
        confirm = ConfirmForm(initial={"token": _keep(request, text), "source_name": source})
        return render(request, self.template, self.context(request, form=form, report=report, plans=plans, confirm=confirm, preview=True))


def too_large_page(request, exception=None):
    """The site's 400 page (``handler400``): in Chinese, with the import limit, when the request body was too large."""
    if isinstance(exception, RequestDataTooBig):
        message = TOO_LARGE % {"limit": _megabytes(settings.IMPORT_MAX_BYTES), "size": _megabytes(int(request.META.get("CONTENT_LENGTH") or 0))}
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    from django.views.defaults import bad_request

    return bad_request(request, exception)
