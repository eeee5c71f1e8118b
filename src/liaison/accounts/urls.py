from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("audit/", views.AuditLogView.as_view(), name="audit"),
    # Named as core's object_urls name an export, so that the list page finds it.
    path("audit/export/", views.AuditLogView.as_view(exporting=True), name="auditevent_export"),
]
