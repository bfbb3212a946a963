"""找服务、找机构 pages, composed with 找活动's into the namespace ``services`` by matching.portal.urls.

``/services/requests/<id>/`` and ``/services/opportunities/`` are the links notifications carry
(matching.market.services). Keep them.
"""

from django.urls import path

from matching.market import views

urlpatterns = [
    # public: 找机构
    path("services/directory/", views.directory, name="directory"),
    path("services/providers/<int:pk>/", views.provider_detail, name="provider_detail"),
    # provider: 我的服务, 服务商机
    path("services/offerings/", views.offering_list, name="offering_list"),
    path("services/offerings/new/", views.offering_edit, name="offering_create"),
    path("services/offerings/<int:pk>/edit/", views.offering_edit, name="offering_edit"),
    path("services/offerings/<int:pk>/deactivate/", views.offering_deactivate, name="offering_deactivate"),
    path("services/opportunities/", views.opportunities, name="opportunities"),
    path("services/opportunities/<int:match_id>/move/", views.opportunity_move, name="opportunity_move"),
    # enterprise: 服务需求
    path("services/requests/", views.request_list, name="service_requests"),
    path("services/requests/new/", views.request_edit, name="service_request_create"),
    path("services/requests/<int:pk>/", views.request_detail, name="service_request_detail"),
    path("services/requests/<int:pk>/edit/", views.request_edit, name="service_request_edit"),
    path("services/requests/<int:pk>/close/", views.request_close, name="service_request_close"),
    path("services/requests/<int:pk>/matches/<int:match_id>/interest/", views.request_interest,
         name="service_request_interest"),
]
