"""API v1 of the supply-chain domain: categories, capabilities, sourcing needs, interest."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, PublicListAPIView, ScopedListAPIView
from matching import selectors
from matching import serializers_supply as s
from matching.serializers import MatchSerializer
from matching.services import supply


class CategoryListAPI(PublicListAPIView):
    """Product categories: GB/T 4754 divisions and the finer categories of the key chains."""

    serializer_class = s.CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.product_categories()


class CapabilityListAPI(ScopedListAPIView):
    """The enterprise's own capabilities (what it makes); POST publishes one (verified firms)."""

    selector = selectors.capabilities_for_viewer
    serializer_class = s.CapabilitySerializer

    @extend_schema(request=s.CapabilityInputSerializer, responses={201: s.CapabilitySerializer})
    def post(self, request: Request) -> Response:
        data = s.CapabilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cap = supply.capability_save(actor=request.user, data=dict(data.validated_data))
        return Response(s.CapabilitySerializer(cap).data, status=status.HTTP_201_CREATED)


class CapabilityDetailAPI(BaseAPIView):
    """One of the enterprise's own capabilities (another firm's answers 404)."""

    selector = selectors.capabilities_for_viewer
    serializer_class = s.CapabilitySerializer

    def get(self, request: Request, pk: int) -> Response:
        cap = self.get_queryset().filter(pk=pk).first()
        if cap is None:
            raise Http404
        return Response(s.CapabilitySerializer(cap).data)

    @extend_schema(request=s.CapabilityInputSerializer, responses=s.CapabilitySerializer)
    def patch(self, request: Request, pk: int) -> Response:
        data = s.CapabilityInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        cap = supply.capability_save(actor=request.user, data=dict(data.validated_data), capability_id=pk)
        return Response(s.CapabilitySerializer(cap).data)


class NeedListAPI(ScopedListAPIView):
    """The enterprise's own sourcing needs; POST posts one (verified firms)."""

    selector = selectors.sourcing_needs_for_viewer
    serializer_class = s.NeedSerializer

    @extend_schema(request=s.NeedInputSerializer, responses={201: s.NeedSerializer})
    def post(self, request: Request) -> Response:
        data = s.NeedInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        need = supply.need_save(actor=request.user, data=dict(data.validated_data))
        return Response(s.NeedSerializer(need).data, status=status.HTTP_201_CREATED)


class NeedDetailAPI(BaseAPIView):
    """One of the enterprise's own sourcing needs; PATCH edits it."""

    selector = selectors.sourcing_needs_for_viewer
    serializer_class = s.NeedSerializer

    def get(self, request: Request, pk: int) -> Response:
        need = self.get_queryset().filter(pk=pk).first()
        if need is None:
            raise Http404
        return Response(s.NeedSerializer(need).data)

    @extend_schema(request=s.NeedInputSerializer, responses=s.NeedSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        data = s.NeedInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        need = supply.need_save(actor=request.user, data=dict(data.validated_data), need_id=pk)
        return Response(s.NeedSerializer(need).data)


class NeedCloseAPI(BaseAPIView):
    """Close a sourcing need; its open suggestions are retired."""

    selector = selectors.sourcing_needs_for_viewer

    @extend_schema(request=None, responses=s.NeedSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return Response(s.NeedSerializer(supply.need_close(actor=request.user, need_id=pk)).data)


class MatchInterestAPI(BaseAPIView):
    """Either side of a supply match says it is interested; contacts open when both have."""

    selector = selectors.matches_for_viewer

    @extend_schema(request=None, responses=MatchSerializer)
    def post(self, request: Request, pk: int) -> Response:
        selectors.match_get(viewer=request.user, match_id=pk)
        match = supply.match_interest(actor=request.user, match_id=pk)
        return Response(MatchSerializer(match, context={"viewer": request.user}).data)


urlpatterns = [
    path("supply/categories/", CategoryListAPI.as_view(), name="api-supply-categories"),
    path("supply/capabilities/", CapabilityListAPI.as_view(), name="api-capabilities"),
    path("supply/capabilities/<int:pk>/", CapabilityDetailAPI.as_view(), name="api-capability-detail"),
    path("supply/needs/", NeedListAPI.as_view(), name="api-sourcing-needs"),
    path("supply/needs/<int:pk>/", NeedDetailAPI.as_view(), name="api-sourcing-need-detail"),
    path("supply/needs/<int:pk>/close/", NeedCloseAPI.as_view(), name="api-sourcing-need-close"),
    path("matches/<int:pk>/interest/", MatchInterestAPI.as_view(), name="api-match-interest"),
]
