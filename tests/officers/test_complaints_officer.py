"""R10: a complaint goes to the complaints officer of the organisation it is about, never to the
professional it is about; the officer sees the complaint and what it names, nothing else."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.tokens import api_token_create
from casefile import services
from casefile.models import AccessEvent, Entry
from procedures import access as procedure_access
from procedures import services as procedure_services
from procedures.models import Complaint
from procedures.selectors import officer_complaint_list
from tests.factories import ComplaintsOfficerFactory, open_dossier
from tests.queries import SEAL

pytestmark = pytest.mark.django_db


def file(world, **kwargs):
    defaults = {
        "actor": world.family,
        "dossier": world.dossier,
        "about": "dossier",
        "text": "Te laat",
    }
    return procedure_services.complaint_file(**(defaults | kwargs))


@pytest.fixture
def involved_officer(world):
    """The officer of the involved professional's own organisation (not the lead's)."""
    return ComplaintsOfficerFactory(username="officer2", organisation=world.involved.organisation)


# --- routing ------------------------------------------------------------------------------------


def test_a_complaint_about_the_lead_goes_to_the_officer_not_to_the_lead(world, involved_officer):
    complaint = file(world, about="conduct", about_professional=world.lead)
    assert procedure_access.can_handle_complaint(world.complaints_officer, complaint)
    for who in (world.lead, world.involved, involved_officer, world.administrator):
        assert not procedure_access.can_handle_complaint(who, complaint)
    with pytest.raises(PermissionDenied):
        procedure_services.complaint_answer(
            actor=world.lead, complaint=complaint, outcome="unfounded", answer="Niet waar"
        )
    procedure_services.complaint_answer(
        actor=world.complaints_officer, complaint=complaint, outcome="founded", answer="Sorry"
    )
    complaint.refresh_from_db()
    assert complaint.answered_by == world.complaints_officer


def test_a_complaint_about_another_professional_goes_to_their_organisation(world, involved_officer):
    complaint = file(world, about="conduct", about_professional=world.involved)
    assert procedure_access.can_handle_complaint(involved_officer, complaint)
    assert not procedure_access.can_handle_complaint(world.complaints_officer, complaint)
    assert not procedure_access.can_handle_complaint(world.involved, complaint)


def test_a_complaint_about_the_dossier_goes_to_the_leads_organisation(world, involved_officer):
    complaint = file(world)
    assert list(procedure_access.complaint_officers(complaint)) == [world.complaints_officer]
    assert not procedure_access.can_handle_complaint(involved_officer, complaint)


def test_an_inactive_officer_handles_nothing(world):
    complaint = file(world)
    world.complaints_officer.is_active = False
    world.complaints_officer.save()
    assert not procedure_access.can_handle_complaint(world.complaints_officer, complaint)


# --- notifications ------------------------------------------------------------------------------


def test_the_officer_gets_an_email_without_content_and_the_lead_none(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file(world, about="conduct", about_professional=world.lead, text="Anna schreeuwde")
    assert [message.to for message in mail.outbox] == [[world.complaints_officer.email]]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "Anna schreeuwde" not in body and world.dossier.household.label not in body
    assert "/klachtenfunctionaris/" in body


def test_without_an_officer_the_administrators_hear_which_organisation_lacks_one(
    world, django_capture_on_commit_callbacks
):
    world.complaints_officer.is_active = False
    world.complaints_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(world, text="Niemand luistert")
    assert [message.to for message in mail.outbox] == [[world.administrator.email]]
    body = mail.outbox[0].body
    assert world.lead.organisation.name in body
    assert "Niemand luistert" not in body and world.dossier.household.label not in body
    page = world.client_for(world.lead).get(
        reverse("procedures:complaint-detail", args=[complaint.pk])
    )
    assert "geen klachtenfunctionaris" in page.content.decode()


# --- the officer's pages ------------------------------------------------------------------------


def test_the_officer_sees_the_complaint_and_the_named_entry_only(world):
    named = services.entry_add(actor=world.lead, dossier=world.dossier, text="Vader werd boos")
    services.entry_add(actor=world.lead, dossier=world.dossier, text="Iets heel anders")
    complaint = file(
        world,
        about="conduct",
        about_professional=world.lead,
        text="Dat klopt niet",
        entries=[named],
    )
    client = world.client_for(world.complaints_officer)
    html = client.get(
        reverse("procedures:officer-complaint-detail", args=[complaint.pk])
    ).content.decode()
    assert "Dat klopt niet" in html and "Vader werd boos" in html
    assert "Iets heel anders" not in html and "Samenvatting" not in html
    listed = client.get(reverse("procedures:officer-complaint-list")).content.decode()
    assert 'class="tag tag--warning"' in listed and "Iets heel anders" not in listed


def test_the_officer_gets_404_for_every_other_page_of_the_dossier(world):
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Notitie")
    complaint = file(world, entries=[entry])
    client = world.client_for(world.complaints_officer)
    dossier = world.dossier.pk
    for url in (
        f"/dossiers/{dossier}/",
        f"/dossiers/{dossier}/procedures/",
        f"/dossiers/{dossier}/besluiten/",
        f"/klachten/{complaint.pk}/",
        f"/notities/{entry.pk}/correctieverzoek/",
        f"/notities/{entry.pk}/corrigeren/",
        "/mijn-dossier/",
    ):
        assert client.get(url).status_code == 404, url
    token = api_token_create(user=world.complaints_officer)[1]
    api = world.client_for(world.complaints_officer)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    for url in (f"/api/v1/dossiers/{dossier}/", f"/api/v1/dossiers/{dossier}/entries/"):
        assert api.get(url, **auth).status_code in (403, 404), url


@pytest.mark.parametrize(
    "who", ["lead", "involved", "outsider", "family", "administrator", "privacy_officer"]
)
def test_the_officer_pages_are_404_for_everyone_else(world, who):
    complaint = file(world)
    client = world.client_for(getattr(world, who))
    assert client.get(reverse("procedures:officer-complaint-list")).status_code == 404
    url = reverse("procedures:officer-complaint-detail", args=[complaint.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "x", "outcome": "founded"}).status_code == 404


def test_an_officer_of_another_organisation_gets_404(world, involved_officer):
    complaint = file(world)
    client = world.client_for(involved_officer)
    url = reverse("procedures:officer-complaint-detail", args=[complaint.pk])
    assert client.get(url).status_code == 404
    assert (
        "Te laat" not in client.get(reverse("procedures:officer-complaint-list")).content.decode()
    )


def test_the_officer_answers_through_the_page_with_an_error_summary(world):
    complaint = file(world)
    client = world.client_for(world.complaints_officer)
    url = reverse("procedures:officer-complaint-detail", args=[complaint.pk])
    response = client.post(url, {"send": "1", "outcome": "", "answer": ""})
    assert response.status_code == 400
    html = response.content.decode()
    # The outcome is a radio group: the summary links to its first choice.
    assert "error-summary" in html and 'href="#id_outcome_0"' in html
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED
    assert client.post(url, {"start": "1", "note": "We bellen u"}).status_code == 302
    response = client.post(url, {"send": "1", "outcome": "partly", "answer": "Deels waar"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.HANDLED
    assert [s.actor for s in complaint.trail.all()] == [world.family] + [
        world.complaints_officer
    ] * 2


def test_the_officers_reads_are_access_events(world):
    complaint = file(world)
    client = world.client_for(world.complaints_officer)
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    client.get(reverse("procedures:officer-complaint-list"))
    client.get(reverse("procedures:officer-complaint-detail", args=[complaint.pk]))
    events = AccessEvent.objects.exclude(pk__in=before).order_by("at")
    assert [(e.dossier_id, e.action, e.role) for e in events] == [
        (world.dossier.pk, AccessEvent.Action.LIST, User.Role.COMPLAINTS_OFFICER),
        (world.dossier.pk, AccessEvent.Action.VIEW, User.Role.COMPLAINTS_OFFICER),
    ]


def test_the_list_shows_open_complaints_first_by_due_date(world):
    handled = file(world, text="Eerste")
    procedure_services.complaint_answer(
        actor=world.complaints_officer, complaint=handled, outcome="unfounded", answer="Nee"
    )
    later = file(world, text="Tweede")
    Complaint.objects.filter(pk=later.pk).update(
        due_on=later.due_on.replace(year=later.due_on.year + 1)
    )
    sooner = file(world, text="Derde")
    assert officer_complaint_list(user=world.complaints_officer) == [sooner, later, handled]


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("procedures:officer-complaint-list")).status_code == 200
    return len(queries)


def test_the_officer_list_makes_the_same_number_of_queries_for_one_and_many(world):
    client = world.client_for(world.complaints_officer)
    file(world)
    one = _list_queries(client)
    for n in range(4):
        other = open_dossier(lead=world.lead)
        member = other.household.members.first()
        procedure_services.complaint_file(
            actor=world.lead, dossier=other, about="dossier", text=f"Klacht {n}", member=member
        )
    assert _list_queries(client) == one
    assert one == OFFICER_LIST_QUERIES


# Session, user, OTP device; the complaints with their families in one query; the organisation's
# name in the heading; the LIST events in one insert, and their seal.
OFFICER_LIST_QUERIES = 6 + SEAL


# --- the demo world -------------------------------------------------------------------------------


def test_done_when_a_complaint_by_pieter_about_anna_reaches_klachten():
    call_command("load_demo", password="x")
    anna = User.objects.get(username="anna")
    klachten = User.objects.get(username="klachten")
    complaint = Complaint.objects.get(
        member__user__username="pieter.jansen", about_professional=anna
    )
    assert procedure_access.can_handle_complaint(klachten, complaint)
    assert not procedure_access.can_handle_complaint(anna, complaint)
    assert complaint.entries.exists()
    client = Client()
    client.force_login(klachten)
    html = client.get(reverse("procedures:officer-complaint-list")).content.decode()
    assert "Pieter Jansen" in html
    call_command("load_demo", password="x")
    assert Complaint.objects.filter(member__user__username="pieter.jansen").count() == 1


# --- the entries a complaint names ----------------------------------------------------------------


def test_a_family_member_names_an_entry_they_can_read_through_the_portal(world):
    seen = services.entry_add(actor=world.lead, dossier=world.dossier, text="Vader werd boos")
    client = world.client_for(world.family)
    page = client.get(reverse("portal:family-complaint-create")).content.decode()
    assert f'value="{seen.pk}"' in page
    response = client.post(
        reverse("portal:family-complaint-create"),
        {"about": "dossier", "text": "Dat klopt niet", "entries": [seen.pk]},
    )
    assert response.status_code == 302
    assert list(Complaint.objects.get().entries.all()) == [seen]


def test_a_family_member_cannot_name_a_withheld_entry(world):
    withheld = services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="Melding van de buren",
        visibility=Entry.Visibility.WITHHELD,
        withheld_reason=Entry.WithheldReason.THIRD_PARTY_PRIVACY,
    )
    other = open_dossier(lead=world.lead)
    elsewhere = services.entry_add(actor=world.lead, dossier=other, text="Ander gezin")
    for entry in (withheld, elsewhere):
        with pytest.raises(ValidationError) as error:
            file(world, entries=[entry])
        assert "entries" in error.value.error_dict
    assert not Complaint.objects.exists()


def test_the_officers_start_pages_link_to_their_lists(world):
    officer = world.client_for(world.complaints_officer).get(reverse("home")).content.decode()
    assert reverse("procedures:officer-complaint-list") in officer
    assert reverse("procedures:privacy-destruction-list") not in officer
    privacy = world.client_for(world.privacy_officer).get(reverse("home")).content.decode()
    assert reverse("procedures:privacy-destruction-list") in privacy
    assert reverse("procedures:officer-complaint-list") not in privacy
