"""The second factor in tests: a confirmed TOTP device, its current code, a verified session."""

from __future__ import annotations

from auditlog.context import disable_auditlog
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user) -> TOTPDevice:
    """The user's confirmed app device, made (unaudited: it is test set-up) when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        with disable_auditlog():
            device = TOTPDevice.objects.create(user=user, name="Test-app", confirmed=True)
    return device


def totp_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def second_factor_given(client, user) -> None:
    """Mark the client's session as having passed the second step, as the code page does."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()


def recovery_code(user) -> str:
    """A fresh one-time recovery code of an enrolled user (its app device made when missing).

    Unlike an app code, a new one can be had for every call in the same 30 seconds."""
    totp_device(user)
    with disable_auditlog():
        device, _made = StaticDevice.objects.get_or_create(
            user=user, name="Test-herstelcodes", defaults={"confirmed": True}
        )
        token = StaticToken.objects.create(device=device, token=StaticToken.random_token())
    return token.token
