"""API serializers of the engine: a match of any domain, a status move, a notification.

What a domain shows beside its matches (a readable offer name, the other side's contact once
allowed, a talent card, a job) comes from its ``DomainSpec.present`` through the serializer
context that :func:`matching.engine.api.match_context` builds.
"""

from __future__ import annotations

from rest_framework import serializers

from matching.engine.models import DeclineReason, Match, MatchStatus, Notification


class MatchSerializer(serializers.ModelSerializer):
    need = serializers.IntegerField(source="need_id")
    offer = serializers.IntegerField(source="offer_id")
    offer_name = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    employer_score = serializers.SerializerMethodField()
    talent_score = serializers.SerializerMethodField()
    talent = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField()
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Match
        fields = ["id", "domain", "need", "offer", "offer_name", "contact", "score", "employer_score", "talent_score",
                  "talent", "job", "breakdown", "explanation", "rank",
                  "status", "lead_bank", "interested_at", "offer_interested_at", "outcome", "decline_reason",
                  "decline_note", "due_at", "responded_at", "escalated_at", "retired_at", "retired_reason",
                  "engine_version", "created_at", "updated_at"]
        read_only_fields = fields

    def _presented(self, match: Match) -> dict:
        return self.context.get("presented", {}).get(match.pk, {})

    def get_contact(self, match: Match) -> dict | None:
        """The other side's contact, once the domain's rule allows it (mutual interest, acceptance…)."""
        return self._presented(match).get("contact")

    def get_employer_score(self, match: Match) -> float | None:
        """Two-sided domains (talent): the enterprise's side of the reciprocal score (0–100)."""
        return match.breakdown.get("employer_score")

    def get_talent_score(self, match: Match) -> float | None:
        """Two-sided domains (talent): the talent's side of the reciprocal score (0–100)."""
        return match.breakdown.get("talent_score")

    def get_talent(self, match: Match) -> dict | None:
        """Talent matches: the talent card (anonymized for the enterprise until acceptance or application)."""
        return self._presented(match).get("talent")

    def get_job(self, match: Match) -> dict | None:
        """Talent matches: the job posting (title, enterprise, city, salary range)."""
        return self._presented(match).get("job")

    def get_offer_name(self, match: Match) -> str:
        return self._presented(match).get("offer_name", "")


class TransitionInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=MatchStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, required=False, allow_blank=True,
                                             default="")
    outcome = serializers.DictField(required=False, default=dict)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "read_at", "created_at"]
        read_only_fields = fields
