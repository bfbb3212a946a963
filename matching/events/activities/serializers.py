"""API serializers of 找活动."""

from __future__ import annotations

from rest_framework import serializers

from matching.events.models import PlatformEventSignup


class ActivitySerializer(serializers.Serializer):
    """One upcoming event of 找活动 (a matchmaking event or a platform event)."""

    source = serializers.ChoiceField(choices=["matchmaking", "platform"])
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    organizer = serializers.CharField()
    city = serializers.CharField()
    city_code = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    venue = serializers.CharField()
    online = serializers.BooleanField()
    signed_up = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    registration_deadline = serializers.DateTimeField()
    registration_open = serializers.BooleanField()
    url = serializers.CharField()


class SignupSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="organization_id", allow_null=True, read_only=True)
    signed_up = serializers.SerializerMethodField()

    class Meta:
        model = PlatformEventSignup
        fields = ["id", "event", "organization", "created_at", "cancelled_at", "signed_up"]
        read_only_fields = fields

    def get_signed_up(self, signup: PlatformEventSignup) -> int:
        """How many are signed up for the event now."""
        return signup.event.signups.filter(cancelled_at=None).count()
