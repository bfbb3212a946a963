"""API v1 views of 找活动: upcoming activities and sign-ups."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, PublicListAPIView
from matching.events.activities import selectors as events_sel
from matching.events.activities import serializers as s
from matching.events.activities import services as platform_events
from matching.events.models import PlatformEvent


@extend_schema(parameters=[
    OpenApiParameter("kind", str, description="matchmaking, training, briefing, forum, exhibition"),
    OpenApiParameter("city", str, description="地级行政区划代码"),
])
class ActivityListAPI(PublicListAPIView):
    """找活动: upcoming published matchmaking events and platform events, soonest first."""

    serializer_class = s.ActivitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: a list has no model
            return PlatformEvent.objects.none()
        params = self.request.query_params
        return events_sel.activities_upcoming(kind=params.get("kind", ""), city=params.get("city", ""))


class ActivitySignupAPI(BaseAPIView):
    """Sign up for a platform event (POST) or cancel the sign-up (DELETE); capacity and deadline hold."""

    selector = events_sel.signups_for_viewer
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: s.SignupSerializer})
    def post(self, request: Request, pk: int) -> Response:
        signup = platform_events.platform_event_signup(actor=request.user, event_id=pk)
        return Response(s.SignupSerializer(signup).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.SignupSerializer)
    def delete(self, request: Request, pk: int) -> Response:
        signup = platform_events.platform_event_signup_cancel(actor=request.user, event_id=pk)
        return Response(s.SignupSerializer(signup).data)


urlpatterns = [
    path("activities/", ActivityListAPI.as_view(), name="api-activities"),
    path("activities/<int:pk>/signup/", ActivitySignupAPI.as_view(), name="api-activity-signup"),
]
