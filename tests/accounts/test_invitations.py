"""Family accounts: the lead creates one, a one-time link sets the password, leaving ends it."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from accounts.invitations import INVITATION_DAYS, invitation_tokens
from accounts.models import User
from casefile import access
from casefile.services import member_leave
from households.models import Member
from portal import services

from ..factories import MemberFactory, years_ago

pytestmark = pytest.mark.django_db


def _create(world, client, member, email="tiener@example.org"):
    url = reverse("portal:family-account-create", args=[world.dossier.pk])
    return client.post(url, {"member": member.pk, "email": email})


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_the_lead_creates_an_account_and_an_email_brings_a_link(
    world, django_capture_on_commit_callbacks
):
    client = world.client_for(world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(world, client, world.teen)
    assert response.status_code == 302
    world.teen.refresh_from_db()
    user = world.teen.user
    assert user.role == User.Role.FAMILY and not user.has_usable_password()
    assert access.family_dossiers_of(user).filter(pk=world.dossier.pk).exists()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert world.dossier.household.label in body and user.username in body
    # No case content and no other member's name in the e-mail.
    assert world.parent.first_name not in body
    assert LogEntry.objects.get_for_object(world.teen).filter(actor=world.lead).exists()


def test_the_link_works_once(world, django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        _create(world, world.client_for(world.lead), world.teen)
    link = _link(mail.outbox[0]).split("testserver", 1)[-1].split("8000", 1)[-1]
    assert client.get(link, follow=True).status_code == 200
    data = {"new_password1": "rustig-thuis-2024", "new_password2": "rustig-thuis-2024"}
    assert client.post(link, data).status_code == 302
    world.teen.refresh_from_db()
    assert client.login(
        request=HttpRequest(), username=world.teen.user.username, password="rustig-thuis-2024"
    )
    client.logout()
    assert client.get(link).status_code == 400
    assert client.post(link, {**data, "new_password1": "nog-een-keer-99"}).status_code == 400


def test_the_link_expires(world, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.family_account_create(
            actor=world.lead, member=world.teen, email="t@example.org"
        )
    token = invitation_tokens.make_token(user)
    assert invitation_tokens.check_token(user, token)
    now = invitation_tokens._now()
    import datetime

    monkeypatch.setattr(
        invitation_tokens,
        "_now",
        lambda: now + datetime.timedelta(days=INVITATION_DAYS, minutes=1),
    )
    assert not invitation_tokens.check_token(user, token)


@pytest.mark.parametrize("who", ["involved", "outsider", "family", "analyst", "administrator"])
def test_only_the_lead_creates_accounts(world, who):
    response = _create(world, world.client_for(getattr(world, who)), world.teen)
    assert response.status_code in (403, 404)
    world.teen.refresh_from_db()
    assert world.teen.user is None


def test_no_account_under_12(world):
    response = _create(world, world.client_for(world.lead), world.child)
    assert response.status_code == 400
    world.child.refresh_from_db()
    assert world.child.user is None


def test_no_second_account_and_no_member_of_another_household(world):
    client = world.client_for(world.lead)
    assert _create(world, client, world.parent).status_code == 400
    other = MemberFactory(date_of_birth=years_ago(30))
    assert _create(world, client, other).status_code == 400
    assert Member.objects.get(pk=other.pk).user is None


def test_leaving_the_household_ends_the_account_for_the_dossier(world):
    client = world.client_for(world.family)
    assert client.get(reverse("portal:family-home")).status_code == 200
    member_leave(actor=world.lead, member=world.parent)
    assert not access.family_dossiers_of(world.family).exists()
    assert client.get(reverse("portal:family-home")).status_code == 404


def test_a_family_member_lands_on_my_dossier(world):
    response = world.client_for(world.family).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:family-home")


def test_one_who_left_the_household_gets_the_welcome_page_not_a_404(world):
    member_leave(actor=world.lead, member=world.parent)
    response = world.client_for(world.family).get(reverse("home"))
    assert response.status_code == 200
    assert "Welkom" in response.content.decode()


def test_the_token_leaves_the_address_bar_at_once(
    world, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        _create(world, world.client_for(world.lead), world.teen)
    link = _link(mail.outbox[0]).split("testserver", 1)[-1].split("8000", 1)[-1]
    token = link.rstrip("/").rsplit("/", 1)[-1]

    first = client.get(link)
    page = client.get(first["Location"])
    data = {"new_password1": "rustig-thuis-2024", "new_password2": "rustig-thuis-2024"}
    saved = client.post(first["Location"], data)

    assert first.status_code == 302 and token not in first["Location"]
    assert first["Location"].endswith("/wachtwoord-kiezen/")
    assert page.status_code == 200 and token not in page.content.decode()
    assert saved.status_code == 302
    world.teen.refresh_from_db()
    assert world.teen.user.check_password("rustig-thuis-2024")
    # Without the session that holds the token, the address alone opens nothing.
    assert Client().get(first["Location"]).status_code == 400
