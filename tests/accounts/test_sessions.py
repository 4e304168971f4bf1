"""Issue 10 item 2: staff sessions end after 15 idle minutes, every session after 8 hours."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved by hand."""

    class Clock:
        now = 1_800_000_000

        def advance(self, seconds: int) -> None:
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr("accounts.middleware._now", lambda: clock.now)
    return clock


def test_an_idle_professional_session_ends_after_15_minutes(world, client_for, clock):
    client = client_for(world.lead)
    assert client.get(reverse("home")).status_code == 200

    clock.advance(14 * MINUTE)
    assert client.get(reverse("home")).status_code == 200  # activity: the 15 minutes restart
    clock.advance(14 * MINUTE)
    assert client.get(reverse("home")).status_code == 200
    clock.advance(15 * MINUTE)
    response = client.get(reverse("workspace:dossier-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert "sessie is verlopen" in client.get(response["Location"]).content.decode()


def test_an_idle_session_ends_for_the_session_signed_api_too(world, client_for, clock):
    client = client_for(world.lead)
    assert client.get("/api/v1/dossiers/").status_code == 200

    clock.advance(16 * MINUTE)

    assert client.get("/api/v1/dossiers/").status_code in (401, 403)


FAMILY_HOME = "/mijn-dossier/"


def test_a_family_session_is_not_ended_by_15_idle_minutes(world, client_for, clock):
    client = client_for(world.family)
    client.get(FAMILY_HOME)

    clock.advance(2 * HOUR)

    assert client.get(FAMILY_HOME).status_code == 200


@pytest.mark.parametrize("who", ["lead", "family"])
def test_every_session_ends_8_hours_after_sign_in_however_active(world, client_for, clock, who):
    client = client_for(getattr(world, who))
    start = FAMILY_HOME if who == "family" else reverse("home")  # families land on their dossier
    for _ in range(47):  # busy all day: a request every 10 minutes
        clock.advance(10 * MINUTE)
        assert client.get(start).status_code == 200
    clock.advance(10 * MINUTE)

    response = client.get(start)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_says_when_the_session_ends(world, client_for, clock, settings):
    settings.TIME_ZONE = "UTC"
    clock.now = 1_800_000_000  # 2027-01-15 08:00 UTC
    client = client_for(world.lead)

    page = client.get(reverse("home")).content.decode()

    assert "stopt uw sessie om" in page
    assert '<time datetime="2027-01-15T08:15:00+00:00">08:15</time>' in page
