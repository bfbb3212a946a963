"""API v1 of matchmaking events (产业链对接会): publish, list, register, schedule, lock, agenda, outcomes."""

from __future__ import annotations

import json
from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import renderers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from backoffice.permissions import OperatorAPIView
from config.api import BaseAPIView, PublicListAPIView
from enterprises.models import IndustrialChain, Region
from matching.events import selectors as sel
from matching.events import services as svc
from matching.models import EventRegistration, EventRole, MatchmakingEvent, Meeting

E = MatchmakingEvent


# ---- serializers -----------------------------------------------------------------------------

class SlotSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class EventSerializer(serializers.ModelSerializer):
    chain = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    chain_name = serializers.CharField(source="chain.name", read_only=True)
    city = serializers.CharField(source="city_id", read_only=True)
    city_name = serializers.CharField(source="city.name", read_only=True)
    registration_open = serializers.BooleanField(read_only=True)
    registered = serializers.IntegerField(read_only=True, default=None)
    slots = serializers.SerializerMethodField()

    class Meta:
        model = MatchmakingEvent
        fields = ["id", "title", "chain", "chain_name", "city", "city_name", "date", "venue", "description",
                  "start_time", "slot_count", "meeting_minutes", "break_minutes", "tables", "meeting_cap",
                  "registration_deadline", "status", "registration_open", "registered", "schedule_status",
                  "slots"]
        read_only_fields = fields

    @extend_schema_field(SlotSerializer(many=True))
    def get_slots(self, event: MatchmakingEvent) -> list[dict[str, Any]]:
        data = [{"index": i, "start": s, "end": e} for i, (s, e) in enumerate(event.slot_times())]
        return SlotSerializer(data, many=True).data


class EventInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=128)
    chain = serializers.SlugRelatedField(slug_field="slug", queryset=IndustrialChain.objects.all())
    city = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), help_text="地级市行政区划代码")
    date = serializers.DateField()
    venue = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    start_time = serializers.TimeField()
    slot_count = serializers.IntegerField(min_value=1, max_value=48)
    meeting_minutes = serializers.IntegerField(min_value=5, max_value=240)
    break_minutes = serializers.IntegerField(min_value=0, max_value=120, required=False, default=0)
    tables = serializers.IntegerField(min_value=1, max_value=500)
    meeting_cap = serializers.IntegerField(min_value=1, max_value=48)
    registration_deadline = serializers.DateTimeField()
    publish = serializers.BooleanField(required=False, default=True, help_text="false: 保存为草稿")


class RegistrationInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=EventRole.choices)
    requested = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=100)
    blocked = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=100)


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", read_only=True)
    organization = serializers.IntegerField(source="organization_id", read_only=True)
    requested = serializers.SerializerMethodField()
    blocked = serializers.SerializerMethodField()

    class Meta:
        model = EventRegistration
        fields = ["id", "event", "organization", "role", "requested", "blocked", "created_at"]
        read_only_fields = fields

    def _targets(self, reg: EventRegistration, kind: str) -> list[int]:
        return sorted(p.target_id for p in reg.preferences.all() if p.kind == kind)

    def get_requested(self, reg: EventRegistration) -> list[int]:
        return self._targets(reg, "requested")

    def get_blocked(self, reg: EventRegistration) -> list[int]:
        return self._targets(reg, "blocked")


class ScheduleStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    schedule_status = serializers.CharField()
    schedule_version = serializers.IntegerField()


class FirmSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    city = serializers.CharField(source="region.name")


class AgendaMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="meeting.id")
    slot = serializers.IntegerField(source="meeting.slot")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    table = serializers.IntegerField(source="meeting.table")
    side = serializers.CharField(help_text="本企业在此次洽谈中的身份：buyer 或 supplier")
    counterpart = FirmSerializer()
    score = serializers.DecimalField(source="meeting.score", max_digits=5, decimal_places=2)
    requested = serializers.BooleanField(source="meeting.requested")
    reasons = serializers.ListField(child=serializers.CharField())
    my_deal = serializers.BooleanField(allow_null=True)
    my_note = serializers.CharField()
    their_deal = serializers.BooleanField(allow_null=True)


class AgendaSerializer(serializers.Serializer):
    event = EventSerializer()
    organization = serializers.IntegerField()
    role = serializers.CharField()
    meetings = AgendaMeetingSerializer(many=True)


class OutcomeInputSerializer(serializers.Serializer):
    deal = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class OutcomeSerializer(serializers.ModelSerializer):
    match_status = serializers.CharField(source="match.status", default=None, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "buyer_deal", "buyer_note", "supplier_deal", "supplier_note", "match_status"]
        read_only_fields = fields


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
    path("backoffice/events/", EventCreateAPI.as_view(), name="api-backoffice-events"),
    path("backoffice/events/<int:pk>/schedule/", EventScheduleAPI.as_view(), name="api-backoffice-event-schedule"),
    path("backoffice/events/<int:pk>/lock/", EventLockAPI.as_view(), name="api-backoffice-event-lock"),
]
