"""API tokens in the administration, for administrators: every account's tokens, a form that
makes one for any active account (a service account, say) and shows its key once, and an
action that revokes. A token is never edited here; its hash is never shown."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from liaison.accounts.models import User
from liaison.core.steps import add_service_error

from .models import ApiToken
from .token_forms import days_choices
from .tokens import DEFAULT_DAYS, is_administrator, token_check, token_create, token_revoke


class TokenAddForm(forms.ModelForm):
    user = forms.ModelChoiceField(
        label=gettext_lazy("user"), queryset=User.objects.filter(is_active=True)
    )
    days = forms.TypedChoiceField(label=gettext_lazy("Valid for"), coerce=int, initial=DEFAULT_DAYS)
    # The administrator making the token: set by the admin before the form is validated.
    by: Any = None

    class Meta:
        model = ApiToken
        fields = ("user", "name", "scope")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = days_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors or self.by is None:
            return cleaned
        try:
            token_check(
                user=cleaned["user"],
                by=self.by,
                name=cleaned["name"],
                scope=cleaned["scope"],
                days=cleaned["days"],
            )
        except PermissionDenied as error:
            self.add_error(None, str(error))
        except ValidationError as error:
            add_service_error(cast(forms.Form, self), error, ApiToken)
        return cleaned

    def _post_clean(self) -> None:
        # The model instance is made by the service, not by the form.
        pass


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "user",
        "prefix",
        "scope",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("scope", "revoked_at", "expires_at")
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    actions = ("revoke",)
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        if obj is None:
            return ("user", "name", "scope", "days")
        return self.readonly_fields

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_form(
        self, request: HttpRequest, obj: ApiToken | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            return super().get_form(request, obj, change, **kwargs)

        class Form(TokenAddForm):
            by = request.user

        return Form

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        """Made by the service; its key shown once, in a message."""
        token, key = token_create(
            user=form.cleaned_data["user"],
            by=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
            request=request,
        )
        # The admin goes on with `obj` (its messages, its redirect): make it the saved token.
        obj.pk = token.pk
        obj.__dict__.update(
            {f.attname: getattr(token, f.attname) for f in ApiToken._meta.concrete_fields}
        )
        messages.warning(
            request,
            _(
                "The key of the token “%(name)s” is %(key)s — copy it now: it is shown only "
                "this once, and Liaison keeps no copy of it."
            )
            % {"name": token.name, "key": key},
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset:
            try:
                token_revoke(token=token, by=request.user, request=request)  # type: ignore[arg-type]
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, f"{token}: {message}")
            else:
                revoked += 1
        if revoked:
            messages.success(
                request,
                ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
                % {"count": revoked},
            )

    # Administrators only ---------------------------------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Revoked, not deleted: the audit log keeps pointing at it.
        return False
