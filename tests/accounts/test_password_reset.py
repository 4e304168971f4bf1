"""'Wachtwoord vergeten?': a link by e-mail through the outbox, no existence oracle, a limit."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from outbox.models import Message

from ..factories import AdministratorFactory, FamilyUserFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = "rustig-thuis-2024"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _ask(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("password-reset"), {"email": email})


def _path(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_the_login_page_has_a_help_line_and_the_reset_link():
    page = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse("password-reset")}"' in page
    assert "Hulp nodig?" in page


def test_a_known_address_gets_a_link_that_sets_a_new_password(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="anna@example.org")
    client = Client()
    response = _ask(client, "Anna@Example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("password-reset-sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert user.username in message.body
    # Through the outbox, like every e-mail (a Message row, sent after commit).
    assert Message.objects.filter(task="accounts.tasks.password_reset_send").count() == 1

    link = _path(message)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password(NEW)
    # The link works once.
    again = Client().get(link, follow=True)
    assert "Deze link werkt niet meer" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    django_capture_on_commit_callbacks,
):
    UserFactory(email="anna@example.org")
    known = _ask(Client(), "anna@example.org", django_capture_on_commit_callbacks)
    unknown = _ask(Client(), "niemand@example.org", django_capture_on_commit_callbacks)
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    page = Client().get(unknown["Location"]).content.decode()
    assert "Hoort dit e-mailadres bij een account?" in page


def test_a_family_account_can_reset_too(django_capture_on_commit_callbacks):
    FamilyUserFactory(email="pieter@example.org")
    _ask(Client(), "pieter@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_administrators_and_deactivated_accounts_get_nothing(
    django_capture_on_commit_callbacks,
):
    AdministratorFactory(email="beheer@example.org")
    UserFactory(email="weg@example.org", is_active=False)
    for email in ("beheer@example.org", "weg@example.org"):
        response = _ask(Client(), email, django_capture_on_commit_callbacks)
        assert response.status_code == 302
    assert mail.outbox == []


def test_asking_again_sends_no_second_email_in_the_same_period(
    django_capture_on_commit_callbacks,
):
    UserFactory(email="anna@example.org")
    client = Client()
    _ask(client, "anna@example.org", django_capture_on_commit_callbacks)
    _ask(client, "anna@example.org", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_one_address_is_limited_per_hour_and_the_answer_stays_the_same(
    settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_PER_ADDRESS = 2
    for number in range(3):
        UserFactory(email=f"mens{number}@example.org")
    client = Client()
    answers = [
        _ask(client, f"mens{number}@example.org", django_capture_on_commit_callbacks)
        for number in range(3)
    ]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, reverse("password-reset-sent"))
    }
    assert len(mail.outbox) == 2


def test_a_bad_address_gets_the_error_summary():
    response = Client().post(reverse("password-reset"), {"email": "geen adres"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er ging iets mis" in page
    assert 'href="#id_email"' in page


def test_a_weak_new_password_is_refused_with_a_link_to_the_field(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="anna@example.org")
    client = Client()
    _ask(client, "anna@example.org", django_capture_on_commit_callbacks)
    form = client.get(_path(mail.outbox[0]), follow=True)
    set_url = form.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 400
    assert 'href="#id_new_password1"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("secret-pass-123")


def test_the_reset_pages_carry_no_case_content_and_need_no_sign_in():
    for name in ("password-reset", "password-reset-sent"):
        assert Client().get(reverse(name)).status_code == 200
