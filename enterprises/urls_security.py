"""Account-security pages (namespace ``account``), included at "account/" by config/urls.py."""

from django.urls import path

from enterprises.views import security

app_name = "account"

urlpatterns = [
    path("security/", security.overview, name="security"),
    path("2fa/verify/", security.otp_verify, name="otp_verify"),
    path("2fa/setup/", security.otp_setup, name="otp_setup"),
    path("2fa/backup-codes/", security.backup_codes, name="backup_codes"),
    path("2fa/disable/", security.otp_disable, name="otp_disable"),
    path("tokens/", security.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", security.token_revoke, name="token_revoke"),
]
