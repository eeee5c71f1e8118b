from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import SavedReport

# Shown to those who may read saved reports: the office, leadership, center managers.
register(
    MenuItem(
        group="reports",
        label=_("Report for a period"),
        model=SavedReport,
        url="report",
        icon="report-analytics",
        order=10,
    ),
    MenuItem(
        group="reports",
        label=_("Annual transformation report"),
        model=SavedReport,
        url="annual_report",
        icon="report-money",
        order=15,
    ),
    MenuItem(
        group="reports",
        label=_("Saved reports"),
        model=SavedReport,
        url="saved_report_list",
        icon="archive",
        order=20,
    ),
)
