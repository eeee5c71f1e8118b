from liaison.core.urls import object_urls

from . import views

app_name = "incubation"

urlpatterns = [
    *object_urls(
        "incubation",
        list=views.IncubationListView,
        detail=views.IncubationView,
        edit=views.IncubationEditView,
        delete=views.IncubationDeleteView,
    ),
    *object_urls(
        "incubationmilestone",
        detail=views.IncubationMilestoneView,
        edit=views.IncubationMilestoneEditView,
        delete=views.IncubationMilestoneDeleteView,
        prefix="milestones/",
    ),
    *object_urls(
        "incubationresource",
        detail=views.IncubationResourceView,
        edit=views.IncubationResourceEditView,
        delete=views.IncubationResourceDeleteView,
        prefix="resources/",
    ),
]
