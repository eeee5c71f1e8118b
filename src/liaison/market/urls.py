from liaison.core.urls import object_urls

from . import views

app_name = "market"

urlpatterns = [
    *object_urls(
        "marketevent",
        list=views.MarketEventListView,
        detail=views.MarketEventView,
        edit=views.MarketEventEditView,
        delete=views.MarketEventDeleteView,
    ),
    *object_urls(
        "eventachievement",
        list=views.EventAchievementListView,
        detail=views.EventAchievementView,
        edit=views.EventAchievementEditView,
        delete=views.EventAchievementDeleteView,
        prefix="presentations/",
    ),
    *object_urls(
        "eventneed",
        list=views.EventNeedListView,
        detail=views.EventNeedView,
        edit=views.EventNeedEditView,
        delete=views.EventNeedDeleteView,
        prefix="needs-on-show/",
    ),
    *object_urls(
        "eventattendance",
        list=views.EventAttendanceListView,
        detail=views.EventAttendanceView,
        edit=views.EventAttendanceEditView,
        delete=views.EventAttendanceDeleteView,
        prefix="registrations/",
    ),
    *object_urls(
        "eventoutcome",
        list=views.EventOutcomeListView,
        detail=views.EventOutcomeView,
        edit=views.EventOutcomeEditView,
        delete=views.EventOutcomeDeleteView,
        prefix="outcomes/",
    ),
]
