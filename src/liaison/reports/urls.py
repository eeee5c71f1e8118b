from django.urls import include, path

from . import views

# Pages that are more than one noun's: named without a namespace, as "home" is in base.html.
# An organization's timeline is routed with the organization's pages (organization_urls.py).
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("figures/<slug:key>/", views.FigureView.as_view(), name="figure"),
    path("reports/", include("liaison.reports.report_urls")),
]
