"""Portal pages, /admin/, /api/v1/, /api/schema/, /api/docs/."""

from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (kept for reference: we switch by cookie)
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config.docs import SwaggerDocsView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerDocsView.as_view(url_name="schema"), name="api-docs"),
    path("backoffice/", include("backoffice.urls")),
    path("account/", include("enterprises.urls_security")),
    path("", include("matching.portal.urls")),
]
