"""Policy pages (namespace ``policies``), included at "" by config/urls.py.

``/policies/<id>/`` is the link that policy notifications carry (matching.policies.services).
"""

from django.urls import path

from matching.policies import views

app_name = "policies"

urlpatterns = [
    path("policies/", views.policy_list, name="list"),
    path("policies/mine/", views.my_policies, name="mine"),
    path("policies/<int:pk>/", views.policy_detail, name="detail"),
    path("policies/<int:pk>/confirm/", views.policy_confirm, name="confirm"),
]
