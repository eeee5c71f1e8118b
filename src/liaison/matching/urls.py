from django.urls import path

from . import chain_views, views

app_name = "matching"

urlpatterns = [
    path(
        "needs/<int:pk>/candidates/",
        views.NeedCandidatesView.as_view(),
        name="need_candidates",
    ),
    path("needs/<int:pk>/find/", views.NeedFindView.as_view(), name="need_find"),
    path(
        "candidates/<int:pk>/decide/",
        views.CandidateDecideView.as_view(),
        name="candidate_decide",
    ),
    path(
        "achievements/<int:pk>/enterprises/",
        views.AchievementEnterprisesView.as_view(),
        name="achievement_enterprises",
    ),
    # The industry-chain pages' suggestion action (chains sit below matching).
    path(
        "chains/<int:pk>/suggest/",
        chain_views.ChainSuggestView.as_view(),
        name="chain_suggest",
    ),
    path(
        "chain-segments/<int:pk>/suggest/",
        chain_views.SegmentSuggestView.as_view(),
        name="segment_suggest",
    ),
]
