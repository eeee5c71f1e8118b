from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "disclosures"

urlpatterns = [
    *object_urls(
        "disclosure",
        list=views.DisclosureListView,
        detail=views.DisclosureView,
        edit=views.DisclosureEditView,
        delete=views.DisclosureDeleteView,
    ),
    *object_urls(
        "disclosureinventor",
        detail=views.DisclosureInventorView,
        edit=views.DisclosureInventorEditView,
        delete=views.DisclosureInventorDeleteView,
        prefix="inventors/",
    ),
    *object_urls(
        "disclosurefunding",
        detail=views.DisclosureFundingView,
        edit=views.DisclosureFundingEditView,
        delete=views.DisclosureFundingDeleteView,
        prefix="funding/",
    ),
    *object_urls(
        "disclosureattachment",
        detail=views.DisclosureAttachmentView,
        edit=views.DisclosureAttachmentEditView,
        delete=views.DisclosureAttachmentDeleteView,
        prefix="attachments/",
    ),
    path("inventors/lookup/", views.inventor_lookup, name="inventor_lookup"),
    path(
        "attachments/<int:pk>/download/",
        views.DisclosureAttachmentDownloadView.as_view(),
        name="disclosureattachment_download",
    ),
]
