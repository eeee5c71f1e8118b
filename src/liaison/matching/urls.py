from django.urls import path

from . import views

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
]
