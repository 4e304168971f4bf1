"""A parent signs in and reads the family's own dossier."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .accessibility import assert_accessible, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_parent_signs_in_and_reads_his_own_dossier(page, demo, sign_in):
    sign_in("pieter.jansen")
    # Straight to his own dossier: no welcome page with one button in between.
    expect(page).to_have_url(re.compile(r"/mijn-dossier/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Het dossier van Jansen")
    assert_accessible(page, "mijn-dossier")

    timeline = page.get_by_role("region", name="Tijdlijn")
    expect(timeline).to_contain_text("Gesprek met Lisa op school.")
    # R7: he learns that entries are withheld (a note, and the line of a withheld document)
    # and why, never what they say.
    expect(timeline).to_contain_text("U kunt 2 notities niet lezen.")
    expect(page.get_by_text("De huisarts meldt zorgen")).to_have_count(0)


def test_on_a_phone_pieters_first_screen_shows_the_proposal_waiting_for_him(page, demo, sign_in):
    page.set_viewport_size(PHONE)
    sign_in("pieter.jansen")
    expect(page).to_have_url(re.compile(r"/mijn-dossier/$"))
    waiting = page.get_by_role("region", name="Dit wachten we van u")
    expect(waiting).to_contain_text(
        re.compile(r"U kunt tot en met \d+ \w+ reageren op 1 voorstel\.")
    )
    link = waiting.get_by_role("link", name=re.compile("Verwijzing naar gezinstherapie"))
    screenshot(page, "mijn-dossier-phone")
    # On the first screen: the line and its link end above the fold, without scrolling.
    assert page.evaluate("window.scrollY") == 0
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    link.click()
    expect(page).to_have_url(re.compile(r"/mijn-dossier/besluiten/[0-9a-f-]+/#geef$"))
    expect(page.get_by_role("heading", name="Wat vindt u ervan?")).to_be_visible()
