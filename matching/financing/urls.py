"""Financing pages, composed with the notification pages into the namespace ``financing`` by
matching.portal.urls.

The paths ``/financing/requests/<id>/`` and ``/bank/requests/<id>/`` are the links that
notifications carry (matching.financing.services); keep them.
"""

from django.urls import path

from matching.financing import views

urlpatterns = [
    # enterprise: loan requests and what it does with each match
    path("financing/requests/", views.request_list, name="request_list"),
    path("financing/requests/new/", views.request_edit, name="request_create"),
    path("financing/requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("financing/requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("financing/requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("financing/requests/<int:pk>/matches/<int:match_id>/interest/", views.match_interest,
         name="match_interest"),
    path("financing/requests/<int:pk>/matches/<int:match_id>/decline/", views.match_decline, name="match_decline"),
    path("financing/requests/<int:pk>/matches/<int:match_id>/consent/", views.consent_grant, name="consent_grant"),
    path("financing/requests/<int:pk>/consents/<int:consent_id>/withdraw/", views.consent_withdraw,
         name="consent_withdraw"),
    # bank: products, queue, one request and its answers, dashboard
    path("bank/products/", views.product_list, name="product_list"),
    path("bank/products/new/", views.product_edit, name="product_create"),
    path("bank/products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("bank/products/<int:pk>/delete/", views.product_delete, name="product_delete"),
    path("bank/queue/", views.bank_queue, name="bank_queue"),
    path("bank/requests/<int:pk>/", views.bank_request, name="bank_request"),
    path("bank/requests/<int:pk>/contacted/", views.bank_contacted, name="bank_contacted"),
    path("bank/requests/<int:pk>/decline/", views.bank_decline, name="bank_decline"),
    path("bank/requests/<int:pk>/outcome/", views.bank_outcome, name="bank_outcome"),
    path("bank/dashboard/", views.bank_dashboard, name="bank_dashboard"),
]
