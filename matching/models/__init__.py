"""WHAT and HOW WELL: runs, matches and their history, notifications; one module per domain."""

from matching.engine.models import (
    OPEN_STATUSES,
    DeclineReason,
    Domain,
    Match,
    MatchRun,
    MatchStatus,
    MatchTransition,
    Notification,
)
from matching.events.models import (
    EventPreference,
    EventRegistration,
    EventRole,
    MatchmakingEvent,
    Meeting,
    PlatformEvent,
    PlatformEventSignup,
)
from matching.financing.models import (
    Collateral,
    Consent,
    DataAccessLog,
    FinancingProduct,
    FinancingRequest,
    ProductType,
    Purpose,
    Urgency,
)
from matching.market.models import ServiceCategory, ServiceOffering, ServiceRequest
from matching.policies.models import Policy, PolicyEligibility
from matching.supply.models import Distance, ProductCategory, SourcingNeed, SupplyCapability
from matching.talent.models import JobPosting, TalentBlock

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
