"""API serializers of the supply-chain domain (field names per the supply-chain issue)."""

from __future__ import annotations

from django.utils.translation import get_language
from rest_framework import serializers

from enterprises.models.profiles import Certification
from matching.supply.models import Distance, ProductCategory, SourcingNeed, SupplyCapability


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    name_zh = serializers.CharField(source="name")
    parent = serializers.CharField(source="parent_id", allow_null=True)
    chain = serializers.IntegerField(source="chain_id", allow_null=True)

    class Meta:
        model = ProductCategory
        fields = ["code", "name", "name_zh", "parent", "level", "chain"]

    def get_name(self, category: ProductCategory) -> str:
        """The name in the reader's language (Chinese where no English name is recorded yet)."""
        return category.name_en if category.name_en and (get_language() or "zh-hans").startswith("en") \
            else category.name


class CategoryQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=64)
    level = serializers.ChoiceField(choices=ProductCategory.Level.choices, required=False, allow_blank=True)


class CapabilitySerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    category = serializers.CharField(source="category_id")

    class Meta:
        model = SupplyCapability
        fields = ["id", "enterprise", "category", "title", "description", "materials", "processes", "specs",
                  "certifications", "capacity_per_month", "unit", "lead_time_days", "regions_served", "sample_ability",
                  "active", "created_at", "updated_at"]
        read_only_fields = fields


class CapabilityInputSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=128)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    materials = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=10)
    processes = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=10)
    specs = serializers.ListField(child=serializers.CharField(max_length=48), required=False, max_length=10)
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
        fields = ["id", "enterprise", "category", "title", "description", "materials", "processes", "specs",
                  "quantity", "unit",
                  "required_certifications", "needed_by", "max_distance", "budget_min", "budget_max", "status",
                  "match_count", "created_at", "updated_at"]
        read_only_fields = fields


class NeedInputSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=128)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    materials = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=10)
    processes = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=10)
    specs = serializers.ListField(child=serializers.CharField(max_length=48), required=False, max_length=10)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=16)
    required_certifications = serializers.ListField(child=serializers.ChoiceField(choices=Certification.choices),
                                                    required=False, max_length=20)
    needed_by = serializers.DateField(required=False, allow_null=True)
    max_distance = serializers.ChoiceField(choices=Distance.choices, required=False)
    budget_min = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    budget_max = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
