"""WHAT and HOW WELL: runs, matches and their history, notifications; one module per domain."""

from matching.models.core import (
    OPEN_STATUSES,
    DeclineReason,
    Domain,
    Match,
    MatchRun,
    MatchStatus,
    MatchTransition,
    Notification,
)
from matching.models.events import (
    EventPreference,
    EventRegistration,
    EventRole,
    MatchmakingEvent,
    Meeting,
    PlatformEvent,
    PlatformEventSignup,
)
from matching.models.financing import (
    Collateral,
    Consent,
    DataAccessLog,
    FinancingProduct,
    FinancingRequest,
    ProductType,
    Purpose,
    Urgency,
)
from matching.models.policies import Policy, PolicyEligibility
from matching.models.services import ServiceCategory, ServiceOffering, ServiceRequest
from matching.models.supply import Distance, ProductCategory, SourcingNeed, SupplyCapability
from matching.models.talent import JobPosting, TalentBlock

__all__ = [
    "OPEN_STATUSES",
    "Collateral",
    "Consent",
    "DataAccessLog",
    "DeclineReason",
    "Distance",
    "Domain",
    "EventPreference",
    "EventRegistration",
    "EventRole",
    "FinancingProduct",
    "FinancingRequest",
    "JobPosting",
    "Match",
    "MatchRun",
    "MatchStatus",
    "MatchTransition",
    "MatchmakingEvent",
    "Meeting",
    "Notification",
    "PlatformEvent",
    "PlatformEventSignup",
    "Policy",
    "PolicyEligibility",
    "ProductCategory",
    "ProductType",
    "Purpose",
    "ServiceCategory",
    "ServiceOffering",
    "ServiceRequest",
    "SourcingNeed",
    "SupplyCapability",
    "TalentBlock",
    "Urgency",
]
