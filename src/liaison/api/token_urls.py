"""The API tokens page, included by the API's urls under /api/tokens/ in the namespace "api"
(`api:token_list`, `api:token_revoke`)."""

from django.urls import path

from . import token_views

urlpatterns = [
    path("", token_views.TokenListView.as_view(), name="token_list"),
    path("<int:pk>/revoke/", token_views.TokenRevokeView.as_view(), name="token_revoke"),
]
