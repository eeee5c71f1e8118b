from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "centers"

urlpatterns = [
    *object_urls(
        "center",
        list=views.CenterListView,
        detail=views.CenterView,
        edit=views.CenterEditView,
        delete=views.CenterDeleteView,
    ),
    path("<int:pk>/chains/", views.CenterChainsView.as_view(), name="center_chains"),
    *object_urls(
        "appointment",
        list=views.AppointmentListView,
        detail=views.AppointmentView,
        prefix="appointments/",
    ),
]
