"""A state changes once (issue 11, item 5).

Each test sends the same change twice from the same stale state, as a double click does: the
second call still holds the object as it was before the first. The services lock the row and
check the state again, so there is one transition; the other gets a clear message (a redirect
with a message on the page, 409 in the API), never a 500. The same thing with two threads at
once is in `test_races_postgresql.py`.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from casefile import services as casefile_services
from casefile.models import Dossier, Entry, Involvement
from core.concurrency import Conflict
from procedures import services
from procedures.models import (
    Complaint,
    CorrectionRequest,
    Decision,
    DecisionTransition,
    DestructionRequest,
    HearingInvitation,
)
from safety import services as safety_services
from tests.api.conftest import token_client
from tests.api.decision_setup import decision_in

pytestmark = [pytest.mark.fault, pytest.mark.django_db]


def _stale(obj):
    """The object as a second request holds it: loaded before the first one changed it."""
    return type(obj).objects.get(pk=obj.pk)


def _transitions(decision, to):
    return DecisionTransition.objects.filter(decision=decision, to_state=to).count()


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- decisions ----------------------------------------------------------------------------------


def test_deciding_twice_decides_once(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")
    first, second = _stale(decision), _stale(decision)

    services.decision_decide(actor=world.lead, decision=first, outcome="Ja", weighing="Eens")
    with pytest.raises(Conflict, match="al beslist"):
        services.decision_decide(actor=world.lead, decision=second, outcome="Nee", weighing="X")

    decision.refresh_from_db()
    assert (decision.state, decision.outcome) == (Decision.State.DECIDED, "Ja")
    assert _transitions(decision, Decision.State.DECIDED) == 1
    assert world.dossier.entries.filter(text__startswith="Besluit genomen").count() == 1


def test_starting_the_hearing_twice_invites_once(world):
    decision = decision_in(world.dossier, lead=world.lead, state="draft")
    first, second = _stale(decision), _stale(decision)

    services.decision_start_hearing(actor=world.lead, decision=first)
    with pytest.raises(Conflict, match="al gestart"):
        services.decision_start_hearing(actor=world.lead, decision=second)

    assert HearingInvitation.objects.filter(decision=decision).count() == 1
    assert _transitions(decision, Decision.State.HEARING) == 1


def test_withdrawing_twice_withdraws_once(world):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing")
    first, second = _stale(decision), _stale(decision)

    services.decision_withdraw(actor=world.lead, decision=first, reason="Niet meer nodig")
    with pytest.raises(Conflict, match="al beslist of het is ingetrokken"):
        services.decision_withdraw(actor=world.lead, decision=second, reason="Toch niet")

    assert _transitions(decision, Decision.State.WITHDRAWN) == 1


def test_a_withdraw_after_a_decide_from_the_same_page_changes_nothing(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")
    first, second = _stale(decision), _stale(decision)

    services.decision_decide(actor=world.lead, decision=first, outcome="Ja", weighing="Eens")
    with pytest.raises(Conflict):
        services.decision_withdraw(actor=world.lead, decision=second, reason="Toch niet")

    decision.refresh_from_db()
    assert decision.state == Decision.State.DECIDED
    assert decision.withdrawn_at is None


def test_an_urgent_decision_twice_is_taken_once(world):
    decision = decision_in(world.dossier, lead=world.lead, state="draft")
    first, second = _stale(decision), _stale(decision)

    services.decision_decide_urgent(
        actor=world.lead, decision=first, outcome="Nu", urgent_reason="Gevaar"
    )
    with pytest.raises(Conflict):
        services.decision_decide_urgent(
            actor=world.lead, decision=second, outcome="Nu", urgent_reason="Gevaar"
        )

    assert HearingInvitation.objects.filter(decision=decision).count() == 1
    assert _transitions(decision, Decision.State.DECIDED) == 1


def test_deciding_twice_on_the_page_gives_a_message_not_an_error(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")
    client = world.client_for(world.lead)
    url = reverse("procedures:decision-decide", args=[decision.pk])
    form = {"outcome": "Zo doen we het.", "weighing": "Iedereen was het eens."}

    first = client.post(url, form)
    second = client.post(url, form)

    detail = reverse("procedures:decision-detail", args=[decision.pk])
    assert (first.status_code, first["Location"]) == (302, detail)
    assert (second.status_code, second["Location"]) == (302, detail)
    assert any("al beslist" in message for message in _messages(second))
    assert _transitions(decision, Decision.State.DECIDED) == 1


def test_deciding_twice_in_the_api_is_a_409(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")
    url = f"/api/v1/decisions/{decision.pk}/decide/"
    body = {"outcome": "Zo doen we het.", "weighing": "Iedereen was het eens."}

    first = token_client(world.lead).post(url, body, format="json")
    second = token_client(world.lead).post(url, body, format="json")

    assert (first.status_code, second.status_code) == (200, 409)
    assert "al beslist" in second.json()["detail"]
    assert _transitions(decision, Decision.State.DECIDED) == 1


def test_a_view_given_twice_is_kept_once(world):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing")
    invitation = decision.invitations.get()
    values = {"stance": "agree", "text": "Eens."}

    services.decision_view_give(actor=world.family, invitation=_stale(invitation), **values)
    with pytest.raises(Conflict, match="Er is al een zienswijze"):
        services.decision_view_give(actor=world.family, invitation=_stale(invitation), **values)


# --- involvements and the lead ------------------------------------------------------------------


def test_joining_twice_joins_once_and_tells_the_lead_once(
    world, django_capture_on_commit_callbacks
):
    first, second = _stale(world.dossier), _stale(world.dossier)
    values = {"expertise": "Veiligheid", "reason": "Melding Veilig Thuis"}

    with django_capture_on_commit_callbacks(execute=True):
        safety_services.involvement_join(actor=world.safety, dossier=first, **values)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Conflict, match="U bent al betrokken bij dit dossier."),
    ):
        safety_services.involvement_join(actor=world.safety, dossier=second, **values)

    assert Involvement.objects.filter(professional=world.safety).count() == 1
    assert len(mail.outbox) == 1


def test_joining_twice_on_the_page_says_you_are_involved_already(world):
    client = world.client_for(world.safety)
    url = reverse("safety:join", args=[world.dossier.pk])
    form = {"expertise": "Veiligheid", "reason": "Melding"}

    assert client.post(url, form).status_code == 302
    second = client.post(url, form)

    assert second.status_code == 400
    assert "U bent al betrokken bij dit dossier." in second.content.decode()


def test_the_join_race_meets_the_unique_constraint_and_is_a_conflict(world):
    """Two joins that both passed the check (no row lock on SQLite): the database lets one in."""
    values = {
        "dossier": world.dossier,
        "professional": world.safety,
        "kind": Involvement.Kind.JOINED,
        "expertise": "Veiligheid",
        "reason": "Melding",
        "added_by": world.safety,
    }
    casefile_services.involvement_start(**values)

    with pytest.raises(Conflict, match="U bent al betrokken bij dit dossier."):
        casefile_services.involvement_start(**values)

    # The refusal came from a savepoint: the surrounding transaction still works.
    assert Involvement.objects.filter(professional=world.safety, ended_at=None).count() == 1


def test_ending_an_involvement_twice_ends_it_once(world):
    first, second = _stale(world.involvement), _stale(world.involvement)

    casefile_services.involvement_end(actor=world.lead, involvement=first, reason="Klaar")
    with pytest.raises(Conflict, match="al beëindigd"):
        casefile_services.involvement_end(actor=world.lead, involvement=second, reason="Anders")

    world.involvement.refresh_from_db()
    assert world.involvement.end_reason == "Klaar"
    assert world.dossier.entries.filter(text__contains="helpt niet meer mee").count() == 2


def test_ending_an_involvement_twice_on_the_page_gives_a_message(world):
    client = world.client_for(world.lead)
    url = reverse("workspace:involvement-end", args=[world.involvement.pk])

    assert client.post(url, {"reason": "Klaar"}).status_code == 302
    second = client.post(url, {"reason": "Klaar"})

    assert second.status_code == 302
    assert "Deze betrokkenheid is al beëindigd." in _messages(second)


def test_ending_an_involvement_twice_in_the_api_is_a_409(world):
    url = f"/api/v1/involvements/{world.involvement.pk}/end/"

    first = token_client(world.lead).post(url, {"reason": "Klaar"}, format="json")
    second = token_client(world.lead).post(url, {"reason": "Klaar"}, format="json")

    assert (first.status_code, second.status_code) == (200, 409)


def test_changing_the_lead_twice_changes_it_once(world):
    first, second = _stale(world.dossier), _stale(world.dossier)
    values = {"new_lead": world.involved, "reason": "Verhuist", "previous_lead_stays": True}

    casefile_services.dossier_lead_change(actor=world.lead, dossier=first, **values)
    with pytest.raises(Conflict, match="vaste professional intussen gewijzigd"):
        casefile_services.dossier_lead_change(actor=world.lead, dossier=second, **values)

    assert Dossier.objects.get(pk=world.dossier.pk).lead == world.involved
    assert world.dossier.entries.filter(text__contains="is nu de vaste professional").count() == 1


# --- complaints and requests --------------------------------------------------------------------


def test_answering_a_complaint_twice_answers_once(world):
    complaint = services.complaint_file(
        actor=world.family, dossier=world.dossier, about=Complaint.About.DOSSIER, text="Te laat"
    )
    first, second = _stale(complaint), _stale(complaint)

    services.complaint_answer(
        actor=world.complaints_officer, complaint=first, outcome="founded", answer="Sorry"
    )
    with pytest.raises(Conflict, match="al afgehandeld"):
        services.complaint_answer(
            actor=world.complaints_officer, complaint=second, outcome="unfounded", answer="Nee"
        )

    complaint.refresh_from_db()
    assert (complaint.outcome, complaint.answer) == ("founded", "Sorry")
    assert complaint.trail.filter(status=Complaint.Status.HANDLED).count() == 1


def test_answering_a_complaint_twice_on_the_page_gives_a_message(world):
    complaint = services.complaint_file(
        actor=world.family, dossier=world.dossier, about=Complaint.About.DOSSIER, text="Te laat"
    )
    client = world.client_for(world.complaints_officer)
    url = reverse("procedures:officer-complaint-detail", args=[complaint.pk])
    form = {"answer": "Sorry, dat was te laat.", "outcome": "founded"}

    assert client.post(url, form).status_code == 302
    second = client.post(url, form)

    assert (second.status_code, second["Location"]) == (302, url)
    assert any("al afgehandeld" in message for message in _messages(second))


def _entry(world) -> Entry:
    return casefile_services.entry_add(actor=world.lead, dossier=world.dossier, text="Notitie")


def test_accepting_a_correction_twice_corrects_once(world):
    request = services.correction_request_file(
        actor=world.family, entry=_entry(world), text="Klopt niet"
    )
    first, second = _stale(request), _stale(request)

    services.correction_request_accept(actor=world.lead, request=first, text="Verbeterd")
    with pytest.raises(Conflict, match="al beantwoord"):
        services.correction_request_accept(actor=world.lead, request=second, text="Verbeterd")

    assert world.dossier.entries.filter(kind=Entry.Kind.CORRECTION).count() == 1
    assert CorrectionRequest.objects.get().status == CorrectionRequest.Status.ACCEPTED


def test_refusing_a_correction_after_accepting_it_changes_nothing(world):
    request = services.correction_request_file(
        actor=world.family, entry=_entry(world), text="Klopt niet"
    )
    first, second = _stale(request), _stale(request)

    services.correction_request_accept(actor=world.lead, request=first, text="Verbeterd")
    with pytest.raises(Conflict):
        services.correction_request_refuse(actor=world.lead, request=second, reason="Klopt wel")

    request.refresh_from_db()
    assert (request.status, request.refusal_reason) == (CorrectionRequest.Status.ACCEPTED, "")


def test_answering_a_destruction_request_twice_answers_once(world):
    request = services.destruction_request_file(
        actor=world.family,
        dossier=world.dossier,
        scope=DestructionRequest.Scope.ENTRIES,
        entries=[_entry(world)],
    )
    first, second = _stale(request), _stale(request)

    services.destruction_request_refuse(
        actor=world.lead, request=first, refusal_reason="legal_duty", explanation="Wet"
    )
    with pytest.raises(Conflict, match="al beantwoord"):
        services.destruction_request_accept(actor=world.lead, request=second)

    request.refresh_from_db()
    assert request.status == DestructionRequest.Status.REFUSED
    assert world.dossier.entries.filter(text="Notitie").exists()  # nothing destroyed


def test_answering_a_destruction_request_twice_on_the_page_gives_a_message(world):
    request = services.destruction_request_file(
        actor=world.family,
        dossier=world.dossier,
        scope=DestructionRequest.Scope.ENTRIES,
        entries=[_entry(world)],
    )
    client = world.client_for(world.lead)
    url = reverse("procedures:destruction-request-detail", args=[request.pk])

    assert client.post(url, {"accept": "1"}).status_code == 302
    second = client.post(url, {"accept": "1"})

    assert (second.status_code, second["Location"]) == (302, url)
    assert any("al beantwoord" in message for message in _messages(second))
