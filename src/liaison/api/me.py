"""`GET /api/v1/me/`: who the caller is — their account, roles, language, and the token
they call with, if any."""

from __future__ import annotations

from typing import Any, cast

from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison.accounts.models import RoleAssignment, User

from .authentication import RecordsTokenUse
from .models import ApiToken, TokenScope


class RoleOfCallerSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="The role's kind: staff, center_manager, …")
    name = serializers.CharField(help_text="The role's name, in the caller's language.")
    organization = serializers.IntegerField(
        allow_null=True, help_text="The organization an enterprise user's role names."
    )
    centers = serializers.ListField(
        child=serializers.IntegerField(), help_text="The centers a center manager's role names."
    )


class TokenOfCallerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The key's first characters, to tell tokens apart.")
    scope = serializers.ChoiceField(choices=TokenScope.choices)
    expires_at = serializers.DateTimeField()


class CallerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(help_text="The full name, else the username.")
    email = serializers.EmailField(allow_blank=True)
    roles = RoleOfCallerSerializer(many=True)
    token = TokenOfCallerSerializer(
        allow_null=True, help_text="The token of this request; null for a session."
    )
    language = serializers.CharField(help_text="The language of the answers' messages.")


class MeView(RecordsTokenUse, APIView):
    """Who the caller is."""

    http_method_names = ["get", "head", "options"]

    @extend_schema(
        operation_id="me", summary="Who the caller is", responses=CallerSerializer, tags=["me"]
    )
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)  # SignedIn let only a signed-in user in
        assignments = (
            RoleAssignment.objects.filter(user_id=user.pk)
            .select_related("role")
            .prefetch_related("centers")
            .order_by("role__name", "pk")
        )
        token = request.auth if isinstance(request.auth, ApiToken) else None
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
            "email": getattr(user, "email", ""),
            "roles": [
                {
                    "kind": a.role.kind,
                    "name": str(a.role),
                    "organization": a.organization_id,
                    "centers": sorted(c.pk for c in a.centers.all()),
                }
                for a in assignments
            ],
            "token": None
            if token is None
            else {
                "name": token.name,
                "prefix": token.prefix,
                "scope": token.scope,
                "expires_at": token.expires_at,
            },
            "language": translation.get_language(),
        }
        return Response(CallerSerializer(data).data)
