"""API serializers of the talent domain (field names per issue 6)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matching.talent.models import JobPosting

Education = JobPosting._meta.get_field("education_min").choices


@extend_schema_field({"type": "string", "enum": JobPosting.Status.values})
class JobStatusField(serializers.ChoiceField):
    """``open|filled|closed`` (an inline enum: other resources also have a ``status``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=JobPosting.Status.choices, **kwargs)


@extend_schema_field({"type": "string", "description": "open | filled | closed"})
class JobStatusInputField(serializers.ChoiceField):
    """Input ``status`` (described, not a second enum component of the same choice set)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=JobPosting.Status.choices, **kwargs)


@extend_schema_field({"type": "string", "enum": [value for value, _label in Education]})
class EducationField(serializers.ChoiceField):
    """The minimum education, the same scale as the talent's ``education``."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=Education, **kwargs)


class JobSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enterprise_id", read_only=True)
    city = serializers.CharField(source="city_id")
    city_name = serializers.CharField(source="city.name", read_only=True)
    match_count = serializers.IntegerField(read_only=True, default=None)
    education_min = EducationField(read_only=True)
    status = JobStatusField(read_only=True)

    class Meta:
        model = JobPosting
        fields = ["id", "enterprise", "title", "description", "skills", "education_min", "experience_years", "city",
                  "city_name", "salary_min", "salary_max", "headcount", "status", "match_count", "created_at",
                  "updated_at"]
        read_only_fields = fields


class JobInputSerializer(serializers.Serializer):
    """Type checks only; ranges, the city and ownership are the service's (Chinese messages)."""

    title = serializers.CharField(max_length=128)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    skills = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=50)
    education_min = EducationField(required=False)
    experience_years = serializers.IntegerField(required=False, min_value=-1000, max_value=1000)
    city = serializers.CharField(max_length=6)
    salary_min = serializers.IntegerField(min_value=-10_000_000, max_value=10_000_000)
    salary_max = serializers.IntegerField(min_value=-10_000_000, max_value=10_000_000)
    headcount = serializers.IntegerField(required=False, min_value=-1000, max_value=10_000)
    status = JobStatusInputField(required=False)


class BlockSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id")
    name = serializers.CharField(source="organization.name")
    created_at = serializers.DateTimeField()


class BlockInputSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
