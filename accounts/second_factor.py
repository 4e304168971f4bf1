"""The second factor (BIO 5.17): a TOTP app, ten one-time recovery codes, a reset by an admin.

django-otp holds the devices and checks codes (with its own growing pause after wrong ones);
these services decide when devices are made, confirmed and removed, and what else follows.
"""

from __future__ import annotations

import uuid
from base64 import b32encode

import qrcode
import qrcode.image.svg
from auditlog.models import LogEntry
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.services import service
from outbox.services import message_add

from .models import User
from .tasks import second_factor_reset_send
from .tokens import api_tokens_revoke_all

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"


def second_factor_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device that enrolment shows, the same one on every reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def second_factor_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as inline SVG markup: no image request, no script, no style."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def second_factor_demo_device(*, user: User) -> TOTPDevice:
    """The demo world's users come enrolled: their app device, made once and kept."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)


def second_factor_check(*, user: User, code: str):
    """The confirmed device that accepts `code` (app code or recovery code), or None.

    Each device counts its own failures and makes the next try wait longer (django-otp)."""
    code = "".join(code.split())
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


@service
def second_factor_confirm(*, actor: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Enrolment: the first code from the app confirms its device. Returns the new recovery
    codes (shown once), or None when the code is wrong. Earlier devices and every API token
    of the account end, so only the new app and codes open it."""
    if device.user_id != actor.pk or device.confirmed or not device.verify_token(code):
        return None
    for old in devices_for_user(actor, confirmed=None):
        if old.pk != device.pk or not isinstance(old, TOTPDevice):
            old.delete()
    device.confirmed = True
    device.save()
    recovery = StaticDevice.objects.create(user=actor, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    api_tokens_revoke_all(user=actor)
    return codes


@service
def second_factor_reset(*, actor: User, user: User) -> None:
    """A lost phone: an administrator removes the account's devices. The owner enrols again at
    the next sign-in; their sessions lose their second step and their API tokens end. The
    reset is audited (the device rows and one row on the account) and the owner is e-mailed."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    api_tokens_revoke_all(user=user)
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"tweede stap": ["ingesteld", "opnieuw in te stellen"]},
    )
    key = f"{second_factor_reset_send.name}:{user.pk}:{uuid.uuid4().hex}"
    message_add(task=second_factor_reset_send, key=key, user_id=user.pk)
