"""API v1 paths for the caller's API tokens."""

from django.urls import path

from enterprises import apis_security

urlpatterns = [
    path("auth/tokens/", apis_security.ApiTokenListAPI.as_view(), name="api-tokens"),
    path("auth/tokens/<int:pk>/", apis_security.ApiTokenDetailAPI.as_view(), name="api-token-detail"),
]
