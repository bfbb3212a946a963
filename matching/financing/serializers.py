"""API serializers of 找资金 (field names per shared/API.md)."""

from __future__ import annotations

from rest_framework import serializers

from enterprises.models.profiles import CreditRating, SpecializedLevel
from matching.engine.serializers import MatchSerializer
from matching.financing.models import (
    Collateral,
    Consent,
    FinancingProduct,
    FinancingRequest,
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
