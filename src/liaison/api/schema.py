"""The OpenAPI description of every operation: its errors in the API's one shape, and the
If-Match header every change must send (the ETag a read gave)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import _load_enum_name_overrides
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .errors import ErrorSerializer

# The errors any operation may answer with; a change adds its own below.
ALWAYS = (400, 401, 403, 404, 405, 406, 429)
ON_CHANGE = (412, 413, 415, 428)
ON_CREATE = (413, 415)


class RecordSchema(AutoSchema):
    def _is_change(self) -> bool:
        method = self.method.upper()
        if method in {"PUT", "PATCH", "DELETE"}:
            return True
        # A lifecycle step: a POST on one record.
        return method == "POST" and bool(getattr(self.view, "detail", False))

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self._is_change():
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    required=True,
                    description='The record\'s ETag as last read, e.g. "v3": a stale one is '
                    "refused with 412.",
                )
            )
        return parameters

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        # Here rather than in get_response_serializers, which an operation's own
        # @extend_schema(responses=…) replaces: every operation's errors are documented.
        bodies = super()._get_response_bodies(direction)
        codes = list(ALWAYS)
        if self._is_change():
            codes += ON_CHANGE
        elif self.method.upper() == "POST":
            codes += ON_CREATE
        for code in codes:
            if str(code) not in bodies:
                bodies[str(code)] = self._get_response_for_code(
                    ErrorSerializer, str(code), direction=direction
                )
        return bodies


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "liaison.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (`lia_…`) from the API tokens page: "
            "`Authorization: Bearer lia_…`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "liaison.api.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The browser's session; a change also sends the X-CSRFToken header.",
        }


def name_enums(endpoints: list[Any], **kwargs: Any) -> list[Any]:
    """A preprocessing hook: each record's choices named after it (`AgreementKindEnum`), not
    after the field alone, where many records have a `kind` and a `status` of their own."""
    from .endpoints import endpoints as served

    overrides = spectacular_settings.ENUM_NAME_OVERRIDES
    named = {tuple(sorted(map(str, v))) for v in overrides.values() if isinstance(v, list)}
    for endpoint in served():
        for field in endpoint.model._meta.concrete_fields:
            if not field.choices:
                continue
            # drf-spectacular knows a choice set by its values and labels together.
            choices = [(value, str(label)) for value, label in field.flatchoices if value != ""]
            key = tuple(sorted(map(str, choices)))
            if key in named:
                continue
            named.add(key)
            name = f"{endpoint.component}{field.name.title().replace('_', '')}Enum"
            overrides[name] = choices
    _load_enum_name_overrides.cache_clear()
    return endpoints
