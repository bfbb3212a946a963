"""Back-office API for policies (operators): create and edit with rules as data, publish,
withdraw, and the firms that confirmed they want to apply."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.permissions import OperatorAPIView
from matching.policies import selectors as sel
from matching.policies import services as svc
from matching.policies.serializers import ConfirmationSerializer, OperatorPolicySerializer, PolicyInputSerializer


def _out(pk: int) -> dict:
    return OperatorPolicySerializer(sel.policy_for_operator(pk)).data


class PolicyListCreateAPI(OperatorAPIView, generics.ListAPIView):
    """Every policy (drafts too) with notified / confirmed counts; POST creates a draft."""

    serializer_class = OperatorPolicySerializer

    def get_queryset(self):
        return sel.policies_for_operator()

    @extend_schema(request=PolicyInputSerializer, responses={201: OperatorPolicySerializer})
    def post(self, request: Request) -> Response:
        data = PolicyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        policy = svc.policy_create(actor=request.user, data=dict(data.validated_data))
        return Response(_out(policy.pk), status=status.HTTP_201_CREATED)


class PolicyDetailAPI(OperatorAPIView):
    """One policy; PATCH edits it (a published policy whose rules change notifies new firms)."""

    @extend_schema(responses=OperatorPolicySerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(_out(pk))

    @extend_schema(request=PolicyInputSerializer, responses=OperatorPolicySerializer)
    def patch(self, request: Request, pk: int) -> Response:
        data = PolicyInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        svc.policy_update(actor=request.user, policy_id=pk, data=dict(data.validated_data))
        return Response(_out(pk))


class PolicyPublishAPI(OperatorAPIView):
    """Publish: qualifying firms are told once. 409 if already published."""

    @extend_schema(request=None, responses=OperatorPolicySerializer)
    def post(self, request: Request, pk: int) -> Response:
        svc.policy_publish(actor=request.user, policy_id=pk)
        return Response(_out(pk))


class PolicyWithdrawAPI(OperatorAPIView):
    """Withdraw a published policy. 409 otherwise."""

    @extend_schema(request=None, responses=OperatorPolicySerializer)
    def post(self, request: Request, pk: int) -> Response:
        svc.policy_withdraw(actor=request.user, policy_id=pk)
        return Response(_out(pk))


class ConfirmationListAPI(OperatorAPIView, generics.ListAPIView):
    """Firms that confirmed they want to apply for the policy, latest first."""

    serializer_class = ConfirmationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return sel.confirmations(policy_id=0)
        sel.policy_for_operator(self.kwargs["pk"])
        return sel.confirmations(policy_id=self.kwargs["pk"])


urlpatterns = [
    path("policies/", PolicyListCreateAPI.as_view(), name="api-bo-policies"),
    path("policies/<int:pk>/", PolicyDetailAPI.as_view(), name="api-bo-policy"),
    path("policies/<int:pk>/publish/", PolicyPublishAPI.as_view(), name="api-bo-policy-publish"),
    path("policies/<int:pk>/withdraw/", PolicyWithdrawAPI.as_view(), name="api-bo-policy-withdraw"),
    path("policies/<int:pk>/confirmations/", ConfirmationListAPI.as_view(), name="api-bo-policy-confirmations"),
]
