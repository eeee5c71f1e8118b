from liaison.core.urls import object_urls

from . import views

app_name = "training"

urlpatterns = [
    *object_urls(
        "trainee",
        list=views.TraineeListView,
        detail=views.TraineeView,
        edit=views.TraineeEditView,
        delete=views.TraineeDeleteView,
    ),
    *object_urls(
        "supervision",
        prefix="supervisions/",
        list=views.SupervisionListView,
        detail=views.SupervisionView,
        edit=views.SupervisionEditView,
        delete=views.SupervisionDeleteView,
    ),
]
