"""An achievement's chains, which read the apps above achievements.

src/liaison/urls.py routes them under /achievements/ in the `achievements` namespace, with the
achievements' own pages (achievements/urls.py), so their address and name are the ones people
know.
"""

from django.urls import path

from . import achievement_views

urlpatterns = [
    path(
        "<int:pk>/chains/",
        achievement_views.AchievementChainsView.as_view(),
        name="achievement_chains",
    ),
]
