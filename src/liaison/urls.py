from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from liaison.achievements import urls as achievement_urls
from liaison.centers import urls as center_urls
from liaison.reports import achievement_urls as achievement_report_urls
from liaison.reports import center_urls as center_report_urls

admin.site.site_header = _("Liaison")
admin.site.site_title = _("Liaison")
admin.site.index_title = _("Cooperation and technology transfer")

urlpatterns = [
    path("admin/", admin.site.urls),
    # set_language: the language switchers of the pages and the admin post here.
    path("i18n/", include("django.conf.urls.i18n")),
    path("organizations/", include("liaison.organizations.urls")),
    # A center's page and its chains read the apps above centers, so reports holds them; they
    # keep their addresses and names in the centers' namespace.
    path(
        "centers/",
        include(
            (
                [*center_urls.urlpatterns, *center_report_urls.urlpatterns],
                center_urls.app_name,
            )
        ),
    ),
    # An achievement's chains read needs and financing, so reports holds them too.
    path(
        "achievements/",
        include(
            (
                [*achievement_urls.urlpatterns, *achievement_report_urls.urlpatterns],
                achievement_urls.app_name,
            )
        ),
    ),
    path("financing/", include("liaison.financing.urls")),
    path("people/", include("liaison.people.urls")),
    path("agreements/", include("liaison.agreements.urls")),
    path("needs/", include("liaison.needs.urls")),
    path("matching/", include("liaison.matching.urls")),
    path("search/", include("liaison.search.urls")),
    # The dashboard at "/", each figure's rows and an organization's timeline.
    path("", include("liaison.reports.urls")),
    # Core last: the sign-in and export pages.
    path("", include("liaison.core.urls")),
]
