"""One shape for every error of the API, in the caller's language (Accept-Language).

    {"status": 400, "code": "invalid", "detail": "…", "fields": {"title_zh": ["…"]}}

`fields` names the request's fields that were refused (`non_field_errors` for the record as a
whole); a stale write (412) adds `current_version` and `last_change`. Bad input is answered
with a 4xx, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

NON_FIELD = "non_field_errors"


class ApiError(exceptions.APIException):
    """An error with its own status and code, and what else a caller needs (`extra`)."""

    def __init__(
        self, detail: Any, *, status_code: int, code: str, extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(detail, code)
        self.status_code = status_code
        self.code = code
        self.extra = extra or {}


class PreconditionRequired(ApiError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Send the version you last read in an If-Match header (the ETag of the record); "
                "a change without it could overwrite someone else's."
            ),
            status_code=status.HTTP_428_PRECONDITION_REQUIRED,
            code="version_required",
        )


class PayloadTooLarge(ApiError):
    def __init__(self) -> None:
        super().__init__(
            _("The request is too large."),
            status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            code="too_large",
        )


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A service's refusal as {field: [messages]}."""
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if name == NON_FIELD_ERRORS else name): list(
                DjangoValidationError(messages).messages
            )
            for name, messages in error.error_dict.items()
        }
    return {NON_FIELD: list(error.messages)}


def invalid(fields: dict[str, list[str]]) -> ApiError:
    """400 for `fields`; the detail says the record-wide refusal itself when there is one."""
    general = fields.get(NON_FIELD)
    detail = " ".join(general) if general else _("Some fields are not valid.")
    return ApiError(detail, status_code=400, code="invalid", extra={"fields": fields})


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _drf_fields(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _flatten(value) for name, value in detail.items()}
    return {NON_FIELD: _flatten(detail)}


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, giving every error the API's one shape."""
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, DjangoValidationError):
        exc = invalid(field_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, exceptions.ValidationError) and not isinstance(exc, ApiError):
        exc = invalid(_drf_fields(exc.detail))
    if not isinstance(exc, exceptions.APIException):
        return None
    response = exception_handler(exc, context)
    if response is None:
        return None
    set_rollback()
    code = exc.code if isinstance(exc, ApiError) else _code(exc)
    body: dict[str, Any] = {
        "status": response.status_code,
        "code": code,
        "detail": str(exc.detail) if not isinstance(exc.detail, list | dict) else "",
    }
    if isinstance(exc, ApiError):
        body.update(exc.extra)
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        body["retry_after"] = int(wait)
    response.data = body
    return response


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return str(exc.default_code)


class LastChangeSerializer(serializers.Serializer[Any]):
    """Who saved the record last, when, and which fields: what a refused writer needs."""

    by = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()
    version = serializers.IntegerField(allow_null=True)
    fields = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]


class ErrorSerializer(serializers.Serializer[Any]):
    """Every error of the API."""

    status = serializers.IntegerField()
    code = serializers.CharField(
        help_text=(
            "invalid, not_authenticated, authentication_failed, malformed_token, "
            "invalid_token, revoked_token, expired_token, inactive_user, permission_denied, "
            "read_only_token, not_found, method_not_allowed, not_acceptable, stale, "
            "version_required, too_large, unsupported_media_type, throttled"
        )
    )
    detail = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
    current_version = serializers.IntegerField(required=False)
    last_change = LastChangeSerializer(required=False, allow_null=True)
    retry_after = serializers.IntegerField(required=False)
