from types import ModuleType
from typing import Any

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from liaison.achievements import urls as achievement_urls
from liaison.centers import urls as center_urls
from liaison.organizations import urls as organization_urls
from liaison.reports import achievement_urls as achievement_report_urls
from liaison.reports import center_urls as center_report_urls
from liaison.reports import organization_urls as organization_report_urls


def with_reports(app: ModuleType, reports: ModuleType) -> Any:
    """An app's pages and the pages of reports that read the apps above it, in the app's namespace.

    Such pages (an organization's timeline, a center's chains) live in reports, which may read
    every app, but keep the addresses and names people know under the app's own.
    """
    return include(([*app.urlpatterns, *reports.urlpatterns], app.app_name))


admin.site.site_header = _("Liaison")
admin.site.site_title = _("Liaison")
admin.site.index_title = _("Cooperation and technology transfer")

urlpatterns = [
    path("admin/", admin.site.urls),
    # set_language: the language switchers of the pages and the admin post here.
    path("i18n/", include("django.conf.urls.i18n")),
    path("organizations/", with_reports(organization_urls, organization_report_urls)),
    path("centers/", with_reports(center_urls, center_report_urls)),
    path("achievements/", with_reports(achievement_urls, achievement_report_urls)),
    path("financing/", include("liaison.financing.urls")),
    path("disclosures/", include("liaison.disclosures.urls")),
    path("patents/", include("liaison.patents.urls")),
    path("transfer/", include("liaison.transfer.urls")),
    path("incubation/", include("liaison.incubation.urls")),
    path("training/", include("liaison.training.urls")),
    path("brokers/", include("liaison.brokers.urls")),
    path("market/", include("liaison.market.urls")),
    path("open-calls/", include("liaison.opencalls.urls")),
    path("chains/", include("liaison.chains.urls")),
    path("people/", include("liaison.people.urls")),
    path("agreements/", include("liaison.agreements.urls")),
    path("needs/", include("liaison.needs.urls")),
    path("matching/", include("liaison.matching.urls")),
    path("search/", include("liaison.search.urls")),
    path("portal/", include("liaison.portal.urls")),
    path("accounts/", include("liaison.accounts.urls")),
    path("imports/", include("liaison.operations.urls")),
    # The dashboard at "/" and each figure's rows.
    path("", include("liaison.reports.urls")),
    # Core last: the sign-in and export pages.
    path("", include("liaison.core.urls")),
    # After every app's pages, whose declarations it serves (api.endpoints).
    path("api/", include("liaison.api.urls")),
]

# A request that fails because the database (or Redis) cannot be reached gets a 503 page
# saying to try again, not the 500 page (core.views.errors).
handler500 = "liaison.core.views.errors.server_error"
