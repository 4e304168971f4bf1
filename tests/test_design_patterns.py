"""NL Design System patterns on real pages (docs/design.md): the error summary with links to
the fields, errors beside a radio group's legend, status tags, and the timeline by day and kind."""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casefile import services
from casefile.models import Entry
from procedures import services as procedure_services
from procedures.forms import ComplaintAnswerForm

from .casefile.procedure_helpers import in_hearing, pass_deadline
from .casefile.test_pages import member_blocks
from .factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _summary(page: str) -> str:
    start = page.index('class="error-summary"')
    return page[start : page.index("</div>", start)]


def _assert_summary(page: str, *anchors: str) -> str:
    """One summary, headed "Er ging iets mis", focused on load, linking to each field."""
    assert page.count('class="error-summary"') == 1
    summary = _summary(page)
    assert "Er ging iets mis</h2>" in summary
    assert "autofocus" in page[page.rindex("<div", 0, page.index('class="error-summary"')) :][:300]
    for anchor in anchors:
        assert f'href="#{anchor}"' in summary, anchor
        assert f'id="{anchor}"' in page, f"the link's target {anchor} exists"
    return summary


# --- error summary on several forms -------------------------------------------------------------


def test_the_login_form_has_a_summary_with_a_heading():
    response = Client().post(reverse("login"), {"username": "niemand", "password": "x"})
    page = response.content.decode()
    assert "Er ging iets mis</h2>" in _summary(page)


def test_the_join_form_links_to_the_empty_reason(world):
    response = world.client_for(world.safety).post(
        reverse("safety:join", args=[world.dossier.pk]), {"expertise": "Veiligheid", "reason": ""}
    )
    assert response.status_code == 400
    summary = _assert_summary(response.content.decode(), "id_reason")
    assert "‘Waarom sluit u aan?’ is nog niet ingevuld." in summary
    assert "Dit veld is vereist." not in response.content.decode()


