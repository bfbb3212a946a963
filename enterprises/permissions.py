"""Access rules shared by services, selectors, API views and portal views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from enterprises.models import Membership, Organization, User


def is_operator(user: User | None) -> bool:
    """Platform operators are active staff users."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def ensure_operator(user: User | None) -> None:
    """Raise ``PermissionDenied`` unless the user is a platform operator."""
    if not is_operator(user):
        raise PermissionDenied(_("仅平台运营人员可以执行此操作。"))


def membership_of(user: User | None) -> Membership | None:
    """The user's membership (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_cached_membership", False)
    if cached is not False:
        return cached
    membership = Membership.objects.select_related("organization", "organization__region").filter(user=user).first()
    user._cached_membership = membership  # type: ignore[attr-defined]
    return membership


def ensure_owner(user: User, organization: Organization) -> None:
    """Raise ``PermissionDenied`` unless the user owns the organization."""
    membership = membership_of(user)
    if membership is None or membership.organization_id != organization.id or membership.role != Membership.Role.OWNER:
        raise PermissionDenied(_("只有本单位管理员可以管理成员。"))


def ensure_can_publish(organization: Organization) -> None:
    """Unverified organizations may edit their profile but not publish needs or offers."""
    if not organization.is_verified:
        raise PermissionDenied(_("贵单位尚未通过平台认证，认证通过后才能发布需求或产品。"))
