"""/api/v1/: every endpoint (`endpoints`), the caller, the feed of changes, the figures; the schema and its
documentation; the people's token page."""

from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import token_urls
from .changes import ChangesView
from .endpoints import endpoints
from .figures import FigureRecordsView, FiguresView
from .me import MeView
from .views import ApiRoot, NoSuchEndpoint, viewset_for

app_name = "api"

router = SimpleRouter()
for endpoint in endpoints():
    router.register(endpoint.slug, viewset_for(endpoint), basename=endpoint.slug)

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:root"), name="index"),
    path("v1/", ApiRoot.as_view(), name="root"),
    path("v1/me/", MeView.as_view(), name="me"),
    path("v1/changes/", ChangesView.as_view(), name="changes"),
    path("v1/figures/", FiguresView.as_view(), name="figures"),
    path("v1/figures/<slug:key>/records/", FigureRecordsView.as_view(), name="figure-records"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", include(token_urls.urlpatterns)),
    # Last: any other address under /api/ is the API's 404, not the pages' HTML one (without
    # its final slash, CommonMiddleware sends it here first).
    re_path(r"^.*/$", NoSuchEndpoint.as_view(), name="no-such-endpoint"),
]
