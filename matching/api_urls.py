"""API v1 paths of the matching app (shared/API.md)."""

from django.urls import path

from matching import apis, apis_events, apis_policies, apis_services, apis_supply, apis_talent

urlpatterns = [
    *apis_supply.urlpatterns,
    *apis_events.urlpatterns,
    *apis_talent.urlpatterns,
    *apis_services.urlpatterns,
    *apis_policies.urlpatterns,
    path("financing/products/", apis.ProductListAPI.as_view(), name="api-products"),
    path("financing/products/<int:pk>/", apis.ProductDetailAPI.as_view(), name="api-product-detail"),
    path("financing/requests/", apis.RequestListAPI.as_view(), name="api-requests"),
    path("financing/requests/<int:pk>/", apis.RequestDetailAPI.as_view(), name="api-request-detail"),
    path("financing/requests/<int:pk>/withdraw/", apis.RequestWithdrawAPI.as_view(), name="api-request-withdraw"),
    path("bank/queue/", apis.BankQueueAPI.as_view(), name="api-bank-queue"),
    path("bank/requests/<int:pk>/", apis.BankRequestAPI.as_view(), name="api-bank-request"),
    path("matches/", apis.MatchListAPI.as_view(), name="api-matches"),
    path("matches/<int:pk>/", apis.MatchDetailAPI.as_view(), name="api-match-detail"),
    path("matches/<int:pk>/transition/", apis.MatchTransitionAPI.as_view(), name="api-match-transition"),
    path("consents/", apis.ConsentListAPI.as_view(), name="api-consents"),
    path("consents/<int:pk>/", apis.ConsentDetailAPI.as_view(), name="api-consent-detail"),
    path("notifications/", apis.NotificationListAPI.as_view(), name="api-notifications"),
    path("notifications/<int:pk>/read/", apis.NotificationReadAPI.as_view(), name="api-notification-read"),
    path("stats/public/", apis.PublicStatsAPI.as_view(), name="api-stats-public"),
]
