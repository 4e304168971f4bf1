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


EXTEND = "/accounts/sessie/verlengen/"


def test_the_page_carries_the_countdown_without_inline_script(world, client_for, clock, settings):
    settings.SESSION_WARNING_SECONDS = 90
    client = client_for(world.lead)
    client.get(reverse("home"))
    clock.advance(30)  # less than a minute: not yet written down as activity

    page = client.get(reverse("home")).content.decode()

    assert 'data-remaining="870"' in page and 'data-warning="90"' in page
    assert 'data-extendable="true"' in page
    assert '<script src="/static/js/session.js" defer></script>' in page
    assert "<script>" not in page
    assert 'action="/accounts/sessie/verlengen/"' in page


def test_blijf_ingelogd_moves_the_idle_end_and_shows_no_case_content(world, client_for, clock):
    client = client_for(world.lead)
    client.get(reverse("home"))
    clock.advance(14 * MINUTE)

    response = client.post(EXTEND, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"remaining", "extendable", "ends_at", "ends_at_time"}
    assert data["remaining"] == 15 * MINUTE and data["extendable"] is True
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    clock.advance(14 * MINUTE)  # 28 minutes since the last page: alive thanks to the button
    assert client.get(reverse("home")).status_code == 200


def test_blijf_ingelogd_logs_no_access_event(world, client_for, clock):
    from casefile.models import AccessEvent

    client = client_for(world.lead)
    before = AccessEvent.objects.count()

    client.post(EXTEND, HTTP_ACCEPT="application/json")

    assert AccessEvent.objects.count() == before


def test_without_script_the_button_returns_to_the_page(world, client_for, clock):
    client = client_for(world.lead)
    dossiers = reverse("workspace:dossier-list")

    response = client.post(EXTEND, {"next": dossiers})
    outside = client.post(EXTEND, {"next": "https://elders.example/"})

    assert response.status_code == 302 and response["Location"] == dossiers
    assert outside.status_code == 302 and outside["Location"] == reverse("home")


def test_blijf_ingelogd_needs_a_post_and_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.lead)

    assert client.get(EXTEND).status_code == 405
    assert client.post(EXTEND, HTTP_ACCEPT="application/json").status_code == 403


def test_an_ended_session_cannot_be_extended(world, client_for, clock):
    client = client_for(world.lead)
    client.get(reverse("home"))
    clock.advance(16 * MINUTE)

    json_answer = client.post(EXTEND, HTTP_ACCEPT="application/json")
    page_answer = client.post(EXTEND)

    assert json_answer.status_code == 401 and "verlopen" in json_answer.json()["detail"]
    assert page_answer.status_code == 302 and page_answer["Location"] == reverse("login")


def test_the_absolute_limit_never_moves(world, client_for, clock):
    client = client_for(world.lead)
    for _ in range(47):
        clock.advance(10 * MINUTE)
        client.post(EXTEND, HTTP_ACCEPT="application/json")

    last = client.post(EXTEND, HTTP_ACCEPT="application/json").json()

    assert last["remaining"] == 10 * MINUTE and last["extendable"] is False


def test_a_family_session_has_no_button(world, client_for, clock):
    client = client_for(world.family)

    page = client.get(FAMILY_HOME).content.decode()

    assert 'data-extendable="false"' in page
    assert "data-session-extend hidden" in page
