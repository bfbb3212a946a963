"""Write-side services of the parties app (accounts and organizations, profiles)."""

from enterprises.services.accounts import (
    account_register,
    invitation_accept,
    membership_invite,
    membership_remove,
    organization_update,
    organization_verify,
    organizations_bulk_verify,
    uscc_clean,
)
from enterprises.services.profiles import (
    bank_branch_delete,
    bank_branch_save,
    bank_profile_update,
    enterprise_profile_update,
    provider_profile_update,
    talent_erase,
    talent_profile_update,
)

__all__ = [
    "account_register",
    "bank_branch_delete",
    "bank_branch_save",
    "bank_profile_update",
    "enterprise_profile_update",
    "invitation_accept",
    "membership_invite",
    "membership_remove",
    "organization_update",
    "organization_verify",
    "organizations_bulk_verify",
    "provider_profile_update",
    "talent_erase",
    "talent_profile_update",
    "uscc_clean",
]
