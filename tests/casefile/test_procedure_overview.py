"""The procedure overview, the pages around it, and the done-when scenario on the demo world."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casefile import services
from casefile.models import Dossier, Entry
from casefile.visibility import reader_for
from households.models import Member
from procedures import selectors as procedure_selectors
from procedures import services as procedure_services
from procedures.models import Complaint, Decision, DecisionView

from .procedure_helpers import in_hearing, log_entries, pass_deadline, propose

pytestmark = pytest.mark.django_db


def add_procedures(world, n=1):
    for _ in range(n):
        in_hearing(world)
        procedure_services.complaint_file(
            actor=world.family, dossier=world.dossier, about="dossier", text="Klacht"
        )
        entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Notitie")
        procedure_services.correction_request_file(
            actor=world.family, entry=entry, text="Klopt niet"
        )
        procedure_services.destruction_request_file(
            actor=world.family, dossier=world.dossier, scope="entries", entries=[entry]
        )


def overview_queries(world) -> int:
    client = world.client_for(world.lead)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/dossiers/{world.dossier.pk}/procedures/")
    assert response.status_code == 200
    return len(queries)


def test_the_overview_lists_what_is_open_oldest_first_with_due_dates(world):
    first = in_hearing(world)
    second = in_hearing(world)
    pass_deadline(first)
    complaint = procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text="Klacht"
    )
    overview = procedure_selectors.procedure_overview(dossier=world.dossier)
    assert [d.pk for d in overview.hearings] == [first.pk, second.pk]
    assert overview.hearings[0].is_overdue and not overview.hearings[1].is_overdue
    assert [w.member for w in overview.hearings[1].waiting] == [world.parent, world.teen]
    assert overview.complaints == [complaint] and not overview.complaints[0].is_overdue


def test_overdue_complaints_stand_out(world):
    complaint = procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text="Klacht"
    )
    complaint.due_on = timezone.localdate() - datetime.timedelta(days=1)
    complaint.save(update_fields=["due_on"])
    response = world.client_for(world.lead).get(f"/dossiers/{world.dossier.pk}/procedures/")
    assert 'class="overdue"' in response.content.decode()
    assert "te laat" in response.content.decode()


def test_the_overview_makes_the_same_number_of_queries_for_few_and_many(world):
    add_procedures(world, 1)
    few = overview_queries(world)
    add_procedures(world, 4)
    assert overview_queries(world) == few


def test_the_dossier_page_adds_a_constant_number_of_queries(world):
    client = world.client_for(world.lead)
    url = f"/dossiers/{world.dossier.pk}/"
    add_procedures(world, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_procedures(world, 3)
    entries = list(world.dossier.entries.exclude(kind="event"))
    for entry in entries[:3]:
        request = procedure_services.correction_request_file(
            actor=world.lead, entry=entry, text="x", member=world.teen
        )
        procedure_services.correction_request_refuse(
            actor=world.lead, request=request, reason="Nee"
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert "Besluiten en procedures" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead", 200),
        ("involved", 200),
        ("ended", 404),
        ("outsider", 404),
        ("safety", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_procedure_pages_access(world, who, status):
    decision = in_hearing(world)
    complaint = procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text="Klacht"
    )
    client = world.client_for(getattr(world, who))
    for url in (
        f"/dossiers/{world.dossier.pk}/procedures/",
        f"/dossiers/{world.dossier.pk}/besluiten/",
        f"/besluiten/{decision.pk}/",
        f"/klachten/{complaint.pk}/",
    ):
        assert client.get(url).status_code == status, url


def test_an_involved_professional_may_not_decide_or_answer_through_the_pages(world):
    decision = pass_deadline(in_hearing(world))
    complaint = procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text="Klacht"
    )
    client = world.client_for(world.involved)
    response = client.post(f"/besluiten/{decision.pk}/besluiten/", {"outcome": "x"})
    assert response.status_code == 403
    response = client.post(
        f"/klachten/{complaint.pk}/", {"answer": "1", "outcome": "founded", "answer_text": "x"}
    )
    assert response.status_code == 403  # R10: the dossier's page only reads a complaint
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED


def test_the_lead_proposes_and_starts_a_hearing_through_the_pages(world):
    client = world.client_for(world.lead)
    response = client.post(
        f"/dossiers/{world.dossier.pk}/besluiten/",
        {
            "kind": "referral",
            "title": "Naar schuldhulp",
            "proposal": "Wij stellen voor...",
            "concerns": [world.parent.pk],
            "hearing_working_days": 5,
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(title="Naar schuldhulp")
    response = client.post(f"/besluiten/{decision.pk}/horen/", {"working_days": ""})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == "hearing"


def test_deciding_too_early_through_the_page_shows_the_names_and_saves_nothing(world):
    decision = in_hearing(world)
    response = world.client_for(world.lead).post(
        f"/besluiten/{decision.pk}/besluiten/", {"outcome": "Zo", "weighing": ""}
    )
    assert response.status_code == 400
    assert world.parent.full_name in response.content.decode()
    decision.refresh_from_db()
    assert decision.state == "hearing"


def test_a_professional_records_a_view_through_the_page(world):
    decision = in_hearing(world)
    invitation = decision.invitations.get(member=world.teen)
    response = world.client_for(world.involved).post(
        f"/besluiten/{decision.pk}/zienswijzen/",
        {"invitation": invitation.pk, "stance": "agree", "text": "Prima", "how_heard": ""},
    )
    assert response.status_code == 302
    assert DecisionView.objects.get(invitation=invitation).recorded_on_behalf


def test_the_complaints_officer_answers_a_complaint_through_the_page(world):
    complaint = procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text="Klacht"
    )
    data = {"answer": "Dat klopt, sorry.", "outcome": "founded"}
    assert world.client_for(world.lead).post(f"/klachten/{complaint.pk}/", data).status_code == 403
    response = world.client_for(world.complaints_officer).post(
        f"/klachtenfunctionaris/klachten/{complaint.pk}/", data
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.HANDLED


def test_lead_change_is_shown_to_the_family_with_its_reason(world):
    from tests.factories import UserFactory

    new_lead = UserFactory(organisation=world.lead.organisation)
    services.dossier_lead_change(
        actor=world.lead, dossier=world.dossier, new_lead=new_lead, reason="Anna gaat met verlof"
    )
    event = world.dossier.entries.filter(kind=Entry.Kind.EVENT).first()
    assert event.visibility == Entry.Visibility.FAMILY
    assert "Anna gaat met verlof" in event.text and new_lead.display_name in event.text


# --- done when: the demo world ------------------------------------------------------------------


def test_done_when_on_the_demo_world():
    call_command("load_demo", password="x")
    from accounts.models import User

    anna = User.objects.get(username="anna")
    pieter = User.objects.get(username="pieter.jansen")
    lisa = User.objects.get(username="lisa.jansen")
    dossier = Dossier.objects.get(household__label="Jansen")
    decision = Decision.objects.get(dossier=dossier, state=Decision.State.HEARING)
    assert decision.hearing_deadline >= timezone.localdate()
    names = {m.first_name for m in decision.concerns.all()}
    assert names == {"Pieter", "Lisa"}

    with pytest.raises(ValidationError) as error:
        procedure_services.decision_decide(
            actor=anna, decision=decision, outcome="Therapie", weighing=""
        )
    message = " ".join(error.value.messages)
    assert "Pieter Jansen" in message and "Lisa Jansen" in message

    for user, stance in ((pieter, "agree"), (lisa, "partly")):
        member = Member.objects.get(user=user)
        procedure_services.decision_view_give(
            actor=user,
            invitation=decision.invitations.get(member=member),
            stance=stance,
            text=f"Mening van {member.first_name}",
        )
    with pytest.raises(ValidationError) as error:
        procedure_services.decision_decide(
            actor=anna, decision=decision, outcome="Therapie", weighing=""
        )
    assert "weighing" in error.value.error_dict
    procedure_services.decision_decide(
        actor=anna,
        decision=decision,
        outcome="Pieter en Lisa gaan naar gezinstherapie.",
        weighing="Lisa wil eerst alleen praten; dat doen we de eerste keer.",
    )
    page = Client()
    page.force_login(anna)
    html = page.get(f"/besluiten/{decision.pk}/").content.decode()
    assert "Mening van Pieter" in html and "Mening van Lisa" in html
    assert "Lisa wil eerst alleen praten" in html
    # Everything in the audit log, with its actor.
    assert log_entries(decision).filter(actor=anna).exists()
    for view in DecisionView.objects.filter(invitation__decision=decision):
        assert log_entries(view).get().actor == view.given_by
    steps = list(decision.transitions.values_list("to_state", "actor__username"))
    assert steps == [("draft", "anna"), ("hearing", "anna"), ("decided", "anna")]
    # The demo also has a decided decision with weighed views and an open complaint.
    done = Decision.objects.filter(dossier=dossier, title="Afspraken over rust in huis").get()
    assert done.state == "decided" and done.weighing
    assert DecisionView.objects.filter(invitation__decision=done).count() == 2
    assert (
        Complaint.objects.filter(dossier=dossier, status="received", member__user=lisa).count() == 1
    )
    # Loading again changes nothing.
    call_command("load_demo", password="x")
    assert Decision.objects.filter(dossier=dossier).count() == 2
    assert LogEntry.objects.filter(actor=anna).exists()


def test_a_draft_is_not_shown_to_the_family(world):
    draft = propose(world)
    heard = in_hearing(world)
    reader = reader_for(world.family, world.dossier)
    shown = list(procedure_selectors.decision_list_for(reader=reader))
    assert heard in shown and draft not in shown


def test_procedure_pages_log_the_look_as_an_access(world):
    """R12: a decision, complaint or request page shows dossier content, so it is logged."""
    from django.urls import reverse

    from casefile.models import AccessEvent

    decision = in_hearing(world)
    complaint = procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text="Klacht"
    )
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Notitie")
    correction = procedure_services.correction_request_file(
        actor=world.family, entry=entry, text="Fout"
    )
    destruction = procedure_services.destruction_request_file(
        actor=world.family, dossier=world.dossier, scope="dossier"
    )
    client = world.client_for(world.involved)
    for url in (
        reverse("procedures:decision-detail", args=[decision.pk]),
        reverse("procedures:complaint-detail", args=[complaint.pk]),
        reverse("procedures:correction-request-detail", args=[correction.pk]),
        reverse("procedures:destruction-request-detail", args=[destruction.pk]),
        reverse("procedures:correction-request-create", args=[entry.pk]),
    ):
        before = AccessEvent.objects.filter(user=world.involved, dossier=world.dossier).count()
        assert client.get(url).status_code == 200
        after = AccessEvent.objects.filter(user=world.involved, dossier=world.dossier).count()
        assert after == before + 1, url


def _procedure_urls(world):
    from django.urls import reverse

    decision = in_hearing(world)
    draft = propose(world)
    complaint = procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text="Klacht"
    )
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Notitie")
    correction = procedure_services.correction_request_file(
        actor=world.family, entry=entry, text="Fout"
    )
    destruction = procedure_services.destruction_request_file(
        actor=world.family, dossier=world.dossier, scope="dossier"
    )
    dossier = world.dossier.pk
    return [
        reverse("procedures:procedure-overview", args=[dossier]),
        reverse("procedures:decision-list", args=[dossier]),
        reverse("procedures:decision-detail", args=[decision.pk]),
        reverse("procedures:decision-start-hearing", args=[draft.pk]),
        reverse("procedures:decision-view-record", args=[decision.pk]),
        reverse("procedures:decision-decide", args=[decision.pk]),
        reverse("procedures:decision-decide-urgent", args=[draft.pk]),
        reverse("procedures:decision-weigh", args=[decision.pk]),
        reverse("procedures:decision-withdraw", args=[decision.pk]),
        reverse("procedures:complaint-create", args=[dossier]),
        reverse("procedures:complaint-detail", args=[complaint.pk]),
        reverse("procedures:correction-request-create", args=[entry.pk]),
        reverse("procedures:correction-request-detail", args=[correction.pk]),
        reverse("procedures:destruction-request-create", args=[dossier]),
        reverse("procedures:destruction-request-detail", args=[destruction.pk]),
    ]


@pytest.mark.parametrize(
    "who", ["ended", "outsider", "safety", "family", "analyst", "administrator", "other_family"]
)
def test_every_procedure_page_and_action_is_404_for_those_without_access(world, who):
    from auditlog.models import LogEntry as Log

    from tests.factories import FamilyUserFactory, MemberFactory, open_dossier

    if who == "other_family":
        other = open_dossier(lead=world.lead, members=0)
        user = FamilyUserFactory(username="other-family")
        MemberFactory(
            household=other.household, user=user, date_of_birth=world.parent.date_of_birth
        )
        from casefile import access

        access.dossier_sync(other)
    else:
        user = getattr(world, who)
    urls = _procedure_urls(world)
    client = world.client_for(user)
    before = Log.objects.count()
    post = {
        "outcome": "x",
        "weighing": "x",
        "urgent_reason": "x",
        "reason": "x",
        "text": "x",
        "stance": "agree",
        "member": str(world.parent.pk),
        "about": "dossier",
        "scope": "dossier",
        "accept": "1",
        "answer": "x",
        "refusal_reason": "legal_duty",
    }
    for url in urls:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, post).status_code == 404, url
    assert Log.objects.count() == before


def test_only_who_may_withdraw_sees_the_withdraw_form(world):
    from django.urls import reverse

    by_lead = in_hearing(world)
    by_involved = propose(world, actor=world.involved)
    client = world.client_for(world.involved)
    page = client.get(reverse("procedures:decision-detail", args=[by_lead.pk])).content.decode()
    assert "Voorstel intrekken" not in page
    response = client.post(
        reverse("procedures:decision-withdraw", args=[by_lead.pk]), {"reason": "Weg"}
    )
    assert response.status_code == 403
    by_lead.refresh_from_db()
    assert by_lead.state == Decision.State.HEARING
    page = client.get(reverse("procedures:decision-detail", args=[by_involved.pk])).content.decode()
    assert "Voorstel intrekken" in page


def test_the_decide_form_says_when_deciding_becomes_possible(world):
    from django.urls import reverse

    decision = in_hearing(world)
    page = world.client_for(world.lead).get(
        reverse("procedures:decision-detail", args=[decision.pk])
    )
    assert "U kunt besluiten als iedereen heeft gereageerd" in page.content.decode()
    pass_deadline(decision)
    page = world.client_for(world.lead).get(
        reverse("procedures:decision-detail", args=[decision.pk])
    )
    assert "U kunt besluiten als iedereen heeft gereageerd" not in page.content.decode()
