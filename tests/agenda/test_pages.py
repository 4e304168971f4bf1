"""Access to every agenda page, GET and POST, for every relation to the dossier."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda import services
from agenda.models import Meeting, Task
from casefile.models import AccessEvent
from safety import services as safety_services

from .conftest import TODAY, make_meeting, make_task

pytestmark = pytest.mark.django_db

# Who sees the world's dossier as a professional (pages answer 200) and who gets a 404.
SEES = ("lead", "involved")
NOT_FOUND = ("outsider", "safety", "ended", "family", "analyst", "administrator")


def _pages(world) -> dict[str, str]:
    task = make_task(world)
    meeting = make_meeting(world)
    dossier = world.dossier.pk
    return {
        "task-list": reverse("agenda:task-list", args=[dossier]),
        "task-create": reverse("agenda:task-create", args=[dossier]),
        "task-detail": reverse("agenda:task-detail", args=[task.pk]),
        "task-edit": reverse("agenda:task-edit", args=[task.pk]),
        "meeting-list": reverse("agenda:meeting-list", args=[dossier]),
        "meeting-create": reverse("agenda:meeting-create", args=[dossier]),
        "meeting-detail": reverse("agenda:meeting-detail", args=[meeting.pk]),
        "meeting-record": reverse("agenda:meeting-record", args=[meeting.pk]),
        "one-plan": reverse("agenda:one-plan", args=[dossier]),
    }


@pytest.mark.parametrize("relation", SEES + NOT_FOUND)
def test_every_page_for_every_relation(world, relation):
    user = getattr(world, relation)
    client = world.client_for(user)
    for name, url in _pages(world).items():
        before = AccessEvent.objects.count()
        response = client.get(url)
        want = 200 if relation in SEES else 404
        assert response.status_code == want, (name, relation, response.status_code)
        assert AccessEvent.objects.count() == before + (1 if want == 200 else 0), name


def test_officers_see_no_page(world, officers):
    for officer in officers.values():
        client = world.client_for(officer)
        for name, url in _pages(world).items():
            assert client.get(url).status_code == 404, name
        assert client.get(reverse("agenda:my-tasks")).status_code == 404


def test_safety_staff_after_joining(world, joined):
    client = world.client_for(joined)
    for name, url in _pages(world).items():
        assert client.get(url).status_code == 200, name
    response = client.post(
        reverse("agenda:task-create", args=[world.dossier.pk]),
        {
            "what": "Veiligheidscheck",
            "person": f"p:{joined.pk}",
            "due_on": TODAY.isoformat(),
            "visibility": "family",
        },
    )
    assert response.status_code == 302
    assert Task.objects.filter(professional=joined).exists()


@pytest.mark.parametrize("relation", NOT_FOUND)
def test_no_write_for_others(world, relation):
    task = make_task(world)
    meeting = make_meeting(world)
    client = world.client_for(getattr(world, relation))
    posts = {
        reverse("agenda:task-create", args=[world.dossier.pk]): {"what": "x"},
        reverse("agenda:task-complete", args=[task.pk]): {"note": ""},
        reverse("agenda:task-edit", args=[task.pk]): {"what": "x"},
        reverse("agenda:meeting-create", args=[world.dossier.pk]): {"agenda": "x"},
        reverse("agenda:meeting-record", args=[meeting.pk]): {"outcome": "x"},
        reverse("agenda:plan-tasks-create", args=[world.dossier.pk]): {},
        reverse("agenda:mda-team", args=[world.dossier.pk]): {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    task.refresh_from_db()
    assert task.status == "open" and Task.objects.count() == 1
    assert Meeting.objects.get().status == "planned"


def test_create_a_task_with_bad_input_shows_errors_and_saves_nothing(world):
    client = world.client_for(world.lead)
    response = client.post(
        reverse("agenda:task-create", args=[world.dossier.pk]),
        {"what": "\u200b", "person": "", "due_on": "morgen", "visibility": "withheld"},
    )
    assert response.status_code == 400
    assert "Voor wie?" in response.content.decode()
    assert not Task.objects.exists()


def test_a_stale_task_edit_is_a_409_with_both_versions(world):
    task = make_task(world, what="Oud")
    client = world.client_for(world.lead)
    url = reverse("agenda:task-edit", args=[task.pk])
    data = {
        "what": "Eerste",
        "person": f"p:{world.lead.pk}",
        "due_on": TODAY.isoformat(),
        "visibility": "family",
        "version": "1",
    }
    assert client.post(url, data).status_code == 302
    second = world.client_for(world.involved).post(url, data | {"what": "Tweede"})
    assert second.status_code == 409
    assert Task.objects.get().what == "Eerste"


def test_my_tasks_overdue_first_and_only_mine(world):
    late = make_task(world, due_on=TODAY - datetime.timedelta(days=1), what="Te laat")
    make_task(world, due_on=TODAY + datetime.timedelta(days=5), what="Later")
    make_task(world, person=services.Person(professional=world.involved), what="Voor een collega")
    page = world.client_for(world.lead).get(reverse("agenda:my-tasks")).content.decode()
    assert page.index("Te laat") < page.index("Later")
    assert "Voor een collega" not in page
    assert late.is_overdue
    for relation in ("family", "analyst", "administrator"):
        response = world.client_for(getattr(world, relation)).get(reverse("agenda:my-tasks"))
        assert response.status_code == 404


def test_the_dossier_page_shows_the_section(world):
    make_task(world, due_on=TODAY - datetime.timedelta(days=1))
    page = world.client_for(world.lead).get(
        reverse("workspace:dossier-detail", args=[world.dossier.pk])
    )
    assert "Taken en overleg" in page.content.decode()
    assert "1 te laat" in page.content.decode()


def test_plan_agreements_become_tasks_from_the_task_page(world):
    safety_services.safety_plan_create(
        actor=world.lead,
        dossier=world.dossier,
        concerns="Zorgen",
        safety_goal="Doel",
        danger_signals="Signalen",
        evaluation_date=TODAY + datetime.timedelta(days=30),
        agreements=[safety_services.AgreementData(what="Naar buiten", responsible="Ouder")],
    )
    client = world.client_for(world.lead)
    assert (
        "Maak taken van de afspraken"
        in client.get(reverse("agenda:task-list", args=[world.dossier.pk])).content.decode()
    )
    client.post(reverse("agenda:plan-tasks-create", args=[world.dossier.pk]))
    client.post(reverse("agenda:plan-tasks-create", args=[world.dossier.pk]))
    assert Task.objects.get().member == world.parent


def test_mda_page_shows_regisseur_and_domains(world):
    safety_services.mda_mark(actor=world.lead, dossier=world.dossier, reason="Complex")
    client = world.client_for(world.lead)
    response = client.post(
        reverse("agenda:mda-team", args=[world.dossier.pk]),
        {"regisseur": str(world.involved.pk), "domains": ["safety", "school"]},
    )
    assert response.status_code == 302
    page = client.get(reverse("agenda:one-plan", args=[world.dossier.pk])).content.decode()
    assert world.involved.display_name in page and "Veiligheid, School" in page
    # The involved professional sees it but may not change it.
    assert (
        world.client_for(world.involved)
        .post(
            reverse("agenda:mda-team", args=[world.dossier.pk]),
            {"regisseur": str(world.lead.pk), "domains": ["care"]},
        )
        .status_code
        == 403
    )


def test_meeting_invitations_hold_no_content(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(
            world,
            members=[world.parent],
            professionals=[world.lead, world.safety],
            agenda="Drankgebruik van vader",
            starts_at=timezone.now() + datetime.timedelta(days=2),
        )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.lead.email, world.safety.email, world.family.email]
    )
    for mail in mailoutbox:
        assert "Drank" not in mail.body and world.dossier.household.label not in mail.body
    safety_mail = next(m for m in mailoutbox if m.to == [world.safety.email])
    assert "/overleggen/" not in safety_mail.body  # not in the dossier: no link into it
