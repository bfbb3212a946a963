"""Users, organizations (enterprise, bank, provider), memberships and invitations."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class QilianUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("kind", User.Kind.OPERATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. ``kind`` says which portal they use; operators are ``is_staff``."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        BANK = "bank", _("银行")
        PROVIDER = "provider", _("服务机构")
        TALENT = "talent", _("人才")
        OPERATOR = "operator", _("平台运营")

    kind = models.CharField(_("用户类型"), max_length=16, choices=Kind.choices, default=Kind.TALENT)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    objects = QilianUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    @property
    def is_operator(self) -> bool:
        return self.is_active and self.is_staff


class Organization(models.Model):
    """A legal entity with a Unified Social Credit Code: an enterprise, a bank or a service provider.

    ``verification`` moves pending → verified / rejected only through
    ``enterprises.services.organization_verify`` (operators). Unverified organizations can edit
    their profile but cannot publish needs or offers, nor be matched.
    """

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        BANK = "bank", _("银行")
        PROVIDER = "provider", _("服务机构")

    class Verification(models.TextChoices):
        PENDING = "pending", _("待审核")
        VERIFIED = "verified", _("已认证")
        REJECTED = "rejected", _("未通过")

    kind = models.CharField(_("机构类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=128)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    region = models.ForeignKey("enterprises.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    verification = models.CharField(
        _("认证状态"), max_length=16, choices=Verification.choices, default=Verification.PENDING
    )
    rejection_reason = models.CharField(_("未通过原因"), max_length=255, blank=True)
    verified_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        indexes = [
            models.Index(fields=["kind", "verification"]),
            models.Index(fields=["region"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(verification="rejected") | ~models.Q(rejection_reason=""),
                name="organization_rejection_has_reason",
            ),
            models.CheckConstraint(condition=models.Q(uscc__regex=r"^[0-9A-Y]{18}$"), name="organization_uscc_shape"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED


class Membership(models.Model):
    """A user's place in one organization. A user belongs to at most one organization."""

    class Role(models.TextChoices):
        OWNER = "owner", _("管理员")
        MEMBER = "member", _("成员")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("成员")
        verbose_name_plural = _("成员")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An owner's invitation for a colleague to join the organization (accepted by signing up)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("邮箱"))
    role = models.CharField(_("角色"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("邀请")
        verbose_name_plural = _("邀请")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"
