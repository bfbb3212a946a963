"""API serializers of the parties app: small input serializers, plain output serializers.

Field names follow shared/API.md. Business rules live in services, not here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from enterprises.models import (
    BankBranch,
    BankProfile,
    ChainSegment,
    EnterpriseProfile,
    IndustrialChain,
    Industry,
    Membership,
    Organization,
    ProviderProfile,
    Region,
    TalentProfile,
    User,
)
from enterprises.models.profiles import Certification

# ---- reference data ---------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True)

    class Meta:
        model = Region
        fields = ["adcode", "name", "level", "parent", "lat", "lon"]


class IndustrySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True)

    class Meta:
        model = Industry
        fields = ["code", "name", "parent"]


class SegmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChainSegment
        fields = ["id", "name", "position"]


class ChainSerializer(serializers.ModelSerializer):
    segments = SegmentSerializer(many=True)
    lead_bank = serializers.SerializerMethodField()

    class Meta:
        model = IndustrialChain
        fields = ["id", "slug", "name", "description", "segments", "lead_bank"]

    def get_lead_bank(self, chain: IndustrialChain) -> dict | None:
        if chain.lead_bank is None:
            return None
        return {"id": chain.lead_bank.id, "name": chain.lead_bank.name}


# ---- accounts and organizations -----------------------------------------------------------


class OrganizationInputSerializer(serializers.Serializer):
    # Blank values pass through so the service can report every problem at once, in Chinese.
    name = serializers.CharField(max_length=128, allow_blank=True, required=False, label=_("单位名称"))
    uscc = serializers.CharField(max_length=32, allow_blank=True, required=False, label=_("统一社会信用代码"))
    region = serializers.CharField(max_length=6, allow_blank=True, required=False, label=_("所在地区"))
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)


class RegisterInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, label=_("用户名"))
    password = serializers.CharField(write_only=True, label=_("密码"), style={"input_type": "password"})
    email = serializers.EmailField(required=False, allow_blank=True, label=_("电子邮箱"))
    kind = serializers.ChoiceField(choices=[c for c in User.Kind.choices if c[0] != "operator"], label=_("用户类型"))
    organization = OrganizationInputSerializer(required=False, allow_null=True)


class OrganizationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name", read_only=True)
    contact_email = serializers.CharField(read_only=True)  # may be blank: no "format: email" in the schema

    class Meta:
        model = Organization
        fields = [
            "id", "kind", "name", "uscc", "region", "region_name", "address", "contact_name", "contact_phone",
            "contact_email", "verification", "rejection_reason", "verified_at", "created_at",
        ]
        read_only_fields = fields


class OrganizationPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=128, required=False)
    region = serializers.CharField(max_length=6, required=False)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)


class MembershipBriefSerializer(serializers.Serializer):
    role = serializers.CharField()
    organization = OrganizationSerializer()


class MeSerializer(serializers.ModelSerializer):
    membership = serializers.SerializerMethodField()
    is_operator = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "phone", "kind", "is_operator", "membership"]
        read_only_fields = ["id", "username", "kind"]

    def get_membership(self, user: User) -> dict | None:
        membership: Membership | None = self.context.get("membership")
        if membership is None:
            return None
        return {"role": membership.role, "organization": OrganizationSerializer(membership.organization).data}

    def get_is_operator(self, user: User) -> bool:
        return bool(user.is_staff and user.is_active)


class MePatchSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    email = serializers.CharField(source="user.email")

    class Meta:
        model = Membership
        fields = ["id", "username", "email", "role", "created_at"]


class InvitationInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)


class VerifyInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", _("通过")), ("reject", _("驳回"))])
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


# ---- profiles ------------------------------------------------------------------------------


class EnterpriseProfileSerializer(serializers.ModelSerializer):
    industry = serializers.CharField(source="industry_id", allow_null=True, required=False)
    chain_segments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    whitelist_batch = serializers.IntegerField(source="whitelist_batch.number", read_only=True, default=None,
                                               allow_null=True)
    organization = OrganizationSerializer(read_only=True)
    # blank when unknown: the schema must allow "" besides the choices
    size_class = serializers.ChoiceField(choices=EnterpriseProfile._meta.get_field("size_class").choices,
                                         allow_blank=True, read_only=True)
    credit_rating = serializers.ChoiceField(choices=EnterpriseProfile._meta.get_field("credit_rating").choices,
                                            allow_blank=True, read_only=True)

    class Meta:
        model = EnterpriseProfile
        fields = [
            "organization", "industry", "chain_segments", "employees", "annual_revenue", "size_class",
            "specialized_level", "high_tech", "single_champion", "credit_rating", "certifications", "products",
            "founded_year", "whitelist_batch", "updated_at",
        ]
        read_only_fields = fields


class EnterpriseProfilePatchSerializer(serializers.Serializer):
    industry = serializers.CharField(max_length=5, required=False, allow_null=True, allow_blank=True)
    chain_segments = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=50)
    employees = serializers.IntegerField(required=False, allow_null=True, max_value=10_000_000)
    annual_revenue = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, coerce_to_string=True
    )
    specialized_level = serializers.ChoiceField(choices=EnterpriseProfile._meta.get_field("specialized_level").choices,
                                                required=False)
    high_tech = serializers.BooleanField(required=False)
    single_champion = serializers.BooleanField(required=False)
    credit_rating = serializers.ChoiceField(
        choices=EnterpriseProfile._meta.get_field("credit_rating").choices, required=False, allow_blank=True
    )
    certifications = serializers.ListField(
        child=serializers.ChoiceField(choices=Certification.choices), required=False, max_length=30
    )
    products = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    founded_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2100)


class BankBranchSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")
    coverage = serializers.SerializerMethodField()

    class Meta:
        model = BankBranch
        fields = ["id", "name", "region", "address", "coverage"]

    def get_coverage(self, branch: BankBranch) -> list[str]:
        return [r.adcode for r in branch.coverage.all()]


class BankBranchInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=128)
    region = serializers.CharField(max_length=6)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    coverage = serializers.ListField(child=serializers.CharField(max_length=6), required=False, max_length=200)


class BankProfileSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True)

    class Meta:
        model = BankProfile
        fields = ["organization", "short_name", "description"]


class ProviderProfileSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True)

    class Meta:
        model = ProviderProfile
        fields = ["organization", "category", "description"]


class TalentProfileSerializer(serializers.ModelSerializer):
    cities = serializers.SerializerMethodField()
    industries = serializers.SerializerMethodField()
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    phone = serializers.CharField(source="user.phone", read_only=True)

    class Meta:
        model = TalentProfile
        fields = [
            "username", "email", "phone", "full_name", "skills", "education", "experience_years", "cities",
            "industries", "expected_salary", "resume", "visibility", "erased_at", "updated_at",
        ]
        read_only_fields = fields

    def get_cities(self, profile: TalentProfile) -> list[str]:
        return [r.adcode for r in profile.cities.all()]

    def get_industries(self, profile: TalentProfile) -> list[str]:
        """GB/T 4754 codes of the preferred industries."""
        return [i.code for i in profile.industries.all()]


class TalentProfilePatchSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    skills = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=50)
    education = serializers.ChoiceField(choices=TalentProfile.Education.choices, required=False)
    experience_years = serializers.IntegerField(required=False, min_value=0, max_value=60)
    cities = serializers.ListField(child=serializers.CharField(max_length=6), required=False, max_length=50)
    industries = serializers.ListField(child=serializers.CharField(max_length=5), required=False, max_length=50)
    expected_salary = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    resume = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    visibility = serializers.ChoiceField(choices=TalentProfile.Visibility.choices, required=False)


class PublicStatsSerializer(serializers.Serializer):
    enterprises = serializers.IntegerField()
    banks = serializers.IntegerField()
    providers = serializers.IntegerField()
    talents = serializers.IntegerField()
    chains = serializers.IntegerField()
