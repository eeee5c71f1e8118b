"""The centers' list and edit pages, and their appointments.

A center's own page and its chains read achievements, needs and financing, which sit above
centers: they are in `liaison.reports.center_views`, at the same addresses.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from liaison.core.views import generic

from .filtersets import AppointmentFilterSet, CenterFilterSet
from .forms import CenterForm
from .models import Appointment, Center
from .steps import APPOINTMENT_STEPS
from .tables import AppointmentTable, CenterTable


class CenterListView(generic.ObjectListView):
    queryset = Center.objects.select_related("parent").annotate(
        partner_count=Count("partnerships", distinct=True),
        achievement_count=Count("achievements", distinct=True),
    )
    filterset = CenterFilterSet
    table = CenterTable


class CenterEditView(generic.ObjectEditView):
    queryset = Center.objects.all()
    form = CenterForm


class CenterDeleteView(generic.ObjectDeleteView):
    queryset = Center.objects.all()


class AppointmentListView(generic.ObjectListView):
    queryset = Appointment.objects.select_related("person", "center", "committee")
    filterset = AppointmentFilterSet
    table = AppointmentTable


class AppointmentView(generic.ObjectView):
    queryset = Appointment.objects.select_related("person", "center", "committee", "announced_at")
    fieldsets = (
        (None, ("person", "role", "center", "committee")),
        (_("Term"), ("starts_on", "ends_on", "announced_at")),
    )
    actions = APPOINTMENT_STEPS
