from liaison.core.urls import object_urls

from . import views

# A center's own page and its chains read the apps above centers: reports holds them, and
# src/liaison/urls.py routes them with these in this namespace (reports/center_urls.py).
app_name = "centers"

urlpatterns = [
    *object_urls(
        "center",
        list=views.CenterListView,
        edit=views.CenterEditView,
        delete=views.CenterDeleteView,
    ),
    *object_urls(
        "appointment",
        list=views.AppointmentListView,
        detail=views.AppointmentView,
        prefix="appointments/",
    ),
]
