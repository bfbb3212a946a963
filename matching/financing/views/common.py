"""Labels and clocks of the financing pages: rate ranges, collateral, anonymized summaries, the
bank's answer clock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from enterprises.models.profiles import SizeClass, SpecializedLevel
from matching.common.formatting import money, rate
from matching.common.views import label, listing
from matching.engine.models import MatchStatus
from matching.financing.models import Collateral, Purpose, Urgency


def rate_range(low: Decimal, high: Decimal) -> str:
    return rate(low) if low == high else f"{rate(low)}–{rate(high)}"


def collateral_labels(codes: list[str]) -> list[str]:
    return [label(Collateral, c) for c in codes or []]


def summary_view(summary: dict[str, Any]) -> dict[str, Any]:
    """An anonymized request summary (``selectors.anonymized_summaries``) with display labels."""
    level = summary.get("specialized_level") or SpecializedLevel.NONE
    return {
        **summary,
        "amount_text": money(summary.get("amount")),
        "size_label": label(SizeClass, summary.get("size_class", "")),
        "specialized_label": label(SpecializedLevel, level) if level != SpecializedLevel.NONE else "",
        "purpose_label": label(Purpose, summary.get("purpose", "")),
        "urgency_label": label(Urgency, summary.get("urgency", "")),
        "collateral_text": listing(collateral_labels(summary.get("collateral") or [])),
        "max_rate_text": rate(summary["max_rate"]) if summary.get("max_rate") else "",
    }


def clock(match: Any) -> dict[str, Any]:
    """The bank's answer clock for a match: deadline, overdue, escalated."""
    open_interest = match.status == MatchStatus.INTERESTED
    return {
        "due_at": match.due_at if open_interest else None,
        "overdue": bool(open_interest and match.due_at and match.due_at < timezone.now()),
        "escalated": bool(open_interest and match.escalated_at),
    }
