"""Journey (c): a parent from the invitation link to the copy of his dossier (issue 13).

Pieter opens the link of his invitation e-mail, chooses a password, signs in, gives his view on
the proposal waiting for him, asks to correct an entry, files a complaint, asks for the PDF copy
and opens it, and sees who looked at his dossier. Once at a desk with axe on every page type,
once on a phone (390 px) with JavaScript off.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.invitations import invitation_url
from accounts.models import User
from procedures.models import Complaint, CorrectionRequest, DecisionView

from .accessibility import assert_accessible
from .journeys import expect_heading, sign_in_on, submit, tab_to

pytestmark = pytest.mark.browser

PASSWORD = "Zomer-in-Utrecht-2026"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def invitation_path(demo):
    """The link of the e-mail Pieter got when Anna made his account (no password yet)."""
    pieter = User.objects.get(username="pieter.jansen")
    pieter.set_unusable_password()
    pieter.save(update_fields=["password"])
    return invitation_url(pieter).removeprefix(settings.SITE_URL)


def check(page, name: str, *, axe: bool) -> None:
    if axe:
        assert_accessible(page, name)


def fits_the_screen(page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def pieter_takes_his_part(page, invitation_path: str, *, axe: bool) -> None:
    page.goto(invitation_path)
    expect_heading(page, "Kies een wachtwoord")
    check(page, "journey-invitation", axe=axe)
    page.get_by_label("Kies een wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Typ het wachtwoord nog een keer").fill(PASSWORD)
    submit(page, "Wachtwoord opslaan")
    sign_in_on(page, "pieter.jansen", PASSWORD)
    expect_heading(page, "Het dossier van Jansen")
    fits_the_screen(page)

    # His view: the first thing on the page asks for it.
    waiting = page.get_by_role("region", name="Dit wachten we van u")
    waiting.get_by_role("link", name=re.compile("Verwijzing naar gezinstherapie")).click()
    page.get_by_label("Deels eens").check()
    page.get_by_label(re.compile("Uw zienswijze")).fill(
        "Therapie is goed. Maar niet op school-avonden, dan heeft Lisa huiswerk."
    )
    submit(page, "Mijn zienswijze sturen")
    fits_the_screen(page)
    check(page, "journey-family-view-given", axe=axe)

    # A correction of an entry in the timeline.
    page.get_by_role("link", name="Mijn dossier").first.click()
    timeline = page.get_by_role("region", name="Tijdlijn")
    timeline.get_by_role("link", name="Klopt dit niet?").first.click()
    expect_heading(page, "Klopt dit niet?")
    check(page, "journey-family-correction", axe=axe)
    page.get_by_label("Wat klopt er niet? En wat moet er staan?").fill(
        "Er staat dat ik boos was. Ik was verdrietig, niet boos."
    )
    submit(page, "Versturen")
    fits_the_screen(page)

    # A complaint.
    page.get_by_role("link", name="Mijn dossier").first.click()
    page.get_by_role("link", name="Een klacht indienen").click()
    expect_heading(page, "Een klacht indienen")
    check(page, "journey-family-complaint", axe=axe)
    page.get_by_label("Het dossier", exact=True).check()
    page.get_by_label("Wat is uw klacht?").fill("Ik kreeg twee weken geen antwoord op mijn mail.")
    submit(page, "Klacht versturen")
    fits_the_screen(page)

    # The PDF copy: made after the click, then downloaded and opened.
    page.get_by_role("link", name="Mijn dossier").first.click()
    submit(page, "Kopie maken")
    expect_heading(page, "Kopie van het dossier")
    check(page, "journey-family-copy", axe=axe)
    download_link = page.get_by_role("link", name="Kopie downloaden (pdf)")
    if not download_link.count():
        page.get_by_role("link", name="Kijk of hij klaar is").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Kopie downloaden (pdf)").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]

    # Who looked: Anna is there; his own looks are counted, not listed one by one.
    page.get_by_role("link", name="Terug").click()
    page.get_by_role("link", name="Wie keek er?").first.click()
    expect_heading(page, "Wie keek er in uw dossier?")
    expect(page.get_by_role("main")).to_contain_text("Anna")
    fits_the_screen(page)
    check(page, "journey-family-access-log", axe=axe)

    pieter = User.objects.get(username="pieter.jansen")
    assert DecisionView.objects.get(given_by=pieter, text__startswith="Therapie is goed")
    assert CorrectionRequest.objects.get(requested_by=pieter, text__contains="verdrietig")
    assert Complaint.objects.get(filed_by=pieter, text__contains="geen antwoord")


def test_a_parent_takes_his_part_from_the_invitation_on(page, invitation_path):
    pieter_takes_his_part(page, invitation_path, axe=True)


@pytest.mark.browser_context_args(java_script_enabled=False, viewport=PHONE)
def test_a_parent_takes_his_part_on_a_phone_without_javascript(page, invitation_path):
    pieter_takes_his_part(page, invitation_path, axe=False)


def test_a_parent_gives_his_view_by_keyboard_only(page, demo):
    """The family's core path without a mouse: Tab to move, Enter to follow and send, Space
    and the arrow keys to choose."""
    page.goto("/accounts/login/")
    tab_to(page, page.get_by_label("Gebruikersnaam"))
    page.keyboard.type("pieter.jansen")
    page.keyboard.press("Tab")
    page.keyboard.type(demo)
    page.keyboard.press("Enter")
    expect_heading(page, "Het dossier van Jansen")

    tab_to(page, page.get_by_role("link", name=re.compile("Reageren op: Verwijzing")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Wat vindt u ervan?")).to_be_visible()
    first_choice = page.get_by_role("radio", name="Eens", exact=True)
    tab_to(page, first_choice)
    page.keyboard.press("Space")
    expect(first_choice).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Ik doe mee als het na zes uur kan.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Mijn zienswijze sturen")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    pieter = User.objects.get(username="pieter.jansen")
    assert DecisionView.objects.get(given_by=pieter, text="Ik doe mee als het na zes uur kan.")
