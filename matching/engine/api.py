"""API v1 views of the engine: matches of every domain and their status moves, notifications."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, ScopedListAPIView
from matching.engine import selectors
from matching.engine import serializers as s
from matching.engine.models import Match
from matching.engine.notifications import notifications_mark_read
from matching.engine.registry import get_domain
from matching.engine.transitions import match_transition


def match_context(request: Request, matches: list[Match]) -> dict[str, Any]:
    """Serializer context for matches: what each match's domain shows beside it (readable offer
    names, the other side's contact once allowed, talent cards and jobs — identifying views
    logged by the domain), one domain call per domain on the page."""
    by_domain: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        by_domain[match.domain].append(match)
    presented: dict[int, dict[str, Any]] = {}
    for domain, domain_matches in by_domain.items():
        presented.update(get_domain(domain).present(domain_matches, viewer=request.user, via="api"))
    return {"presented": presented, "viewer": request.user}


class MatchListAPI(ScopedListAPIView):
    """Matches the caller is party to: ``?domain=&need=&offer=&status=``."""

    selector = selectors.matches_for_viewer
    serializer_class = s.MatchSerializer

    @extend_schema(parameters=[OpenApiParameter(n, str) for n in ("domain", "need", "offer", "status")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # the parties' organizations only where a domain shows a contact (its ``present``), not joined on every row
        qs = self.get_queryset().select_related(None)
        params = request.query_params
        for key, field in (("domain", "domain"), ("need", "need_id"), ("offer", "offer_id"), ("status", "status")):
            if params.get(key):
                try:
                    qs = qs.filter(**{field: params[key]})
                except (ValueError, TypeError):
                    qs = qs.none()
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.MatchSerializer(page, many=True,
                                                             context=match_context(request, page)).data)


class MatchDetailAPI(BaseAPIView):
    """One match the caller is party to (404 otherwise)."""

    selector = selectors.matches_for_viewer
    serializer_class = s.MatchSerializer

    def get(self, request: Request, pk: int) -> Response:
        match = selectors.match_get(viewer=request.user, match_id=pk)
        return Response(s.MatchSerializer(match, context=match_context(request, [match])).data)


class MatchTransitionAPI(BaseAPIView):
    """Move a match along its status machine; 409 if the move is illegal from its status."""

    selector = selectors.matches_for_viewer

    @extend_schema(request=s.TransitionInputSerializer, responses=s.MatchSerializer)
    def post(self, request: Request, pk: int) -> Response:
        selectors.match_get(viewer=request.user, match_id=pk)
        data = s.TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        match = match_transition(match_id=pk, actor=request.user, **data.validated_data)
        return Response(s.MatchSerializer(match, context=match_context(request, [match])).data)


class NotificationListAPI(ScopedListAPIView):
    """The caller's notifications, newest first; the unread count in ``X-Unread-Count``."""

    selector = selectors.notifications_for_viewer
    serializer_class = s.NotificationSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        response["X-Unread-Count"] = str(selectors.unread_count(viewer=request.user))
        return response


class NotificationReadAPI(BaseAPIView):
    """Mark one notification read."""

    selector = selectors.notifications_for_viewer

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, pk: int) -> Response:
        if not notifications_mark_read(user=request.user, notification_id=pk) and not \
                self.get_queryset().filter(pk=pk).exists():
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("matches/", MatchListAPI.as_view(), name="api-matches"),
    path("matches/<int:pk>/", MatchDetailAPI.as_view(), name="api-match-detail"),
    path("matches/<int:pk>/transition/", MatchTransitionAPI.as_view(), name="api-match-transition"),
    path("notifications/", NotificationListAPI.as_view(), name="api-notifications"),
    path("notifications/<int:pk>/read/", NotificationReadAPI.as_view(), name="api-notification-read"),
]
