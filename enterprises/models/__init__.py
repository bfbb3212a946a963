"""WHO: reference data, parties (users, organizations, memberships) and their profiles."""

from enterprises.models.parties import Invitation, Membership, Organization, User
from enterprises.models.profiles import (
    BankBranch,
    BankProfile,
    EnterpriseProfile,
    ProviderProfile,
    TalentProfile,
    WhitelistBatch,
    WhitelistEntry,
)
from enterprises.models.reference import ChainBank, ChainSegment, IndustrialChain, Industry, Region
from enterprises.models.security import ApiToken, SecurityEvent

__all__ = [
    "ApiToken",
    "BankBranch",
    "BankProfile",
    "ChainBank",
    "ChainSegment",
    "EnterpriseProfile",
    "IndustrialChain",
    "Industry",
    "Invitation",
    "Membership",
    "Organization",
    "ProviderProfile",
    "Region",
    "SecurityEvent",
    "TalentProfile",
    "User",
    "WhitelistBatch",
    "WhitelistEntry",
]
