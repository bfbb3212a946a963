"""API v1 views of the parties app (thin: validate, call one service/selector, serialize)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from config.api import BaseAPIView, PublicListAPIView, ScopedListAPIView, ViewerObjectAPIView
from enterprises import selectors, services
from enterprises import serializers as s
from enterprises.apis_security import AuthTokenAPI  # noqa: F401  (the token exchange lives with the tokens)
from enterprises.models import User
from enterprises.permissions import membership_of


def _flatten_org_errors(exc: Any) -> None:
    """Registration errors on ``organization.x`` are reported as field ``x`` (shared/API.md)."""
    if hasattr(exc, "error_dict"):
        exc.error_dict = {key.removeprefix("organization."): value for key, value in exc.error_dict.items()}


class RegisterAPI(BaseAPIView):
    """Register an enterprise, bank, provider (with its organization, ``pending``) or a talent."""

    tenant_scoped = False
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=s.RegisterInputSerializer, responses={201: s.MeSerializer})
    def post(self, request: Request) -> Response:
        data = s.RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = services.account_register(**data.validated_data)
        except Exception as exc:
            _flatten_org_errors(exc)
            raise
        return Response(
            s.MeSerializer(user, context={"membership": membership_of(user)}).data, status=status.HTTP_201_CREATED
        )


class MeAPI(BaseAPIView):
    """The signed-in user, their kind, organization and role, and its verification state."""

    tenant_scoped = False  # only ever the caller's own account

    @extend_schema(responses=s.MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(s.MeSerializer(request.user, context={"membership": membership_of(request.user)}).data)

    @extend_schema(request=s.MePatchSerializer, responses=s.MeSerializer)
    def patch(self, request: Request) -> Response:
        data = s.MePatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = request.user
        for field, value in data.validated_data.items():
            setattr(user, field, value)
        user.save(update_fields=[*data.validated_data.keys()] or None)
        return self.get(request)


class OrganizationMeAPI(ViewerObjectAPIView):
    """The caller's organization."""

    object_selector = selectors.own_organization
    serializer_class = s.OrganizationSerializer

    def get(self, request: Request) -> Response:
        return Response(s.OrganizationSerializer(self.get_object()).data)

    @extend_schema(request=s.OrganizationPatchSerializer, responses=s.OrganizationSerializer)
    def patch(self, request: Request) -> Response:
        organization = self.get_object()
        data = s.OrganizationPatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        organization = services.organization_update(organization=organization, actor=request.user,
                                                    data=data.validated_data)
        return Response(s.OrganizationSerializer(organization).data)


class EnterpriseMeAPI(ViewerObjectAPIView):
    """The caller's enterprise profile; ``size_class`` is computed and read-only."""

    object_selector = selectors.enterprise_profile_for_viewer
    serializer_class = s.EnterpriseProfileSerializer

    def get(self, request: Request) -> Response:
        return Response(s.EnterpriseProfileSerializer(self.get_object()).data)

    @extend_schema(request=s.EnterpriseProfilePatchSerializer, responses=s.EnterpriseProfileSerializer)
    def patch(self, request: Request) -> Response:
        profile = self.get_object()
        data = s.EnterpriseProfilePatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        segment_ids = values.pop("chain_segments", None)
        if values.get("industry") == "":
            values["industry"] = None
        services.enterprise_profile_update(profile=profile, data=values, chain_segment_ids=segment_ids)
        profile = selectors.enterprise_profile_for_viewer(viewer=request.user)
        return Response(s.EnterpriseProfileSerializer(profile).data)


