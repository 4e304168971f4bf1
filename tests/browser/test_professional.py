"""A professional signs in, opens a dossier and writes an entry: by mouse, by keyboard, without JS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from casefile.models import Entry
from tests.otp import totp_code, totp_device

from .accessibility import assert_accessible
from .journeys import tab_to

pytestmark = pytest.mark.browser

ENTRY = "Huisbezoek gedaan. Pieter en Mirjam vertellen dat het rustiger is thuis."


def anna_code() -> str:
    return totp_code(totp_device(User.objects.get(username="anna")))


def write_an_entry(page, text: str) -> None:
    page.locator("summary", has_text="Notitie schrijven").click()
    form = page.locator("form", has=page.get_by_label("Wat wilt u vastleggen?"))
    form.get_by_label("Wat wilt u vastleggen?").fill(text)
    form.get_by_role("button", name="Opslaan").click()


def expect_in_timeline(page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text("De notitie staat in de tijdlijn.")
    newest = page.get_by_role("region", name="Tijdlijn").locator("ol.timeline > li").first
    expect(newest).to_contain_text(text)
    expect(newest).to_contain_text("zichtbaar voor het gezin")


def test_a_professional_signs_in_opens_a_dossier_and_writes_an_entry(page, demo):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    assert_accessible(page, "login")

    page.get_by_label("Gebruikersnaam").fill("anna")
    page.get_by_label("Wachtwoord").fill(demo)  # the demo password
    page.get_by_role("button", name="Inloggen").click()
    # The second step: the code from Anna's authenticator app (issue 10).
    expect(page.get_by_role("heading", level=1)).to_have_text("Code invullen")
    assert_accessible(page, "second-step")
    page.get_by_label("Code").fill(anna_code())
    page.get_by_role("button", name="Controleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Goedendag, Anna")
    assert_accessible(page, "start-professional")

    page.get_by_role("region", name="Laatst actieve dossiers").get_by_role(
        "link", name="Jansen", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier Jansen")
    assert_accessible(page, "dossier")

    write_an_entry(page, ENTRY)
    expect_in_timeline(page, ENTRY)
    assert_accessible(page, "dossier-entry-saved")
    assert Entry.objects.filter(dossier__household__label="Jansen", text=ENTRY).count() == 1


def test_a_professional_reaches_a_dossier_by_keyboard_only(page, demo):
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Gebruikersnaam"))
    page.keyboard.type("anna")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(demo)  # the demo password
    page.keyboard.press("Enter")
    # The code field of the second step has the focus when its page opens.
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(anna_code())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Goedendag, Anna")

    tab_to(
        page,
        page.get_by_role("region", name="Laatst actieve dossiers").get_by_role(
            "link", name="Jansen", exact=True
        ),
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier Jansen")

    # The entry form sits in a <details>: Space opens it, and its text field is next in line.
    tab_to(page, page.locator("summary", has_text="Notitie schrijven"))
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wat wilt u vastleggen?")).to_be_focused()


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_a_professional_writes_an_entry_without_javascript(page, demo, sign_in):
    sign_in("anna")
    page.get_by_role("region", name="Laatst actieve dossiers").get_by_role(
        "link", name="Jansen", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier Jansen")
    # The page loads htmx; with scripts off it never ran (Playwright's own evaluate still works).
    assert page.evaluate("typeof window.htmx") == "undefined"

    write_an_entry(page, ENTRY)
    expect_in_timeline(page, ENTRY)
    assert Entry.objects.filter(dossier__household__label="Jansen", text=ENTRY).count() == 1
