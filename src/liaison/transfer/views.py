"""The transfer side's pages: price notices and their objections, income, costs, the reward
policy, rewards (computed and shown before they are saved) and their shares, and the net
income of an achievement over a period."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.core.forms import form_fields
from liaison.core.lifecycle import today
from liaison.core.permissions import may, user_may
from liaison.core.steps import add_service_error
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from . import services
from .filtersets import (
    CostFilterSet,
    IncomeFilterSet,
    PriceNoticeFilterSet,
    PriceObjectionFilterSet,
    RewardFilterSet,
    RewardPolicyFilterSet,
    RewardShareFilterSet,
)
from .forms import (
    CostForm,
    IncomeForm,
    NetIncomeForm,
    PriceNoticeForm,
    PriceObjectionForm,
    RewardForm,
    RewardPolicyForm,
    RewardShareForm,
)
from .models import Cost, Income, PriceNotice, PriceObjection, Reward, RewardPolicy, RewardShare
from .selectors import net_income
from .steps import NOTICE_STEPS, OBJECTION_STEPS, REWARD_STEPS, SHARE_STEPS
from .tables import (
    CostTable,
    IncomeTable,
    PriceNoticeTable,
    PriceObjectionTable,
    RewardPolicyTable,
    RewardShareTable,
    RewardTable,
)


def _prefilled(request: HttpRequest, model: type[Any], name: str) -> Any:
    """The record `?name=<pk>` names, if the user may see it: a page opened from its page."""
    pk = request.GET.get(name, "")
    if not pk.isdigit():
        return None
    return model.objects.restrict(request.user, "view").filter(pk=pk).first()


# Price notices ------------------------------------------------------------------------------


class PriceNoticeListView(generic.ObjectListView):
    queryset = PriceNotice.objects.select_related("agreement", "achievement")
    filterset = PriceNoticeFilterSet
    table = PriceNoticeTable


class PriceNoticeView(generic.ObjectView):
    queryset = PriceNotice.objects.select_related("agreement", "achievement")
    fieldsets = (
        (None, ("agreement", "achievement", "price", "pricing", "evidence", "status")),
        (
            _("Notice"),
            ("period_days", "posted_on", "ends_on", "concluded_on", "withdrawn_on"),
        ),
        (_("Text of the notice"), ("text", "withdraw_reason")),
    )
    panels = (
        RelatedPanel(
            _("Completers"),
            lambda n: n.completers.order_by("name_zh"),
            columns=("title",),
            limit=50,
        ),
        RelatedPanel(
            _("Objections"),
            lambda n: n.objections.order_by("raised_on", "pk"),
            table=PriceObjectionTable,
            exclude=("notice",),
            limit=50,
        ),
    )
    actions = NOTICE_STEPS


class PriceNoticeEditView(generic.ObjectEditView):
    queryset = PriceNotice.objects.all()
    form = PriceNoticeForm

    def get_instance(self) -> Any:
        notice = super().get_instance()
        if notice.pk is None:
            # Opened from an agreement's page ("Post a price notice"): its price to begin with.
            agreement = _prefilled(self.request, Agreement, "agreement")
            if agreement is not None:
                notice.agreement = agreement
                if agreement.value is not None:
                    notice.price = agreement.value
                    notice.currency = agreement.currency
            achievement = _prefilled(self.request, Achievement, "achievement")
            if achievement is not None:
                notice.achievement = achievement
        return notice


class PriceNoticeDeleteView(generic.ObjectDeleteView):
    queryset = PriceNotice.objects.all()


class PriceObjectionListView(generic.ObjectListView):
    queryset = PriceObjection.objects.select_related("notice__agreement", "notice__achievement")
    filterset = PriceObjectionFilterSet
    table = PriceObjectionTable


class PriceObjectionView(generic.ObjectView):
    queryset = PriceObjection.objects.select_related("notice__agreement", "notice__achievement")
    fieldsets = (
        (None, ("notice", "raised_on", "raised_by", "text")),
        (_("Decision"), ("outcome", "decided_on", "response")),
    )
    actions = OBJECTION_STEPS


class PriceObjectionEditView(generic.ObjectEditView):
    queryset = PriceObjection.objects.all()
    form = PriceObjectionForm

    def get_instance(self) -> Any:
        objection = super().get_instance()
        if objection.pk is None:
            notice = _prefilled(self.request, PriceNotice, "notice")
            if notice is not None:
                objection.notice = notice
        return objection


class PriceObjectionDeleteView(generic.ObjectDeleteView):
    queryset = PriceObjection.objects.all()


# Income and costs ---------------------------------------------------------------------------


class IncomeListView(generic.ObjectListView):
    queryset = Income.objects.select_related("agreement", "achievement", "milestone")
    filterset = IncomeFilterSet
    table = IncomeTable


class IncomeView(generic.ObjectView):
    queryset = Income.objects.select_related("agreement", "achievement", "milestone", "payer")
    fieldsets = (
        (None, ("kind", "received_on", "amount", "reference")),
        (_("Under"), ("agreement", "milestone", "achievement", "payer")),
        (_("Note"), ("note",)),
    )


class IncomeEditView(generic.ObjectEditView):
    queryset = Income.objects.all()
    form = IncomeForm

    def get_instance(self) -> Any:
        income = super().get_instance()
        if income.pk is None:
            milestone = _prefilled(self.request, PaymentMilestone, "milestone")
            if milestone is not None:
                income.milestone = milestone
                income.agreement = milestone.agreement
                if milestone.amount is not None:
                    income.amount = milestone.amount
                    income.currency = milestone.currency
            agreement = _prefilled(self.request, Agreement, "agreement")
            if agreement is not None:
                income.agreement = agreement
                # The achievement its price notice named, when it names one only.
                noticed = list(
                    Achievement.objects.restrict(self.request.user, "view")
                    .filter(price_notices__agreement=agreement)
                    .distinct()[:2]
                )
                if len(noticed) == 1:
                    income.achievement = noticed[0]
            achievement = _prefilled(self.request, Achievement, "achievement")
            if achievement is not None:
                income.achievement = achievement
        return income


class IncomeDeleteView(generic.ObjectDeleteView):
    queryset = Income.objects.all()


class CostListView(generic.ObjectListView):
    queryset = Cost.objects.select_related("achievement", "payee")
    filterset = CostFilterSet
    table = CostTable


class CostView(generic.ObjectView):
    queryset = Cost.objects.select_related("achievement", "payee")
    fieldsets = ((None, ("achievement", "kind", "incurred_on", "amount", "payee", "description")),)


class CostEditView(generic.ObjectEditView):
    queryset = Cost.objects.all()
    form = CostForm

    def get_instance(self) -> Any:
        cost = super().get_instance()
        if cost.pk is None:
            achievement = _prefilled(self.request, Achievement, "achievement")
            if achievement is not None:
                cost.achievement = achievement
        return cost


class CostDeleteView(generic.ObjectDeleteView):
    queryset = Cost.objects.all()


# Reward policies ---------------------------------------------------------------------------


class RewardPolicyListView(generic.ObjectListView):
    queryset = RewardPolicy.objects.all()
    filterset = RewardPolicyFilterSet
    table = RewardPolicyTable


class RewardPolicyView(generic.ObjectView):
    queryset = RewardPolicy.objects.all()
    template_name = "transfer/rewardpolicy.html"
    fieldsets = (
        (None, ("title", "regime", "effective_from", "effective_until", "notice_days")),
        (
            _("Rates"),
            (
                "transfer_rate",
                "equity_rate",
                "implementation_rate",
                "implementation_years",
                "grant_bonus_invention",
                "grant_bonus_other",
            ),
        ),
        (_("Note"), ("note",)),
    )

    def extra_context(self, obj: RewardPolicy) -> dict[str, Any]:
        return {
            "document_url": reverse("transfer:rewardpolicy_download", args=(obj.pk,))
            if obj.document
            else None,
        }


class RewardPolicyDocumentView(generic.FileDownloadView):
    queryset = RewardPolicy.objects.all()
    file_field = "document"


class RewardPolicyEditView(generic.ObjectEditView):
    queryset = RewardPolicy.objects.all()
    form = RewardPolicyForm


class RewardPolicyDeleteView(generic.ObjectDeleteView):
    queryset = RewardPolicy.objects.all()


# Rewards -------------------------------------------------------------------------------------


class RewardListView(generic.ObjectListView):
    queryset = Reward.objects.select_related("achievement")
    filterset = RewardFilterSet
    table = RewardTable


class RewardView(generic.ObjectView):
    queryset = Reward.objects.select_related(
        "achievement", "agreement", "policy", "proposed_by", "approved_by"
    )
    template_name = "transfer/reward.html"
    fieldsets = (
        (None, ("achievement", "basis", "agreement", "status", "amount")),
        (
            _("Approvals"),
            (
                "proposed_by",
                "proposed_on",
                "approved_by",
                "approved_on",
                "paid_on",
                "rejected_reason",
            ),
        ),
        (_("Note"), ("note",)),
    )
    panels = (
        RelatedPanel(
            _("Contributors' shares"),
            lambda r: r.shares.select_related("person", "reward__achievement").order_by(
                "-share", "pk"
            ),
            table=RewardShareTable,
            exclude=("reward",),
            limit=50,
        ),
    )
    actions = REWARD_STEPS

    def extra_context(self, obj: Reward) -> dict[str, Any]:
        return {"computation": computation_rows(obj), "net_income_url": net_income_url(obj)}


def computation_rows(reward: Reward) -> list[tuple[Any, Any]]:
    """The computation of a reward as the page lists it: inputs, rule, rate, amount."""
    inputs = reward.inputs or {}
    rows: list[tuple[Any, Any]] = [
        (_("Base"), reward.base_amount),
        (_("Statutory regime"), inputs.get("regime", "")),
        (_("Rule applied"), f"{reward.rule} ({reward.rule_version})"),
        (_("Source"), inputs.get("rule_source", "")),
        (
            _("Checked against the official text"),
            _("Yes") if inputs.get("rule_verified") else _("No"),
        ),
        (_("Statutory floor"), inputs.get("floor_rate") or inputs.get("floor_amount") or ""),
        (_("Rate (%)"), reward.rate if reward.rate is not None else "—"),
        (_("Rate from"), _rate_from_label(inputs.get("rate_from", ""))),
        (_("Policy applied"), inputs.get("policy", "—")),
        (_("Amount"), reward.amount),
    ]
    net = inputs.get("net_income")
    if net:
        rows[1:1] = [
            (_("Income received"), net.get("income")),
            (_("Costs"), net.get("costs")),
            (_("Patent fees paid"), net.get("fees")),
        ]
    if reward.implementation_year:
        rows.append((_("Year of implementation"), reward.implementation_year))
    return rows


def _rate_from_label(value: str) -> Any:
    return {
        "policy": _("the institute's policy"),
        "manual": _("agreed for this reward"),
        "statute": _("the statute"),
    }.get(value, value)


def net_income_url(reward: Reward) -> str | None:
    if reward.period_start is None or reward.period_end is None:
        return None
    return (
        f"{reverse('transfer:net_income')}?achievement={reward.achievement_id}"
        f"&start={reward.period_start.isoformat()}&end={reward.period_end.isoformat()}"
    )


class RewardEditView(generic.ObjectEditView):
    """Propose or change a reward; "Compute" shows the computation before anything is saved."""

    queryset = Reward.objects.all()
    form = RewardForm
    template_name = "transfer/reward_edit.html"

    def get_instance(self) -> Any:
        reward = super().get_instance()
        if reward.pk is None:
            achievement = _prefilled(self.request, Achievement, "achievement")
            if achievement is not None:
                reward.achievement = achievement
            agreement = _prefilled(self.request, Agreement, "agreement")
            if agreement is not None:
                reward.agreement = agreement
        return reward

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if "compute" not in request.POST:
            return super().post(request, **kwargs)
        obj = self.get_instance()
        form = self.form(data=request.POST, files=request.FILES, instance=obj, user=request.user)
        preview = None
        if form.is_valid():
            probe = Reward(pk=obj.pk)
            for field in Reward._meta.concrete_fields:
                setattr(probe, field.attname, getattr(obj, field.attname))
            for name, value in form_fields(form, Reward).items():
                setattr(probe, name, value)
            try:
                computation, parts, policy = services.reward_compute(probe)
            except ValidationError as error:
                add_service_error(cast(forms.Form, form), error, Reward)
            else:
                preview = {
                    "computation": computation,
                    "parts": parts,
                    "policy": policy,
                    "shares": _preview_shares(probe, computation.amount),
                }
        # The form carries its computation to the page, which shows it above the fields.
        form.preview = preview
        return self.render_form(form, obj, status=200 if preview else 400)


def _preview_shares(reward: Reward, amount: Any) -> list[tuple[Any, Any, Any]]:
    """How `amount` would be split: by the reward's shares, else the disclosure's."""
    from liaison.disclosures.selectors import contribution_shares

    from . import rewards

    if reward.pk is not None:
        given = [(s.person, s.share) for s in reward.shares.select_related("person")]
    elif reward.achievement_id is not None:
        given = contribution_shares(achievement=reward.achievement) or []
    else:
        given = []
    if sum((share for _, share in given), start=type(amount)(0)) != 100:
        return [(person, share, None) for person, share in given]
    split = dict(rewards.split(amount, [(i, share) for i, (_, share) in enumerate(given)]))
    return [(person, share, split[i]) for i, (person, share) in enumerate(given)]


class RewardDeleteView(generic.ObjectDeleteView):
    queryset = Reward.objects.all()


class RewardShareListView(generic.ObjectListView):
    queryset = RewardShare.objects.select_related("person", "reward__achievement")
    filterset = RewardShareFilterSet
    table = RewardShareTable


class RewardShareView(generic.ObjectView):
    """A contributor's share. Its reward is named only to who may see the reward: a researcher
    reads their own share, never the whole reward and the others' shares."""

    queryset = RewardShare.objects.select_related("person", "reward__achievement", "paid_by")
    template_name = "transfer/rewardshare.html"
    fieldsets = ((None, ("person", "paid_on")),)
    actions = SHARE_STEPS

    def extra_context(self, obj: RewardShare) -> dict[str, Any]:
        reward = obj.reward
        return {
            "reward_url": reverse("transfer:reward_detail", args=(reward.pk,))
            if may(self.request.user, "view", reward)
            else None,
            "reward": reward,
        }


