from liaison.core.urls import object_urls

from . import views

app_name = "needs"

urlpatterns = [
    *object_urls(
        "technicalneed",
        list=views.TechnicalNeedListView,
        detail=views.TechnicalNeedView,
        edit=views.TechnicalNeedEditView,
        delete=views.TechnicalNeedDeleteView,
    ),
    *object_urls(
        "servicerecord",
        list=views.ServiceRecordListView,
        detail=views.ServiceRecordView,
        edit=views.ServiceRecordEditView,
        delete=views.ServiceRecordDeleteView,
        prefix="services/",
    ),
]
