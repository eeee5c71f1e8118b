from liaison.core.urls import object_urls

from . import views

# An achievement's chains read needs and financing: reports holds them, and
# src/liaison/urls.py routes them with these in this namespace (reports/achievement_urls.py).
app_name = "achievements"

urlpatterns = [
    *object_urls(
        "achievement",
        list=views.AchievementListView,
        detail=views.AchievementView,
        edit=views.AchievementEditView,
        delete=views.AchievementDeleteView,
    ),
]
