"""Serializers of the policies API (找政策)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matching.policies.models import Policy, PolicyEligibility
from matching.policies.selectors import rule_lines

PUBLIC_FIELDS = ["id", "title", "issuer", "document_number", "summary", "link", "benefit", "benefit_amount",
                 "valid_from", "valid_until", "rules", "rule_lines", "published_at"]


class PolicySerializer(serializers.ModelSerializer):
    """A published policy as anyone sees it; ``rule_lines`` are the conditions in Chinese."""

    rules = serializers.JSONField(read_only=True)
    rule_lines = serializers.SerializerMethodField()
    link = serializers.CharField(read_only=True, help_text="原文链接（可为空）")

    class Meta:
        model = Policy
        fields = PUBLIC_FIELDS
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_rule_lines(self, policy: Policy) -> list[str]:
        return [str(line) for line in rule_lines(policy.rules)]


class PolicyDetailSerializer(PolicySerializer):
    class Meta(PolicySerializer.Meta):
        fields = [*PUBLIC_FIELDS, "body"]
        read_only_fields = fields


class EligibleSerializer(serializers.Serializer):
    """One policy and how the caller's firm stands against it."""

    policy = PolicySerializer()
    eligible = serializers.BooleanField()
    met = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    confirmed_at = serializers.DateTimeField(allow_null=True)


class ConfirmationSerializer(serializers.ModelSerializer):
    policy = serializers.IntegerField(source="policy_id", read_only=True)
    organization = serializers.IntegerField(source="organization_id", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    region = serializers.CharField(source="organization.region_id", read_only=True)
    confirmed_by = serializers.CharField(source="confirmed_by.username", read_only=True, default=None)

    class Meta:
        model = PolicyEligibility
        fields = ["id", "policy", "organization", "organization_name", "region", "notified_at", "confirmed_at",
                  "confirmed_by"]
        read_only_fields = fields


class PolicyInputSerializer(serializers.Serializer):
    """Operators' input; ``rules`` is the JSON of conditions (validated by the service)."""

    title = serializers.CharField(max_length=200)
    issuer = serializers.CharField(max_length=128)
    document_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    summary = serializers.CharField()
    body = serializers.CharField(required=False, allow_blank=True)
    link = serializers.URLField(required=False, allow_blank=True)
    benefit = serializers.CharField(max_length=255)
    benefit_amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    rules = serializers.JSONField(required=False, help_text="申报条件，如 {\"regions\": [\"430100\"], "
                                                            "\"revenue_min\": 2000}")


class OperatorPolicySerializer(PolicyDetailSerializer):
    """A policy as operators see it: status and counts."""

    status = serializers.CharField(read_only=True, help_text="draft | published | withdrawn")
    notified = serializers.IntegerField(read_only=True, default=None)
    confirmed = serializers.IntegerField(read_only=True, default=None)

    class Meta(PolicyDetailSerializer.Meta):
        fields = [*PUBLIC_FIELDS, "body", "status", "created_at", "updated_at", "notified", "confirmed"]
        read_only_fields = fields


def eligible_data(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return EligibleSerializer(items, many=True).data
