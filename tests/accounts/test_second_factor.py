"""Issue 10 item 1: staff sign in with a password and a TOTP code; families with a password."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, User
from accounts.services import administrator_rights_grant
from accounts.tokens import api_token_create
from tests.factories import UserFactory
from tests.otp import totp_code, totp_device

pytestmark = pytest.mark.django_db

PASSWORD = {"password": "secret-pass-123"}


def sign_in_with_password(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, **PASSWORD})
    assert response.status_code == 302


def test_a_professional_signs_in_with_password_and_totp(world, client):
    device = totp_device(world.lead)
    sign_in_with_password(client, "lead")

    asked = client.get(reverse("workspace:dossier-list"))
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("second-factor-code"))
    page = client.get(asked["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()

    given = client.post(
        reverse("second-factor-code"),
        {"code": totp_code(device), "next": reverse("workspace:dossier-list")},
    )

    assert given.status_code == 302
    assert given["Location"] == reverse("workspace:dossier-list")
    assert client.get(reverse("workspace:dossier-list")).status_code == 200


def test_without_the_code_they_reach_nothing_but_the_second_step(world, client):
    totp_device(world.lead)
    sign_in_with_password(client, "lead")

    for url in (
        reverse("home"),
        reverse("workspace:dossier-list"),
        reverse("workspace:dossier-detail", args=[world.dossier.pk]),
        reverse("api-tokens"),
        reverse("admin:index"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("second-factor-code")), url
    api = client.get(f"/api/v1/dossiers/{world.dossier.pk}/")
    assert api.status_code == 403
    assert "authenticator-app" in api.json()["detail"]
    assert client.get(reverse("second-factor-code")).status_code == 200
    # The way out stays open.
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused_and_the_session_stays_unverified(world, client):
    device = totp_device(world.lead)
    sign_in_with_password(client, "lead")
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("second-factor-code"), {"code": wrong})

    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_used_code_does_not_work_twice(world):
    device = totp_device(world.lead)
    code = totp_code(device)
    first, second = Client(), Client()
    sign_in_with_password(first, "lead")
    sign_in_with_password(second, "lead")

    assert first.post(reverse("second-factor-code"), {"code": code}).status_code == 302
    assert second.post(reverse("second-factor-code"), {"code": code}).status_code == 400


def test_the_first_sign_in_enrols_an_app_and_shows_recovery_codes_once(world, client):
    sign_in_with_password(client, "lead")

    to_code = client.get(reverse("home"))
    to_setup = client.get(to_code["Location"])
    assert to_setup["Location"].startswith(reverse("second-factor-setup"))
    page = client.get(to_setup["Location"]).content.decode()

    # A QR code drawn in the page itself, and the secret to type in by hand.
    assert "<svg" in page and "<path" in page
    # No inline script (the session countdown is a file), no inline style, no data: image.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "style=" not in page and "data:" not in page
    device = TOTPDevice.objects.get(user=world.lead, confirmed=False)
    secret = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert TOTP(_b32(secret)).token() == TOTP(device.bin_key).token()

    done = client.post(reverse("second-factor-setup"), {"code": totp_code(device)})

    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=world.lead).token_set.count() == 10
    assert client.get(reverse("home")).status_code == 200
    # Enrolled now: the setup page does not show the secret again.
    assert client.get(reverse("second-factor-setup")).status_code == 302


def _b32(secret: str) -> bytes:
    from base64 import b32decode

    return b32decode(secret.replace(" ", ""))


def test_a_recovery_code_works_once(world):
    sign_in = Client()
    sign_in_with_password(sign_in, "lead")
    sign_in.get(reverse("second-factor-setup"))
    device = TOTPDevice.objects.get(user=world.lead)
    page = sign_in.post(reverse("second-factor-setup"), {"code": totp_code(device)})
    code = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page.content.decode())[0]

    first, second = Client(), Client()
    sign_in_with_password(first, "lead")
    sign_in_with_password(second, "lead")
    assert first.post(reverse("second-factor-code"), {"code": code}).status_code == 302
    assert second.post(reverse("second-factor-code"), {"code": code}).status_code == 400


def test_a_family_member_signs_in_with_a_password_only(world, client):
    sign_in_with_password(client, "family")

    assert client.get("/mijn-dossier/").status_code == 200
    assert not TOTPDevice.objects.filter(user=world.family).exists()


@pytest.mark.parametrize("who", ["analyst", "administrator", "safety"])
def test_every_staff_role_needs_the_second_step(world, client, who):
    sign_in_with_password(client, who)

    assert client.get(reverse("home"))["Location"].startswith(reverse("second-factor-code"))


@pytest.fixture
def beheer():
    user = UserFactory(
        username="beheer", role=User.Role.ADMINISTRATOR, organisation=None, is_staff=True
    )
    administrator_rights_grant(user)
    return user


def test_an_administrator_resets_a_lost_device_audited_and_mailed(
    world, beheer, client_for, django_capture_on_commit_callbacks
):
    device = totp_device(world.lead)
    _token, key = api_token_create(user=world.lead)
    signed_in = client_for(world.lead)  # a session that had passed the second step

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(beheer).post(
            reverse("admin:accounts_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [world.lead.pk]},
        )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.lead).exists()
    assert not ApiToken.objects.filter(user=world.lead).exists()
    row = LogEntry.objects.get(object_pk=str(world.lead.pk), changes__has_key="tweede stap")
    assert row.actor == beheer
    assert LogEntry.objects.filter(
        object_pk=str(device.pk), action=LogEntry.Action.DELETE, actor=beheer
    ).exists()
    (message,) = mail.outbox
    assert message.to == [world.lead.email]
    assert "tweede stap" in message.subject
    assert key not in message.body and device.key not in message.body
    # The session that had passed the second step with the old device has to enrol again.
    assert signed_in.get(reverse("home")).status_code == 302


def test_an_administrator_does_not_reset_his_own_second_factor(beheer, client_for):
    totp_device(beheer)

    client_for(beheer).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [beheer.pk]},
    )

    assert TOTPDevice.objects.filter(user=beheer).exists()


def test_the_admin_shows_no_second_factor_secrets():
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
