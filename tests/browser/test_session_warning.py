"""The idle warning (issue 10): a countdown in the last seconds, a "Blijf ingelogd" button that
moves the end, and a clear line once the session has ended. Short limits keep the test quick."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_the_countdown_warns_extends_and_ends(page, signed_in, settings):
    settings.SESSION_IDLE_SECONDS = 12
    settings.SESSION_WARNING_SECONDS = 8
    signed_in(UserFactory(username="nieuw", first_name="Nina"))
    page.goto("/")
    warning = page.locator("#session-warning")
    announce = page.locator("#session-announce")

    # Without script this line is all there is; with it the warning waits for the last seconds.
    expect(page.locator(".session-end time")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=8_000)
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^0:0\d$"))
    expect(announce).to_contain_text("bijna automatisch afmelden")
    assert_accessible(page, "session-warning")

    page.get_by_role("button", name="Blijf ingelogd").click()
    expect(warning).to_be_hidden()
    expect(announce).to_have_text("")

    expect(warning).to_be_visible(timeout=10_000)
    expect(page.locator(".session-expired")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("button", name="Blijf ingelogd")).to_be_hidden()
    expect(announce).to_contain_text("Log opnieuw in")

    page.get_by_role("link", name="Opnieuw inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.goto("/dossiers/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
