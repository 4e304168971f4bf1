"""A functional administrator manages accounts and cannot give himself, or anyone, more (R6)."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from accounts.models import AccountRequest, Organisation, User
from accounts.services import administrator_rights_grant
from casefile import access
from tests.factories import OrganisationFactory, UserFactory, open_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer():
    """As the demo world makes him: staff with the administrator's rights, no superuser."""
    user = UserFactory(
        username="beheer", role=User.Role.ADMINISTRATOR, organisation=None, is_staff=True
    )
    administrator_rights_grant(user)
    return user


@pytest.fixture
def admin_client(beheer):
    client = Client()
    client.force_login(beheer)
    return client


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def form_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": "",
        "role": user.role,
        "organisation": user.organisation_id or "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_the_administrator_cannot_change_his_own_role_organisation_or_rights(admin_client, beheer):
    safety_team = OrganisationFactory(kind=Organisation.Kind.SAFETY_TEAM)
    dossier = open_dossier()
    response = admin_client.post(
        change_url(beheer),
        form_data(
            beheer,
            role=User.Role.SAFETY_PROFESSIONAL,
            organisation=safety_team.pk,
            is_superuser="on",
            is_staff="on",
            user_permissions=[],
            groups=[],
        ),
    )
    assert response.status_code == 302  # saved what he may change, ignored the rest
    beheer.refresh_from_db()
    assert beheer.role == User.Role.ADMINISTRATOR
    assert beheer.organisation is None
    assert not beheer.is_superuser
    assert list(access.dossiers_visible_to(beheer)) == []
    assert access.can_see_dossier(beheer, dossier) is False


def test_the_change_form_has_no_superuser_permission_or_password_fields(admin_client, beheer):
    other = UserFactory()
    page = admin_client.get(change_url(other)).content.decode()
    for name in ("is_superuser", "is_staff", "user_permissions", "groups", "password"):
        assert f'name="{name}"' not in page, name
    own = admin_client.get(change_url(beheer)).content.decode()
    assert 'name="role"' not in own and 'name="organisation"' not in own
    assert 'name="is_active"' not in own


def test_the_administrator_never_sets_a_password(admin_client):
    professional = UserFactory()
    url = reverse("admin:auth_user_password_change", args=[professional.pk])
    assert admin_client.get(url).status_code == 404
    assert (
        admin_client.post(
            url, {"password1": "x-Y-z-123456", "password2": "x-Y-z-123456"}
        ).status_code
        == 404
    )
    professional.refresh_from_db()
    assert professional.check_password("secret-pass-123")


def test_a_new_account_has_no_usable_password_and_is_audited(
    admin_client, beheer, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "nieuw",
                "first_name": "Nina",
                "last_name": "Nieuw",
                "email": "nina@example.org",
                "role": User.Role.PROFESSIONAL,
                "organisation": organisation.pk,
                "password1": "chosen-by-the-admin-1",
                "password2": "chosen-by-the-admin-1",
                "is_superuser": "on",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="nieuw")
    assert not user.has_usable_password()
    assert not user.is_superuser and not user.is_staff
    row = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(user.pk)
    )
    assert row.actor == beheer
    assert "password" not in (row.changes or {})


def test_family_accounts_are_not_in_the_admin(admin_client):
    family = UserFactory(role=User.Role.FAMILY, organisation=None, username="ouder")
    listing = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "ouder" not in listing
    assert admin_client.get(change_url(family)).status_code == 302  # "does not exist" redirect
    assert admin_client.post(change_url(family), form_data(family)).status_code == 302
    family.refresh_from_db()
    assert family.role == User.Role.FAMILY


def test_accounts_are_deactivated_never_deleted(admin_client, beheer):
    professional = UserFactory()
    delete = reverse("admin:accounts_user_delete", args=[professional.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [professional.pk, beheer.pk]},
    )
    assert response.status_code == 302
    professional.refresh_from_db()
    beheer.refresh_from_db()
    assert not professional.is_active
    assert beheer.is_active  # not himself
    assert User.objects.filter(pk=professional.pk).exists()
    assert LogEntry.objects.filter(object_pk=str(professional.pk), actor=beheer).exists()


def test_a_superuser_account_is_read_only_to_an_administrator(admin_client):
    root = UserFactory(role=User.Role.ADMINISTRATOR, organisation=None, is_superuser=True)
    admin_client.post(change_url(root), form_data(root, email="beheer@example.org"))
    root.refresh_from_db()
    assert root.email != "beheer@example.org"


