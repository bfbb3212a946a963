"""API v1 routes, gathered from each app."""

from django.urls import include, path

urlpatterns = [
    path("", include("enterprises.api_urls")),
    path("", include("enterprises.api_urls_security")),
    path("", include("matching.portal.api_urls")),
    path("backoffice/", include("backoffice.api_urls")),
]
