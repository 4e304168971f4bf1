"""Issue 13, the family's side: what needs them first, their own reads counted apart, "je" for a
child of 12–15, plain words for jargon, and a view form that keeps the proposal after an error."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from casefile.models import AccessEvent
from procedures import services as procedure_services
from procedures.models import DecisionView

from .family_helpers import link_teen, write_entries

pytestmark = pytest.mark.django_db
HOME = reverse("portal:family-home")
LOG = reverse("portal:family-access-log")
LOG_LINE = re.compile(r"<li><time[^>]*>[^<]*</time> ·\s*<strong>(.*?)</strong>(.*?)</li>", re.S)


def _hearing(world, concerns, title="Afspraken over school"):
    decision = procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind="agreement",
        title=title,
        proposal="Tiener gaat elke dag naar school.",
        concerns=concerns,
    )
    return procedure_services.decision_start_hearing(actor=world.lead, decision=decision)


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_pending_view_is_at_the_top_with_its_date_and_count(world):
    decision = _hearing(world, [world.parent])
    content = world.client_for(world.family).get(HOME).content.decode()
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december"]  # fmt: skip
    day = f"{decision.hearing_deadline.day} {months[decision.hearing_deadline.month - 1]}"
    line = f"U kunt tot en met {day} reageren op 1 voorstel."
    assert line in content
    link = reverse("portal:family-decision", args=[decision.pk]) + "#geef"
    # First in the page: before the introduction and everything else below the heading.
    assert content.index(line) < content.index("Hier leest u") < content.index('id="tijdlijn"')
    assert content.index(f'href="{link}"') < content.index("Hier leest u")


def test_two_proposals_with_one_deadline_share_one_line(world):
    _hearing(world, [world.parent])
    _hearing(world, [world.parent], title="Afspraken over sport")
    content = world.client_for(world.family).get(HOME).content.decode()
    assert re.search(r"U kunt tot en met \d+ \w+ reageren op 2 voorstellen\.", content)


def test_nothing_waits_once_the_view_is_given(world):
    invitation = _hearing(world, [world.parent]).invitations.get()
    client = world.client_for(world.family)
    prefix = str(invitation.pk)
    client.post(
        reverse("portal:family-view-give", args=[invitation.pk]),
        {f"{prefix}-stance": "agree", f"{prefix}-text": "Goed plan."},
    )
    content = client.get(HOME).content.decode()
    assert "reageren op 1 voorstel" not in content and 'id="nu-doen"' not in content


def test_a_proposal_for_someone_else_is_not_pending_for_me(world):
    teen = link_teen(world)
    _hearing(world, [world.parent])
    content = world.client_for(teen).get(HOME).content.decode()
    assert "reageren op 1 voorstel" not in content


def test_an_answered_request_is_pointed_out(world):
    from procedures.models import Complaint

    complaint = procedure_services.complaint_file(
        actor=world.family,
        dossier=world.dossier,
        about=Complaint.About.DOSSIER,
        about_professional=None,
        text="Ik mis een verslag.",
    )
    assert (
        "Er is antwoord op uw klacht."
        not in world.client_for(world.family).get(HOME).content.decode()
    )
    Complaint.objects.filter(pk=complaint.pk).update(answered_at=timezone.now())
    content = world.client_for(world.family).get(HOME).content.decode()
    assert "Er is antwoord op uw klacht." in content
    assert reverse("portal:family-complaint", args=[complaint.pk]) in content


def test_the_log_counts_my_own_reads_on_one_line_and_lists_the_others(world):
    world.client_for(world.lead).get(reverse("workspace:dossier-detail", args=[world.dossier.pk]))
    client = world.client_for(world.family)
    for _ in range(12):
        client.get(HOME)
    page = client.get(LOG).content.decode()  # this look is recorded after the page is made
    own = AccessEvent.objects.filter(user=world.family, action=AccessEvent.Action.FAMILY_VIEW)
    assert own.count() == 13
    assert "U keek zelf 12 keer, het laatst op" in page
    lines = LOG_LINE.findall(page)
    names = [name for name, _what in lines]
    assert world.family.display_name not in names  # no line of his own reads
    assert world.lead.display_name in names
    # The others lead: the list comes before the count of his own reads.
    assert page.index(world.lead.display_name) < page.index("U keek zelf 12 keer")


def test_own_requests_for_a_copy_stay_lines_of_their_own(world, django_capture_on_commit_callbacks):
    client = world.client_for(world.family)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:family-copy-create"))
    page = client.get(LOG).content.decode()
    assert "vroeg een kopie (pdf) aan" in page


def test_the_pdf_groups_own_reads_too(world):
    from portal.copies import copy_content

    client = world.client_for(world.family)
    for _ in range(3):
        client.get(HOME)
    dossier = world.dossier
    content = copy_content(user=world.family, dossier=dossier)
    assert content.own_looks.own_looks == 3
    assert not [line for line in content.log if line.name == world.family.display_name and line.is_look
                and "las het eigen dossier" in line.what]  # fmt: skip


def test_a_child_of_14_is_addressed_with_je_and_a_parent_with_u(world):
    teen = link_teen(world)
    decision = _hearing(world, [world.parent, world.teen])
    entry = write_entries(world)  # about the whole household: both may ask to correct it
    teen_client, parent_client = world.client_for(teen), world.client_for(world.family)
    teen_client.get(HOME)  # one own read, so the log has its count line
    parent_client.get(HOME)
    for url in (
        HOME,
        LOG,
        reverse("portal:family-decision", args=[decision.pk]),
        reverse("portal:family-complaint-create"),
        reverse("portal:family-correction-create", args=[entry.pk]),
        reverse("portal:family-destruction-create"),
    ):
        teen_page = _plain(teen_client.get(url).content.decode())
        parent_page = _plain(parent_client.get(url).content.decode())
        assert not re.search(r"\b(U|u|Uw|uw)\b", teen_page.split("Mijn dossier", 1)[1]), url
        assert re.search(r"\b(U|Uw|uw)\b", parent_page), url
    teen_home = _plain(teen_client.get(HOME).content.decode())
    assert re.search(r"Je kunt tot en met \d+ \w+ reageren op 1 voorstel\.", teen_home)
    assert "Je keek zelf" in _plain(teen_client.get(LOG).content.decode())
    assert "Wie helpt je?" in teen_home
    assert "Wie helpt u?" in _plain(parent_client.get(HOME).content.decode())


def test_the_forms_say_je_to_a_child(world):
    teen = link_teen(world)
    invitation = _hearing(world, [world.teen]).invitations.get()
    client = world.client_for(teen)
    decision_page = client.get(
        reverse("portal:family-decision", args=[invitation.decision_id])
    ).content.decode()
    assert "Wat vind je van dit voorstel?" in decision_page
    assert "Wat vindt u" not in decision_page
    prefix = str(invitation.pk)
    error_page = client.post(
        reverse("portal:family-view-give", args=[invitation.pk]), {f"{prefix}-text": ""}
    ).content.decode()
    assert "Je zienswijze" in error_page and "Uw zienswijze" not in error_page


def test_the_view_form_keeps_the_proposal_and_deadline_after_an_error(world):
    decision = _hearing(world, [world.parent])
    invitation = decision.invitations.get()
    prefix = str(invitation.pk)
    response = world.client_for(world.family).post(
        reverse("portal:family-view-give", args=[invitation.pk]),
        {f"{prefix}-text": "Ik weet het nog niet."},
    )
    assert response.status_code == 400
    assert not DecisionView.objects.exists()
    page = response.content.decode()
    assert "Tiener gaat elke dag naar school." in page
    assert f"Reageren kan tot en met {decision.hearing_deadline.day} " in page
    # An error summary with a heading and a link to the radio group's first choice.
    summary = page[page.index('class="error-summary"') :]
    assert "<h2" in summary[:300]
    assert f'href="#id_{prefix}-stance_0"' in summary
    assert f'id="id_{prefix}-stance_0"' in page
    assert "Ik weet het nog niet." in page  # what they wrote is kept


def test_the_error_summary_links_to_a_text_field(world):
    response = world.client_for(world.family).post(
        reverse("portal:family-complaint-create"), {"about": "dossier", "text": ""}
    )
    assert response.status_code == 400
    assert 'href="#id_text"' in response.content.decode()


def test_veilig_thuis_and_taxatie_are_explained_where_they_appear(world):
    from casefile import services

    services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="Veilig Thuis deed een taxatie. Het is nu veilig.",
    )
    content = _plain(world.client_for(world.family).get(HOME).content.decode())
    assert "Veilig Thuis helpt bij geweld in huis." in content
    assert "Taxatie: de hulpverlener schat in hoe veilig het thuis is." in content


def test_no_explanation_where_the_words_do_not_appear(world):
    content = world.client_for(world.family).get(HOME).content.decode()
    assert "Veilig Thuis helpt" not in content and "Taxatie:" not in content


def test_the_hearing_email_says_je_to_a_child(world, django_capture_on_commit_callbacks):
    teen = link_teen(world)
    teen.email = "tiener@example.org"
    teen.save()
    world.family.email = world.family.email or "ouder@example.org"
    world.family.save()
    with django_capture_on_commit_callbacks(execute=True):
        _hearing(world, [world.parent, world.teen])
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "je dossier" in by_address["tiener@example.org"].body
    assert " uw " not in by_address["tiener@example.org"].body
    assert "uw dossier" in by_address[world.family.email].body


def test_the_pdf_copy_says_je_to_a_child_and_counts_own_reads(world):
    from django.template.loader import render_to_string

    from portal.copies import copy_content

    teen = link_teen(world)
    for _ in range(2):
        world.client_for(teen).get(HOME)

    def text(user):
        html = render_to_string(
            "portal/copy_pdf.html",
            {"copy": copy_content(user=user, dossier=world.dossier), "made_at": timezone.now()},
        )
        return _plain(html)

    teen_pdf, parent_pdf = text(teen), text(world.family)
    assert "Hierin staat alles wat je in je dossier mag zien." in teen_pdf
    assert "Je keek zelf 2 keer, het laatst op" in teen_pdf
    assert "Hierin staat alles wat u in uw dossier mag zien." in parent_pdf
    assert "U keek zelf" not in parent_pdf  # he has not looked yet
    assert "las het eigen dossier" in parent_pdf  # the teen's reads are others' reads for him
