"""Read-side queries. Every selector that returns tenant data takes the viewer (convention 3)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import (
    BankBranch,
    BankProfile,
    ChainSegment,
    EnterpriseProfile,
    IndustrialChain,
    Industry,
    Invitation,
    Membership,
    Organization,
    ProviderProfile,
    Region,
    TalentProfile,
    User,
)
from enterprises.permissions import ensure_operator, is_operator, membership_of


def _not_found() -> Http404:
    return Http404(_("未找到该对象，或您无权访问。"))


def organizations_for_viewer(*, viewer: User) -> QuerySet[Organization]:
    """Organizations the viewer may see in full: all for operators, otherwise only their own."""
    qs = Organization.objects.select_related("region")
    if is_operator(viewer):
        return qs
    membership = membership_of(viewer)
    if membership is None:
        return qs.none()
    return qs.filter(pk=membership.organization_id)


def own_organization(*, viewer: User) -> Organization:
    """The viewer's organization, or 404 when they belong to none."""
    membership = membership_of(viewer)
    if membership is None:
        raise _not_found()
    return membership.organization


def organization_get(*, viewer: User, pk: int) -> Organization:
    """One organization the viewer may see, or 404 (never revealing that it exists)."""
    try:
        return organizations_for_viewer(viewer=viewer).get(pk=pk)
    except (Organization.DoesNotExist, ValueError):
        raise _not_found() from None


def enterprise_profile_for_viewer(*, viewer: User) -> EnterpriseProfile:
    """The viewer's own enterprise profile, or 404 when the viewer is not an enterprise member."""
    membership = membership_of(viewer)
    if membership is None or membership.organization.kind != Organization.Kind.ENTERPRISE:
        raise _not_found()
    profile, _created = EnterpriseProfile.objects.select_related(
        "organization__region", "industry", "whitelist_batch"
    ).prefetch_related("chain_segments__chain").get_or_create(organization=membership.organization)
    return profile


def bank_profile_for_viewer(*, viewer: User) -> BankProfile:
    """The viewer's own bank profile with its branches, or 404."""
    membership = membership_of(viewer)
    if membership is None or membership.organization.kind != Organization.Kind.BANK:
        raise _not_found()
    profile, _created = BankProfile.objects.select_related("organization").get_or_create(
        organization=membership.organization
    )
    return profile


def bank_branches(*, viewer: User) -> QuerySet[BankBranch]:
    """The branches of the viewer's bank, with their regions."""
    profile = bank_profile_for_viewer(viewer=viewer)
    return (
        BankBranch.objects.filter(bank=profile)
        .select_related("region")
        .prefetch_related("coverage")
        .order_by("id")
    )


def talent_profile_for_viewer(*, viewer: User) -> TalentProfile:
    """The viewer's own talent profile, or 404 when the viewer is not a talent."""
    if not viewer.is_authenticated or viewer.kind != User.Kind.TALENT:
        raise _not_found()
    profile, _created = TalentProfile.objects.prefetch_related("cities").get_or_create(user=viewer)
    return profile


def members_of_own_organization(*, viewer: User) -> QuerySet[Membership]:
    """Members of the viewer's organization."""
    organization = own_organization(viewer=viewer)
    return Membership.objects.filter(organization=organization).select_related("user").order_by("id")


def open_invitations(*, viewer: User) -> QuerySet[Invitation]:
    """Invitations of the viewer's organization that are neither accepted nor revoked."""
    organization = own_organization(viewer=viewer)
    return Invitation.objects.filter(organization=organization, accepted_at=None, revoked_at=None,
                                     expires_at__gt=timezone.now())


def verification_queue(*, viewer: User, status: str = "pending", search: str = "") -> QuerySet[Organization]:
    """Organizations by verification state for operators, newest first; searchable by name or USCC."""
    ensure_operator(viewer)
    qs = Organization.objects.select_related("region__parent__parent")
    if status:
        qs = qs.filter(verification=status)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(uscc__icontains=search.upper()))
    return qs.order_by("-created_at", "-id")


def regions(*, parent: str | None = None, level: str | None = None) -> QuerySet[Region]:
    """Reference regions; ``parent`` is an adcode; without filters, provinces only."""
    qs = Region.objects.all()
    if parent:
        qs = qs.filter(parent_id=parent)
    if level:
        qs = qs.filter(level=level)
    if not parent and not level:
        qs = qs.filter(level=Region.Level.PROVINCE)
    return qs.order_by("adcode")


def hunan_cities() -> QuerySet[Region]:
    """Hunan's 14 prefecture-level divisions, for forms."""
    return Region.objects.filter(parent_id="430000").order_by("adcode")


def industries(*, parent: str | None = None) -> QuerySet[Industry]:
    """GB/T 4754 industries; by default the manufacturing divisions (大类) under C."""
    return Industry.objects.filter(parent_id=parent or "C").order_by("code")


def chains() -> QuerySet[IndustrialChain]:
    """Chains with their segments and lead bank, in two queries."""
    return IndustrialChain.objects.select_related("lead_bank").prefetch_related(
        Prefetch("segments", queryset=ChainSegment.objects.order_by("order", "id"))
    )


def public_counts() -> dict[str, int]:
    """Platform totals shown on the home page (verified parties only)."""
    verified = Organization.objects.filter(verification=Organization.Verification.VERIFIED)
    by_kind = dict(verified.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return {
        "enterprises": by_kind.get(Organization.Kind.ENTERPRISE, 0),
        "banks": by_kind.get(Organization.Kind.BANK, 0),
        "providers": by_kind.get(Organization.Kind.PROVIDER, 0),
        "talents": TalentProfile.objects.filter(visibility=TalentProfile.Visibility.MATCHABLE).count(),
        "chains": IndustrialChain.objects.count(),
    }


def provider_profile_for_viewer(*, viewer: User) -> ProviderProfile:
    """The viewer's own provider profile, or 404."""
    membership = membership_of(viewer)
    if membership is None or membership.organization.kind != Organization.Kind.PROVIDER:
        raise _not_found()
    profile, _created = ProviderProfile.objects.select_related("organization__region").get_or_create(
        organization=membership.organization
    )
    return profile
