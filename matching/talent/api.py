"""API v1 of the talent domain: job postings, applying, hidden enterprises, data export."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, OwnDetailAPIView, OwnListAPIView, ScopedListAPIView
from enterprises.selectors import talent_profile_for_viewer
from matching.engine import selectors as engine_selectors
from matching.engine.api import match_context
from matching.engine.serializers import MatchSerializer
from matching.talent import selectors as selectors_talent
from matching.talent import serializers as s
from matching.talent import services as talent
from matching.talent.models import TalentBlock


@extend_schema_view(post=extend_schema(request=s.JobInputSerializer, responses={201: s.JobSerializer}))
class JobListAPI(OwnListAPIView):
    """The enterprise's own job postings; POST publishes one (verified enterprises) and matches it."""

    selector = selectors_talent.jobs_for_viewer
    serializer_class = s.JobSerializer
    input_serializer = s.JobInputSerializer
    save = staticmethod(talent.job_save)


@extend_schema_view(patch=extend_schema(request=s.JobInputSerializer, responses=s.JobSerializer))
class JobDetailAPI(OwnDetailAPIView):
    """One of the enterprise's own postings; PATCH edits it (``status: filled|closed`` expires its matches)."""

    owner_check_first = False

    selector = selectors_talent.jobs_for_viewer
    serializer_class = s.JobSerializer
    input_serializer = s.JobInputSerializer
    save = staticmethod(talent.job_save)
    id_argument = "job_id"


class MatchApplyAPI(BaseAPIView):
    """A talent applies to a matched job (after the enterprise's interest: accepts it)."""

    selector = engine_selectors.matches_for_viewer

    @extend_schema(request=None, responses=MatchSerializer)
    def post(self, request: Request, pk: int) -> Response:
        engine_selectors.match_get(viewer=request.user, match_id=pk)
        match = talent.talent_apply(actor=request.user, match_id=pk)
        return Response(MatchSerializer(match, context=match_context(request, [match])).data)


class TalentExportAPI(BaseAPIView):
    """Everything the platform holds about the caller talent (JSON download)."""

    object_selector = talent_profile_for_viewer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        self.get_object()
        response = Response(selectors_talent.talent_export(viewer=request.user))
        response["Content-Disposition"] = 'attachment; filename="qilian-talent-export.json"'
        return response


class BlockListAPI(ScopedListAPIView):
    """The enterprises the caller talent hides from; POST ``{organization}`` hides from one more."""

    selector = selectors_talent.blocks_for_viewer
    serializer_class = s.BlockSerializer
    schema_model = TalentBlock

    @extend_schema(request=s.BlockInputSerializer, responses={201: s.BlockSerializer})
    def post(self, request: Request) -> Response:
        talent_profile_for_viewer(viewer=request.user)
        data = s.BlockInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        block = talent.block_add(actor=request.user, organization_id=data.validated_data["organization"])
        return Response(s.BlockSerializer(block).data, status=status.HTTP_201_CREATED)


class BlockDetailAPI(BaseAPIView):
    """Stop hiding from one enterprise (DELETE, by organization id)."""

    selector = selectors_talent.blocks_for_viewer

    @extend_schema(responses={204: None})
    def delete(self, request: Request, organization_id: int) -> Response:
        talent.block_remove(actor=request.user, organization_id=organization_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("jobs/", JobListAPI.as_view(), name="api-jobs"),
    path("jobs/<int:pk>/", JobDetailAPI.as_view(), name="api-job-detail"),
    path("talent/jobs/", JobListAPI.as_view(), name="api-talent-jobs"),
    path("talent/jobs/<int:pk>/", JobDetailAPI.as_view(), name="api-talent-job-detail"),
    path("matches/<int:pk>/apply/", MatchApplyAPI.as_view(), name="api-match-apply"),
    path("talents/me/export/", TalentExportAPI.as_view(), name="api-talent-export"),
    path("talents/me/blocks/", BlockListAPI.as_view(), name="api-talent-blocks"),
    path("talents/me/blocks/<int:organization_id>/", BlockDetailAPI.as_view(), name="api-talent-block-detail"),
]
