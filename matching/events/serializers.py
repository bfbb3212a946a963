"""API serializers of matchmaking events (产业链对接会)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enterprises.models import IndustrialChain, Region
from matching.events.models import EventRegistration, EventRole, MatchmakingEvent, Meeting

E = MatchmakingEvent


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
