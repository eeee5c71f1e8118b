"""The brokers' pages: the broker with their record, their deals, payments and introductions,
and the office's ranking of brokers by outcome for a period."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from liaison.agreements.models import Agreement
from liaison.core.permissions import user_may
from liaison.core.tables import MoneyColumn, ObjectTable, RecordColumn
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import RankingOrder
from .filtersets import (
    BrokerEngagementFilterSet,
    BrokerFilterSet,
    CommissionPaymentFilterSet,
    IntroductionFilterSet,
)
from .forms import BrokerEngagementForm, BrokerForm, CommissionPaymentForm, IntroductionForm
from .models import Broker, BrokerEngagement, CommissionPayment, Introduction
from .selectors import (
    ORDERING,
    RANKING_PER_PAGE,
    Period,
    broker_ranking,
    broker_record,
    period_from,
)
from .steps import BROKER_STEPS, ENGAGEMENT_STEPS
from .tables import (
    BrokerEngagementTable,
    BrokerTable,
    CommissionPaymentTable,
    IntroductionTable,
)


def _prefilled(request: HttpRequest, model: type[Any], name: str) -> Any:
    """The record `?name=<pk>` names, if the user may see it: a page opened from its page."""
    pk = request.GET.get(name, "")
    if not pk.isdigit():
        return None
    return model.objects.restrict(request.user, "view").filter(pk=pk).first()


# Brokers -----------------------------------------------------------------------------------


class BrokerListView(generic.ObjectListView):
    queryset = Broker.objects.select_related("person", "organization")
    filterset = BrokerFilterSet
    table = BrokerTable


ENGAGEMENTS = RelatedPanel(
    _("Deals they are party to"),
    lambda b: b.engagements.select_related("agreement").order_by("-agreement__signed_on", "-pk"),
    table=BrokerEngagementTable,
    list_filter="broker",
    exclude=("broker",),
    add_label=_("Add a deal"),
    limit=20,
)
INTRODUCTIONS = RelatedPanel(
    _("Introductions"),
    lambda b: b.introductions.select_related("need", "organization").order_by(
        "-introduced_on", "-pk"
    ),
    table=IntroductionTable,
    list_filter="broker",
    exclude=("broker",),
    add_label=_("Add an introduction"),
    limit=20,
)
PAYMENTS = RelatedPanel(
    _("Commission payments"),
    lambda b: (
        CommissionPayment.objects.filter(engagement__broker=b)
        .select_related("engagement__agreement", "engagement__broker__person")
        .select_related("engagement__broker__organization")
        .order_by("-paid_on", "-pk")
    ),
    table=CommissionPaymentTable,
    list_filter="broker",
    limit=20,
)


ENGAGEMENT_PAYMENTS = RelatedPanel(
    _("Commission payments"),
    lambda e: e.payments.order_by("-paid_on", "-pk"),
    columns=("paid_on", "amount", "reference"),
    list_filter="engagement",
    limit=20,
)


class BrokerView(generic.ObjectView):
    queryset = Broker.objects.select_related("person", "organization")
    template_name = "brokers/broker.html"
    fieldsets = (
        (None, ("person", "organization", "status", "fields_of_practice")),
        (
            _("Certificate"),
            (
                "certificate_level",
                "certificate_number",
                "certificate_issued_on",
                "certificate_issuer",
            ),
        ),
        (
            _("Default commission terms"),
            ("default_commission_rate", "default_commission_fixed", "currency"),
        ),
        (_("Notes"), ("notes",)),
    )
    actions = BROKER_STEPS

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        # Payments are money: shown to those whose roles show them (the broker their own).
        if user_may(request.user, "view", CommissionPayment):
            self.panels = (ENGAGEMENTS, PAYMENTS, INTRODUCTIONS)
        else:
            self.panels = (ENGAGEMENTS, INTRODUCTIONS)
        return super().get(request, **kwargs)

    def extra_context(self, obj: Broker) -> dict[str, Any]:
        period, form = period_from(self.request.GET, Period())
        return {
            "record": broker_record(broker=obj, user=self.request.user, period=period),
            "period_form": form,
        }


class BrokerEditView(generic.ObjectEditView):
    queryset = Broker.objects.all()
    form = BrokerForm

    def get_instance(self) -> Any:
        broker = super().get_instance()
        if broker.pk is None:
            # Opened from a person's or an organization's page.
            person = _prefilled(self.request, Person, "person")
            if person is not None:
                broker.person = person
            organization = _prefilled(self.request, Organization, "organization")
            if organization is not None:
                broker.organization = organization
        return broker


class BrokerDeleteView(generic.ObjectDeleteView):
    queryset = Broker.objects.all()


# Engagements -------------------------------------------------------------------------------


class BrokerEngagementListView(generic.ObjectListView):
    queryset = BrokerEngagement.objects.select_related(
        "broker__person", "broker__organization", "agreement"
    )
    filterset = BrokerEngagementFilterSet
    table = BrokerEngagementTable


class BrokerEngagementView(generic.ObjectView):
    queryset = BrokerEngagement.objects.select_related(
        "broker__person", "broker__organization", "agreement", "need"
    )
    fieldsets = (
        (None, ("broker", "agreement", "need")),
        (
            _("Commission"),
            (
                "basis",
                "commission_rate",
                "commission_fixed",
                "commission_amount",
                "currency",
            ),
        ),
        (_("Note"), ("note",)),
    )
    actions = ENGAGEMENT_STEPS

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        shows_payments = user_may(request.user, "view", CommissionPayment)
        self.panels = (ENGAGEMENT_PAYMENTS,) if shows_payments else ()
        return super().get(request, **kwargs)


class BrokerEngagementEditView(generic.ObjectEditView):
    queryset = BrokerEngagement.objects.all()
    form = BrokerEngagementForm

    def get_instance(self) -> Any:
        engagement = super().get_instance()
        if engagement.pk is None:
            # Opened from an agreement's or a broker's page: theirs is filled in.
            agreement = _prefilled(self.request, Agreement, "agreement")
            if agreement is not None:
                engagement.agreement = agreement
                engagement.currency = agreement.currency
            broker = _prefilled(self.request, Broker, "broker")
            if broker is not None:
                engagement.broker = broker
                engagement.commission_rate = broker.default_commission_rate
        return engagement


class BrokerEngagementDeleteView(generic.ObjectDeleteView):
    queryset = BrokerEngagement.objects.all()


# Commission payments -----------------------------------------------------------------------


class CommissionPaymentListView(generic.ObjectListView):
    queryset = CommissionPayment.objects.select_related(
        "engagement__agreement", "engagement__broker__person", "engagement__broker__organization"
    )
    filterset = CommissionPaymentFilterSet
    table = CommissionPaymentTable


class CommissionPaymentView(generic.ObjectView):
    queryset = CommissionPayment.objects.select_related(
        "engagement__agreement", "engagement__broker__person", "engagement__broker__organization"
    )
    fieldsets = ((None, ("engagement", "paid_on", "amount", "currency", "reference", "note")),)


class CommissionPaymentEditView(generic.ObjectEditView):
    queryset = CommissionPayment.objects.all()
    form = CommissionPaymentForm

    def get_instance(self) -> Any:
        payment = super().get_instance()
        if payment.pk is None:
            engagement = _prefilled(self.request, BrokerEngagement, "engagement")
            if engagement is not None:
                payment.engagement = engagement
                payment.currency = engagement.currency
        return payment


class CommissionPaymentDeleteView(generic.ObjectDeleteView):
    queryset = CommissionPayment.objects.all()


# Introductions -----------------------------------------------------------------------------


class IntroductionListView(generic.ObjectListView):
    queryset = Introduction.objects.select_related(
        "broker__person", "broker__organization", "need", "organization"
    )
    filterset = IntroductionFilterSet
    table = IntroductionTable


class IntroductionView(generic.ObjectView):
    queryset = Introduction.objects.select_related(
        "broker__person", "broker__organization", "need", "organization"
    )
    fieldsets = ((None, ("broker", "need", "organization", "introduced_on", "note")),)


class IntroductionEditView(generic.ObjectEditView):
    queryset = Introduction.objects.all()
    form = IntroductionForm

    def get_instance(self) -> Any:
        introduction = super().get_instance()
        if introduction.pk is None:
            broker = _prefilled(self.request, Broker, "broker")
            if broker is not None:
                introduction.broker = broker
            need = _prefilled(self.request, TechnicalNeed, "need")
            if need is not None:
                introduction.need = need
        return introduction


class IntroductionDeleteView(generic.ObjectDeleteView):
    queryset = Introduction.objects.all()


# The office's ranking ----------------------------------------------------------------------


def _number(**kwargs: Any) -> tables.Column:
    return tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}, **kwargs)


class RankingTable(ObjectTable):
    broker = RecordColumn(verbose_name=_("Broker"))
    certificate_level = tables.Column(verbose_name=_("Certificate level"), orderable=False)
    needs_introduced = _number(verbose_name=_("Needs introduced"), orderable=False)
    matches_made = _number(verbose_name=_("Matches made"))
    agreements_signed = _number(verbose_name=_("Agreements signed"))
    registered_value = MoneyColumn(verbose_name=_("Registered contract value (CNY)"))
    commission_agreed = MoneyColumn(verbose_name=_("Commission agreed (CNY)"))
    commission_paid = MoneyColumn(verbose_name=_("Commission paid (CNY)"), orderable=False)

    class Meta(ObjectTable.Meta):
        fields = ()
        order_by_field = "sort"

    def render_certificate_level(self, record: Broker) -> Any:
        return record.get_certificate_level_display()


# The sort keys the ranking offers (its columns' names), the most first by default.
RANKING_SORTS = {name: name for name in ORDERING.values()}


class BrokerRankingView(LoginRequiredMixin, View):
    """The brokers ranked by what they brought in a period (this year unless asked), in one
    aggregate query, page by page."""

    template_name = "brokers/ranking.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        period, form = period_from(request.GET, Period.this_year())
        sort = request.GET.get("sort", "")
        if sort.lstrip("-") not in RANKING_SORTS:
            sort = f"-{ORDERING[RankingOrder.AGREEMENTS]}"
        order = next(o for o, name in ORDERING.items() if name == sort.lstrip("-"))
        rows = broker_ranking(user=request.user, period=period, order=order)
        exclude = () if user_may(request.user, "view", CommissionPayment) else ("commission_paid",)
        # Sorted in the database, by the column asked for, the most first unless asked.
        table = RankingTable(rows, exclude=exclude, order_by=sort)
        table.request = request
        try:
            table.paginate(page=request.GET.get("page", 1), per_page=RANKING_PER_PAGE)
        except PageNotAnInteger:
            table.paginate(page=1, per_page=RANKING_PER_PAGE)
        except EmptyPage:
            table.paginate(page=table.paginator.num_pages, per_page=RANKING_PER_PAGE)
        context = {
            "table": table,
            "period": period,
            "period_form": form,
            "orders": RankingOrder.choices,
        }
        return render(request, self.template_name, context)
