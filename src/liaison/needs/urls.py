from django.urls import path

from liaison.core.urls import object_urls

from . import attachment_views, views

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
    path(
        "attachments/<int:pk>/download/",
        attachment_views.NeedAttachmentDownloadView.as_view(),
        name="needattachment_download",
    ),
    path(
        "<int:pk>/messages/", attachment_views.NeedMessagePostView.as_view(), name="needmessage_add"
    ),
]
