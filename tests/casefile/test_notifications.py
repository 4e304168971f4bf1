import pytest

from casefile import services
from tests.factories import SafetyUserFactory, open_dossier

pytestmark = pytest.mark.django_db


def test_an_added_professional_gets_one_email_after_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    dossier = open_dossier()
    professional = SafetyUserFactory(email="sara@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.involvement_add(
            actor=dossier.lead,
            dossier=dossier,
            professional=professional,
            expertise="Veiligheid",
            reason="Zorgen over de kinderen",
        )
        assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sara@example.org"]
    assert dossier.household.label in mail.body
    assert f"/dossiers/{dossier.pk}/" in mail.body


def test_the_email_holds_no_other_personal_data(django_capture_on_commit_callbacks, mailoutbox):
    dossier = open_dossier()
    services.entry_add(actor=dossier.lead, dossier=dossier, text="Geheime zorg")
    with django_capture_on_commit_callbacks(execute=True):
        services.involvement_add(
            actor=dossier.lead,
            dossier=dossier,
            professional=SafetyUserFactory(),
            expertise="Veiligheid",
            reason="Zorgen over de kinderen",
        )
    body = mailoutbox[0].body + mailoutbox[0].subject
    for member in dossier.household.members.all():
        assert member.first_name not in body
        assert str(member.date_of_birth.year) not in body
    assert "Zorgen over de kinderen" not in body
    assert "Geheime zorg" not in body


def test_no_email_when_adding_fails(django_capture_on_commit_callbacks, mailoutbox):
    from django.core.exceptions import ValidationError

    dossier = open_dossier()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.involvement_add(
            actor=dossier.lead,
            dossier=dossier,
            professional=SafetyUserFactory(),
            expertise="",
            reason="",
        )
    assert mailoutbox == []
