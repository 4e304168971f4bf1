"""Decisions through the API (R9): propose, hear, give views, decide; family sees from hearing on."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from casefile.models import AccessEvent
from procedures.models import Decision, DecisionView

from .conftest import token_client
from .decision_setup import decision_in


def _url(decision, action=""):
    return f"/api/v1/decisions/{decision.pk}/" + (f"{action}/" if action else "")


def _post(user, url, body=None):
    return token_client(user).post(url, body or {}, format="json")


def test_the_lead_proposes_a_decision(world):
    response = _post(
        world.lead,
        f"/api/v1/dossiers/{world.dossier.pk}/decisions/",
        {
            "kind": "agreement",
            "title": "Afspraken over school",
            "proposal": "Kind gaat weer naar school.",
            "concerns": [str(world.parent.pk), str(world.child.pk)],
        },
    )

    data = response.json()
    assert response.status_code == 201
    assert (data["state"], data["hearing_working_days"]) == ("draft", 5)
    assert {member["id"] for member in data["concerns"]} == {
        str(world.parent.pk),
        str(world.child.pk),
    }
    decision = Decision.objects.get(pk=data["id"])
    assert LogEntry.objects.get_for_object(decision).first().actor == world.lead


def test_a_proposal_about_someone_outside_the_household_is_a_400(world, other):
    stranger = other.dossier.household.members.first()

    response = _post(
        world.lead,
        f"/api/v1/dossiers/{world.dossier.pk}/decisions/",
        {"kind": "agreement", "title": "x", "proposal": "y", "concerns": [str(stranger.pk)]},
    )

    assert response.status_code == 400
    assert "concerns" in response.json()
    assert not Decision.objects.exists()


def test_starting_the_hearing_invites_adults_and_makes_a_task_for_young_children(world):
    decision = decision_in(
        world.dossier, lead=world.lead, state="draft", concerns=[world.parent, world.child]
    )

    response = _post(world.involved, _url(decision, "start-hearing"))

    data = response.json()
    assert response.status_code == 200
    assert data["state"] == "hearing"
    kinds = {i["member"]["id"]: i["kind"] for i in data["invitations"]}
    assert kinds == {str(world.parent.pk): "invited", str(world.child.pk): "child_task"}
    assert [t["to_state"] for t in data["transitions"]] == ["draft", "hearing"]


def test_starting_twice_is_a_409(world):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing")

    response = _post(world.lead, _url(decision, "start-hearing"))

    # The decision moved on (a double submit, a colleague first): a conflict, nothing changed.
    assert response.status_code == 409
    assert response.json()["detail"]


def test_a_family_member_gives_their_own_view_without_naming_the_invitation(world):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing")

    response = _post(world.family, _url(decision, "views"), {"stance": "partly", "text": "Deels."})

    assert response.status_code == 201
    view = DecisionView.objects.get()
    assert (view.given_by, view.recorded_on_behalf, view.invitation.member) == (
        world.family,
        False,
        world.parent,
    )


def test_a_family_member_cannot_give_a_view_for_someone_else(world):
    decision = decision_in(
        world.dossier, lead=world.lead, state="hearing", concerns=[world.parent, world.teen]
    )
    teen = decision.invitations.get(member=world.teen)

    response = _post(
        world.family,
        _url(decision, "views"),
        {"invitation": str(teen.pk), "stance": "agree", "text": "Eens."},
    )

    assert response.status_code == 403
    assert not DecisionView.objects.exists()


def test_a_family_member_not_invited_is_told_so(world):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing", concerns=[world.teen])

    response = _post(world.family, _url(decision, "views"), {"stance": "agree", "text": "Eens."})

    assert response.status_code == 403
    assert "niet gevraagd" in response.json()["detail"]


def test_a_professional_records_how_a_young_child_was_heard(world):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing", concerns=[world.child])
    task = decision.invitations.get()

    missing = _post(world.involved, _url(decision, "views"), {"text": "Tekening gemaakt."})
    response = _post(
        world.involved,
        _url(decision, "views"),
        {"invitation": str(task.pk), "text": "Tekening gemaakt.", "how_heard": "Huisbezoek"},
    )

    assert missing.status_code == 400 and "invitation" in missing.json()
    assert response.status_code == 201
    assert response.json()["recorded_on_behalf"] is True


def test_a_second_view_never_overwrites_the_first(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")

    response = _post(world.family, _url(decision, "views"), {"stance": "disagree", "text": "Nee"})

    assert response.status_code == 409  # there is one already: a conflict, nothing overwritten
    assert DecisionView.objects.get().stance == "agree"


def test_the_lead_decides_once_everyone_answered(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")

    response = _post(
        world.lead, _url(decision, "decide"), {"outcome": "Zo doen we het.", "weighing": "Eens."}
    )

    data = response.json()
    assert response.status_code == 200
    assert (data["state"], data["weighing"]) == ("decided", "Eens.")
    assert data["invitations"][0]["view"]["stance"] == "agree"


def test_deciding_before_everyone_answered_is_a_400_that_says_who(world):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing")

    response = _post(world.lead, _url(decision, "decide"), {"outcome": "Zo.", "weighing": ""})

    assert response.status_code == 400
    assert world.parent.first_name in response.json()["detail"]
    decision.refresh_from_db()
    assert decision.state == Decision.State.HEARING


def test_an_involved_professional_may_not_decide(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")

    response = _post(world.involved, _url(decision, "decide"), {"outcome": "Zo.", "weighing": "x"})

    assert response.status_code == 403
    assert response.json()["detail"] == "Alleen de vaste professional neemt dit besluit."


# --- reading ------------------------------------------------------------------------------------


def test_the_family_does_not_see_drafts(world):
    draft = decision_in(world.dossier, lead=world.lead, state="draft")
    heard = decision_in(world.dossier, lead=world.lead, state="hearing")
    client = token_client(world.family)

    listed = client.get(f"/api/v1/dossiers/{world.dossier.pk}/decisions/").json()

    assert [d["id"] for d in listed["results"]] == [str(heard.pk)]
    assert client.get(_url(draft)).status_code == 404
    assert client.get(_url(heard)).status_code == 200


@pytest.mark.parametrize("relation", ["lead", "involved", "family"])
def test_reading_a_decision_is_logged_as_an_api_view(world, relation):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing")
    user = getattr(world, relation)

    token_client(user).get(_url(decision))

    event = AccessEvent.objects.latest("at")
    assert (event.user, event.dossier, event.action) == (
        user,
        world.dossier,
        AccessEvent.Action.API_VIEW,
    )


@pytest.mark.parametrize("relation", ["outsider", "ended", "safety", "other_family"])
def test_others_get_a_404(world, other, relation):
    decision = decision_in(world.dossier, lead=world.lead, state="hearing")
    user = other.family if relation == "other_family" else getattr(world, relation)

    assert token_client(user).get(_url(decision)).status_code == 404


def test_the_list_reads_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    client = token_client(world.lead)
    url = f"/api/v1/dossiers/{world.dossier.pk}/decisions/"
    decision_in(world.dossier, lead=world.lead, state="heard")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for state in ("draft", "hearing", "heard", "hearing"):
        decision_in(world.dossier, lead=world.lead, state=state)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.json()["count"] == 5