def _invite(admin_client, django_capture_on_commit_callbacks, approver=None):
    """beheer makes the account; a second administrator approves it, then the invitation goes."""
    approver = approver or _second_administrator()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "nina",
                "first_name": "Nina",
                "last_name": "Nieuw",
                "email": "nina@example.org",
                "role": User.Role.PROFESSIONAL,
                "organisation": OrganisationFactory().pk,
            },
        )
    user = User.objects.get(username="nina")
    with django_capture_on_commit_callbacks(execute=True):
        _approve(approver, user)
    return user


def _second_administrator(username="tweede", email="tweede@example.org"):
    user = UserFactory(
        username=username,
        email=email,
        role=User.Role.ADMINISTRATOR,
        organisation=None,
        is_staff=True,
    )
    administrator_rights_grant(user)
    return user


def _approve(approver, user, action="approve"):
    """The approver ticks the account's pending request under "Accountaanvragen"."""
    client = Client()
    client.force_login(approver)
    pending = AccountRequest.objects.get(user=user, state=AccountRequest.State.PENDING)
    response = client.post(
        reverse("admin:accounts_accountrequest_changelist"),
        {"action": action, "_selected_action": [pending.pk]},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def _link(message) -> str:
    url = re.search(r"https?://\S+", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_new_professional_chooses_a_password_through_the_invitation(
    admin_client, client, django_capture_on_commit_callbacks
):
    user = _invite(admin_client, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina@example.org"]
    assert "nina" in message.body
    link = _link(message)
    assert client.get(link, follow=True).status_code == 200
    data = {"new_password1": "veilig-werken-2026", "new_password2": "veilig-werken-2026"}
    assert client.post(link, data).status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password()
    assert client.login(username="nina", password="veilig-werken-2026", request=HttpRequest())
    # The link works once.
    assert client.get(link).status_code == 400


def test_the_administrator_sends_an_invitation_again(
    admin_client, beheer, django_capture_on_commit_callbacks
):
    user = _invite(admin_client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "invite_again", "_selected_action": [user.pk, beheer.pk]},
        )
    assert [m.to for m in mail.outbox] == [["nina@example.org"], ["nina@example.org"]]


def test_no_invitation_link_works_for_a_superuser(client):
    from accounts.invitations import invitation_tokens

    root = UserFactory(is_superuser=True, role=User.Role.ADMINISTRATOR, organisation=None)
    root.set_unusable_password()
    root.save()
    url = reverse(
        "invitation-accept",
        kwargs={"user_id": root.pk, "token": invitation_tokens.make_token(root)},
    )
    assert client.get(url).status_code == 400


# Four eyes (issue 10): nobody gets into case content through an account he made or changed.


def _add(admin_client, django_capture_on_commit_callbacks, **changes):
    data = {
        "username": "nina",
        "first_name": "Nina",
        "last_name": "Nieuw",
        "email": "nina@example.org",
        "role": User.Role.PROFESSIONAL,
        "organisation": OrganisationFactory().pk,
        **changes,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return admin_client.post(reverse("admin:accounts_user_add"), data)


def test_a_new_account_stays_inactive_without_invitation_until_a_second_administrator_approves(
    admin_client, beheer, django_capture_on_commit_callbacks
):
    response = _add(admin_client, django_capture_on_commit_callbacks)
    user = User.objects.get(username="nina")

    assert response.status_code == 302
    assert not user.is_active
    assert mail.outbox == []
    request = AccountRequest.objects.get(user=user)
    assert request.state == "pending" and request.requested_by == beheer

    # He cannot approve it himself.
    page = _approve(beheer, user)
    assert "zelf aangevraagd" in page
    user.refresh_from_db()
    assert not user.is_active and mail.outbox == []

    tweede = _second_administrator()
    with django_capture_on_commit_callbacks(execute=True):
        page = _approve(tweede, user)
    assert "goedgekeurd" in page
    user.refresh_from_db()
    request.refresh_from_db()
    assert user.is_active
    assert request.state == "approved" and request.decided_by == tweede
    assert [m.to for m in mail.outbox] == [["nina@example.org"]]
    # Audited: the request by beheer, the approval and the activation by tweede.
    request_rows = LogEntry.objects.filter(object_pk=str(request.pk))
    assert {row.actor for row in request_rows} == {beheer, tweede}
    assert LogEntry.objects.filter(object_pk=str(user.pk), actor=tweede).exists()


def test_no_approval_for_an_account_with_the_approvers_own_email(
    admin_client, django_capture_on_commit_callbacks
):
    _add(admin_client, django_capture_on_commit_callbacks, email="Tweede@Example.org")
    user = User.objects.get(username="nina")

    page = _approve(_second_administrator(email="tweede@example.org"), user)

    assert "e-mailadres van een beheerder" in page
    user.refresh_from_db()
    assert not user.is_active and mail.outbox == []


def test_the_creator_cannot_approve_a_later_request_for_his_account_either(
    admin_client, beheer, django_capture_on_commit_callbacks
):
    _add(admin_client, django_capture_on_commit_callbacks)
    user = User.objects.get(username="nina")
    tweede = _second_administrator()
    _approve(tweede, user, action="reject")
    # tweede asks to switch it on after all; beheer, who made it, may not approve that.
    client = Client()
    client.force_login(tweede)
    client.post(change_url(user), form_data(user, is_active="on"))

    page = _approve(beheer, user)

    assert "zelf aangemaakt" in page
    user.refresh_from_db()
    assert not user.is_active


def test_an_account_with_ones_own_email_or_anothers_is_refused_at_once(admin_client, beheer):
    beheer.email = "bert@example.org"
    beheer.save()
    UserFactory(email="anna@example.org")

    own = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "bert2", "email": "BERT@example.org", "role": User.Role.PROFESSIONAL},
    )
    taken = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "anna2", "email": "anna@example.org", "role": User.Role.PROFESSIONAL},
    )

    assert own.status_code == 200 and "Dit is uw eigen e-mailadres" in own.content.decode()
    assert taken.status_code == 200 and "hoort al bij een ander account" in taken.content.decode()
    assert not User.objects.filter(username__in=["bert2", "anna2"]).exists()


