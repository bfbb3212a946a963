"""The enterprises app's pages, composed with the front page into the namespace ``portal`` by
matching.portal.urls."""

from django.urls import path

from enterprises import views

urlpatterns = [
    path("register/", views.register, name="register"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("dashboard/", views.dashboard, name="dashboard"),
    # own profile, per kind
    path("profile/organization/", views.organization_edit, name="organization_edit"),
    path("profile/enterprise/", views.enterprise_edit, name="enterprise_edit"),
    path("profile/bank/", views.bank_edit, name="bank_edit"),
    path("profile/bank/branches/new/", views.branch_edit, name="branch_create"),
    path("profile/bank/branches/<int:pk>/", views.branch_edit, name="branch_edit"),
    path("profile/bank/branches/<int:pk>/delete/", views.branch_delete, name="branch_delete"),
    path("profile/provider/", views.provider_edit, name="provider_edit"),
    path("profile/talent/", views.talent_edit, name="talent_edit"),
    # members
    path("organization/members/", views.members, name="members"),
    path("organization/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # back-office
    path("backoffice/verification/", views.verification_queue, name="verification_queue"),
    path("backoffice/verification/bulk/", views.verification_bulk, name="verification_bulk"),
    path("backoffice/verification/<int:pk>/", views.verification_detail, name="verification_detail"),
]
