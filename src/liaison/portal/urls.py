"""The portal's addresses: the enterprise's pages, its invitation link, and the office's
pages that invite an organization's contacts (routed here, beside the link they make)."""

from django.urls import path

from liaison.accounts import invitation_views

from . import market_views, opencall_views, views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("invitation/<str:token>/", views.AcceptInvitationView.as_view(), name="accept"),
    path("needs/new/", views.NeedSubmitView.as_view(), name="need_submit"),
    path("needs/<int:pk>/", views.NeedView.as_view(), name="need"),
    path("needs/<int:pk>/messages/", views.NeedMessageView.as_view(), name="need_message"),
    path("needs/<int:pk>/attachments/", views.NeedAttachView.as_view(), name="need_attach"),
    path("needs/<int:pk>/withdraw/", views.NeedWithdrawView.as_view(), name="need_withdraw"),
    path("needs/<int:pk>/rate/", views.NeedRateView.as_view(), name="need_rate"),
    path("agreements/", views.AgreementListView.as_view(), name="agreements"),
    path("agreements/<int:pk>/", views.AgreementView.as_view(), name="agreement"),
    path("services/", views.ServiceListView.as_view(), name="services"),
    # Open calls: consent, review, apply (opencall_views).
    path("open-calls/", opencall_views.OpenCallsView.as_view(), name="opencalls"),
    path("open-calls/<int:pk>/", opencall_views.OpenCallPageView.as_view(), name="opencall"),
    path(
        "open-calls/<int:pk>/consent/",
        opencall_views.ConsentView.as_view(),
        name="opencall_consent",
    ),
    path("open-calls/<int:pk>/apply/", opencall_views.ApplyView.as_view(), name="opencall_apply"),
    path(
        "open-calls/applications/<int:pk>/review/",
        opencall_views.ReviewView.as_view(),
        name="application_review",
    ),
    path(
        "open-calls/applications/<int:pk>/withdraw/",
        opencall_views.WithdrawApplicationView.as_view(),
        name="application_withdraw",
    ),
    path("events/", market_views.EventsView.as_view(), name="market_events"),
    path("events/<int:pk>/register/", market_views.RegisterView.as_view(), name="market_register"),
    path(
        "events/registrations/<int:pk>/cancel/",
        market_views.CancelRegistrationView.as_view(),
        name="market_cancel",
    ),
    # The office's side: an organization's invitations, and revoking one.
    path(
        "invitations/organization/<int:pk>/",
        invitation_views.OrganizationInvitationsView.as_view(),
        name="invitations",
    ),
    path(
        "invitations/<int:pk>/revoke/",
        invitation_views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
]
