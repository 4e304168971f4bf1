"""R5: the safety team joins by itself, beside the lead (R4), notified, logged, audited."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casefile import access, services
from casefile.models import AccessEvent, Entry, Involvement
from safety import services as safety_services


def join(user, dossier, **kwargs):
    values = {"expertise": "Veiligheid", "reason": "Melding van Veilig Thuis"}
    values.update(kwargs)
    return safety_services.involvement_join(actor=user, dossier=dossier, **values)


def test_it_adds_the_safety_member_beside_the_lead(world):
    involvement = join(world.safety, world.dossier)

    assert involvement.kind == Involvement.Kind.JOINED
    assert involvement.organisation == world.safety.organisation
    assert involvement.added_by == world.safety
    world.dossier.refresh_from_db()
    assert world.dossier.lead == world.lead
    active = world.dossier.involvements.filter(ended_at__isnull=True)
    assert set(active.values_list("professional__username", flat=True)) == {
        "lead",
        "involved",
        "safety",
    }


def test_access_starts_at_once(world):
    assert not access.can_see_dossier(world.safety, world.dossier)
    join(world.safety, world.dossier)
    assert access.can_see_dossier(world.safety, world.dossier)
    assert access.can_manage_safety(world.safety, world.dossier)


def test_it_shows_in_the_timeline_and_the_access_log(world):
    join(world.safety, world.dossier, reason="Zorgen om de kinderen")

    event = world.dossier.entries.get(kind=Entry.Kind.EVENT, author=world.safety)
    assert event.visibility == Entry.Visibility.FAMILY
    assert "helpt nu mee" in event.text
    # Not the reason: a child of 12–15 reads the event, but not why someone joined (R6).
    assert "Zorgen om de kinderen" not in event.text
    assert world.dossier.access_events.filter(
        user=world.safety, action=AccessEvent.Action.JOIN
    ).exists()


def test_it_is_audited_with_the_actor(world):
    involvement = join(world.safety, world.dossier)
    log = LogEntry.objects.get_for_object(involvement).get()
    assert log.actor == world.safety
    assert log.action == LogEntry.Action.CREATE


def test_the_lead_gets_one_email_on_commit(world, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        join(world.safety, world.dossier)
    assert mailoutbox == []  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [world.lead.email]
    assert world.dossier.household.label in mail.body
    assert str(world.dossier.pk) in mail.body
    # Household label and link at most: no member names, no reason.
    assert world.parent.first_name not in mail.body
    assert "Melding" not in mail.body


def test_the_email_is_sent_when_the_transaction_commits(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        join(world.safety, world.dossier)
    assert len(mailoutbox) == 1


def test_it_refuses_a_dossier_outside_the_teams_region(world, other_region_safety):
    with pytest.raises(PermissionDenied, match="gemeenten waar uw team werkt"):
        join(other_region_safety, world.dossier)
    assert not world.dossier.involvements.filter(professional=other_region_safety).exists()


@pytest.mark.parametrize("who", ["outsider", "involved", "lead", "family", "analyst"])
def test_only_safety_staff_join(world, who):
    with pytest.raises(PermissionDenied):
        join(getattr(world, who), world.dossier)


def test_it_refuses_joining_twice(world, mailoutbox, django_capture_on_commit_callbacks):
    join(world.safety, world.dossier)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="al betrokken"),
    ):
        join(world.safety, world.dossier)
    assert world.dossier.involvements.filter(professional=world.safety).count() == 1
    assert mailoutbox == []


def test_it_may_join_again_after_ending(world):
    involvement = join(world.safety, world.dossier)
    services.involvement_end(actor=world.safety, involvement=involvement, reason="Klaar")
    join(world.safety, world.dossier)
    assert access.can_see_dossier(world.safety, world.dossier)


@pytest.mark.parametrize("field", ["reason", "expertise"])
def test_reason_and_expertise_are_required(world, field):
    with pytest.raises(ValidationError) as error:
        join(world.safety, world.dossier, **{field: "  "})
    assert field in error.value.error_dict
    assert not world.dossier.involvements.filter(professional=world.safety).exists()
    assert not access.can_see_dossier(world.safety, world.dossier)


def test_it_refuses_a_closed_dossier(world):
    world.dossier.status = "closed"
    world.dossier.closed_at = timezone.now()
    world.dossier.save()
    with pytest.raises(ValidationError, match="gesloten"):
        join(world.safety, world.dossier)
