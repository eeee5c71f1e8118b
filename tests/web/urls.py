"""A page with a lifecycle step, for testing the generic action view on a model that has none yet."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import include, path

from liaison.core.steps import Transition, TransitionForm
from liaison.core.urls import object_urls
from liaison.organizations import views
from liaison.organizations.models import Organization
from liaison.organizations.services import organization_update
from liaison.urls import urlpatterns as root_urlpatterns


class RenameForm(TransitionForm):
    name_en = forms.CharField(label="New English name")


def rename(*, organization: Organization, by: Any, name_en: str) -> Organization:
    if name_en.lower() == "forbidden":
        raise ValidationError({"name_en": ValidationError("That name is not allowed.", code="bad")})
    return organization_update(organization=organization, by=by, name_en=name_en)


class OrganizationWithStepView(views.OrganizationView):
    actions = (
        Transition(
            name="rename",
            label="Rename",
            service=rename,
            target="organization",
            form=RenameForm,
            offered_when=lambda o: not o.is_institute,
        ),
    )


organization_urls = (
    object_urls(
        "organization",
        list=views.OrganizationListView,
        detail=OrganizationWithStepView,
        edit=views.OrganizationEditView,
    ),
    "organizations",
)

# The application's own URLs, with the organizations' pages swapped for the ones above.
urlpatterns = [
    path("organizations/", include(organization_urls)),
    *(p for p in root_urlpatterns if str(p.pattern) != "organizations/"),
]
