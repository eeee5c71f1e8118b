"""The report's pages, under /reports/ (named without a namespace, as the dashboard's are)."""

from django.urls import path, re_path

from . import report_views

urlpatterns = [
    path("", report_views.ReportView.as_view(), name="report"),
    re_path(r"^(?P<format>pdf|xlsx)/$", report_views.ReportFileView.as_view(), name="report_file"),
    path("annual/", report_views.AnnualReportView.as_view(), name="annual_report"),
    re_path(
        r"^annual/(?P<format>pdf|xlsx)/$",
        report_views.AnnualReportFileView.as_view(),
        name="annual_report_file",
    ),
    path("save/", report_views.ReportSaveView.as_view(), name="report_save"),
    path("saved/", report_views.SavedReportListView.as_view(), name="saved_report_list"),
    path("saved/<int:pk>/", report_views.SavedReportView.as_view(), name="saved_report"),
    re_path(
        r"^saved/(?P<pk>[0-9]+)/(?P<format>pdf|xlsx)/$",
        report_views.SavedReportFileView.as_view(),
        name="saved_report_file",
    ),
    path("jobs/<str:token>/", report_views.ReportJobView.as_view(), name="report_job"),
    path(
        "jobs/<str:token>/download/",
        report_views.ReportJobDownloadView.as_view(),
        name="report_job_download",
    ),
]
