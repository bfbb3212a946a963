"""API v1 of services and institutions (找服务、找机构) and of 找活动.

Matches of the services domain are read and moved through the shared ``/api/v1/matches/``
endpoints (``?domain=services``; ``POST …/{id}/transition/``).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, OwnDetailAPIView, OwnListAPIView, PublicListAPIView
from matching.market import selectors as sel
from matching.market import serializers as s
from matching.market import services as service_market


@extend_schema_view(post=extend_schema(request=s.OfferingInputSerializer, responses={201: s.OfferingSerializer}))
class OfferingListAPI(OwnListAPIView):
    """The provider's own services; POST publishes one (verified institutions)."""

    selector = sel.offerings_for_viewer
    serializer_class = s.OfferingSerializer
    input_serializer = s.OfferingInputSerializer
    save = staticmethod(service_market.offering_save)


@extend_schema_view(patch=extend_schema(request=s.OfferingInputSerializer, responses=s.OfferingSerializer))
class OfferingDetailAPI(OwnDetailAPIView):
    """One of the provider's own services; PATCH edits it and rematches."""

    selector = sel.offerings_for_viewer
    serializer_class = s.OfferingSerializer
    input_serializer = s.OfferingInputSerializer
    save = staticmethod(service_market.offering_save)
    id_argument = "offering_id"


class OfferingDeactivateAPI(BaseAPIView):
    """Take one of the provider's services off the directory; its open suggestions are retired."""

    selector = sel.offerings_for_viewer

    @extend_schema(request=None, responses=s.OfferingSerializer)
    def post(self, request: Request, pk: int) -> Response:
        offering = service_market.offering_deactivate(actor=request.user, offering_id=pk)
        return Response(s.OfferingSerializer(offering).data)


@extend_schema_view(post=extend_schema(request=s.ServiceRequestInputSerializer,
                                       responses={201: s.ServiceRequestSerializer}))
class RequestListAPI(OwnListAPIView):
    """The enterprise's own service requests; POST posts one (verified firms)."""

    selector = sel.service_requests_for_viewer
    serializer_class = s.ServiceRequestSerializer
    input_serializer = s.ServiceRequestInputSerializer
    save = staticmethod(service_market.request_save)


@extend_schema_view(patch=extend_schema(request=s.ServiceRequestInputSerializer, responses=s.ServiceRequestSerializer))
class RequestDetailAPI(OwnDetailAPIView):
    """One of the enterprise's own service requests; PATCH edits it and rematches."""

    selector = sel.service_requests_for_viewer
    serializer_class = s.ServiceRequestSerializer
    input_serializer = s.ServiceRequestInputSerializer
    save = staticmethod(service_market.request_save)
    id_argument = "request_id"


class RequestCloseAPI(BaseAPIView):
    """Close a service request; its open suggestions are retired."""

    selector = sel.service_requests_for_viewer

    @extend_schema(request=None, responses=s.ServiceRequestSerializer)
    def post(self, request: Request, pk: int) -> Response:
        req = service_market.request_close(actor=request.user, request_id=pk)
        return Response(s.ServiceRequestSerializer(req).data)


@extend_schema(parameters=[
    OpenApiParameter("category", str, description="服务类别（law, accounting, testing …）"),
    OpenApiParameter("city", str, description="地级行政区划代码，含其下辖区县"),
    OpenApiParameter("q", str, description="关键词（分词后全部命中）"),
])
class DirectoryAPI(PublicListAPIView):
    """找机构: verified institutions with their active services, for anyone (no account needed)."""

    serializer_class = s.DirectoryProviderSerializer

    def get_queryset(self):
        params = self.request.query_params
        return sel.provider_directory(category=params.get("category", ""), city=params.get("city", ""),
                                      q=params.get("q", ""))


urlpatterns = [
    path("services/offerings/", OfferingListAPI.as_view(), name="api-service-offerings"),
    path("services/offerings/<int:pk>/", OfferingDetailAPI.as_view(), name="api-service-offering-detail"),
    path("services/offerings/<int:pk>/deactivate/", OfferingDeactivateAPI.as_view(),
         name="api-service-offering-deactivate"),
    path("services/requests/", RequestListAPI.as_view(), name="api-service-requests"),
    path("services/requests/<int:pk>/", RequestDetailAPI.as_view(), name="api-service-request-detail"),
    path("services/requests/<int:pk>/close/", RequestCloseAPI.as_view(), name="api-service-request-close"),
    path("services/directory/", DirectoryAPI.as_view(), name="api-service-directory"),
]
