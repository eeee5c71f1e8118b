from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "achievements"

urlpatterns = [
    *object_urls(
        "achievement",
        list=views.AchievementListView,
        detail=views.AchievementView,
        edit=views.AchievementEditView,
        delete=views.AchievementDeleteView,
    ),
    path("<int:pk>/chains/", views.AchievementChainsView.as_view(), name="achievement_chains"),
]
