"""Fixes from issue 13's walk in the procedures and safety pages: the decide form is not live
during the hearing, a complaint's outcome is not chosen in advance, the safety page has one
primary button."""

from __future__ import annotations

import re

from django.urls import reverse

from procedures import services as procedure_services
from tests.casefile.procedure_helpers import in_hearing, pass_deadline


def _decide_url(decision):
    return reverse("procedures:decision-decide", args=[decision.pk])


def test_the_decide_form_is_not_shown_while_the_family_is_heard(world):
    decision = in_hearing(world)
    page = world.client_for(world.lead).get(
        reverse("procedures:decision-detail", args=[decision.pk])
    )
    content = page.content.decode()

    assert _decide_url(decision) not in content
    assert "Het gezin wordt nog gehoord" in content
    assert "Wacht nog op:" in content and "Ouder" in content and "Tiener" in content


def test_the_decide_form_appears_once_the_deadline_passed(world):
    decision = pass_deadline(in_hearing(world))
    content = (
        world.client_for(world.lead)
        .get(reverse("procedures:decision-detail", args=[decision.pk]))
        .content.decode()
    )
    assert _decide_url(decision) in content
    assert "Het gezin wordt nog gehoord" not in content


def test_the_decide_form_appears_once_everyone_answered(world):
    decision = in_hearing(world)
    for invitation in decision.invitations.all():
        procedure_services.decision_view_give(
            actor=world.lead, invitation=invitation, stance="agree", text="Mijn mening."
        )
    content = (
        world.client_for(world.lead)
        .get(reverse("procedures:decision-detail", args=[decision.pk]))
        .content.decode()
    )
    assert _decide_url(decision) in content


def test_a_decide_posted_too_early_still_gets_the_services_message(world):
    decision = in_hearing(world)
    response = world.client_for(world.lead).post(
        _decide_url(decision), {"outcome": "Zo doen we het.", "weighing": ""}
    )
    assert response.status_code == 400
    assert "U kunt nog niet besluiten" in response.content.decode()


def test_a_complaints_outcome_is_not_chosen_in_advance():
    # The complaints officer answers (R10); the form starts with no outcome chosen.
    from procedures.forms import ComplaintAnswerForm

    html = str(ComplaintAnswerForm()["outcome"])

    assert 'type="radio"' in html
    assert "checked" not in html


def test_the_safety_page_has_one_primary_button(world):
    content = (
        world.client_for(world.lead)
        .get(reverse("safety:detail", args=[world.dossier.pk]))
        .content.decode()
    )
    head = content[content.index('class="page-head"') : content.index('id="phase"')]

    assert len(re.findall(r'class="button"', head)) == 1
    assert len(re.findall(r'class="button secondary"', head)) == 3
