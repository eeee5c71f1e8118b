from django.urls import path

from . import views

# Pages that are more than one noun's: named without a namespace, as "home" is in base.html.
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("figures/<slug:key>/", views.FigureView.as_view(), name="figure"),
    path(
        "organizations/<int:pk>/timeline/",
        views.OrganizationTimelineView.as_view(),
        name="organization_timeline",
    ),
]
