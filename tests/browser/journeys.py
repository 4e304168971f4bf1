"""Steps the journeys share, written as a person takes them: by role, label and visible text.

Locators never use CSS classes or layout, so a restyled page keeps its journeys.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from accounts.models import User
from tests.otp import totp_code, totp_device

from .conftest import DEMO_PASSWORD, TIMEOUT_MS


def sign_in_on(page, username: str, password: str = DEMO_PASSWORD):
    """The login form, then (staff) the code of the authenticator app."""
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    user = User.objects.get(username=username)
    if user.needs_second_factor:
        expect(page.get_by_role("heading", level=1)).to_have_text("Code invullen")
        page.get_by_label("Code").fill(totp_code(totp_device(user)))
        page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def other_person(browser, live_server, browser_context_args, **overrides):
    """A second person at another computer: a context of their own, cookies and all."""
    context = browser.new_context(
        **{**browser_context_args, "base_url": live_server.url, **overrides}
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


def tab_to(page, target, limit: int = 60) -> None:
    """Press Tab until `target` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus in {limit} presses of Tab")


def expect_heading(page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def expect_status(page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def submit(page, button_name: str) -> None:
    """Press a form's button and wait for the next page (also without JavaScript)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button_name, exact=True).click()
