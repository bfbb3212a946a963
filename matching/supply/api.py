"""API v1 of the supply-chain domain: categories, capabilities, sourcing needs, interest."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, OwnDetailAPIView, OwnListAPIView, PublicListAPIView
from matching.engine import selectors as engine_selectors
from matching.engine.api import match_context
from matching.engine.serializers import MatchSerializer
from matching.supply import selectors
from matching.supply import serializers as s
from matching.supply import services as supply


@extend_schema(parameters=[s.CategoryQuerySerializer])
class CategoryListAPI(PublicListAPIView):
    """The product taxonomy, paginated: GB/T 4754-2017 manufacturing divisions, groups and classes,
    and the chains' product groups filed under their class; ``?q=`` searches codes and Chinese
    names, ``?level=division|group|class|product``."""

    serializer_class = s.CategorySerializer

    def get_queryset(self):
        query = s.CategoryQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.product_categories(**query.validated_data)


@extend_schema_view(post=extend_schema(request=s.CapabilityInputSerializer, responses={201: s.CapabilitySerializer}))
class CapabilityListAPI(OwnListAPIView):
    """The enterprise's own capabilities (what it makes); POST publishes one (verified firms)."""

    selector = selectors.capabilities_for_viewer
    serializer_class = s.CapabilitySerializer
    input_serializer = s.CapabilityInputSerializer
    save = staticmethod(supply.capability_save)


@extend_schema_view(patch=extend_schema(request=s.CapabilityInputSerializer, responses=s.CapabilitySerializer))
class CapabilityDetailAPI(OwnDetailAPIView):
    """One of the enterprise's own capabilities; PATCH edits it and rematches."""

    owner_check_first = False

    selector = selectors.capabilities_for_viewer
    serializer_class = s.CapabilitySerializer
    input_serializer = s.CapabilityInputSerializer
    save = staticmethod(supply.capability_save)
    id_argument = "capability_id"


@extend_schema_view(post=extend_schema(request=s.NeedInputSerializer, responses={201: s.NeedSerializer}))
class NeedListAPI(OwnListAPIView):
    """The enterprise's own sourcing needs; POST posts one (verified firms)."""

    selector = selectors.sourcing_needs_for_viewer
    serializer_class = s.NeedSerializer
    input_serializer = s.NeedInputSerializer
    save = staticmethod(supply.need_save)


@extend_schema_view(patch=extend_schema(request=s.NeedInputSerializer, responses=s.NeedSerializer))
class NeedDetailAPI(OwnDetailAPIView):
    """One of the enterprise's own sourcing needs; PATCH edits it and rematches."""

    owner_check_first = False

    selector = selectors.sourcing_needs_for_viewer
    serializer_class = s.NeedSerializer
    input_serializer = s.NeedInputSerializer
    save = staticmethod(supply.need_save)
    id_argument = "need_id"


class NeedCloseAPI(BaseAPIView):
    """Close a sourcing need; its open suggestions are retired."""

    selector = selectors.sourcing_needs_for_viewer

    @extend_schema(request=None, responses=s.NeedSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return Response(s.NeedSerializer(supply.need_close(actor=request.user, need_id=pk)).data)


class MatchInterestAPI(BaseAPIView):
    """Either side of a supply match says it is interested; contacts open when both have."""

    selector = engine_selectors.matches_for_viewer

    @extend_schema(request=None, responses=MatchSerializer)
    def post(self, request: Request, pk: int) -> Response:
        engine_selectors.match_get(viewer=request.user, match_id=pk)
        match = supply.match_interest(actor=request.user, match_id=pk)
        return Response(MatchSerializer(match, context=match_context(request, [match])).data)


urlpatterns = [
    path("supply/categories/", CategoryListAPI.as_view(), name="api-supply-categories"),
    path("supply/capabilities/", CapabilityListAPI.as_view(), name="api-capabilities"),
    path("supply/capabilities/<int:pk>/", CapabilityDetailAPI.as_view(), name="api-capability-detail"),
    path("supply/needs/", NeedListAPI.as_view(), name="api-sourcing-needs"),
    path("supply/needs/<int:pk>/", NeedDetailAPI.as_view(), name="api-sourcing-need-detail"),
    path("supply/needs/<int:pk>/close/", NeedCloseAPI.as_view(), name="api-sourcing-need-close"),
    path("matches/<int:pk>/interest/", MatchInterestAPI.as_view(), name="api-match-interest"),
]
