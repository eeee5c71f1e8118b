from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("", views.imports, name="imports"),
    path("templates/<slug:key>/<str:language>/", views.import_template, name="import_template"),
    path("export/", views.export_all, name="export_all"),
    path("<str:token>/", views.import_job, name="import_job"),
    path("<str:token>/confirm/", views.import_confirm, name="import_confirm"),
]
