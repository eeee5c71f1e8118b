from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "patents"

urlpatterns = [
    path("fees/", views.FeeCalendarView.as_view(), name="fee_calendar"),
    *object_urls(
        "patent",
        list=views.PatentListView,
        detail=views.PatentView,
        edit=views.PatentEditView,
        delete=views.PatentDeleteView,
    ),
    *object_urls(
        "feepayment",
        detail=views.FeePaymentView,
        edit=views.FeePaymentEditView,
        delete=views.FeePaymentDeleteView,
        prefix="payments/",
    ),
    path(
        "payments/<int:pk>/download/",
        views.FeePaymentProofView.as_view(),
        name="feepayment_download",
    ),
    *object_urls(
        "officeaction",
        detail=views.OfficeActionView,
        edit=views.OfficeActionEditView,
        delete=views.OfficeActionDeleteView,
        prefix="office-actions/",
    ),
]
