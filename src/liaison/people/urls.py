from liaison.core.urls import object_urls

from . import views

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
]
