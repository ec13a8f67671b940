"""ETag / If-Match on the writable API resources: a conflicting second update gets 412, not a silent overwrite.

GET on a detail returns ``ETag: "<version>"``. PUT, PATCH and DELETE must send
it back in ``If-Match``: without it the answer is 428 (Precondition Required),
with a stale one 412 (Precondition Failed), and nothing is written.
"""
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, MethodNotAllowed
from rest_framework.response import Response

from reports.versioning import version_tag

MISSING = _("Send the object's ETag in If-Match: GET it first, then write with If-Match: <ETag>.")
STALE = _("The object changed since you read it; GET it again and reapply your change.")


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = MISSING
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE
    default_code = "precondition_failed"


def _quoted(tag):
    return f'"{tag}"'


class ConditionalWriteMixin:
    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = _quoted(version_tag(instance, reread=False))
        return response

    def _check_precondition(self, request, instance):
        sent = (request.headers.get("If-Match") or "").strip()
        if not sent:
            raise PreconditionRequired()
        if sent != "*" and sent.strip('"') != version_tag(instance, reread=False):
            raise PreconditionFailed()

    def _lock(self, request):
        # Check and write under a row lock, so two writers holding the same ETag
        # cannot both pass the check before either has written.
        instance = self.get_object()
        locked = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
        self._check_precondition(request, locked)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            self._lock(request)
            response = super().update(request, *args, **kwargs)
        response["ETag"] = _quoted(version_tag(self.get_object(), reread=False))
        return response

    def destroy(self, request, *args, **kwargs):
        if not hasattr(super(), "destroy"):
            # Defining destroy here makes the router route DELETE; views without
            # deletion must still answer 405.
            raise MethodNotAllowed(request.method)
        with transaction.atomic():
            self._lock(request)
            return super().destroy(request, *args, **kwargs)
