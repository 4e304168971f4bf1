"""Two people edit the same record from forms loaded at the same moment (issue 11, item 4).

The first save wins; the second is refused with both texts on the page and its own text still in
the form, and nothing changes. The API answers 409 with both versions.
"""

from __future__ import annotations

import datetime
import html

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from casefile import services
from casefile.models import Dossier
from households.models import Household, Member, NetworkContact
from safety.models import SafetyPlan
from tests.api.conftest import token_client
from tests.factories import NetworkContactFactory
from tests.safety.conftest import make_plan

pytestmark = [pytest.mark.fault, pytest.mark.django_db]

STALE = "Iemand anders heeft dit intussen gewijzigd."


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _hidden_version(page: str) -> str:
    start = page.index('name="version"')
    tag = page[page.rindex("<", 0, start) : page.index(">", start)]
    return tag.split('value="')[1].split('"')[0]


# --- the dossier's summary ----------------------------------------------------------------------


def test_a_stale_summary_form_is_refused_with_both_texts(world):
    anna, sara = world.client_for(world.lead), world.client_for(world.involved)
    url = reverse("workspace:summary-update", args=[world.dossier.pk])
    loaded = world.dossier.version  # both pages show the form with this version

    first = anna.post(url, {"summary": "Anna: rust in huis.", "version": loaded})
    second = sara.post(url, {"summary": "Sara: school eerst.", "version": loaded})

    assert first.status_code == 302
    assert second.status_code == 409
    page = _page(second)
    assert STALE in page
    assert "Wat er nu is opgeslagen" in page
    assert "Anna: rust in huis." in page  # the current text, beside…
    assert "Sara: school eerst.</textarea>" in page  # …the user's own, kept in the form
    dossier = Dossier.objects.get(pk=world.dossier.pk)
    assert dossier.summary == "Anna: rust in huis."
    assert dossier.version == loaded + 1


def test_after_reading_both_texts_saving_again_is_a_deliberate_choice(world):
    sara = world.client_for(world.involved)
    url = reverse("workspace:summary-update", args=[world.dossier.pk])
    world.client_for(world.lead).post(url, {"summary": "Anna", "version": 1})
    refused = sara.post(url, {"summary": "Sara", "version": 1})

    # The refused form now carries the current version, so a second save goes through.
    again = sara.post(url, {"summary": "Anna en Sara", "version": _hidden_version(_page(refused))})

    assert again.status_code == 302
    assert Dossier.objects.get(pk=world.dossier.pk).summary == "Anna en Sara"


def test_a_stale_summary_in_the_api_is_a_409_with_both_versions(world):
    url = f"/api/v1/dossiers/{world.dossier.pk}/"
    version = token_client(world.lead).get(url).json()["version"]

    first = token_client(world.lead).patch(
        url, {"summary": "Anna: rust in huis.", "version": version}, format="json"
    )
    second = token_client(world.involved).patch(
        url, {"summary": "Sara: school eerst.", "version": version}, format="json"
    )

    assert first.status_code == 200
    assert first.json()["version"] == version + 1
    assert second.status_code == 409
    body = second.json()
    assert body["detail"].startswith(STALE)
    assert body["current"] == {"summary": "Anna: rust in huis.", "version": version + 1}
    assert body["submitted"] == {"summary": "Sara: school eerst.", "version": version}
    assert Dossier.objects.get(pk=world.dossier.pk).summary == "Anna: rust in huis."


def test_the_api_needs_the_version_it_read(world):
    response = token_client(world.lead).patch(
        f"/api/v1/dossiers/{world.dossier.pk}/", {"summary": "Zonder versie"}, format="json"
    )

    assert response.status_code == 400
    assert "version" in response.json()
    assert Dossier.objects.get(pk=world.dossier.pk).summary != "Zonder versie"


# --- household and member details ---------------------------------------------------------------


def _household_form(household: Household, **changes) -> dict:
    values = {
        "version": household.version,
        "label": household.label,
        "street_address": household.street_address,
        "postcode": household.postcode,
        "city": household.city,
    }
    return values | changes


def test_a_stale_household_form_is_refused_with_both_texts(world):
    url = reverse("workspace:household-detail", args=[world.dossier.pk])
    household = world.dossier.household

    first = world.client_for(world.lead).post(
        url, _household_form(household, street_address="Lindelaan 1")
    )
    second = world.client_for(world.involved).post(
        url, _household_form(household, street_address="Beukenlaan 2")
    )

    assert first.status_code == 302
    assert second.status_code == 400
    page = _page(second)
    assert STALE in page
    assert "<dd>Lindelaan 1</dd>" in page
    assert 'value="Beukenlaan 2"' in page
    household.refresh_from_db()
    assert (household.street_address, household.version) == ("Lindelaan 1", 2)


def _member_form(member: Member, **changes) -> dict:
    values = {
        "version": member.version,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "date_of_birth": member.date_of_birth.isoformat(),
        "role": member.role,
        "bsn": member.bsn,
    }
    return values | changes


def test_a_stale_member_form_is_refused_with_both_texts(world):
    member = world.parent
    url = reverse("workspace:member-edit", args=[world.dossier.pk, member.pk])

    first = world.client_for(world.lead).post(url, _member_form(member, first_name="Marieke"))
    second = world.client_for(world.involved).post(url, _member_form(member, first_name="Mariska"))

    assert first.status_code == 302
    assert second.status_code == 400
    page = _page(second)
    assert STALE in page
    assert "<dd>Marieke</dd>" in page
    assert 'value="Mariska"' in page
    member.refresh_from_db()
    assert (member.first_name, member.version) == ("Marieke", 2)


