from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "transfer"

urlpatterns = [
    path("net-income/", views.NetIncomeView.as_view(), name="net_income"),
    path(
        "policies/<int:pk>/document/",
        views.RewardPolicyDocumentView.as_view(),
        name="rewardpolicy_download",
    ),
    *object_urls(
        "pricenotice",
        prefix="notices/",
        list=views.PriceNoticeListView,
        detail=views.PriceNoticeView,
        edit=views.PriceNoticeEditView,
        delete=views.PriceNoticeDeleteView,
    ),
    *object_urls(
        "priceobjection",
        prefix="objections/",
        list=views.PriceObjectionListView,
        detail=views.PriceObjectionView,
        edit=views.PriceObjectionEditView,
        delete=views.PriceObjectionDeleteView,
    ),
    *object_urls(
        "income",
        prefix="income/",
        list=views.IncomeListView,
        detail=views.IncomeView,
        edit=views.IncomeEditView,
        delete=views.IncomeDeleteView,
    ),
    *object_urls(
        "cost",
        prefix="costs/",
        list=views.CostListView,
        detail=views.CostView,
        edit=views.CostEditView,
        delete=views.CostDeleteView,
    ),
    *object_urls(
        "rewardpolicy",
        prefix="policies/",
        list=views.RewardPolicyListView,
        detail=views.RewardPolicyView,
        edit=views.RewardPolicyEditView,
        delete=views.RewardPolicyDeleteView,
    ),
    *object_urls(
        "reward",
        prefix="rewards/",
        list=views.RewardListView,
        detail=views.RewardView,
        edit=views.RewardEditView,
        delete=views.RewardDeleteView,
    ),
    *object_urls(
        "rewardshare",
        prefix="shares/",
        list=views.RewardShareListView,
        detail=views.RewardShareView,
        edit=views.RewardShareEditView,
        delete=views.RewardShareDeleteView,
    ),
]
