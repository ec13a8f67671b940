"""API writes through the correction service (reports/services.py): the same rules as the admin.

PUT and PATCH on documents, sections and statistics change only what an
editor may change; the evidence fields are read-only in the serializers and
refused by the service. DELETE of a section or statistic is recorded so that
re-ingesting or re-parsing its document does not bring it back. An optional
``X-Change-Reason`` header is kept in the history beside the user.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins
from rest_framework.exceptions import ValidationError

from reports import services

REASON_HEADER = "X-Change-Reason"
DEFAULT_REASON = "API"


class CorrectionMixin:
    """``perform_update`` calls ``correct(<instance_arg>=instance, data=…, user=…, reason=…)``."""

    correct = None  # a service function, wrapped in staticmethod()
    instance_arg = ""

    def change_reason(self) -> str:
        return (self.request.headers.get(REASON_HEADER) or DEFAULT_REASON)[:100]

    def perform_update(self, serializer):
        reason = self.change_reason()
        try:
            serializer.instance = self.correct(
                **{self.instance_arg: serializer.instance}, data=serializer.validated_data, user=self.request.user, reason=reason
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}) from exc


class RowDeletionMixin(mixins.DestroyModelMixin):
    """DELETE of a section or statistic through ``services.row_delete``: recorded, so a re-parse does not bring it back.

    Goes with ``CorrectionMixin`` (its ``change_reason``)."""

    def perform_destroy(self, instance):
        services.row_delete(instance=instance, user=self.request.user, reason=self.change_reason())
