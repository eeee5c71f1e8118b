"""The portal's roadshows and matchmaking fairs: the events an enterprise may register for,
its own registrations, registering (with the names of those who come) and cancelling.

Reads are narrowed to what the user may see (`market.selectors`); registering goes through
`writes.create` (the registration service, with the permission check around it) for one of
the user's own organizations, never one the form could name otherwise; cancelling is the
registration's lifecycle step on a registration fetched with the user's "change" permission.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core import writes
from liaison.core.steps import add_service_error
from liaison.market.models import EventAttendance, MarketEvent
from liaison.market.selectors import events_open_for_registration, registrations_of
from liaison.market.services import attendance_cancel
from liaison.organizations.models import Organization

from .views import PortalView


class RegistrationForm(forms.Form):
    """Who comes to the event; the organization is one of the user's own."""

    attendees = forms.CharField(
        label=gettext_lazy("Who comes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Their names, one a line."),
        max_length=2000,
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(organizations) > 1:
            self.fields["organization"] = forms.ModelChoiceField(
                label=gettext_lazy("For"),
                queryset=Organization.objects.filter(pk__in=[o.pk for o in organizations]),
            )
            self.order_fields(["organization", "attendees"])


class EventsView(PortalView):
    """The events open for registration, and the organization's own registrations."""

    def get(self, request: HttpRequest) -> HttpResponse:
        ids = [o.pk for o in self.organizations]
        registrations = list(registrations_of(user=request.user, organization_ids=ids)[:50])
        registered = {
            (r.event_id, r.organization_id) for r in registrations if r.status != "cancelled"
        }
        events = list(events_open_for_registration(user=request.user)[:50])
        for event in events:
            event.registered = all((event.pk, pk) in registered for pk in ids)  # type: ignore[attr-defined]
        return self.render(
            "portal/market/events.html",
            {"events": events, "registrations": registrations},
        )


class RegisterView(PortalView):
    template = "portal/market/register.html"

    def event(self, pk: int) -> MarketEvent:
        event = MarketEvent.objects.restrict(self.request.user, "view").filter(pk=pk).first()
        if event is None:
            raise Http404
        return event

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = self.event(pk)
        form = RegistrationForm(organizations=self.organizations)
        return self.render(self.template, {"event": event, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = self.event(pk)
        form = RegistrationForm(request.POST, organizations=self.organizations)
        if form.is_valid():
            organization = form.cleaned_data.get("organization") or self.organizations[0]
            if organization not in self.organizations:  # pragma: no cover - the field refuses it
                raise Http404
            try:
                with transaction.atomic():
                    writes.create(
                        EventAttendance,
                        by=request.user,
                        event=event,
                        organization=organization,
                        attendees=form.cleaned_data["attendees"],
                        from_portal=True,
                    )
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                add_service_error(form, error, EventAttendance)
            else:
                messages.success(
                    request,
                    _("%(organization)s is registered for “%(event)s”.")
                    % {"organization": organization, "event": event},
                )
                return HttpResponseRedirect(reverse("portal:market_events"))
        return self.render(self.template, {"event": event, "form": form}, status=400)


class CancelRegistrationView(PortalView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = (
            EventAttendance.objects.restrict(request.user, "change")
            .filter(pk=pk, organization__in=self.organizations)
            .select_related("event")
            .first()
        )
        if registration is None:
            raise Http404
        try:
            # The queryset above is the permission check: a registration it may change.
            attendance_cancel(attendance=registration, by=self.user)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Your registration for “%(event)s” is cancelled.")
                % {"event": registration.event},
            )
        return HttpResponseRedirect(reverse("portal:market_events"))
