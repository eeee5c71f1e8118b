"""The office's pages that invite an organization's contacts to the enterprise portal.

An organization's page links here. The page lists the organization's invitations with their
state and makes a new one: its link is shown once, on the page that answers the form (and
mailed where the installation sends mail); only its hash is kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from liaison.core import writes
from liaison.core.errors import StaleEditError
from liaison.core.permissions import user_may
from liaison.core.steps import add_service_error
from liaison.core.versioning import stale_message
from liaison.organizations.models import Organization

from .invitations import DEFAULT_DAYS, MAX_DAYS, invitation_send, invitation_state
from .models import Invitation

STATE_LABELS = {
    "waiting": gettext_lazy("Waiting"),
    "accepted": gettext_lazy("Accepted"),
    "expired": gettext_lazy("Expired"),
}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email of the contact"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("The link works for"), coerce=int, initial=DEFAULT_DAYS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Labelled in the language of the request, not of the import.
        self.fields["days"].choices = [  # type: ignore[attr-defined]
            (n, ngettext("%(count)s day", "%(count)s days", n) % {"count": n})
            for n in (3, DEFAULT_DAYS, 14, MAX_DAYS)
        ]


class OrganizationInvitationsView(LoginRequiredMixin, View):
    """An organization's invitations, and the form that invites one more contact."""

    template = "accounts/invitations.html"

    def organization(self) -> Organization:
        if not user_may(self.request.user, "view", Invitation):
            raise PermissionDenied
        found = (
            Organization.objects.restrict(self.request.user, "view")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if found is None:
            raise Http404
        return found

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organization = self.organization()
        return self.page(organization, InvitationForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organization = self.organization()
        if not user_may(request.user, "add", Invitation):
            raise PermissionDenied
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    invitation = writes.create(
                        Invitation,
                        by=request.user,
                        email=form.cleaned_data["email"],
                        organization=organization,
                        days=form.cleaned_data["days"],
                    )
            except ValidationError as error:
                add_service_error(form, error, Invitation)
            else:
                link = request.build_absolute_uri(
                    reverse("portal:accept", args=(invitation.link_token,))  # type: ignore[attr-defined]
                )
                mailed = invitation_send(invitation=invitation, link=link)
                # Shown on this answer only: the page is not a redirect, and no copy is kept.
                return self.page(
                    organization,
                    InvitationForm(),
                    created=invitation,
                    link=link,
                    mailed=mailed,
                )
        return self.page(organization, form, status=400)

    def page(
        self, organization: Organization, form: InvitationForm, status: int = 200, **extra: Any
    ) -> HttpResponse:
        user = self.request.user
        now = timezone.now()
        invitations = [
            {
                "invitation": invitation,
                "state": invitation_state(invitation, now),
                "state_label": STATE_LABELS[invitation_state(invitation, now)],
            }
            for invitation in Invitation.objects.restrict(user, "view")
            .filter(organization=organization)
            .select_related("invited_by", "user")
            .order_by("-created_at", "-pk")
        ]
        context = {
            "organization": organization,
            "form": form if user_may(user, "add", Invitation) else None,
            "invitations": invitations,
            "may_revoke": user_may(user, "change", Invitation),
            **extra,
        }
        response = render(self.request, self.template, context, status=status)
        # The link is a key: not kept by the browser's cache.
        response["Cache-Control"] = "no-store"
        return response


class InvitationRevokeView(LoginRequiredMixin, View):
    """End a waiting invitation now; its link stops working."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        invitation = Invitation.objects.restrict(request.user, "change").filter(pk=pk).first()
        if invitation is None:
            raise Http404
        url = reverse("portal:invitations", args=(invitation.organization_id,))
        version = request.POST.get("version", "")
        try:
            with transaction.atomic():
                writes.update(
                    invitation,
                    by=request.user,
                    version=int(version) if version.isdigit() else None,
                    revoke=True,
                )
        except StaleEditError:
            messages.error(request, stale_message(Invitation, invitation.pk))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The invitation to %(email)s is revoked; its link no longer works.")
                % {"email": invitation.email},
            )
        return HttpResponseRedirect(url)
