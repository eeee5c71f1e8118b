from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "opencalls"

urlpatterns = [
    *object_urls(
        "opencall",
        list=views.OpenCallListView,
        detail=views.OpenCallView,
        edit=views.OpenCallEditView,
        delete=views.OpenCallDeleteView,
    ),
    *object_urls(
        "callapplication",
        list=views.CallApplicationListView,
        detail=views.CallApplicationView,
        edit=views.CallApplicationEditView,
        delete=views.CallApplicationDeleteView,
        prefix="applications/",
    ),
    *object_urls(
        "callattachment",
        detail=views.CallAttachmentView,
        edit=views.CallAttachmentEditView,
        delete=views.CallAttachmentDeleteView,
        prefix="documents/",
    ),
    *object_urls(
        "callreview",
        detail=views.CallReviewView,
        edit=views.CallReviewEditView,
        delete=views.CallReviewDeleteView,
        prefix="reviews/",
    ),
    path(
        "documents/<int:pk>/download/",
        views.CallAttachmentDownloadView.as_view(),
        name="callattachment_download",
    ),
]
