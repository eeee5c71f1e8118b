from django.urls import path

from liaison.core.urls import object_urls

from . import researcher_views, views

app_name = "people"

urlpatterns = [
    *object_urls(
        "person",
        list=views.PersonListView,
        detail=views.PersonView,
        edit=views.PersonEditView,
        delete=views.PersonDeleteView,
    ),
    *object_urls(
        "affiliation",
        list=views.AffiliationListView,
        detail=views.AffiliationView,
        prefix="affiliations/",
    ),
    # The researcher's own page and what it posts to.
    path("me/", researcher_views.MeView.as_view(), name="me"),
    path("me/profile/", researcher_views.MeProfileView.as_view(), name="me_profile"),
    path(
        "me/proposals/<int:pk>/accept/",
        researcher_views.MeAnswerView.as_view(accept=True),
        name="me_accept",
    ),
    path(
        "me/proposals/<int:pk>/decline/",
        researcher_views.MeAnswerView.as_view(accept=False),
        name="me_decline",
    ),
]
