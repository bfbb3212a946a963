"""API v1 views that span domains: the public figures."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView
from matching.portal.selectors import public_figures


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


class PublicStatsAPI(BaseAPIView):
    """Platform totals shown on the home page (parties and financing)."""

    tenant_scoped = False
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses=PublicStatsSerializer)
    def get(self, request: Request) -> Response:
        figures = public_figures()  # cached for a minute
        return Response(PublicStatsSerializer({**figures["counts"], **figures["finance"]}).data)


urlpatterns = [
    path("stats/public/", PublicStatsAPI.as_view(), name="api-stats-public"),
]
