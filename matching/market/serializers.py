"""API serializers of services and institutions (找服务、找机构)."""

from __future__ import annotations

from rest_framework import serializers

from enterprises.models import Organization
from matching.market.models import ServiceCategory, ServiceOffering, ServiceRequest


class OfferingSerializer(serializers.ModelSerializer):
    provider = serializers.IntegerField(source="provider_id", read_only=True)
    match_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = ServiceOffering
        fields = ["id", "provider", "category", "title", "description", "price_min", "price_max", "regions",
                  "response_days", "active", "match_count", "created_at", "updated_at"]
        read_only_fields = fields


class OfferingInputSerializer(serializers.Serializer):
    """Type checks only; ranges, known regions and ownership are the service's (Chinese messages)."""

    category = serializers.CharField(max_length=16)
    title = serializers.CharField(max_length=128)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    price_min = serializers.IntegerField(required=False, allow_null=True, min_value=-1, max_value=2_000_000_000)
    price_max = serializers.IntegerField(required=False, allow_null=True, min_value=-1, max_value=2_000_000_000)
    regions = serializers.ListField(child=serializers.CharField(max_length=6), required=False, max_length=500)
    response_days = serializers.IntegerField(required=False, min_value=-1000, max_value=1000)
    active = serializers.BooleanField(required=False)


class ServiceRequestSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    match_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = ServiceRequest
        fields = ["id", "enterprise", "category", "title", "description", "budget_max", "needed_by", "status",
                  "match_count", "created_at", "updated_at"]
        read_only_fields = fields


class ServiceRequestInputSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=16)
    title = serializers.CharField(max_length=128)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    budget_max = serializers.IntegerField(required=False, allow_null=True, min_value=-2_000_000_000,
                                          max_value=2_000_000_000)
    needed_by = serializers.DateField(required=False, allow_null=True)


class DirectoryOfferingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceOffering
        fields = ["id", "category", "title", "description", "price_min", "price_max", "regions", "response_days"]
        read_only_fields = fields


class DirectoryProviderSerializer(serializers.ModelSerializer):
    """A verified institution in 找机构 with its active services (prefetched by the selector)."""

    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    city = serializers.SerializerMethodField()
    category = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    offerings = DirectoryOfferingSerializer(source="active_offerings", many=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "region", "region_name", "city", "address", "category", "description", "offerings"]
        read_only_fields = fields

    def get_city(self, org: Organization) -> str:
        region = org.region
        return region.parent.name if region.level == "county" and region.parent_id else region.name

    def get_category(self, org: Organization) -> str:
        profile = getattr(org, "provider_profile", None)
        return profile.category if profile else ServiceCategory.OTHER

    def get_description(self, org: Organization) -> str:
        profile = getattr(org, "provider_profile", None)
        return profile.description if profile else ""
