"""The network picture in the browser (issue 14): drawn without script, accessible, printable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import User
from casefile.models import Dossier

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_anna_sees_the_ecomap_of_jansen_and_prints_it(page, demo, signed_in):
    signed_in(User.objects.get(username="anna"))
    dossier = Dossier.objects.get(household__label="Jansen")
    page.goto(f"/dossiers/{dossier.pk}/huishouden/")

    picture = page.get_by_role("img", name="Netwerkkaart van huishouden Jansen")
    expect(picture).to_be_visible()
    expect(page.locator("#ecomap-list")).to_contain_text("Els Peters")
    assert_accessible(page, "household-ecomap")

    page.emulate_media(media="print")
    expect(picture).to_be_visible()
    expect(page.locator("#ecomap-list")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()


def test_pieter_sees_his_own_network(page, demo, signed_in):
    signed_in(User.objects.get(username="pieter.jansen"))
    page.goto("/mijn-dossier/")
    page.get_by_role("link", name="Netwerk").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw netwerk")
    expect(page.get_by_role("img", name="Netwerkkaart van huishouden Jansen")).to_be_visible()
    assert_accessible(page, "family-ecomap")
