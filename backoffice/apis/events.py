"""Back-office API of matchmaking events: operators publish an event, queue its schedule, lock it."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.permissions import OperatorAPIView
from matching.events import selectors as sel
from matching.events import services as svc
from matching.events.models import MatchmakingEvent
from matching.events.serializers import EventInputSerializer, EventSerializer, ScheduleStatusSerializer

E = MatchmakingEvent


class EventCreateAPI(OperatorAPIView):
    """Operators publish an event (or save a draft with ``publish: false``)."""

    @extend_schema(request=EventInputSerializer, responses={201: EventSerializer})
    def post(self, request: Request) -> Response:
        data = EventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["status"] = E.Status.OPEN if values.pop("publish") else E.Status.DRAFT
        event = svc.event_create(actor=request.user, data=values)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)


class EventScheduleAPI(OperatorAPIView):
    """Operators queue the schedule job; 202 with the job's status. 409 when locked or running."""

    @extend_schema(request=None, responses={202: ScheduleStatusSerializer})
    def post(self, request: Request, pk: int) -> Response:
        event = svc.event_schedule_request(actor=request.user, event_id=pk)
        event.refresh_from_db()
        return Response(ScheduleStatusSerializer(event).data, status=status.HTTP_202_ACCEPTED)


class EventLockAPI(OperatorAPIView):
    """Operators lock the generated schedule (no more reruns); registered firms are told."""

    @extend_schema(request=None, responses=EventSerializer)
    def post(self, request: Request, pk: int) -> Response:
        svc.event_lock(actor=request.user, event_id=pk)
        return Response(EventSerializer(sel.event_public_get(pk)).data)


urlpatterns = [
    path("events/", EventCreateAPI.as_view(), name="api-backoffice-events"),
    path("events/<int:pk>/schedule/", EventScheduleAPI.as_view(), name="api-backoffice-event-schedule"),
    path("events/<int:pk>/lock/", EventLockAPI.as_view(), name="api-backoffice-event-lock"),
]
