from liaison.core.urls import object_urls

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
]
