"""A person's API tokens page: their tokens, a form that makes one, a button that revokes one.

A new token's key is shown once: kept in the session between the POST that makes it and the
GET it redirects to, which takes it out. The rules are in `tokens`.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from liaison.accounts.models import User
from liaison.core.steps import add_service_error

from .models import ApiToken
from .token_forms import TokenForm
from .tokens import token_create, token_revoke

NEW_KEY = "liaison_api_new_token"


class TokenListView(LoginRequiredMixin, View):
    """The signed-in person's tokens, and the form that makes one more."""

    template = "api/tokens.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        created = request.session.pop(NEW_KEY, None)
        return self.page(TokenForm(), created=created)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                user = cast(User, request.user)  # LoginRequiredMixin let only a user in
                token, key = token_create(
                    user=user,
                    by=user,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    days=form.cleaned_data["days"],
                    request=request,
                )
            except ValidationError as error:
                add_service_error(form, error, ApiToken)
            else:
                request.session[NEW_KEY] = {"id": token.pk, "name": token.name, "key": key}
                return HttpResponseRedirect(reverse("api:token_list"))
        return self.page(form, status=400)

    def page(self, form: TokenForm, status: int = 200, **extra: Any) -> HttpResponse:
        tokens = ApiToken.objects.filter(user=cast(User, self.request.user)).select_related(
            "created_by", "revoked_by"
        )
        response = render(
            self.request,
            self.template,
            {"form": form, "tokens": tokens, **extra},
            status=status,
        )
        # The key is a password: not kept by the browser's cache.
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(LoginRequiredMixin, View):
    """End one of the person's own tokens now; a program that uses it is refused from then on."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = ApiToken.objects.filter(pk=pk, user=cast(User, request.user)).first()
        if token is None:
            raise Http404
        try:
            token_revoke(token=token, by=cast(User, request.user), request=request)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The token “%(name)s” is revoked; programs that use it are refused from now on.")
                % {"name": token.name},
            )
        return HttpResponseRedirect(reverse("api:token_list"))
