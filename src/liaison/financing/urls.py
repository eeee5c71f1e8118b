from liaison.core.urls import object_urls

from . import views

app_name = "financing"

urlpatterns = object_urls(
    "financinground",
    list=views.FinancingRoundListView,
    detail=views.FinancingRoundView,
    edit=views.FinancingRoundEditView,
    delete=views.FinancingRoundDeleteView,
)
