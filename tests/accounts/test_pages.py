from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.otp import totp_code, totp_device

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_dutch(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "Inloggen" in page
    assert '<label for="id_username">' in page


def test_signing_in_and_out(world, client):
    device = totp_device(world.lead)
    response = client.post(reverse("login"), {"username": "lead", "password": "secret-pass-123"})
    assert response.status_code == 302
    client.post(reverse("second-factor-code"), {"code": totp_code(device)})
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_password_gets_a_clear_message(world, client):
    response = client.post(reverse("login"), {"username": "lead", "password": "nope"})
    assert response.status_code == 200
    assert "wachtwoord" in response.content.decode().lower()


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", "Laatst actieve dossiers"),
        ("family", "Hier leest u"),  # on /mijn-dossier/, where a family member lands
        ("analyst", "Cijfers voor uw gemeente"),
    ],
)
def test_each_role_has_its_start_page(world, who, expected):
    response = world.client_for(getattr(world, who)).get(reverse("home"), follow=True)
    assert expected in response.content.decode()


def test_the_administrator_starts_in_the_admin(world):
    response = world.client_for(world.administrator).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_the_admin_holds_no_case_data():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "casefile" not in registered
    assert "households" not in registered
    assert "safety" not in registered
    assert "auditlog" not in registered  # audit rows can't be changed through the application


def test_the_admin_lists_accounts_and_organisations(world):
    response = world.client_for(world.administrator).get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Organisaties" in response.content.decode()


def _sign_in(client, username, password="nope", address="10.0.0.1"):  # noqa: S107
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_password_guessing_is_paused_after_five_failures(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        assert _sign_in(client, "lead").status_code == 200

    fifth = _sign_in(client, "lead")
    right = _sign_in(client, "lead", "secret-pass-123")

    assert fifth.status_code == 429
    assert right.status_code == 429
    page = right.content.decode()
    assert "Er is te vaak een verkeerd wachtwoord ingevuld" in page
    assert "Probeer het over 15 minuten opnieuw" in page
    assert '<input type="text" name="username" value="lead"' in page  # the form stays usable
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not paused, nor this one from elsewhere.
    assert _sign_in(client, "involved", "secret-pass-123").status_code == 302
    assert _sign_in(Client(), "lead", "secret-pass-123", address="10.0.0.2").status_code == 302


def test_the_name_counts_however_it_is_typed(world, client, settings):
    for name in ["lead", "Lead", " LEAD", "lEaD "]:
        _sign_in(client, name)

    assert _sign_in(client, "LeAd").status_code == 429
    assert _sign_in(client, "lead", "secret-pass-123").status_code == 429


def test_password_spraying_from_one_address_is_paused(world, client, settings):
    names = [f"naam{number}" for number in range(40)]
    answers = [_sign_in(client, name).status_code for name in names]

    limit = settings.LOGIN_MAX_FAILURES_PER_ADDRESS
    assert answers[: limit - 1] == [200] * (limit - 1)
    assert set(answers[limit - 1 :]) == {429}
    # Even a right password waits from that address; another address is not affected.
    assert _sign_in(client, "lead", "secret-pass-123").status_code == 429
    assert _sign_in(Client(), "lead", "secret-pass-123", address="10.0.0.2").status_code == 302


def test_a_right_password_does_not_reset_the_address_count(world, client, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 6
    for number in range(5):
        _sign_in(client, f"naam{number}")
    assert _sign_in(client, "lead", "secret-pass-123").status_code == 302
    client.post(reverse("logout"))

    assert _sign_in(client, "naam9").status_code == 429


def test_the_pause_ends_after_the_cool_off(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _sign_in(client, "lead")
    assert _sign_in(client, "lead", "secret-pass-123").status_code == 429

    later = timezone.now() + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    with mock.patch("axes.handlers.proxy.now", return_value=later):
        assert _sign_in(client, "lead", "secret-pass-123").status_code == 302


def test_a_successful_sign_in_resets_the_count(world, client, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _sign_in(client, "lead")
    assert _sign_in(client, "lead", "secret-pass-123").status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _sign_in(client, "lead")
    assert _sign_in(client, "lead", "secret-pass-123").status_code == 302


def test_sign_in_attempts_keep_no_password(world, client):
    _sign_in(client, "lead", "geheim-wachtwoord")

    attempt = AccessAttempt.objects.get()
    assert "geheim-wachtwoord" not in attempt.post_data
