from django.urls import path

from liaison.core.urls import object_urls

from . import views

app_name = "brokers"

urlpatterns = [
    path("ranking/", views.BrokerRankingView.as_view(), name="broker_ranking"),
    *object_urls(
        "broker",
        list=views.BrokerListView,
        detail=views.BrokerView,
        edit=views.BrokerEditView,
        delete=views.BrokerDeleteView,
    ),
    *object_urls(
        "brokerengagement",
        list=views.BrokerEngagementListView,
        detail=views.BrokerEngagementView,
        edit=views.BrokerEngagementEditView,
        delete=views.BrokerEngagementDeleteView,
        prefix="deals/",
    ),
    *object_urls(
        "commissionpayment",
        list=views.CommissionPaymentListView,
        detail=views.CommissionPaymentView,
        edit=views.CommissionPaymentEditView,
        delete=views.CommissionPaymentDeleteView,
        prefix="payments/",
    ),
    *object_urls(
        "introduction",
        list=views.IntroductionListView,
        detail=views.IntroductionView,
        edit=views.IntroductionEditView,
        delete=views.IntroductionDeleteView,
        prefix="introductions/",
    ),
]
