"""Who must pass a second factor, enrolment (TOTP + backup codes) and verification (django-otp).

Required: operators (``is_staff``) and bank staff (a membership in an organization of kind bank).
Optional: everybody else — but once a user has enrolled, their sign-ins need it too.
The decision is taken at sign-in and kept in the session, so pages pay no query for it.
"""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from enterprises.models import Organization, SecurityEvent, User
from enterprises.permissions import membership_of
from enterprises.security.events import record

SESSION_KEY = "qilian_otp_required"
BACKUP_CODES = 10


def must_use_otp(user: User) -> bool:
    """Second factor compulsory for this user (operators and bank staff)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    membership = membership_of(user)
    return bool(membership and membership.organization.kind == Organization.Kind.BANK)


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_required(user: User) -> bool:
    """Compulsory, or chosen by enrolling."""
    return must_use_otp(user) or has_device(user)


def remember_requirement(request: HttpRequest, user: User) -> None:
    """At sign-in: keep in the session whether this user needs a second factor."""
    request.session[SESSION_KEY] = otp_required(user)


def session_requires_otp(request: HttpRequest) -> bool:
    """The signed-in user of this request needs a second factor (computed once per session)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    required = request.session.get(SESSION_KEY)
    if required is None:
        required = otp_required(user)
        request.session[SESSION_KEY] = required
    return bool(required)


def is_verified(user: Any) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The key for manual entry in an authenticator app."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code, inline as a data: URI (no CDN, no script)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


@transaction.atomic
def new_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with ten fresh ones (each works once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Check the first code from the new authenticator; on success confirm it, mark the session
    verified and return fresh backup codes; ``None`` if the code is wrong."""
    user = request.user
    if not device.verify_token(code.strip()):
        record(SecurityEvent.Kind.OTP_FAILURE, request, detail="enrol")
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = new_backup_codes(user)
    _verified(request, device)
    request.session[SESSION_KEY] = True
    record(SecurityEvent.Kind.OTP_ENROLLED, request)
    return codes


def verify(request: HttpRequest, code: str) -> bool:
    """Check a code from the authenticator, or a backup code (which is then used up)."""
    user = request.user
    code = code.strip().replace(" ", "")
    for device in [*TOTPDevice.objects.filter(user=user, confirmed=True),
                   *StaticDevice.objects.filter(user=user, confirmed=True)]:
        if device.verify_is_allowed()[0] and device.verify_token(code):
            _verified(request, device)
            record(SecurityEvent.Kind.OTP_SUCCESS, request,
                   detail="backup" if isinstance(device, StaticDevice) else "totp")
            return True
    record(SecurityEvent.Kind.OTP_FAILURE, request)
    return False


def check_code(user: User, code: str) -> bool:
    """An authenticator code of this user, for the API token exchange (no session)."""
    code = (code or "").strip()
    if not code:  # missing is not a wrong guess: no throttling step
        return False
    return any(device.verify_is_allowed()[0] and device.verify_token(code)
               for device in TOTPDevice.objects.filter(user=user, confirmed=True))


def _verified(request: HttpRequest, device: Any) -> None:
    request.session.cycle_key()
    otp_login(request, device)


@transaction.atomic
def disable(request: HttpRequest) -> None:
    """Remove every second-factor device of a user for whom it is optional."""
    user = request.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session[SESSION_KEY] = must_use_otp(user)
    record(SecurityEvent.Kind.OTP_DISABLED, request)
