"""API v1 of policies (找政策): public search and detail, a firm's eligible policies and near
misses, confirming interest. Operators' endpoints are in backoffice/apis/policies.py."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, PublicListAPIView
from matching.policies import selectors as sel
from matching.policies import services as svc
from matching.policies.serializers import (
    ConfirmationSerializer,
    EligibleSerializer,
    PolicyDetailSerializer,
    PolicySerializer,
)


class PolicyListAPI(PublicListAPIView):
    """Published policies, searchable: ``q`` (keywords, jieba-segmented), ``issuer``, ``chain``
    (slug: policies open to that chain), ``region`` (adcode: policies open to that region)."""

    serializer_class = PolicySerializer

    @extend_schema(parameters=[OpenApiParameter(name, str, required=False) for name in ("q", "issuer", "chain",
                                                                                          "region")])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        return sel.policies_public(q=p.get("q", ""), issuer=p.get("issuer", ""), chain=p.get("chain", ""),
                                   region=p.get("region", ""))


class PolicyDetailAPI(BaseAPIView):
    """One published policy (drafts and withdrawn ones answer 404)."""

    tenant_scoped = False
    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(responses=PolicyDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(PolicyDetailSerializer(sel.policy_public_get(pk)).data)


class EligibleAPI(BaseAPIView):
    """The caller's firm: open policies it qualifies for (with each rule it meets), then near
    misses (with what it lacks). Enterprise members only."""

    object_selector = sel.viewer_enterprise

    @extend_schema(responses=EligibleSerializer(many=True))
    def get(self, request: Request) -> Response:
        self.get_object()
        return Response(EligibleSerializer(sel.eligible_for_viewer(viewer=request.user), many=True).data)


class ConfirmAPI(BaseAPIView):
    """The caller's firm confirms it wants to apply (idempotent); 409 when it does not qualify now."""

    object_selector = sel.viewer_enterprise

    @extend_schema(request=None, responses=ConfirmationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        self.get_object()
        row = svc.policy_confirm(actor=request.user, policy_id=pk)
        row = sel.confirmations(policy_id=pk).get(pk=row.pk)
        return Response(ConfirmationSerializer(row).data)


urlpatterns = [
    path("policies/", PolicyListAPI.as_view(), name="api-policies"),
    path("policies/eligible/", EligibleAPI.as_view(), name="api-policies-eligible"),
    path("policies/<int:pk>/", PolicyDetailAPI.as_view(), name="api-policy-detail"),
    path("policies/<int:pk>/confirm/", ConfirmAPI.as_view(), name="api-policy-confirm"),
]