def test_a_role_or_organisation_change_waits_for_a_second_administrator(admin_client, beheer):
    professional = UserFactory(first_name="Piet")
    old_organisation = professional.organisation
    safety_team = OrganisationFactory(kind=Organisation.Kind.SAFETY_TEAM)

    response = admin_client.post(
        change_url(professional),
        form_data(
            professional,
            first_name="Pieter",
            role=User.Role.SAFETY_PROFESSIONAL,
            organisation=safety_team.pk,
        ),
        follow=True,
    )

    assert "wacht op goedkeuring door een tweede beheerder" in response.content.decode()
    professional.refresh_from_db()
    assert professional.first_name == "Pieter"  # the rest is saved
    assert professional.role == User.Role.PROFESSIONAL
    assert professional.organisation == old_organisation
    # A second change while one waits is refused with a message, nothing changes.
    again = admin_client.post(
        change_url(professional), form_data(professional, email="nieuw@example.org")
    )
    assert again.status_code == 200 and "wacht al een wijziging" in again.content.decode()

    _approve(_second_administrator(), professional)
    professional.refresh_from_db()
    assert professional.role == User.Role.SAFETY_PROFESSIONAL
    assert professional.organisation == safety_team


def test_an_email_change_cannot_be_approved_by_the_account_itself(admin_client, beheer):
    tweede = _second_administrator()

    admin_client.post(change_url(tweede), form_data(tweede, email="nieuw-adres@example.org"))
    page = _approve(tweede, tweede)

    assert "eigen account" in page
    tweede.refresh_from_db()
    assert tweede.email == "tweede@example.org"


def test_switching_off_needs_no_second_administrator(admin_client):
    professional = UserFactory()

    admin_client.post(change_url(professional), form_data(professional, is_active=""))

    professional.refresh_from_db()
    assert not professional.is_active
    assert not AccountRequest.objects.filter(user=professional).exists()


def test_with_one_administrator_the_superuser_approves(
    admin_client, django_capture_on_commit_callbacks
):
    _add(admin_client, django_capture_on_commit_callbacks)
    user = User.objects.get(username="nina")
    root = UserFactory(
        username="root",
        role=User.Role.ADMINISTRATOR,
        organisation=None,
        is_superuser=True,
        is_staff=True,
        email="root@example.org",
    )

    with django_capture_on_commit_callbacks(execute=True):
        _approve(root, user)

    user.refresh_from_db()
    assert user.is_active and len(mail.outbox) == 1


def test_a_pending_account_cannot_sign_in_or_use_an_invitation(
    admin_client, client, django_capture_on_commit_callbacks
):
    from accounts.invitations import invitation_url

    _add(admin_client, django_capture_on_commit_callbacks)
    user = User.objects.get(username="nina")
    link = "/" + invitation_url(user).split("://", 1)[1].split("/", 1)[1]

    assert client.get(link).status_code == 400
