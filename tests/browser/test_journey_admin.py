"""Journey (e): an administrator invites a professional, who chooses a password (issue 13).

`invite_professional` is the whole invitation as administrators do it: one adds the account,
a second one approves it (four eyes, issue 10), and only then does the invitation go out.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail

from accounts.models import User
from accounts.services import administrator_rights_grant
from tests.otp import totp_device

from .accessibility import assert_accessible
from .conftest import DEMO_PASSWORD
from .journeys import expect_heading, other_person, sign_in_on, submit

pytestmark = pytest.mark.browser


def second_administrator() -> User:
    """Another functional administrator, as the demo has only `beheer`."""
    beheer = User.objects.get(username="beheer")
    other, _ = User.objects.get_or_create(
        username="beheer2",
        defaults={
            "first_name": "Bea",
            "last_name": "Beheer",
            "role": User.Role.ADMINISTRATOR,
            "email": "beheer2@example.org",
            "is_staff": True,
        },
    )
    other.set_password(DEMO_PASSWORD)
    other.save()
    administrator_rights_grant(other)
    totp_device(other)
    assert other.pk != beheer.pk
    return other


def approve_account_request(page, *, username: str) -> None:
    """The second administrator approves the pending account under "Accountaanvragen"."""
    page.goto("/admin/")
    page.get_by_role("link", name="Accountaanvragen").first.click()
    assert_accessible(page, "journey-admin-account-requests")
    row = page.get_by_role("row").filter(has_text=username)
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name=re.compile("Actie")).select_option(
        label="Geselecteerde aanvragen goedkeuren"
    )
    page.get_by_role("button", name="Uitvoeren").click()
    page.wait_for_load_state()


def invite_professional(
    page, *, username: str, first_name: str, last_name: str, email: str, approver_page=None
):
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
    user = User.objects.get(username=username)
    assert not user.is_active  # waits for a second administrator
    if approver_page is not None:
        approve_account_request(approver_page, username=username)
        user.refresh_from_db()
        assert user.is_active
    return user


def test_an_administrator_invites_a_professional(
    page, demo, browser, live_server, browser_context_args
):
    sign_in_on(page, "beheer")
    approver = other_person(browser, live_server, browser_context_args)
    approver_page = sign_in_on(approver.new_page(), second_administrator().username)
    mail.outbox.clear()
    nina = invite_professional(
        page,
        username="nina",
        first_name="Nina",
        last_name="Kok",
        email="nina@example.org",
        approver_page=approver_page,
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
    approver.close()
