"""The family's view of tasks and meetings (R7, the 12–15 rule), in every channel: the page,
the API and the access log. And completing one's own task on /mijn-dossier/."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda import reminders, services
from agenda.models import Task
from tests.api.conftest import token_client

from .conftest import TODAY, make_meeting, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(world, teen):
    """Tasks and meetings about the parent, the teen, nobody, and one withheld."""
    made = {
        "parent": make_task(
            world, what="Taak voor ouder", person=services.Person(member=world.parent)
        ),
        "teen": make_task(
            world, what="Taak voor tiener", person=services.Person(member=world.teen)
        ),
        "nobody": make_task(world, what="Taak voor de professional"),
        "withheld": make_task(
            world,
            what="Geheime taak",
            person=services.Person(member=world.parent),
            visibility="withheld",
            withheld_reason="third_party_privacy",
        ),
    }
    made["parent_meeting"] = make_meeting(world, members=[world.parent], agenda="Overleg met ouder")
    made["teen_meeting"] = make_meeting(world, members=[world.teen], agenda="Gesprek met tiener")
    made["pros_meeting"] = make_meeting(world, agenda="Overleg zonder gezin")
    made["hidden_meeting"] = make_meeting(
        world,
        members=[world.teen],
        agenda="Verborgen overleg",
        visibility="withheld",
        withheld_reason="child_safety",
    )
    return made


SEEN = {
    "family": {
        "Taak voor ouder",
        "Taak voor tiener",
        "Taak voor de professional",
        "Overleg met ouder",
        "Gesprek met tiener",
        "Overleg zonder gezin",
    },
    "teen": {
        "Taak voor tiener",
        "Taak voor de professional",
        "Gesprek met tiener",
        "Overleg zonder gezin",
    },
}
ALL = {
    "Taak voor ouder",
    "Taak voor tiener",
    "Taak voor de professional",
    "Geheime taak",
    "Overleg met ouder",
    "Gesprek met tiener",
    "Overleg zonder gezin",
    "Verborgen overleg",
}


@pytest.mark.parametrize("reader", ["family", "teen"])
def test_the_family_page_shows_what_the_reader_may_see(world, agenda, teen, reader):
    page = world.client_for(teen if reader == "teen" else world.family).get(
        reverse("portal:family-home")
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert {label for label in ALL if label in text} == SEEN[reader]


@pytest.mark.parametrize("reader", ["family", "teen"])
def test_the_api_shows_the_same(world, agenda, teen, reader):
    client = token_client(teen if reader == "teen" else world.family)
    tasks = client.get(f"/api/v1/dossiers/{world.dossier.pk}/tasks/").json()["results"]
    meetings = client.get(f"/api/v1/dossiers/{world.dossier.pk}/meetings/").json()["results"]
    shown = {t["what"] for t in tasks} | {
        point for m in meetings for point in m["agenda"] if point in ALL
    }
    assert shown == SEEN[reader]
    hidden = [agenda["withheld"], agenda["parent"]] if reader == "teen" else [agenda["withheld"]]
    for task in hidden:
        response = client.get(f"/api/v1/dossiers/{world.dossier.pk}/tasks/{task.pk}/")
        assert response.status_code == 404


def test_the_access_log_follows_the_rule(world, agenda, teen):
    """A child of 12–15 reads in the log only the changes of what they may see."""
    adult = world.client_for(world.family).get(reverse("portal:family-access-log")).content.decode()
    child = world.client_for(teen).get(reverse("portal:family-access-log")).content.decode()
    assert adult.count("een taak") == 3  # withheld: not shown
    assert child.count("een taak") == 2  # theirs and the one about nobody
    assert adult.count("een overleg") == 3
    assert child.count("een overleg") == 2


def test_the_teen_completes_their_own_task_with_je(world, agenda, teen):
    client = world.client_for(teen)
    page = client.get(reverse("portal:family-home")).content.decode()
    assert "Voor jou" in page and "Voor u" not in page
    response = client.post(
        reverse("agenda:family-task-complete", args=[agenda["teen"].pk]),
        {f"{agenda['teen'].pk}-note": "Gedaan!"},
        follow=True,
    )
    assert "Goed zo. Je taak staat op klaar." in response.content.decode()
    task = Task.objects.get(pk=agenda["teen"].pk)
    assert (task.status, task.done_by, task.done_note) == ("done", teen, "Gedaan!")


def test_nobody_completes_someone_elses_task_from_the_family_page(world, agenda, teen):
    client = world.client_for(teen)
    for task in (agenda["parent"], agenda["nobody"], agenda["withheld"]):
        response = client.post(reverse("agenda:family-task-complete", args=[task.pk]), {})
        assert response.status_code == 404
        assert Task.objects.get(pk=task.pk).status == "open"
    # Professionals have no /mijn-dossier/.
    response = world.client_for(world.lead).post(
        reverse("agenda:family-task-complete", args=[agenda["teen"].pk]), {}
    )
    assert response.status_code == 404


def test_the_family_marks_done_through_the_api(world, agenda):
    client = token_client(world.family)
    url = f"/api/v1/dossiers/{world.dossier.pk}/tasks/{agenda['parent'].pk}/done/"
    assert client.post(url, {"note": "Klaar"}, format="json").status_code == 200
    assert client.post(url, {"note": "Nog eens"}, format="json").status_code == 409
    other = f"/api/v1/dossiers/{world.dossier.pk}/tasks/{agenda['nobody'].pk}/done/"
    assert client.post(other, {}, format="json").status_code == 403


def test_reminder_e_mails_hold_no_content(world, mailoutbox, django_capture_on_commit_callbacks):
    make_task(
        world,
        what="Drank laten staan",
        due_on=TODAY - datetime.timedelta(days=1),
        person=services.Person(member=world.parent),
    )
    monday_morning = timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.task_reminders_send(now=monday_morning)
    assert [m.to for m in mailoutbox] == [[world.family.email]]
    assert "Drank" not in mailoutbox[0].body and "Log in" in mailoutbox[0].body


def test_the_api_links_a_task_to_a_decision_of_this_dossier_only(world):
    from procedures import services as procedure_services
    from tests.factories import open_dossier

    mine = procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind="agreement",
        title="Rust",
        proposal="Time-out",
        concerns=[world.parent],
    )
    elsewhere = open_dossier(lead=world.lead)
    theirs = procedure_services.decision_propose(
        actor=world.lead,
        dossier=elsewhere,
        kind="agreement",
        title="Rust",
        proposal="Time-out",
        concerns=[elsewhere.household.members.first()],
    )
    client = token_client(world.lead)
    url = f"/api/v1/dossiers/{world.dossier.pk}/tasks/"
    body = {
        "what": "Bellen",
        "due_on": TODAY.isoformat(),
        "for_whom": {"professional": str(world.lead.pk)},
    }
    refused = client.post(url, body | {"decision": str(theirs.pk)}, format="json")
    assert refused.status_code == 400 and "decision" in refused.json()
    made = client.post(url, body | {"decision": str(mine.pk)}, format="json")
    assert made.status_code == 201 and made.json()["decision"] == str(mine.pk)
    assert Task.objects.count() == 1


@pytest.mark.parametrize("reader", ["family", "teen"])
def test_the_pdf_copy_lists_the_same(world, agenda, teen, reader):
    """The PDF copy is a channel too: the same tasks and meetings, and a count of the withheld."""
    from pypdf import PdfReader

    from portal.services.copies import copy_pdf_bytes

    user = teen if reader == "teen" else world.family
    pdf = copy_pdf_bytes(user=user, dossier=world.dossier, now=timezone.now())
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert {label for label in ALL if label in text} == SEEN[reader]
    # The withheld ones are counted, never named.
    assert "taak of gesprek" in text or "taken of gesprekken" in text


def test_the_leads_pdf_copy_lists_every_task_and_meeting(world, agenda):
    from pypdf import PdfReader

    from portal.services.copies import copy_pdf_bytes

    pdf = copy_pdf_bytes(user=world.lead, dossier=world.dossier, now=timezone.now())
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert {label for label in ALL if label in text} == ALL
