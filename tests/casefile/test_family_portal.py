"""/mijn-dossier/: own household only, never withheld content, the 12–15 rule, acting, the log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casefile import services
from casefile.models import AccessEvent
from procedures import services as procedure_services
from procedures.models import Complaint, CorrectionRequest, DecisionView, DestructionRequest
from safety import services as safety_services

from ..factories import FamilyUserFactory, MemberFactory, SafetyUserFactory, open_dossier, years_ago
from ..queries import SEAL
from .family_helpers import (
    ABOUT_PARENT_TEXT,
    ABOUT_TEEN_TEXT,
    HOUSEHOLD_TEXT,
    WITHHELD_TEXT,
    link_teen,
    write_entries,
)

pytestmark = pytest.mark.django_db
HOME = reverse("portal:family-home")


def _hearing(world, concerns):
    decision = procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind="agreement",
        title="Afspraken over school",
        proposal="Tiener gaat elke dag naar school.",
        concerns=concerns,
    )
    return procedure_services.decision_start_hearing(actor=world.lead, decision=decision)


@pytest.mark.parametrize(
    "who", ["lead", "involved", "outsider", "safety", "analyst", "administrator"]
)
def test_only_family_members_have_a_family_portal(world, who):
    assert world.client_for(getattr(world, who)).get(HOME).status_code == 404


def test_anonymous_users_sign_in_first(client):
    assert client.get(HOME).status_code == 302


def test_a_family_member_sees_their_own_household(world):
    write_entries(world)
    other = open_dossier()
    content = world.client_for(world.family).get(HOME).content.decode()
    assert world.dossier.household.label in content
    assert other.household.label not in content
    assert HOUSEHOLD_TEXT in content and ABOUT_PARENT_TEXT in content


def test_another_households_objects_are_404(world):
    write_entries(world)
    other = open_dossier()
    other_entry = services.entry_add(actor=other.lead, dossier=other, text="Elders")
    other_member = MemberFactory(household=other.household, date_of_birth=years_ago(40))
    other_user = FamilyUserFactory()
    other_member.user = other_user
    other_member.save()
    from casefile import access

    access.dossier_sync(other)
    complaint = procedure_services.complaint_file(
        actor=other_user, dossier=other, about="dossier", text="Klacht elders"
    )
    client = world.client_for(world.family)
    for url in (
        reverse("portal:family-correction-create", args=[other_entry.pk]),
        reverse("portal:family-complaint", args=[complaint.pk]),
        reverse("workspace:dossier-detail", args=[other.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_withheld_content_is_never_shown_but_counted_with_a_way_to_object(world):
    write_entries(world)
    content = world.client_for(world.family).get(HOME).content.decode()
    assert WITHHELD_TEXT not in content
    assert "U kunt 1 notitie niet lezen." in content
    assert "de privacy van een ander" in content
    assert "?over=achtergehouden" in content
    form = world.client_for(world.family).get(
        reverse("portal:family-complaint-create") + "?over=achtergehouden"
    )
    assert "Ik ben het er niet mee eens" in form.content.decode()


def test_a_child_of_12_to_15_sees_only_what_concerns_them_and_is_told_so(world):
    write_entries(world)
    teen = link_teen(world)
    content = world.client_for(teen).get(HOME).content.decode()
    assert ABOUT_TEEN_TEXT in content and HOUSEHOLD_TEXT in content
    assert ABOUT_PARENT_TEXT not in content and WITHHELD_TEXT not in content
    assert "Je bent jonger dan 16 jaar." in content
    # The withheld entry is about the parent: outside the child's scope, so not even counted.
    assert "niet lezen" not in content


def test_a_child_does_not_see_decisions_about_others_only(world):
    teen = link_teen(world)
    about_parent = _hearing(world, [world.parent])
    about_teen = _hearing(world, [world.teen])
    content = world.client_for(teen).get(HOME).content.decode()
    assert reverse("portal:family-decision", args=[about_teen.pk]) in content
    assert reverse("portal:family-decision", args=[about_parent.pk]) not in content
    response = world.client_for(teen).get(reverse("portal:family-decision", args=[about_parent.pk]))
    assert response.status_code == 404


def test_a_family_member_gives_their_view_on_the_page(world):
    decision = _hearing(world, [world.parent])
    invitation = decision.invitations.get()
    client = world.client_for(world.family)
    content = client.get(HOME).content.decode()
    assert reverse("portal:family-view-give", args=[invitation.pk]) in content
    prefix = str(invitation.pk)
    response = client.post(
        reverse("portal:family-view-give", args=[invitation.pk]),
        {f"{prefix}-stance": "partly", f"{prefix}-text": "Goed plan, maar niet elke dag."},
    )
    assert response.status_code == 302
    view = DecisionView.objects.get(invitation=invitation)
    assert view.given_by == world.family and not view.recorded_on_behalf
    page = client.get(response["Location"]).content.decode()
    assert "Goed plan, maar niet elke dag." in page


def test_a_view_without_text_is_shown_again_with_the_error(world):
    invitation = _hearing(world, [world.parent]).invitations.get()
    prefix = str(invitation.pk)
    response = world.client_for(world.family).post(
        reverse("portal:family-view-give", args=[invitation.pk]),
        {f"{prefix}-stance": "agree", f"{prefix}-text": ""},
    )
    assert response.status_code == 400
    assert not DecisionView.objects.exists()


def test_nobody_gives_a_view_for_someone_else(world):
    teen = link_teen(world)
    invitation = _hearing(world, [world.parent]).invitations.get()
    prefix = str(invitation.pk)
    response = world.client_for(teen).post(
        reverse("portal:family-view-give", args=[invitation.pk]),
        {f"{prefix}-stance": "agree", f"{prefix}-text": "Namens papa"},
    )
    assert response.status_code == 404
    assert not DecisionView.objects.exists()


def test_a_family_member_complains_and_follows_the_status(world):
    client = world.client_for(world.family)
    response = client.post(
        reverse("portal:family-complaint-create"),
        {"about": "dossier", "text": "Er staat iets verkeerd in."},
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("portal:family-complaint", args=[complaint.pk])
    assert complaint.member == world.parent and complaint.filed_by == world.family
    page = client.get(response["Location"]).content.decode()
    assert "Ontvangen" in page
    assert (
        reverse("portal:family-complaint", args=[complaint.pk]) in client.get(HOME).content.decode()
    )


def test_a_family_member_asks_a_correction_from_an_entry(world):
    entry = write_entries(world)
    client = world.client_for(world.family)
    url = reverse("portal:family-correction-create", args=[entry.pk])
    assert url in client.get(HOME).content.decode()
    response = client.post(url, {"text": "Het was de oude woning.", "statement": ""})
    request = CorrectionRequest.objects.get()
    assert response["Location"] == reverse("portal:family-correction", args=[request.pk])
    assert request.entry == entry and request.requested_by == world.family


def test_no_correction_request_for_a_withheld_entry(world):
    write_entries(world)
    withheld = world.dossier.entries.get(visibility="withheld")
    url = reverse("portal:family-correction-create", args=[withheld.pk])
    assert world.client_for(world.family).get(url).status_code == 404


def test_a_family_member_asks_for_destruction(world):
    entry = write_entries(world)
    client = world.client_for(world.family)
    response = client.post(
        reverse("portal:family-destruction-create"),
        {"scope": "entries", "entries": [entry.pk], "reason": "Dit is oud."},
    )
    request = DestructionRequest.objects.get()
    assert response["Location"] == reverse("portal:family-destruction", args=[request.pk])
    assert list(request.entries.all()) == [entry]
    assert "Wacht op antwoord" in client.get(response["Location"]).content.decode()


def test_every_look_is_an_access_event(world):
    client = world.client_for(world.family)
    client.get(HOME)
    client.get(reverse("portal:family-access-log"))
    events = AccessEvent.objects.filter(user=world.family, action=AccessEvent.Action.FAMILY_VIEW)
    assert events.count() == 2
    assert set(events.values_list("dossier", flat=True)) == {world.dossier.pk}


def test_the_log_shows_who_looked_and_who_joined(world):
    world.client_for(world.lead).get(reverse("workspace:dossier-detail", args=[world.dossier.pk]))
    safety = SafetyUserFactory(
        username="sara",
        first_name="Sara",
        organisation__municipalities=[world.dossier.household.municipality],
    )
    safety_services.involvement_join(
        actor=safety, dossier=world.dossier, expertise="Veiligheid", reason="Zorgen"
    )
    page = world.client_for(world.family).get(reverse("portal:family-access-log")).content.decode()
    assert world.lead.display_name in page and "bekeek het dossier" in page
    assert "Sara" in page and "kwam erbij om mee te helpen" in page
    assert str(safety.organisation) in page


def test_the_log_does_not_call_naming_whom_an_entry_is_about_a_change(world):
    # R8: an entry is never changed; its members are stored just after it (an m2m record).
    write_entries(world)
    page = world.client_for(world.family).get(reverse("portal:family-access-log")).content.decode()
    assert "schreef op over wie een notitie gaat" in page
    assert "veranderde iets: een notitie" not in page
    assert WITHHELD_TEXT not in page


def test_every_measure_is_explained_in_plain_words(world):
    from django.utils import timezone

    from safety import services as safety_services
    from safety.models import Measure

    for kind in Measure.Kind.values:
        safety_services.measure_add(
            actor=world.lead,
            dossier=world.dossier,
            kind=kind,
            members=[world.teen],
            legal_basis="Wet",
            decided_by="mayor" if kind == "restraining_order" else "court",
            starts_on=timezone.localdate(),
        )
    page = world.client_for(world.family).get(HOME).content.decode()
    assert "De ouders blijven de ouders." in page  # OTS
    assert "Die persoon heet de voogd." in page
    assert "niet zelf mag verlaten" in page
    from portal.selectors import MEASURE_EXPLANATIONS

    assert set(MEASURE_EXPLANATIONS) == set(Measure.Kind.values)


def test_helpers_lead_first_with_how_to_reach_them(world):
    world.lead.organisation.phone = "030 123 45 67"
    world.lead.organisation.save()
    content = world.client_for(world.family).get(HOME).content.decode()
    lead_at = content.index(world.lead.display_name, content.index('id="helpers"'))
    involved_at = content.index(world.involved.display_name, content.index('id="helpers"'))
    assert lead_at < involved_at
    assert "030 123 45 67" in content and "Zorgen over ouder" in content
    assert (
        world.ended.display_name
        not in content[content.index('id="helpers"') : content.index('id="wat-ziet-u"')]
    )


def _many(world, n):
    """n of every kind of row the page shows: entries (with own statements), decisions with
    views, complaints, corrections, destruction requests, plan agreements and measures."""
    import datetime

    from django.utils import timezone

    from households.models import NetworkContact
    from safety import services as safety_services

    watcher = NetworkContact.objects.create(
        household=world.dossier.household, name="Buurvrouw", relation="buren"
    )
    safety_services.safety_plan_create(
        actor=world.lead,
        dossier=world.dossier,
        concerns="Ruzie",
        safety_goal="Rust in huis",
        danger_signals="Harde stemmen",
        evaluation_date=timezone.localdate() + datetime.timedelta(days=30),
        agreements=[
            safety_services.AgreementData(
                what=f"Afspraak {i}", responsible="Ouder", watcher=watcher
            )
            for i in range(n)
        ],
    )
    for i in range(n):
        entry = services.entry_add(actor=world.lead, dossier=world.dossier, text=f"Notitie {i}")
        procedure_services.correction_request_file(
            actor=world.family, entry=entry, text="Klopt niet", statement="Mijn kant"
        )
        safety_services.measure_add(
            actor=world.lead,
            dossier=world.dossier,
            kind="ots",
            members=[world.teen],
            legal_basis="BW 1:255",
            decided_by="court",
            starts_on=timezone.localdate(),
        )
        procedure_services.complaint_file(
            actor=world.family, dossier=world.dossier, about="dossier", text="K"
        )
        procedure_services.destruction_request_file(
            actor=world.family, dossier=world.dossier, scope="dossier"
        )
        decision = _hearing(world, [world.parent, world.teen])
        procedure_services.decision_view_give(
            actor=world.family,
            invitation=decision.invitations.get(member=world.parent),
            stance="agree",
            text="Goed",
        )
    return _hearing(world, [world.parent])


# Session, user, the dossier, the reader's member row, the look logged; then one per section
# (invitations, members, helpers, withheld, decisions (titles only: the views are on the
# decision's page), the reader's complaints, corrections and destruction requests in one UNION,
# phase, MDA++, plan and its agreements, running measures, the timeline's count, entries, members
# and own statements); none per row.
# Who looked (R12), in short: the looks counted and the newest three, two queries; the whole trail
# with who changed what is `/mijn-dossier/wie-keek/` (was four queries and every row of the trail).
# The page's read is sealed (R12).
# The agenda's part: the reader's tasks and the last meetings, one query each.
# Documents (issue 15): one more (with documents, their versions and members: two more, however
# many; tests/documents pins that).
FAMILY_PAGE_QUERIES = 22 + 2 + 1 + SEAL


@pytest.mark.parametrize("rows", [1, 15])
def test_the_page_makes_the_same_number_of_queries_with_few_and_many_rows(
    world, django_assert_num_queries, rows
):
    client = world.client_for(world.family)
    _many(world, rows)
    with django_assert_num_queries(FAMILY_PAGE_QUERIES):
        assert client.get(HOME).status_code == 200


def test_the_decision_page_has_its_headings_in_order(world):
    import re

    decision = _hearing(world, [world.parent])
    url = reverse("portal:family-decision", args=[decision.pk])
    page = world.client_for(world.family).get(url).content.decode()
    main = page[page.index("<h1") :]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_the_log_names_changes_to_decisions_and_safety_in_plain_words(world):
    from safety import services as safety_services
    from safety.models import Phase

    safety_services.phase_change(
        actor=world.lead, dossier=world.dossier, phase=Phase.STABLE_SAFETY, reason="Het gaat beter"
    )
    page = world.client_for(world.family).get(reverse("portal:family-access-log"))
    assert "de fase van de hulp" in page.content.decode()
