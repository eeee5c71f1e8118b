from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "chains"

urlpatterns = [
    *object_urls(
        "industrychain",
        list=views.IndustryChainListView,
        detail=views.IndustryChainView,
        edit=views.IndustryChainEditView,
        delete=views.IndustryChainDeleteView,
    ),
    *object_urls(
        "chainsegment",
        list=views.ChainSegmentListView,
        detail=views.ChainSegmentView,
        edit=views.ChainSegmentEditView,
        delete=views.ChainSegmentDeleteView,
        prefix="segments/",
    ),
    path(
        "segments/<int:pk>/experts/",
        views.SegmentExpertsView.as_view(),
        name="segment_experts",
    ),
    *object_urls(
        "segmentplacement",
        list=views.SegmentPlacementListView,
        detail=views.SegmentPlacementView,
        edit=views.SegmentPlacementEditView,
        delete=views.SegmentPlacementDeleteView,
        prefix="placements/",
    ),
    path(
        "placements/<int:pk>/decide/<slug:step>/",
        views.decide_suggestion,
        name="segmentplacement_decide",
    ),
]
