"""The portal's open calls: an enterprise consents to publishing its need as a call, reviews the
teams applying to it with an opinion and a score, and applies, as its organization, to the
open calls of others.

Every read is narrowed to what the user may see (an application is its applicant's, the
enterprise's whose need the call publishes, and the office's); every write goes through the
open calls' services, which decide who may do what.
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
from liaison.core.errors import StaleEditError
from liaison.core.lifecycle import today
from liaison.core.steps import add_service_error
from liaison.core.versioning import stale_message
from liaison.opencalls import selectors as calls
from liaison.opencalls.choices import (
    PENDING_APPLICATION_STATUSES,
    ApplicantKind,
    ApplicationStatus,
    Recommendation,
)
from liaison.opencalls.models import CallApplication, CallReview, OpenCall
from liaison.opencalls.services import application_withdraw, call_consent

from .views import PortalView


class ApplyForm(forms.Form):
    proposal = forms.CharField(
        label=gettext_lazy("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("How your team will solve the problem, and what it has done."),
    )
    budget = forms.DecimalField(
        label=gettext_lazy("Budget (yuan)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        min_value=0,
    )
    duration_months = forms.IntegerField(
        label=gettext_lazy("Planned duration (months)"), min_value=1, max_value=120
    )


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=gettext_lazy("Your recommendation"), choices=Recommendation.choices
    )
    score = forms.TypedChoiceField(
        label=gettext_lazy("Score"),
        choices=[("", "—"), *((n, str(n)) for n in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("1 (weak) to 5 (excellent)"),
    )
    opinion = forms.CharField(
        label=gettext_lazy("Your opinion"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsentForm(forms.Form):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)


class OpenCallsView(PortalView):
    """The calls publishing our needs, the open calls we may apply to, and our applications."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        ours = [o.pk for o in self.organizations]
        return self.render(
            "portal/opencalls/list.html",
            {
                "our_calls": list(
                    calls.calls_of_organization(user=user, organization_ids=ours)[:50]
                ),
                "open_calls": list(
                    calls.open_calls_for(user=user).exclude(need__organization__in=ours)[:50]
                ),
                "applications": list(
                    CallApplication.objects.restrict(user, "view")
                    .filter(organization__in=ours)
                    .select_related("call")
                    .order_by("-submitted_on", "-pk")[:50]
                ),
            },
        )


class OpenCallPageView(PortalView):
    """One call: ours (consent, applications to review) or another's (apply, our application)."""

    def call(self, pk: int) -> OpenCall:
        call = (
            OpenCall.objects.restrict(self.request.user, "view")
            .select_related("need__organization")
            .filter(pk=pk)
            .first()
        )
        if call is None:
            raise Http404
        return call

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(self.call(pk))

    def page(self, call: OpenCall, status: int = 200, **forms_: Any) -> HttpResponse:
        user = self.request.user
        ours = call.need.organization_id in {o.pk for o in self.organizations}
        context: dict[str, Any] = {"call": call, "ours": ours}
        if ours:
            applications = calls.applications_of(user=user, call=call)
            sent = forms_.get("review_form")
            for application in applications:
                # Each application's review form has its own prefix: its own field ids.
                application.review_form = (  # type: ignore[attr-defined]
                    sent
                    if sent is not None and sent.prefix == _prefix(application.pk)
                    else ReviewForm(prefix=_prefix(application.pk))
                )
            context.update(
                applications=applications,
                endorsed=calls.endorsed_ids(applications),
                pending=PENDING_APPLICATION_STATUSES,
                consent_form=ConsentForm(initial={"loaded_version": call.version})
                if call.consented_on is None and call.published_on is None
                else None,
            )
        else:
            mine = list(
                CallApplication.objects.restrict(user, "view")
                .filter(call=call, organization__in=[o.pk for o in self.organizations])
                .order_by("-pk")
            )
            active = [a for a in mine if a.status != ApplicationStatus.WITHDRAWN]
            context.update(
                mine=mine,
                pending=PENDING_APPLICATION_STATUSES,
                apply_form=(
                    forms_.get("apply_form") or ApplyForm()
                    if calls.takes_applications(call) and not active
                    else None
                ),
            )
        return self.render("portal/opencalls/call.html", context, status=status)


class ConsentView(OpenCallPageView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = self.call(pk)
        form = ConsentForm(request.POST)
        if form.is_valid():
            try:
                call_consent(
                    opencall=call, by=self.user, version=form.cleaned_data["loaded_version"]
                )
            except StaleEditError:
                messages.error(request, stale_message(OpenCall, call.pk))
            except (ValidationError, PermissionDenied) as error:
                for message in getattr(error, "messages", [str(error)]):
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("Thank you: the office may now publish your need as this open call.")
                )
        return HttpResponseRedirect(reverse("portal:opencall", args=(call.pk,)))


class ApplyView(OpenCallPageView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = self.call(pk)
        form = ApplyForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    writes.create(
                        CallApplication,
                        by=self.user,
                        call=call,
                        applicant_kind=ApplicantKind.ORGANIZATION,
                        organization=self.organizations[0],
                        **form.cleaned_data,
                    )
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                add_service_error(form, error, CallApplication)
            else:
                messages.success(request, _("Your application is submitted."))
                return HttpResponseRedirect(reverse("portal:opencall", args=(call.pk,)))
        return self.page(call, status=400, apply_form=form)


class ReviewView(OpenCallPageView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = (
            CallApplication.objects.restrict(request.user, "view")
            .select_related("call__need")
            .filter(pk=pk)
            .first()
        )
        if application is None:
            raise Http404
        call = self.call(application.call_id)
        form = ReviewForm(request.POST, prefix=_prefix(application.pk))
        if form.is_valid():
            try:
                with transaction.atomic():
                    writes.create(
                        CallReview, by=self.user, application=application, **form.cleaned_data
                    )
            except PermissionDenied as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                add_service_error(form, error, CallReview)
            else:
                messages.success(request, _("Your review is recorded."))
                url = reverse("portal:opencall", args=(call.pk,))
                return HttpResponseRedirect(f"{url}#application-{application.pk}")
        return self.page(call, status=400, review_form=form)


def _prefix(pk: int) -> str:
    return f"review-{pk}"


class WithdrawApplicationView(OpenCallPageView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = CallApplication.objects.restrict(request.user, "change").filter(pk=pk).first()
        if application is None:
            raise Http404
        try:
            application_withdraw(callapplication=application, withdrawn_on=today(), by=self.user)
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(request, _("You withdrew your application."))
        return HttpResponseRedirect(reverse("portal:opencall", args=(application.call_id,)))
