"""Every main page renders in English too (a broken placeholder in a translation would fail)."""

from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.mo").exists(),
        reason="the English catalog is not compiled (make test compiles it; needs msgfmt)",
    ),
]


def english(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, url
    assert '<html lang="en">' in response.content.decode(), url
    return response.content.decode()


def test_professional_pages_in_english(world):
    client = world.client_for(world.lead)
    dossier = world.dossier.pk
    for url in (
        reverse("home"),
        reverse("workspace:dossier-list"),
        reverse("workspace:dossier-detail", args=[dossier]),
        reverse("workspace:dossier-create"),
        reverse("procedures:procedure-overview", args=[dossier]),
        reverse("procedures:decision-list", args=[dossier]),
        reverse("workspace:household-detail", args=[dossier]),
        reverse("safety:detail", args=[dossier]),
        reverse("safety:household-search"),
    ):
        english(client, url)
    assert "Timeline" in english(client, reverse("workspace:dossier-detail", args=[dossier]))


def test_family_and_analyst_pages_in_english(world):
    family = world.client_for(world.family)
    english(family, reverse("portal:family-home"))
    english(family, reverse("portal:family-access-log"))
    english(world.client_for(world.analyst), reverse("reports:report"))


def test_second_step_and_token_pages_in_english(world, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.post(reverse("login"), {"username": "lead", "password": "secret-pass-123"})
    assert "authenticator app" in english(client, reverse("second-factor-setup"))
    TOTPDevice.objects.filter(user=world.lead).update(confirmed=True)
    assert "recovery codes" in english(client, reverse("second-factor-code"))
    assert "My API tokens" in english(world.client_for(world.lead), reverse("api-tokens"))