class BankMeAPI(ViewerObjectAPIView):
    """The caller's bank profile."""

    object_selector = selectors.bank_profile_for_viewer
    serializer_class = s.BankProfileSerializer

    def get(self, request: Request) -> Response:
        return Response(s.BankProfileSerializer(self.get_object()).data)

    def patch(self, request: Request) -> Response:
        profile = self.get_object()
        data = s.BankProfileSerializer(profile, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.bank_profile_update(profile=profile, data=data.validated_data)
        return Response(s.BankProfileSerializer(profile).data)


class BankBranchListAPI(ScopedListAPIView):
    """Branches of the caller's bank; POST adds one with the regions it covers."""

    selector = selectors.bank_branches
    serializer_class = s.BankBranchSerializer

    @extend_schema(request=s.BankBranchInputSerializer, responses={201: s.BankBranchSerializer})
    def post(self, request: Request) -> Response:
        profile = selectors.bank_profile_for_viewer(viewer=request.user)
        data = s.BankBranchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        coverage = values.pop("coverage", [])
        branch = services.bank_branch_save(profile=profile, data=values, coverage=coverage)
        return Response(s.BankBranchSerializer(branch).data, status=status.HTTP_201_CREATED)


class BankBranchDetailAPI(BaseAPIView):
    """Delete one of the caller's bank branches (404 for any other)."""

    selector = selectors.bank_branches

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        branch = self.get_queryset().filter(pk=pk).first()
        if branch is None:
            from django.http import Http404

            raise Http404
        services.bank_branch_delete(profile=branch.bank, branch_id=branch.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProviderMeAPI(ViewerObjectAPIView):
    """The caller's service-provider profile."""

    object_selector = selectors.provider_profile_for_viewer
    serializer_class = s.ProviderProfileSerializer

    def get(self, request: Request) -> Response:
        return Response(s.ProviderProfileSerializer(self.get_object()).data)

    def patch(self, request: Request) -> Response:
        profile = self.get_object()
        data = s.ProviderProfileSerializer(profile, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.provider_profile_update(profile=profile, data=data.validated_data)
        return Response(s.ProviderProfileSerializer(profile).data)


class TalentMeAPI(ViewerObjectAPIView):
    """The caller's talent profile (talents only)."""

    object_selector = selectors.talent_profile_for_viewer
    serializer_class = s.TalentProfileSerializer

    def get(self, request: Request) -> Response:
        return Response(s.TalentProfileSerializer(self.get_object()).data)

    @extend_schema(request=s.TalentProfilePatchSerializer, responses=s.TalentProfileSerializer)
    def patch(self, request: Request) -> Response:
        profile = self.get_object()
        data = s.TalentProfilePatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cities = values.pop("cities", None)
        services.talent_profile_update(profile=profile, data=values, city_codes=cities)
        return Response(s.TalentProfileSerializer(selectors.talent_profile_for_viewer(viewer=request.user)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request) -> Response:
        """Erase the caller's talent account (PIPL): personal data cleared, the user deactivated."""
        self.get_object()
        services.talent_erase(actor=request.user)
        return Response(status=204)


class MemberListAPI(ScopedListAPIView):
    """Members of the caller's organization; POST (owners) invites a colleague by email."""

    selector = selectors.members_of_own_organization
    serializer_class = s.MemberSerializer

    @extend_schema(
        request=s.InvitationInputSerializer,
        responses={201: inline_serializer("InvitationOut", {"email": serializers.EmailField(),
                                                            "role": serializers.CharField(),
                                                            "expires_at": serializers.DateTimeField()})},
    )
    def post(self, request: Request) -> Response:
        data = s.InvitationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.membership_invite(actor=request.user, **data.validated_data)
        return Response(
            {"email": invitation.email, "role": invitation.role, "expires_at": invitation.expires_at},
            status=status.HTTP_201_CREATED,
        )


class MemberDetailAPI(BaseAPIView):
    """Remove a member of the caller's organization (owners only)."""

    selector = selectors.members_of_own_organization

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        if not self.get_queryset().filter(pk=pk).exists():
            from django.http import Http404

            raise Http404
        services.membership_remove(actor=request.user, membership_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RegionListAPI(PublicListAPIView):
    """GB/T 2260 regions; ``?parent=<adcode>`` lists children, ``?level=`` filters; default provinces."""

    serializer_class = s.RegionSerializer
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("parent", str), OpenApiParameter("level", str)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.regions(parent=self.request.query_params.get("parent"),
                                 level=self.request.query_params.get("level"))


class IndustryListAPI(PublicListAPIView):
    """GB/T 4754-2017 industries; default the manufacturing divisions (大类 13–43)."""

    serializer_class = s.IndustrySerializer
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("parent", str)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.industries(parent=self.request.query_params.get("parent"))


class ChainListAPI(PublicListAPIView):
    """Hunan's industrial chains with their segments and lead bank."""

    serializer_class = s.ChainSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.chains()


class VerificationQueueAPI(ScopedListAPIView):
    """Operators: organizations by verification state (``?verification=pending``), ``?search=``."""

    serializer_class = s.OrganizationSerializer

    @staticmethod
    def selector(*, viewer: User):  # type: ignore[override]
        return selectors.verification_queue(viewer=viewer, status="")

    @extend_schema(parameters=[OpenApiParameter("verification", str), OpenApiParameter("search", str)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        params = self.request.query_params
        return selectors.verification_queue(
            viewer=self.request.user, status=params.get("verification", "pending"), search=params.get("search", "")
        )


class VerifyAPI(BaseAPIView):
    """Operators: approve or reject an organization's registration (reject needs a reason)."""

    tenant_scoped = False  # operators only; checked by the service

    @extend_schema(request=s.VerifyInputSerializer, responses=s.OrganizationSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = s.VerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            organization = services.organization_verify(organization_id=pk, operator=request.user,
                                                        **data.validated_data)
        return Response(s.OrganizationSerializer(organization).data)
