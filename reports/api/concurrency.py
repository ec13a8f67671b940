"""ETag / If-Match on the writable API resources: a conflicting second update gets 412, not a silent overwrite.

GET on a detail returns ``ETag: "<version>"``. PUT, PATCH and DELETE must send
it back in ``If-Match``: without it the answer is 428 (Precondition Required),
with a stale one 412 (Precondition Failed), and nothing is written.
"""
from rest_framework import status
from rest_framework.exceptions import APIException

from reports.versioning import version_tag

MISSING = "Send the object's ETag in If-Match: GET it first, then write with If-Match: <ETag>."
STALE = "The object changed since you read it; GET it again and reapply your change."


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
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = _quoted(version_tag(self.get_object()))
        return response

    def _check_precondition(self, request, instance):
        sent = request.headers.get("If-Match")
        if not sent:
            raise PreconditionRequired()
        if sent.strip() not in (_quoted(version_tag(instance)), "*") and sent.strip().strip('"') != version_tag(instance):
            raise PreconditionFailed()

    def update(self, request, *args, **kwargs):
        self._check_precondition(request, self.get_object())
        response = super().update(request, *args, **kwargs)
        response["ETag"] = _quoted(version_tag(self.get_object()))
        return response

    def destroy(self, request, *args, **kwargs):
        self._check_precondition(request, self.get_object())
        return super().destroy(request, *args, **kwargs)