def test_a_radio_group_links_to_its_first_choice_and_shows_its_error_under_the_legend(world):
    decision = procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind="agreement",
        title="Afspraken over school",
        proposal="Tiener gaat elke dag naar school.",
        concerns=[world.parent],
    )
    decision = procedure_services.decision_start_hearing(actor=world.lead, decision=decision)
    invitation = decision.invitations.get()
    prefix = str(invitation.pk)
    response = world.client_for(world.family).post(
        reverse("portal:family-view-give", args=[invitation.pk]),
        {f"{prefix}-text": "Ik weet het nog niet."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = _assert_summary(page, f"id_{prefix}-stance_0")
    assert "Bij ‘Wat vindt u van dit voorstel?’ is nog niets gekozen." in summary
    # Inside the fieldset: legend, then the error, then the choices (not under the fieldset).
    fieldset = page[page.index("<fieldset") : page.index("</fieldset>")]
    legend_end = fieldset.index("</legend>")
    error = fieldset.index('class="error"')
    first_choice = fieldset.index(f'id="id_{prefix}-stance_0"')
    assert legend_end < error < first_choice
    assert f'aria-describedby="id_{prefix}-stance_error' in fieldset


def test_the_family_complaint_form_uses_the_shared_summary(world):
    response = world.client_for(world.family).post(
        reverse("portal:family-complaint-create"), {"about": "dossier", "text": ""}
    )
    assert response.status_code == 400
    _assert_summary(response.content.decode(), "id_text")


def test_a_text_field_with_an_error_points_at_it(world):
    response = world.client_for(world.safety).post(
        reverse("safety:join", args=[world.dossier.pk]), {"expertise": "Veiligheid", "reason": ""}
    )
    page = response.content.decode()
    textarea = re.search(r"<textarea[^>]*id=\"id_reason\"[^>]*>", page).group(0)
    assert "id_reason_error" in textarea  # aria-describedby names the error


def test_registering_a_household_lists_every_blocks_errors_in_one_summary(world):
    data = {
        "label": "",
        "municipality": MunicipalityFactory().pk,
        **member_blocks(1),
        "members-0-first_name": "",
        "members-0-last_name": "Visser",
        "members-0-date_of_birth": "1990-02-31",
        "members-0-role": "parent",
    }
    response = world.client_for(world.outsider).post(reverse("workspace:dossier-create"), data)
    assert response.status_code == 400
    summary = _assert_summary(
        response.content.decode(),
        "id_label",
        "id_members-0-first_name",
        "id_members-0-date_of_birth",
    )
    assert "Gezinslid 1:" in summary
    assert "geen bestaande datum" in summary


# --- status tags ----------------------------------------------------------------------------------


def test_the_decision_list_shows_the_state_as_a_tag(world):
    procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind="agreement",
        title="Afspraken over school",
        proposal="Naar school.",
        concerns=[world.parent],
    )
    page = world.client_for(world.lead).get(
        reverse("procedures:decision-list", args=[world.dossier.pk])
    )
    assert '<strong class="tag tag--neutral">Voorstel</strong>' in page.content.decode()


# --- timeline ---------------------------------------------------------------------------------------


def _entry_at(world, text, when, kind=Entry.Kind.NOTE):
    """An entry written at `when` (entries are append-only, so the clock is set, not the row)."""
    field = Entry._meta.get_field("created_at")
    with mock.patch.object(field, "_get_default", lambda: when):
        if kind == Entry.Kind.EVENT:
            return services.timeline_event(dossier=world.dossier, author=world.lead, text=text)
        return services.entry_add(actor=world.lead, dossier=world.dossier, text=text)


@pytest.fixture
def days(world):
    today = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    yesterday = today - datetime.timedelta(days=1)
    _entry_at(world, "Eerste notitie van gisteren", yesterday)
    _entry_at(world, "Tweede notitie van gisteren", yesterday + datetime.timedelta(hours=2))
    _entry_at(world, "Notitie van vandaag", today)
    _entry_at(world, "Gebeurtenis van vandaag", today + datetime.timedelta(hours=1), "event")
    return today, yesterday


def _timeline(page: str) -> str:
    start = page.index('<section aria-labelledby="timeline">')
    return page[start:]


def test_the_timeline_is_grouped_by_day_newest_first(world, days):
    today, yesterday = days
    page = world.client_for(world.lead).get(
        reverse("workspace:dossier-detail", args=[world.dossier.pk])
    )
    timeline = _timeline(page.content.decode())
    today_heading = timeline.index(f'id="day-{today:%Y-%m-%d}"')
    yesterday_heading = timeline.index(f'id="day-{yesterday:%Y-%m-%d}"')
    assert today_heading < timeline.index("Notitie van vandaag") < yesterday_heading
    assert yesterday_heading < timeline.index("Tweede notitie van gisteren")
    assert timeline.count(f'id="day-{yesterday:%Y-%m-%d}"') == 1  # one heading for both


def test_the_timeline_filters_by_kind_without_javascript(world, days):
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    page = world.client_for(world.lead).get(url, {"soort": "event"}).content.decode()
    timeline = _timeline(page)
    assert "Gebeurtenis van vandaag" in timeline
    assert "Notitie van vandaag" not in timeline
    assert '<option value="event" selected>' in timeline
    assert '<form method="get"' in timeline


def test_an_unknown_kind_shows_everything(world, days):
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    response = world.client_for(world.lead).get(url, {"soort": "<script>"})
    assert response.status_code == 200
    timeline = _timeline(response.content.decode())
    assert "Gebeurtenis van vandaag" in timeline and "Notitie van vandaag" in timeline
    assert "<script>" not in timeline


# --- smaller problems -------------------------------------------------------------------------------


def test_the_destruction_form_labels_end_on_a_whole_word(world):
    long_text = "Gesprek met de school over " + "verzuim en begeleiding " * 10
    services.entry_add(actor=world.lead, dossier=world.dossier, text=long_text)
    page = world.client_for(world.family).get(reverse("portal:family-destruction-create"))
    content = page.content.decode()
    label = re.search(r"Gesprek met de school over [^<]*", content).group(0)
    assert label.endswith(" …")
    words = label[: -len(" …")].split()
    assert all(word in long_text.split() for word in words)


def test_an_outsider_still_gets_404_for_the_filtered_timeline(world):
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    outsider = UserFactory()
    client = Client()
    client.force_login(outsider)
    assert client.get(url, {"soort": "note"}).status_code in (302, 404)


# --- forms that no longer decide for the user ------------------------------------------------------


def test_the_decide_form_appears_only_once_deciding_is_possible(world):
    decision = in_hearing(world)
    url = reverse("procedures:decision-detail", args=[decision.pk])
    page = world.client_for(world.lead).get(url).content.decode()
    assert reverse("procedures:decision-decide", args=[decision.pk]) not in page
    assert "Wacht nog op:" in page and world.parent.full_name in page
    pass_deadline(decision)
    page = world.client_for(world.lead).get(url).content.decode()
    assert reverse("procedures:decision-decide", args=[decision.pk]) in page


def test_a_complaints_outcome_starts_with_nothing_chosen():
    # Whoever answers the complaint renders this form; a select would preselect "Gegrond".
    field = ComplaintAnswerForm()["outcome"]
    html = str(field)
    assert 'type="radio"' in html
    assert "checked" not in html
    assert "<select" not in html


def test_user_written_dutch_is_marked_as_dutch_on_an_english_page(world):
    services.entry_add(actor=world.lead, dossier=world.dossier, text="Gesprek met de school.")
    page = world.client_for(world.lead).get(
        reverse("workspace:dossier-detail", args=[world.dossier.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    content = page.content.decode()
    assert '<html lang="en">' in content
    assert '<div class="text" lang="nl">Gesprek met de school.</div>' in content
