from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Liaison")
admin.site.site_title = _("Liaison")
admin.site.index_title = _("Cooperation and technology transfer")

urlpatterns = [
    path("admin/", admin.site.urls),
    # set_language: the language switchers of the pages and the admin post here.
    path("i18n/", include("django.conf.urls.i18n")),
    path("organizations/", include("liaison.organizations.urls")),
    path("centers/", include("liaison.centers.urls")),
    path("achievements/", include("liaison.achievements.urls")),
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
