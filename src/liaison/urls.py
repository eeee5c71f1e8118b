from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("Liaison")
admin.site.site_title = _("Liaison")
admin.site.index_title = _("Cooperation and technology transfer")

urlpatterns = [
    path("admin/", admin.site.urls),
    # set_language: the language switcher in the admin's header posts here.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
