"""The pages' URLs: core's own (sign-in, home, export jobs) and `object_urls` for every app.

An app's urls.py is a few lines:

    app_name = "organizations"
    urlpatterns = object_urls(
        "organization",
        list=views.OrganizationListView,
        detail=views.OrganizationView,
        edit=views.OrganizationEditView,
        delete=views.OrganizationDeleteView,   # optional
    )

which names them `organizations:organization_list`, `_add`, `_export`, `_detail`, `_edit`,
`_delete` and `_action` (the lifecycle steps the detail view declares in `actions`).
A second model of the same app passes `prefix="signing-events/"`.

`object_urls` also records the views in `PAGES`, by model, so that another face (the API)
filters, validates and steps through exactly what the pages declare.
"""

from __future__ import annotations

import builtins
import dataclasses
from typing import Any

from django.contrib.auth import views as auth_views
from django.db import models
from django.urls import URLPattern, path

from .views import generic, pages


@dataclasses.dataclass
class Pages:
    """The page views declared for one model (any of them may be missing)."""

    list: type[generic.ObjectListView] | None = None
    detail: type[generic.ObjectView] | None = None
    edit: type[generic.ObjectEditView] | None = None
    delete: type[generic.ObjectDeleteView] | None = None


PAGES: dict[type[models.Model], Pages] = {}


def _record_pages(**views: Any) -> None:
    declared = {name: view for name, view in views.items() if view is not None}
    if not declared:
        return
    model = next(iter(declared.values())).queryset.model
    pages = PAGES.setdefault(model, Pages())
    for name, view in declared.items():
        # The first declaration of a model's page is its page; later ones (a model's pages
        # mounted twice) do not replace it.
        if getattr(pages, name) is None:
            setattr(pages, name, view)


def object_urls(
    model_name: str,
    *,
    list: type[generic.ObjectListView] | None = None,
    detail: type[generic.ObjectView] | None = None,
    edit: type[generic.ObjectEditView] | None = None,
    delete: type[generic.ObjectDeleteView] | None = None,
    prefix: str = "",
) -> builtins.list[URLPattern]:
    _record_pages(list=list, detail=detail, edit=edit, delete=delete)
    patterns: builtins.list[URLPattern] = []

    def add(route: str, view: Any, action: str) -> None:
        patterns.append(path(prefix + route, view, name=f"{model_name}_{action}"))

    if list is not None:
        add("", list.as_view(), "list")
        add("export/", list.as_view(exporting=True), "export")
    if edit is not None:
        add("add/", edit.as_view(), "add")
        add("<int:pk>/edit/", edit.as_view(), "edit")
    if detail is not None:
        add("<int:pk>/", detail.as_view(), "detail")
        if detail.actions:
            steps: type[generic.ObjectActionView] = type(
                f"{detail.__name__}Steps",
                (generic.ObjectActionView,),
                {"queryset": detail.queryset, "actions": detail.actions},
            )
            action_view = steps.as_view()
            add("<int:pk>/step/<slug:step>/", action_view, "action")
    if delete is not None:
        add("<int:pk>/delete/", delete.as_view(), "delete")
    return patterns


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", pages.SignOutView.as_view(next_page="login"), name="logout"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("lookup/<str:model>/", pages.lookup, name="lookup"),
    path("exports/<str:token>/", pages.export_job, name="export_job"),
    path("exports/<str:token>/download/", pages.export_download, name="export_download"),
]
