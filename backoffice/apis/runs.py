"""Match runs for operators: list, start a full rematch, retry a failed run."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice import selectors
from backoffice.permissions import OperatorAPIView
from config.exceptions import Conflict
from matching.engine.runs import run_create, run_retry
from matching.models import MatchRun


class MatchRunSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = MatchRun
        fields = ["id", "domain", "scope", "target_id", "status", "engine_version", "candidates", "scored", "kept",
                  "retired", "chunks_total", "chunks_done", "progress", "attempts", "error", "created_at",
                  "started_at", "finished_at"]
        read_only_fields = fields

    def get_progress(self, run: MatchRun) -> float | None:
        """Share of chunks done (0–1) for a domain rematch; None for single runs."""
        return round(run.chunks_done / run.chunks_total, 3) if run.chunks_total else None


class StartRunInput(serializers.Serializer):
    domain = serializers.ChoiceField(choices=[("financing", "financing"), ("supply", "supply")])


class MatchRunListAPI(OperatorAPIView, generics.ListAPIView):
    """Runs, newest first (``?domain=&status=``); POST starts a full rematch of a domain."""

    serializer_class = MatchRunSerializer

    def get_queryset(self):
        return selectors.match_runs(domain=self.request.query_params.get("domain", ""),
                                    status=self.request.query_params.get("status", ""))

    @extend_schema(parameters=[OpenApiParameter("domain", str), OpenApiParameter("status", str)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=StartRunInput, responses={202: MatchRunSerializer})
    def post(self, request: Request) -> Response:
        data = StartRunInput(data=request.data)
        data.is_valid(raise_exception=True)
        run = run_create(domain=data.validated_data["domain"], scope=MatchRun.Scope.DOMAIN)
        return Response(MatchRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class MatchRunRetryAPI(OperatorAPIView):
    """Queue a failed run again; 409 if it has not failed."""

    @extend_schema(request=None, responses={202: MatchRunSerializer})
    def post(self, request: Request, pk: int) -> Response:
        if not MatchRun.objects.filter(pk=pk).exists():
            raise Http404
        run = run_retry(run_id=pk)
        if run.status != MatchRun.Status.QUEUED:
            raise Conflict(_("只有失败的匹配任务可以重试。"))
        return Response(MatchRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


urlpatterns = [
    path("match-runs/", MatchRunListAPI.as_view(), name="api-bo-runs"),
    path("match-runs/<int:pk>/retry/", MatchRunRetryAPI.as_view(), name="api-bo-run-retry"),
]
