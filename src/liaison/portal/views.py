"""The enterprise portal: an organization's contacts submit and follow their technical needs
and see their agreements and services, on a phone as well as on a desk.

Every read is narrowed to what the signed-in user may see (`.restrict(user, "view")`, in
`selectors`): another organization's record is absent, a 404. Every write goes through the
services: `writes.create` for a need, its files and messages, the need's lifecycle step
`need_withdraw` and `need_rate` on a need fetched with the user's "change" permission. The
organization a need is filed for is the user's own, never an id the form sends.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm, Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from liaison.accounts.invitations import (
    invalid_link_message,
    invitation_accept,
    invitation_for_token,
)
from liaison.accounts.models import User
from liaison.core import writes
from liaison.core.errors import StaleEditError
from liaison.core.forms import form_fields, new_form_token, submitted_form_token
from liaison.core.lifecycle import require_version, today
from liaison.core.models import FormResubmittedError, SubmittedForm
from liaison.core.steps import add_service_error
from liaison.core.versioning import stale_message
from liaison.core.views.generic import spent_form
from liaison.needs.attachments import discard_files, need_rate
from liaison.needs.choices import OPEN_NEED_STATUSES, NeedStatus
from liaison.needs.models import NeedAttachment, NeedMessage, TechnicalNeed
from liaison.needs.services import need_withdraw
from liaison.people.models import Person

from . import selectors
from .access import portal_organizations
from .forms import (
    AcceptInvitationForm,
    AttachForm,
    MessageForm,
    NeedSubmitForm,
    RateForm,
    WithdrawForm,
)

HOME_LIMIT = 5


class PortalView(LoginRequiredMixin, View):
    """A page of the portal: for an organization's contacts; staff are told what it is."""

    organizations: list[Any]

    @property
    def user(self) -> User:
        """The signed-in user (the portal's pages are for signed-in users only)."""
        return cast(User, self.request.user)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organizations = portal_organizations(request.user)
        if not self.organizations:
            return render(request, "portal/not_enterprise.html")
        return super().dispatch(request, *args, **kwargs)

    def render(
        self, template: str, context: dict[str, Any] | None = None, status: int = 200
    ) -> HttpResponse:
        return render(
            self.request,
            template,
            {"organizations": self.organizations, **(context or {})},
            status=status,
        )


