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
from matching.models.events import EventPreference, EventRegistration, EventRole, MatchmakingEvent, Meeting
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
from matching.models.supply import Distance, ProductCategory, SourcingNeed, SupplyCapability

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
    "Match",
    "MatchRun",
    "MatchStatus",
    "MatchTransition",
    "MatchmakingEvent",
    "Meeting",
    "Notification",
    "ProductCategory",
    "ProductType",
    "Purpose",
    "SourcingNeed",
    "SupplyCapability",
    "Urgency",
]
