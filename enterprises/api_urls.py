"""API v1 paths of the parties app (shared/API.md)."""

from django.urls import path

from enterprises import apis

urlpatterns = [
    path("auth/token/", apis.AuthTokenAPI.as_view(), name="api-token"),
    path("register/", apis.RegisterAPI.as_view(), name="api-register"),
    path("me/", apis.MeAPI.as_view(), name="api-me"),
    path("organizations/me/", apis.OrganizationMeAPI.as_view(), name="api-organization-me"),
    path("organizations/me/members/", apis.MemberListAPI.as_view(), name="api-members"),
    path("organizations/me/members/<int:pk>/", apis.MemberDetailAPI.as_view(), name="api-member-detail"),
    path("enterprises/me/", apis.EnterpriseMeAPI.as_view(), name="api-enterprise-me"),
    path("banks/me/", apis.BankMeAPI.as_view(), name="api-bank-me"),
    path("banks/me/branches/", apis.BankBranchListAPI.as_view(), name="api-bank-branches"),
    path("banks/me/branches/<int:pk>/", apis.BankBranchDetailAPI.as_view(), name="api-bank-branch-detail"),
    path("providers/me/", apis.ProviderMeAPI.as_view(), name="api-provider-me"),
    path("talents/me/", apis.TalentMeAPI.as_view(), name="api-talent-me"),
    path("regions/", apis.RegionListAPI.as_view(), name="api-regions"),
    path("industries/", apis.IndustryListAPI.as_view(), name="api-industries"),
    path("chains/", apis.ChainListAPI.as_view(), name="api-chains"),
    path("backoffice/organizations/", apis.VerificationQueueAPI.as_view(), name="api-verification-queue"),
    path("backoffice/organizations/<int:pk>/verify/", apis.VerifyAPI.as_view(), name="api-verify"),
]
