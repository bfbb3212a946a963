"""API serializers of the matching app (field names per shared/API.md)."""

from __future__ import annotations

from rest_framework import serializers

from enterprises.models.profiles import CreditRating, SpecializedLevel
from matching.models import (
    Collateral,
    Consent,
    DeclineReason,
    FinancingProduct,
    FinancingRequest,
    Match,
    MatchStatus,
    Notification,
    ProductType,
    Purpose,
    Urgency,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 5, "decimal_places": 2}


class ProductSerializer(serializers.ModelSerializer):
    bank = serializers.IntegerField(source="bank_id", read_only=True)
    bank_name = serializers.CharField(source="bank.name", read_only=True)
    min_credit_rating = serializers.ChoiceField(choices=CreditRating.choices, allow_blank=True, read_only=True)

    class Meta:
        model = FinancingProduct
        fields = ["id", "bank", "bank_name", "name", "type", "description", "amount_min", "amount_max", "term_min",
                  "term_max", "rate_min", "rate_max", "collateral", "regions", "chains", "industries",
                  "whitelist_only", "min_specialized_level", "min_credit_rating", "min_years", "min_revenue",
                  "approval_days", "active", "created_at", "updated_at"]
        read_only_fields = fields


class ProductInputSerializer(serializers.Serializer):
    """Type checks only; ranges and ownership are the service's business (Chinese messages)."""

    name = serializers.CharField(max_length=128)
    type = serializers.ChoiceField(choices=ProductType.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    amount_min = serializers.DecimalField(**MONEY)
    amount_max = serializers.DecimalField(**MONEY)
    term_min = serializers.IntegerField(min_value=0, max_value=10_000)
    term_max = serializers.IntegerField(min_value=0, max_value=10_000)
    rate_min = serializers.DecimalField(**RATE)
    rate_max = serializers.DecimalField(**RATE)
    collateral = serializers.ListField(child=serializers.ChoiceField(choices=Collateral.choices), required=False,
                                       max_length=10)
    regions = serializers.ListField(child=serializers.CharField(max_length=6), required=False, max_length=500)
    chains = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=100)
    industries = serializers.ListField(child=serializers.CharField(max_length=5), required=False, max_length=200)
    whitelist_only = serializers.BooleanField(required=False)
    min_specialized_level = serializers.ChoiceField(choices=SpecializedLevel.choices, required=False)
    min_credit_rating = serializers.ChoiceField(choices=CreditRating.choices, required=False, allow_blank=True)
    min_years = serializers.IntegerField(min_value=0, max_value=200, required=False)
    min_revenue = serializers.DecimalField(max_digits=16, decimal_places=2, required=False)
    approval_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    active = serializers.BooleanField(required=False)


class RequestSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    match_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = FinancingRequest
        fields = ["id", "enterprise", "amount", "term", "purpose", "purpose_detail", "collateral", "max_rate",
                  "urgency", "status", "granted_amount", "match_count", "created_at", "updated_at"]
        read_only_fields = fields


class RequestInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    term = serializers.IntegerField(min_value=-10_000, max_value=10_000)
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    purpose_detail = serializers.CharField(required=False, allow_blank=True, max_length=500)
    collateral = serializers.ListField(child=serializers.ChoiceField(choices=Collateral.choices), required=False,
                                       max_length=10)
    max_rate = serializers.DecimalField(**RATE, required=False, allow_null=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)


class MatchSerializer(serializers.ModelSerializer):
    need = serializers.IntegerField(source="need_id")
    offer = serializers.IntegerField(source="offer_id")
    offer_name = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    employer_score = serializers.SerializerMethodField()
    talent_score = serializers.SerializerMethodField()
    talent = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField()
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Match
        fields = ["id", "domain", "need", "offer", "offer_name", "contact", "score", "employer_score", "talent_score",
                  "talent", "job", "breakdown", "explanation", "rank",
                  "status", "lead_bank", "interested_at", "offer_interested_at", "outcome", "decline_reason",
                  "decline_note", "due_at", "responded_at", "escalated_at", "retired_at", "retired_reason",
                  "engine_version", "created_at", "updated_at"]
        read_only_fields = fields

    def get_contact(self, match: Match) -> dict | None:
        """Supply matches: the other side's contact once both sides are interested, else null."""
        from enterprises.permissions import membership_of
        from matching.services.supply import contact_for

        viewer = self.context.get("viewer")
        if match.domain == "talent":  # the talent's name and contact, only once it accepted or applied
            card = self.context.get("talent_cards", {}).get(match.pk) or {}
            return card.get("identity") if viewer is not None and match.offer_user_id != viewer.pk else None
        membership = membership_of(viewer) if viewer is not None else None
        if match.domain == "services":  # the provider's contact; the enterprise's only after its interest
            from matching.services.service_market import contact_for as service_contact

            return service_contact(match, viewer_org_id=membership.organization_id if membership else None)
        return contact_for(match, viewer_org_id=membership.organization_id if membership else None)

    def get_employer_score(self, match: Match) -> float | None:
        """Talent matches: the enterprise's side of the reciprocal score (0–100)."""
        return match.breakdown.get("employer_score") if match.domain == "talent" else None

    def get_talent_score(self, match: Match) -> float | None:
        """Talent matches: the talent's side of the reciprocal score (0–100)."""
        return match.breakdown.get("talent_score") if match.domain == "talent" else None

    def get_talent(self, match: Match) -> dict | None:
        """Talent matches: the talent card (anonymized for the enterprise until acceptance or application)."""
        return self.context.get("talent_cards", {}).get(match.pk) if match.domain == "talent" else None

    def get_job(self, match: Match) -> dict | None:
        """Talent matches: the job posting (title, enterprise, city, salary range)."""
        return self.context.get("jobs", {}).get(match.need_id) if match.domain == "talent" else None

    def get_offer_name(self, match: Match) -> str:
        names = self.context.get("offer_names", {})
        return names.get((match.domain, match.offer_id), "")


class TransitionInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=MatchStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, required=False, allow_blank=True,
                                             default="")
    outcome = serializers.DictField(required=False, default=dict)


class QueueItemSerializer(serializers.Serializer):
    """A bank queue row: the match and an anonymized summary of the request."""

    match = MatchSerializer()
    request = serializers.DictField()
    consented = serializers.BooleanField()


class ConsentSerializer(serializers.ModelSerializer):
    bank_name = serializers.CharField(source="bank.name", read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "request", "bank", "bank_name", "granted_at", "withdrawn_at"]
        read_only_fields = ["id", "bank_name", "granted_at", "withdrawn_at"]


class ConsentInputSerializer(serializers.Serializer):
    request = serializers.IntegerField()
    bank = serializers.IntegerField()


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "read_at", "created_at"]
        read_only_fields = fields


class PublicStatsSerializer(serializers.Serializer):
    enterprises = serializers.IntegerField()
    banks = serializers.IntegerField()
    providers = serializers.IntegerField()
    talents = serializers.IntegerField()
    chains = serializers.IntegerField()
    requests = serializers.IntegerField()
    requested_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    matched_requests = serializers.IntegerField()
    funded_requests = serializers.IntegerField()
    granted_amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    matches = serializers.IntegerField()
