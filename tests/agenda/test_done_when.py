"""Issue 14, done when: anna plans a casusoverleg for Jansen with Pieter and sara, records its
outcome as two tasks (one for Pieter), Pieter completes his on /mijn-dossier/, and anna's
overdue task is there for the start page."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agenda import selectors
from agenda.models import Meeting, Task
from casefile.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", password="demo-pass")
    return Dossier.objects.get(household__label="Jansen")


def _client(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_has_jansens_tasks_and_casusoverleg(demo):
    anna = User.objects.get(username="anna")
    meeting = Meeting.objects.get(dossier=demo)
    assert meeting.kind == "case" and meeting.is_held
    assert {p.person.first_name for p in meeting.participants.all()} == {"Anna", "Pieter", "Sara"}
    assert selectors.overdue_tasks(user=anna).filter(dossier=demo).exists()
    assert Task.objects.filter(dossier=demo, member__first_name="Pieter", status="open").exists()
    assert not User.objects.get(username="sara").involvements.exists()  # invited, not joined


def test_the_whole_flow_through_the_pages(demo, client):
    anna = User.objects.get(username="anna")
    sara = User.objects.get(username="sara")
    pieter = demo.household.members.get(first_name="Pieter")
    anna_client = _client(client, "anna")
    starts = timezone.localtime() - datetime.timedelta(hours=2)
    response = anna_client.post(
        reverse("agenda:meeting-create", args=[demo.pk]),
        {
            "kind": "case",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "place": "Buurtteam",
            "agenda": "Hoe gaat het thuis?",
            "professionals": [str(anna.pk), str(sara.pk)],
            "members": [str(pieter.pk)],
            "visibility": "family",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.filter(dossier=demo, status="planned").get()
    participants = list(meeting.participants.all())
    due = timezone.localdate() + datetime.timedelta(days=3)
    late = timezone.localdate() - datetime.timedelta(days=1)
    form = {
        "version": "1",
        "attended": [str(p.pk) for p in participants],
        "outcome": "Pieter zoekt hulp. Anna belt school.",
        "visibility": "family",
        "taken-TOTAL_FORMS": "3",
        "taken-INITIAL_FORMS": "0",
        "taken-0-what": "Pieter maakt een afspraak bij de huisarts.",
        "taken-0-person": f"m:{pieter.pk}",
        "taken-0-due_on": due.isoformat(),
        "taken-1-what": "Anna belt de school van Lisa.",
        "taken-1-person": f"p:{anna.pk}",
        "taken-1-due_on": late.isoformat(),
        "voorstellen-TOTAL_FORMS": "1",
        "voorstellen-INITIAL_FORMS": "0",
    }
    response = anna_client.post(reverse("agenda:meeting-record", args=[meeting.pk]), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    meeting.refresh_from_db()
    assert meeting.is_held and meeting.tasks.count() == 2
    pieters = meeting.tasks.get(member=pieter)

    # anna's start page list: her overdue task is among the overdue ones.
    assert meeting.tasks.get(professional=anna) in selectors.overdue_tasks(user=anna)

    client.logout()
    pieter_client = _client(client, "pieter.jansen")
    page = pieter_client.get(reverse("portal:family-home")).content.decode()
    assert "Pieter maakt een afspraak bij de huisarts." in page
    response = pieter_client.post(
        reverse("agenda:family-task-complete", args=[pieters.pk]),
        {f"{pieters.pk}-note": "Afspraak staat op dinsdag."},
    )
    assert response.status_code == 302
    pieters.refresh_from_db()
    assert pieters.is_done and pieters.done_note == "Afspraak staat op dinsdag."
