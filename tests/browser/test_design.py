"""The design patterns in a real browser (docs/design.md): the error summary takes the focus
without JavaScript, radios are 24 px, the focus ring shows, and the new pages pass axe."""

from __future__ import annotations

import pytest

from accounts.models import User
from casefile.models import Dossier
from procedures.models import Decision

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


def _focused_class(page) -> str:
    """The class of the focused element, once the answer page with its summary has loaded."""
    page.locator(".error-summary").wait_for()
    return page.evaluate("document.activeElement.className")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_wrong_password_puts_the_focus_on_the_error_summary(
    browser, browser_context_args, live_server, javascript
):
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("niemand")
    page.get_by_label("Wachtwoord", exact=True).fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.get_by_role("heading", name="Er ging iets mis").is_visible()
    if javascript:  # only a script can ask where the focus is; autofocus needs none
        assert "error-summary" in _focused_class(page)
        assert_accessible(page, "login-error")
    context.close()


def test_forgotten_password_pages_pass_axe_and_link_the_error(page):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    page.get_by_label("Uw e-mailadres").fill("geen adres")
    page.get_by_role("button", name="Link sturen").click()
    assert "error-summary" in _focused_class(page)
    assert_accessible(page, "password-reset-error")
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.get_by_label("Uw e-mailadres").fill("iemand@example.org")
    page.get_by_role("button", name="Link sturen").click()
    page.get_by_role("heading", name="Kijk in uw e-mail").wait_for()
    assert_accessible(page, "password-reset-sent")


def test_a_family_view_without_a_choice_links_to_the_radio_group(page, demo, sign_in):
    decision = Decision.objects.get(dossier__household__label="Jansen", state="hearing")
    sign_in("pieter.jansen")
    page.goto(f"/mijn-dossier/besluiten/{decision.pk}/")
    # Large radios: 24 px or more.
    size = page.locator("input[type=radio]").first.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24
    page.locator("textarea").first.fill("Ik weet het nog niet.")
    # The browser's own check of `required` would stop the form first; the server's answer is
    # what every browser (and one without that check) gets.
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    page.get_by_role("button", name="Mijn zienswijze sturen").click()
    assert "error-summary" in _focused_class(page)
    assert_accessible(page, "family-view-error")
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.type") == "radio"


def test_the_focus_ring_has_two_tones(page, demo, signed_in):
    signed_in(User.objects.get(username="anna"))
    dossier = Dossier.objects.get(household__label="Jansen")
    page.goto(f"/dossiers/{dossier.pk}/?soort=event")
    assert_accessible(page, "dossier-timeline-filtered")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand link in the header
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    # Dark inner ring (#1b1f24) and yellow outer ring (#ffbf47).
    assert "rgb(27, 31, 36)" in shadow and "rgb(255, 191, 71)" in shadow
