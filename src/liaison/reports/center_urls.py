"""A center's page and its chains, which read the apps above centers.

src/liaison/urls.py routes them under /centers/ in the `centers` namespace, with the centers'
own pages (centers/urls.py), so their addresses and names are the ones people know.
"""

from django.urls import path

from liaison.core.urls import object_urls

from . import center_views

urlpatterns = [
    *object_urls("center", detail=center_views.CenterView),
    path("<int:pk>/chains/", center_views.CenterChainsView.as_view(), name="center_chains"),
]
