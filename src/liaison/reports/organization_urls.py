"""An organization's timeline, which reads every app that points to organizations.

src/liaison/urls.py routes it under /organizations/ in the `organizations` namespace, with the
organizations' own pages (organizations/urls.py).
"""

from django.urls import path

from .views import OrganizationTimelineView

urlpatterns = [
    path("<int:pk>/timeline/", OrganizationTimelineView.as_view(), name="organization_timeline"),
]
