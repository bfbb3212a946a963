"""Write-side business logic for parties: registration, organizations, verification, members.

Services take keyword-only, typed arguments, validate everything they write, raise Django
``ValidationError`` (field → Chinese messages) or ``PermissionDenied``, and write each
multi-row change in one transaction so a failure leaves nothing behind.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from config.exceptions import Conflict
from enterprises.models import (
    BankProfile,
    EnterpriseProfile,
    Invitation,
    Membership,
    Organization,
    ProviderProfile,
    Region,
    TalentProfile,
    User,
)
from enterprises.permissions import ensure_operator, ensure_owner, membership_of
from enterprises.tasks import notify_verification
from enterprises.validators import validate_uscc

ORG_KINDS = {User.Kind.ENTERPRISE, User.Kind.BANK, User.Kind.PROVIDER}
INVITATION_DAYS = 7


def _region_or_error(adcode: str | None, errors: dict[str, list[str]], field: str = "region") -> Region | None:
    if not adcode:
        errors.setdefault(field, []).append(_("请选择所在地区。"))
        return None
    region = Region.objects.filter(pk=str(adcode)).first()
    if region is None:
        errors.setdefault(field, []).append(_("未知的行政区划代码：%(code)s。") % {"code": adcode})
    return region


def uscc_clean(*, uscc: str, exclude_pk: int | None = None) -> str:
    """Validate a USCC and check it is not registered yet; return it compacted."""
    code = validate_uscc(uscc)
    taken = Organization.objects.filter(uscc=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            _("该统一社会信用代码已注册。如属贵单位，请联系本单位管理员邀请您加入。"), code="uscc_taken"
        )
    return code


def _validate_account(username: str, password: str, email: str, errors: dict[str, list[str]]) -> None:
    if not username:
        errors.setdefault("username", []).append(_("请填写用户名。"))
    elif User.objects.filter(username__iexact=username).exists():
        errors.setdefault("username", []).append(_("该用户名已被使用。"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(_("请输入有效的电子邮箱地址。"))
    try:
        validate_password(password, user=User(username=username, email=email))
    except ValidationError as exc:
        errors.setdefault("password", []).extend(exc.messages)


def _create_profile(organization: Organization) -> None:
    if organization.kind == Organization.Kind.ENTERPRISE:
        EnterpriseProfile.objects.create(organization=organization)
    elif organization.kind == Organization.Kind.BANK:
        BankProfile.objects.create(organization=organization)
    else:
        ProviderProfile.objects.create(organization=organization)


def account_register(
    *,
    username: str,
    password: str,
    email: str = "",
    kind: str,
    organization: dict[str, Any] | None = None,
) -> User:
    """Register a user; for enterprise/bank/provider also their organization (``pending``).

    ``organization`` needs ``name``, ``uscc`` and ``region`` (adcode), optionally ``address``.
    The registering user becomes the organization's owner. Talents register alone and get a
    hidden talent profile. Raises ``ValidationError`` with every problem at once; writes
    nothing unless everything is valid (one transaction).
    """
    errors: dict[str, list[str]] = {}
    username = (username or "").strip()
    email = (email or "").strip()
    if kind not in {k.value for k in ORG_KINDS} | {User.Kind.TALENT.value}:
        errors["kind"] = [_("用户类型必须是企业、银行、服务机构或人才之一。")]
    _validate_account(username, password, email, errors)

    org_data: dict[str, Any] = {}
    if kind in ORG_KINDS:
        data = organization or {}
        name = str(data.get("name") or "").strip()
        if not name:
            errors.setdefault("organization.name", []).append(_("请填写单位名称。"))
        try:
            org_data["uscc"] = uscc_clean(uscc=str(data.get("uscc") or ""))
        except ValidationError as exc:
            errors.setdefault("organization.uscc", []).extend(exc.messages)
        region = _region_or_error(data.get("region"), errors, "organization.region")
        org_data.update(name=name, region=region, address=str(data.get("address") or "").strip()[:255])
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password, email=email, kind=kind)
            if kind in ORG_KINDS:
                org = Organization.objects.create(
                    kind=kind, contact_email=email, verification=Organization.Verification.PENDING, **org_data
                )
                Membership.objects.create(user=user, organization=org, role=Membership.Role.OWNER)
                _create_profile(org)
            else:
                TalentProfile.objects.create(user=user)
    except IntegrityError:
        # A concurrent registration took the same username or USCC between the check and the insert.
        raise ValidationError({"uscc": [_("该统一社会信用代码或用户名已被注册，请刷新后重试。")]}) from None
    return user


ORGANIZATION_EDITABLE = ("name", "address", "contact_name", "contact_phone", "contact_email", "region")


def organization_update(*, organization: Organization, actor: User, data: dict[str, Any]) -> Organization:
    """Update the organization's basic data. Members of the organization only; USCC is fixed.

    ``region`` is an adcode. Changing the name of a verified organization sends it back to
    review (``pending``) because the verified identity changed; editing a rejected one
    resubmits it for review (the rejection reason stays visible to operators until decided).
    """
    membership = membership_of(actor)
    if membership is None or membership.organization_id != organization.pk:
        raise PermissionDenied(_("您不是该单位的成员，不能修改其资料。"))
    errors: dict[str, list[str]] = {}
    changes: dict[str, Any] = {}
    for field in ORGANIZATION_EDITABLE:
        if field not in data:
            continue
        value = data[field]
        if field == "region":
            region = _region_or_error(value, errors)
            if region is not None:
                changes["region"] = region
        elif field == "name":
            value = str(value or "").strip()
            if not value:
                errors["name"] = [_("请填写单位名称。")]
            changes["name"] = value
        elif field == "contact_email" and value:
            try:
                validate_email(value)
            except ValidationError:
                errors["contact_email"] = [_("请输入有效的电子邮箱地址。")]
            changes[field] = value
        else:
            changes[field] = str(value or "").strip()
    if errors:
        raise ValidationError(errors)
    renamed = "name" in changes and changes["name"] != organization.name and organization.is_verified
    resubmitted = organization.verification == Organization.Verification.REJECTED and bool(changes)
    for field, value in changes.items():
        setattr(organization, field, value)
    if renamed or resubmitted:
        organization.verification = Organization.Verification.PENDING
        organization.verified_at = None
    organization.full_clean(exclude=["uscc", "verified_by"])
    organization.save()
    return organization


def organization_verify(*, organization_id: int, operator: User, decision: str, reason: str = "") -> Organization:
    """Approve or reject an organization's registration (operators only).

    ``decision`` is ``approve`` or ``reject``; rejecting needs a reason, which the organization
    sees. Moving to the state it is already in is a 409. The owners are told by email.
    """
    ensure_operator(operator)
    reason = (reason or "").strip()
    if decision not in ("approve", "reject"):
        raise ValidationError({"decision": [_("审核结论必须是“通过”(approve)或“驳回”(reject)。")]})
    if decision == "reject" and not reason:
        raise ValidationError({"reason": [_("驳回时必须填写原因，以便申请单位修改。")]})
    target = Organization.Verification.VERIFIED if decision == "approve" else Organization.Verification.REJECTED
    with transaction.atomic():
        organization = Organization.objects.select_for_update().filter(pk=organization_id).first()
        if organization is None:
            raise Http404(_("未找到该单位。"))
        if organization.verification == target:
            raise Conflict(_("该单位已是“%(state)s”状态。") % {"state": organization.get_verification_display()})
        organization.verification = target
        organization.rejection_reason = reason if target == Organization.Verification.REJECTED else ""
        organization.verified_at = timezone.now()
        organization.verified_by = operator
        organization.save(
            update_fields=["verification", "rejection_reason", "verified_at", "verified_by", "updated_at"]
        )
        notify_verification.delay_on_commit(organization.pk)
    return organization


def verification_email_send(*, organization: Organization) -> bool:
    """Email the organization's owners its current verification state; False if no owner has email."""
    emails = list(
        organization.memberships.filter(role=Membership.Role.OWNER, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not emails:
        return False
    if organization.is_verified:
        subject = _("【企联】%(name)s 已通过平台认证") % {"name": organization.name}
        body = _("贵单位已通过认证，现在可以发布需求和产品，并参与匹配。")
    else:
        subject = _("【企联】%(name)s 的认证申请未通过") % {"name": organization.name}
        body = _("原因：%(reason)s\n请修改资料后重新提交。") % {"reason": organization.rejection_reason}
    send_mail(subject, body, None, emails)
    return True


def organizations_bulk_verify(*, organization_ids: list[int], operator: User) -> int:
    """Approve several pending organizations at once; returns how many were approved."""
    ensure_operator(operator)
    approved = 0
    with transaction.atomic():
        for org_id in organization_ids:
            try:
                organization_verify(organization_id=org_id, operator=operator, decision="approve")
                approved += 1
            except Conflict:
                continue
    return approved


def membership_invite(*, actor: User, email: str, role: str = Membership.Role.MEMBER) -> Invitation:
    """The owner invites a colleague by email; the link lets them sign up into the organization."""
    membership = membership_of(actor)
    if membership is None:
        raise PermissionDenied(_("您尚未加入任何单位。"))
    ensure_owner(actor, membership.organization)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("请输入有效的电子邮箱地址。")]}) from None
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("角色必须是管理员或成员。")]})
    invitation = Invitation.objects.create(
        organization=membership.organization,
        email=email,
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    transaction.on_commit(
        lambda: send_mail(
            _("【企联】%(org)s 邀请您加入") % {"org": membership.organization.name},
            _("请打开以下链接完成注册（%(days)d 天内有效）：%(url)s")
            % {"days": INVITATION_DAYS, "url": f"{settings.SITE_URL}/invitations/{invitation.token}/"},
            None,
            [email],
            fail_silently=True,
        )
    )
    return invitation


def invitation_accept(*, token: str, username: str, password: str) -> User:
    """Create the invited user's account in the inviting organization, with the invited role."""
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organization")
            .filter(token=token, accepted_at=None, revoked_at=None, expires_at__gt=now)
            .first()
        )
        if invitation is None:
            raise ValidationError({"token": [_("邀请链接无效或已过期，请联系单位管理员重新邀请。")]})
        errors: dict[str, list[str]] = {}
        _validate_account(username.strip(), password, invitation.email, errors)
        if errors:
            raise ValidationError(errors)
        user = User.objects.create_user(
            username=username.strip(), password=password, email=invitation.email, kind=invitation.organization.kind
        )
        Membership.objects.create(user=user, organization=invitation.organization, role=invitation.role)
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
    return user


def membership_remove(*, actor: User, membership_id: int) -> None:
    """The owner removes a member of their organization; the last owner cannot be removed."""
    own = membership_of(actor)
    if own is None:
        raise PermissionDenied(_("您尚未加入任何单位。"))
    ensure_owner(actor, own.organization)
    with transaction.atomic():
        target = Membership.objects.select_for_update().filter(pk=membership_id, organization=own.organization).first()
        if target is None:
            raise Http404(_("未找到该成员。"))
        if target.role == Membership.Role.OWNER:
            owners = Membership.objects.filter(organization=own.organization, role=Membership.Role.OWNER).count()
            if owners <= 1:
                raise Conflict(_("不能移除唯一的管理员，请先指定其他管理员。"))
        user = target.user
        target.delete()
        user.is_active = False
        user.save(update_fields=["is_active"])
