"""A professional's first sign-in: link an authenticator app by its QR code, keep the recovery
codes, and go on to the start page (issue 10)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.otp import totp_code

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_a_new_professional_links_an_app_and_gets_recovery_codes(page):
    user = UserFactory(username="nieuw", first_name="Nina")
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("nieuw")
    page.get_by_label("Wachtwoord").fill("secret-pass-123")
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap instellen")
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    assert_accessible(page, "second-step-setup")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Code uit de app").fill(totp_code(device))
    page.get_by_role("button", name="Koppelen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Goedendag, Nina")
