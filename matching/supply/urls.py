"""找配套 pages (namespace ``supply``), included by matching.portal.urls.

The paths ``/supply/needs/<id>/`` and ``/supply/matches/`` are the links that notifications
carry (matching.supply.services); keep them.
"""

from django.urls import path

from matching.supply import views
from matching.supply.chain_map import chain_map

app_name = "supply"

urlpatterns = [
    # buyer: sourcing needs and their suppliers
    path("supply/needs/", views.need_list, name="need_list"),
    path("supply/needs/new/", views.need_edit, name="need_create"),
    path("supply/needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("supply/needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("supply/needs/<int:pk>/close/", views.need_close, name="need_close"),
    path("supply/needs/<int:pk>/matches/<int:match_id>/interest/", views.buyer_interest, name="buyer_interest"),
    # supplier: capabilities and the buyers' needs they match
    path("supply/capabilities/", views.capability_list, name="capability_list"),
    path("supply/capabilities/new/", views.capability_edit, name="capability_create"),
    path("supply/capabilities/<int:pk>/edit/", views.capability_edit, name="capability_edit"),
    path("supply/matches/", views.supplier_matches, name="supplier_matches"),
    path("supply/matches/<int:match_id>/interest/", views.supplier_interest, name="supplier_interest"),
    # public: a chain's segments, firms and local-supply gaps
    path("supply/chains/<slug:slug>/", chain_map, name="chain_map"),
]