def test_a_member_saved_without_a_version_still_saves(world):
    """A page from before the version field (or a script) saves as before: last write wins."""
    member = world.parent
    url = reverse("workspace:member-edit", args=[world.dossier.pk, member.pk])
    form = _member_form(member, first_name="Zonder")
    del form["version"]

    assert world.client_for(world.lead).post(url, form).status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.version) == ("Zonder", 2)


def test_a_stale_network_contact_form_is_refused_with_both_texts(world):
    contact = NetworkContactFactory(household=world.dossier.household, name="Els", relation="buur")
    url = reverse("workspace:contact-edit", args=[world.dossier.pk, contact.pk])
    form = {"version": contact.version, "name": "Els", "relation": "buur", "phone": "", "email": ""}

    first = world.client_for(world.lead).post(url, form | {"phone": "0612345678"})
    second = world.client_for(world.involved).post(url, form | {"relation": "buurvrouw"})

    assert first.status_code == 302
    assert second.status_code == 400
    page = _page(second)
    assert STALE in page
    assert "<dd>0612345678</dd>" in page
    assert 'value="buurvrouw"' in page
    contact.refresh_from_db()
    assert (contact.phone, contact.relation, contact.version) == ("0612345678", "buur", 2)


def test_the_network_contact_page_is_for_who_may_edit_the_household(world):
    contact = NetworkContactFactory(household=world.dossier.household)
    url = reverse("workspace:contact-edit", args=[world.dossier.pk, contact.pk])

    assert world.client_for(world.lead).get(url).status_code == 200
    assert world.client_for(world.outsider).get(url).status_code == 404
    assert world.client_for(world.family).get(url).status_code == 404


# --- the safety plan: a new version from a stale base -------------------------------------------


def _plan_form(based_on: int, concerns: str) -> dict:
    return {
        "version": based_on,
        "concerns": concerns,
        "safety_goal": "Iedereen is veilig thuis.",
        "danger_signals": "Harde stemmen.",
        "evaluation_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "agreements-TOTAL_FORMS": "1",
        "agreements-INITIAL_FORMS": "0",
        "agreements-MIN_NUM_FORMS": "0",
        "agreements-MAX_NUM_FORMS": "1000",
        "agreements-0-what": "Bellen bij ruzie",
        "agreements-0-responsible": "Vader",
    }


def test_a_plan_version_from_a_stale_base_is_refused_with_both_texts(world):
    make_plan(world.lead, world.dossier, concerns="Versie 1")
    url = reverse("safety:plan-create", args=[world.dossier.pk])
    loaded = world.client_for(world.lead).get(url)
    assert _hidden_version(_page(loaded)) == "1"  # the form says which version it builds on

    first = world.client_for(world.lead).post(url, _plan_form(1, "Anna: versie 2"))
    second = world.client_for(world.involved).post(url, _plan_form(1, "Sara: versie 2"))

    assert first.status_code == 302
    assert second.status_code == 400
    page = _page(second)
    assert STALE in page
    assert "<dd>Anna: versie 2</dd>" in page
    assert "Sara: versie 2</textarea>" in page
    assert list(SafetyPlan.objects.values_list("version", "concerns")) == [
        (2, "Anna: versie 2"),
        (1, "Versie 1"),
    ]


def test_the_first_plan_is_refused_when_someone_made_one_meanwhile(world):
    url = reverse("safety:plan-create", args=[world.dossier.pk])

    first = world.client_for(world.lead).post(url, _plan_form(0, "Anna"))
    second = world.client_for(world.involved).post(url, _plan_form(0, "Sara"))

    assert (first.status_code, second.status_code) == (302, 400)
    assert list(SafetyPlan.objects.values_list("concerns", flat=True)) == ["Anna"]


def test_network_contacts_and_members_start_at_version_1(world):
    assert NetworkContactFactory(household=world.dossier.household).version == 1
    assert NetworkContact.objects.model._meta.get_field("version").default == 1
    assert world.parent.version == 1


def _log(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
    ).order_by("timestamp")


def test_the_saved_edit_is_audited_with_its_actor_and_the_refused_one_not_at_all(world):
    url = reverse("workspace:summary-update", args=[world.dossier.pk])
    before = _log(world.dossier).count()

    world.client_for(world.lead).post(url, {"summary": "Anna", "version": 1})
    world.client_for(world.involved).post(url, {"summary": "Sara", "version": 1})

    entries = list(_log(world.dossier))[before:]
    assert [(entry.actor, set(entry.changes_dict)) for entry in entries] == [
        (world.lead, {"summary"})  # the version is bookkeeping, not a change to show the family
    ]


def test_a_network_contact_edit_is_audited_with_its_actor(world):
    contact = NetworkContactFactory(household=world.dossier.household, name="Els", relation="buur")

    services.network_contact_update(
        actor=world.lead, contact=contact, name="Els", relation="tante", version=1
    )

    entry = _log(contact).last()
    assert (entry.actor, set(entry.changes_dict)) == (world.lead, {"relation"})


def test_only_who_may_edit_the_household_changes_a_network_contact(world):
    contact = NetworkContactFactory(household=world.dossier.household, name="Els", relation="buur")

    with pytest.raises(PermissionDenied):
        services.network_contact_update(
            actor=world.outsider, contact=contact, name="X", relation="Y", version=1
        )
    contact.refresh_from_db()
    assert (contact.name, contact.version) == ("Els", 1)
