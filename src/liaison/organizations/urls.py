from django.urls import path

from liaison.core.urls import object_urls
from liaison.reports.views import OrganizationTimelineView

from . import views

app_name = "organizations"

urlpatterns = [
    *object_urls(
        "organization",
        list=views.OrganizationListView,
        detail=views.OrganizationView,
        edit=views.OrganizationEditView,
        delete=views.OrganizationDeleteView,
    ),
    # The timeline reads every app that points here, so it lives in reports, above them.
    path("<int:pk>/timeline/", OrganizationTimelineView.as_view(), name="organization_timeline"),
]