class HomeView(PortalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        return self.render(
            "portal/home.html",
            {
                "needs": list(selectors.needs_of(user)[:50]),
                "agreements": list(selectors.agreements_of(user)[:HOME_LIMIT]),
                "services": list(selectors.services_of(user)[:HOME_LIMIT]),
            },
        )


# Submitting a need ---------------------------------------------------------------------------


class NeedSubmitView(PortalView):
    template = "portal/need_submit.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        spent = spent_form(submitted_form_token(request))
        if spent is not None:
            return self.resubmitted(spent)
        form = NeedSubmitForm(user=request.user, organizations=self.organizations)
        return self.render(self.template, {"form": form, "form_token": new_form_token()})

    def post(self, request: HttpRequest) -> HttpResponse:
        token = submitted_form_token(request)
        spent = spent_form(token)
        if spent is not None:
            return self.resubmitted(spent)
        form = NeedSubmitForm(
            request.POST, request.FILES, user=request.user, organizations=self.organizations
        )
        if form.is_valid():
            added: list[NeedAttachment] = []
            try:
                with transaction.atomic():
                    submitted = SubmittedForm.spend(token) if token else None
                    need = self.submit(form, added)
                    if submitted is not None:
                        submitted.note_record(need)
            except FormResubmittedError as error:
                discard_files(added)
                return self.resubmitted(error.submitted)
            except ValidationError as error:
                # Nothing of the need is kept: its row and its files' rows went with the
                # transaction, the files themselves go here.
                discard_files(added)
                _show_refusal(form, error, extra={"file": "attachments"})
            except BaseException:
                discard_files(added)
                raise
            else:
                messages.success(
                    request,
                    _("Your need “%(title)s” is submitted; the office will look at it soon.")
                    % {"title": need.title},
                )
                return HttpResponseRedirect(reverse("portal:need", args=(need.pk,)))
        return self.render(
            self.template,
            {"form": form, "form_token": token or new_form_token()},
            status=400,
        )

    def submit(self, form: NeedSubmitForm, added: list[NeedAttachment]) -> TechnicalNeed:
        user = self.user
        organization = form.cleaned_data.get("organization") or self.organizations[0]
        if organization not in self.organizations:  # pragma: no cover - the field refuses it
            raise Http404
        fields = form_fields(form, TechnicalNeed)
        fields.pop("organization", None)
        need = writes.create(
            TechnicalNeed,
            by=user,
            organization=organization,
            submitted_on=today(),
            contact=Person.objects.filter(user=user).first(),
            **fields,
        )
        for upload in form.cleaned_data.get("attachments") or []:
            added.append(writes.create(NeedAttachment, by=user, need=need, upload=upload))
        return need

    def resubmitted(self, spent: SubmittedForm) -> HttpResponse:
        record = spent.record()
        if isinstance(record, TechnicalNeed):
            need = selectors.need_of(self.request.user, record.pk)
            if need is not None:
                messages.info(self.request, _("This need was submitted already."))
                return HttpResponseRedirect(reverse("portal:need", args=(need.pk,)))
        return HttpResponseRedirect(reverse("portal:home"))


def _show_refusal(
    form: BaseForm, error: ValidationError, extra: dict[str, str] | None = None
) -> None:
    """A service's refusal under the form's field it names (`extra` renames a few)."""
    if hasattr(error, "error_dict") and extra:
        renamed: dict[str, Any] = {}
        for field, errors in error.error_dict.items():
            renamed.setdefault(extra.get(field, field), []).extend(errors)
        error = ValidationError(renamed)
    add_service_error(cast(Form, form), error, TechnicalNeed)


# One need ------------------------------------------------------------------------------------


class NeedView(PortalView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(self.need(pk))

    def need(self, pk: int, action: str = "view") -> TechnicalNeed:
        need = selectors.need_of(self.request.user, pk, action)
        if need is None:
            raise Http404
        return need

    def page(self, need: TechnicalNeed, status: int = 200, **forms: Form) -> HttpResponse:
        user = self.request.user
        is_open = need.status in OPEN_NEED_STATUSES
        rateable = need.status == NeedStatus.SOLVED and need.satisfaction is None
        context = {
            "need": need,
            "steps": selectors.need_steps(need),
            "team": selectors.need_team(need),
            "attachments": selectors.need_attachments(user, need),
            "conversation": selectors.need_messages(user, need),
            "message_form": forms.get("message_form") or MessageForm(),
            "attach_form": forms.get("attach_form") or AttachForm(),
            # A form sent back with its errors is shown even where the step is no longer
            # offered (a need rated or solved meanwhile): its refusal says why.
            "withdraw_form": forms.get("withdraw_form")
            or (WithdrawForm(initial={"loaded_version": need.version}) if is_open else None),
            "rate_form": forms.get("rate_form")
            or (RateForm(initial={"loaded_version": need.version}) if rateable else None),
        }
        return self.render("portal/need.html", context, status=status)


class NeedMessageView(NeedView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        need = self.need(pk)
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    writes.create(
                        NeedMessage, by=request.user, need=need, body=form.cleaned_data["body"]
                    )
            except ValidationError as error:
                add_service_error(form, error, NeedMessage)
            else:
                messages.success(request, _("Your message is sent to the office."))
                return _back_to(need, "conversation")
        return self.page(need, status=400, message_form=form)


class NeedAttachView(NeedView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        need = self.need(pk)
        form = AttachForm(request.POST, request.FILES)
        if form.is_valid():
            added: list[NeedAttachment] = []
            try:
                with transaction.atomic():
                    for upload in form.cleaned_data["attachments"]:
                        added.append(
                            writes.create(NeedAttachment, by=request.user, need=need, upload=upload)
                        )
            except ValidationError as error:
                discard_files(added)
                _show_refusal(form, error, extra={"file": "attachments"})
            except BaseException:
                discard_files(added)
                raise
            else:
                messages.success(request, _("The files are attached."))
                return _back_to(need, "attachments")
        return self.page(need, status=400, attach_form=form)


class NeedWithdrawView(NeedView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        need = self.need(pk, "change")
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                require_version(need, form.cleaned_data["loaded_version"])
                need_withdraw(
                    need=need, ended_on=today(), reason=form.cleaned_data["reason"], by=self.user
                )
            except StaleEditError:
                form.add_error(None, stale_message(TechnicalNeed, need.pk))
            except ValidationError as error:
                add_service_error(form, error, TechnicalNeed)
            else:
                messages.success(request, _("You withdrew this need."))
                return _back_to(need)
            need = self.need(pk)
        return self.page(need, status=400, withdraw_form=form)


class NeedRateView(NeedView):
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        need = self.need(pk, "change")
        form = RateForm(request.POST)
        if form.is_valid():
            try:
                need_rate(
                    need=need,
                    satisfaction=form.cleaned_data["satisfaction"],
                    by=self.user,
                    version=form.cleaned_data["loaded_version"],
                )
            except StaleEditError:
                form.add_error(None, stale_message(TechnicalNeed, need.pk))
            except ValidationError as error:
                add_service_error(form, error, TechnicalNeed)
            else:
                messages.success(request, _("Thank you for rating the solution."))
                return _back_to(need)
            need = self.need(pk)
        return self.page(need, status=400, rate_form=form)


def _back_to(need: TechnicalNeed, anchor: str = "") -> HttpResponseRedirect:
    url = reverse("portal:need", args=(need.pk,))
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


# Agreements and services -----------------------------------------------------------------------


class AgreementListView(PortalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(
            "portal/agreements.html", {"agreements": list(selectors.agreements_of(request.user))}
        )


class AgreementView(PortalView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = selectors.agreement_of(request.user, pk)
        if agreement is None:
            raise Http404
        return self.render(
            "portal/agreement.html",
            {
                "agreement": agreement,
                "parties": selectors.agreement_parties(request.user, agreement),
                "attachments": selectors.agreement_attachments(request.user, agreement),
            },
        )


class ServiceListView(PortalView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(
            "portal/services.html", {"services": list(selectors.services_of(request.user))}
        )


# Accepting an invitation -----------------------------------------------------------------------


class AcceptInvitationView(View):
    """The invited contact chooses a username and a password, and is signed in."""

    template = "portal/accept.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = invitation_for_token(token)
        if invitation is None:
            return self.refused()
        return render(
            request, self.template, {"form": AcceptInvitationForm(), "invitation": invitation}
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = invitation_for_token(token)
        if invitation is None:
            return self.refused()
        form = AcceptInvitationForm(request.POST)
        if form.is_valid():
            try:
                user = invitation_accept(
                    token=token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "invalid_invitation":
                    return self.refused()
                add_service_error(form, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Welcome. Your account is ready; you are signed in."),
                )
                return HttpResponseRedirect(reverse("portal:home"))
        return render(request, self.template, {"form": form, "invitation": invitation}, status=400)

    def refused(self) -> HttpResponse:
        return render(
            self.request,
            "portal/accept_refused.html",
            {"message": invalid_link_message()},
            status=404,
        )
