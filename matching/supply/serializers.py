"""API serializers of the supply-chain domain (field names per the supply-chain issue)."""

from __future__ import annotations

from rest_framework import serializers

from enterprises.models.profiles import Certification
from matching.supply.models import Distance, ProductCategory, SourcingNeed, SupplyCapability


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True)
    chain = serializers.IntegerField(source="chain_id", allow_null=True)

    class Meta:
        model = ProductCategory
        fields = ["code", "name", "parent", "chain"]


class CapabilitySerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    category = serializers.CharField(source="category_id")

    class Meta:
        model = SupplyCapability
        fields = ["id", "enterprise", "category", "title", "description", "certifications", "capacity_per_month",
                  "unit", "lead_time_days", "regions_served", "sample_ability", "active", "created_at", "updated_at"]
        read_only_fields = fields


class CapabilityInputSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=128)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    certifications = serializers.ListField(child=serializers.ChoiceField(choices=Certification.choices),
                                           required=False, max_length=20)
    capacity_per_month = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=16)
    lead_time_days = serializers.IntegerField(required=False, allow_null=True, min_value=-10_000, max_value=10_000)
    regions_served = serializers.ListField(child=serializers.CharField(max_length=6), required=False, max_length=500)
    sample_ability = serializers.BooleanField(required=False)
    active = serializers.BooleanField(required=False)


class NeedSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    category = serializers.CharField(source="category_id")
    match_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = SourcingNeed
        fields = ["id", "enterprise", "category", "title", "description", "quantity", "unit",
                  "required_certifications", "needed_by", "max_distance", "budget_min", "budget_max", "status",
                  "match_count", "created_at", "updated_at"]
        read_only_fields = fields


class NeedInputSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=128)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=16)
    required_certifications = serializers.ListField(child=serializers.ChoiceField(choices=Certification.choices),
                                                    required=False, max_length=20)
    needed_by = serializers.DateField(required=False, allow_null=True)
    max_distance = serializers.ChoiceField(choices=Distance.choices, required=False)
    budget_min = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    budget_max = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