class RewardShareEditView(generic.ObjectEditView):
    queryset = RewardShare.objects.all()
    form = RewardShareForm

    def get_instance(self) -> Any:
        share = super().get_instance()
        if share.pk is None:
            reward = _prefilled(self.request, Reward, "reward")
            if reward is not None:
                share.reward = reward
        return share


class RewardShareDeleteView(generic.ObjectDeleteView):
    queryset = RewardShare.objects.all()


# Net income ----------------------------------------------------------------------------------


class NetIncomeView(LoginRequiredMixin, View):
    """An achievement's net income over a period, each part listed and linked."""

    template_name = "transfer/net_income.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not user_may(request.user, "view", Income):
            raise PermissionDenied
        year = today().year
        data = request.GET.copy()
        data.setdefault("start", datetime.date(year - 1, 1, 1).isoformat())
        data.setdefault("end", datetime.date(year - 1, 12, 31).isoformat())
        form = NetIncomeForm(data if "achievement" in request.GET else None, user=request.user)
        form.fields["start"].initial = data["start"]
        form.fields["end"].initial = data["end"]
        result = None
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            if end < start:
                form.add_error("end", _("The period ends after it starts."))
            else:
                result = net_income(
                    achievement=form.cleaned_data["achievement"], start=start, end=end
                )
        context = {
            "form": form,
            "result": result,
            "rows": _net_rows(result, request.user) if result is not None else None,
        }
        return render(request, self.template_name, context)


def _net_rows(result: Any, user: Any) -> dict[str, list[Any]]:
    """The parts the user may open (the fees only if they see patents' payments)."""

    def visible(records: list[Any]) -> list[Any]:
        if not records:
            return []
        model = type(records[0])
        allowed: QuerySet[Any] = model.objects.restrict(user, "view").filter(
            pk__in=[r.pk for r in records]
        )
        seen = set(allowed.values_list("pk", flat=True))
        return [(r, r.pk in seen) for r in records]

    return {
        "income": visible(result.income),
        "costs": visible(result.costs),
        "fees": visible(result.fees),
        "not_in_yuan": result.not_in_yuan,
    }
