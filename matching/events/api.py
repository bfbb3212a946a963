"""API v1 of matchmaking events (产业链对接会): list, register, agenda, outcomes (operators publish,
schedule and lock them through backoffice.apis.events)."""

from __future__ import annotations

import json
from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import BaseAPIView, PublicListAPIView
from matching.events import selectors as sel
from matching.events import services as svc
from matching.events.models import MatchmakingEvent
from matching.events.serializers import (
    AgendaSerializer,
    EventSerializer,
    OutcomeInputSerializer,
    OutcomeSerializer,
    RegistrationInputSerializer,
    RegistrationSerializer,
)

E = MatchmakingEvent


class ICalendarRenderer(renderers.BaseRenderer):
    """``?format=ics``: the view hands over the iCalendar text; errors stay JSON (see AgendaAPI)."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, str):
            return data.encode("utf-8")
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


# ---- views -----------------------------------------------------------------------------------

class EventListAPI(PublicListAPIView):
    """Published matchmaking events, soonest first (anyone may read)."""

    serializer_class = EventSerializer

    def get_queryset(self):
        return sel.events_public()


class EventDetailAPI(BaseAPIView):
    """One published event (drafts answer 404)."""

    tenant_scoped = False
    authentication_classes: list = []
    permission_classes: list = []

    @extend_schema(responses=EventSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(EventSerializer(sel.event_public_get(pk)).data)


class RegistrationCreateAPI(BaseAPIView):
    """A verified enterprise registers for an event, with requested and blocked firms (registrants)."""

    selector = sel.registrations_for_viewer

    @extend_schema(request=RegistrationInputSerializer, responses={201: RegistrationSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reg = svc.registration_create(actor=request.user, event_id=pk, **data.validated_data)
        reg = self.get_queryset().get(pk=reg.pk)
        return Response(RegistrationSerializer(reg).data, status=status.HTTP_201_CREATED)


class AgendaAPI(BaseAPIView):
    """The caller's firm's meetings at one event; ``?format=ics`` gives an iCalendar file."""

    selector = sel.meetings_for_viewer
    renderer_classes = [renderers.JSONRenderer, ICalendarRenderer]

    @extend_schema(responses={(200, "application/json"): AgendaSerializer,
                              (200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="iCalendar")})
    def get(self, request: Request, pk: int) -> Response:
        event, registration, items = sel.agenda(viewer=request.user, event_id=pk)
        if request.accepted_renderer.format == "ics":
            response = Response(sel.agenda_ics(event, items, firm=registration.organization))
            response["Content-Disposition"] = f'attachment; filename="qilian-event-{event.pk}.ics"'
            return response
        return Response(AgendaSerializer({"event": event, "organization": registration.organization_id,
                                          "role": registration.role, "meetings": items}).data)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        if response.status_code >= 400 and getattr(request, "accepted_renderer", None) is not None \
                and request.accepted_renderer.format == "ics":
            request.accepted_renderer, request.accepted_media_type = renderers.JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


class MeetingOutcomeAPI(BaseAPIView):
    """After the event, one side of a meeting records whether it led to a deal."""

    selector = sel.meetings_for_viewer

    @extend_schema(request=OutcomeInputSerializer, responses=OutcomeSerializer)
    def post(self, request: Request, pk: int, meeting_id: int) -> Response:
        data = OutcomeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        svc.meeting_outcome_record(actor=request.user, event_id=pk, meeting_id=meeting_id, **data.validated_data)
        return Response(OutcomeSerializer(self.get_queryset().get(pk=meeting_id)).data)


urlpatterns = [
    path("events/", EventListAPI.as_view(), name="api-events"),
    path("events/<int:pk>/", EventDetailAPI.as_view(), name="api-event-detail"),
    path("events/<int:pk>/registrations/", RegistrationCreateAPI.as_view(), name="api-event-register"),
    path("events/<int:pk>/agenda/", AgendaAPI.as_view(), name="api-event-agenda"),
    path("events/<int:pk>/meetings/<int:meeting_id>/outcome/", MeetingOutcomeAPI.as_view(),
         name="api-event-meeting-outcome"),
]
