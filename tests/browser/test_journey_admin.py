"""Journey (e): an administrator invites a professional, who chooses a password (issue 13).

`invite_professional` is the whole invitation as the administrator does it; when new staff
accounts need a second administrator's approval, that step goes into this one function.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail

from accounts.models import User

from .accessibility import assert_accessible
from .journeys import expect_heading, other_person, sign_in_on, submit

pytestmark = pytest.mark.browser


def invite_professional(page, *, username: str, first_name: str, last_name: str, email: str):
    page.goto("/admin/")
    page.get_by_role("link", name="Gebruikers").first.click()
    page.get_by_role("link", name=re.compile("toevoegen", re.I)).first.click()
    assert_accessible(page, "journey-admin-user-add")
    # Django's admin ends its labels with a colon.
    page.get_by_role("textbox", name=re.compile("^Gebruikersnaam")).fill(username)
    page.get_by_role("textbox", name=re.compile("^Voornaam")).fill(first_name)
    page.get_by_role("textbox", name=re.compile("^Achternaam")).fill(last_name)
    page.get_by_role("textbox", name=re.compile("^E-mail", re.I)).fill(email)
    page.get_by_role("combobox", name=re.compile("^Rol")).select_option(label="Professional")
    page.get_by_role("combobox", name=re.compile("^Organisatie")).select_option(
        label="Buurtteam Utrecht Noordoost"
    )
    submit(page, "Opslaan")
    return User.objects.get(username=username)


def test_an_administrator_invites_a_professional(
    page, demo, browser, live_server, browser_context_args
):
    sign_in_on(page, "beheer")
    mail.outbox.clear()
    nina = invite_professional(
        page, username="nina", first_name="Nina", last_name="Kok", email="nina@example.org"
    )
    assert not nina.has_usable_password()  # the administrator never sets it
    assert_accessible(page, "journey-admin-user-invited")

    [invitation] = [m for m in mail.outbox if m.to == ["nina@example.org"]]
    link = re.search(
        re.escape(settings.SITE_URL) + r"(/accounts/uitnodiging/\S+/)", invitation.body
    )
    assert link, invitation.body

    context = other_person(browser, live_server, browser_context_args)
    nina_page = context.new_page()
    nina_page.goto(link.group(1))
    expect_heading(nina_page, "Kies een wachtwoord")
    nina_page.get_by_label("Kies een wachtwoord", exact=True).fill("Nina-begint-morgen-2026")
    nina_page.get_by_label("Typ het wachtwoord nog een keer").fill("Nina-begint-morgen-2026")
    submit(nina_page, "Wachtwoord opslaan")
    nina.refresh_from_db()
    assert nina.has_usable_password()
    context.close()
