import pytest
from django.contrib import admin
from django.urls import reverse

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
        ("family", "Hier leest u"),
        ("analyst", "Cijfers voor uw gemeente"),
    ],
)
def test_each_role_has_its_start_page(world, who, expected):
    response = world.client_for(getattr(world, who)).get(reverse("home"))
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


def test_password_guessing_is_paused_after_five_failures(world, client, settings):
    from django.core.cache import cache

    cache.clear()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert (
            client.post(reverse("login"), {"username": "lead", "password": "nope"}).status_code
            == 200
        )
    response = client.post(reverse("login"), {"username": "lead", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not blocked.
    other = client.post(reverse("login"), {"username": "involved", "password": "secret-pass-123"})
    assert other.status_code == 302
    cache.clear()


def test_a_successful_sign_in_resets_the_count(world, client, settings):
    from django.core.cache import cache

    cache.clear()
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        client.post(reverse("login"), {"username": "lead", "password": "nope"})
    assert (
        client.post(
            reverse("login"), {"username": "lead", "password": "secret-pass-123"}
        ).status_code
        == 302
    )
    client.post(reverse("logout"))
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        client.post(reverse("login"), {"username": "lead", "password": "nope"})
    assert (
        client.post(
            reverse("login"), {"username": "lead", "password": "secret-pass-123"}
        ).status_code
        == 302
    )
    cache.clear()
