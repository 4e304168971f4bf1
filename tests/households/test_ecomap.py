"""Issue 14 part 3: the network picture (ecomap) on the household page and for the family."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from casefile import visibility
from households.ecomap import WIDTH, Person, ecomap_layout
from households.models import NetworkContact
from safety import selectors as safety_selectors
from safety import services as safety_services
from tests.factories import FamilyUserFactory

pytestmark = pytest.mark.django_db

HOUSEHOLD = "workspace:household-detail"
FAMILY_NETWORK = "/mijn-dossier/netwerk/"


@pytest.fixture
def network(world):
    """Two contacts, one of whom watches over the safety plan; a teen with an account."""
    world.aunt = NetworkContact.objects.create(
        household=world.dossier.household, name="Tante Els", relation="tante"
    )
    world.coach = NetworkContact.objects.create(
        household=world.dossier.household, name="Coach Jan", relation="voetbaltrainer"
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
                what="Bij ruzie naar buiten", responsible="Ouder", watcher=world.aunt
            )
        ],
    )
    world.teen_user = FamilyUserFactory(username="tiener")
    world.teen.user = world.teen_user
    world.teen.save()
    from casefile import access

    access.dossier_sync(world.dossier)
    return world


def _svg(page: str) -> str:
    return re.search(r"<svg.*?</svg>", page, re.S).group(0)


def _list(page: str, kind: str) -> list[str]:
    block = re.search(rf'<ul class="plain" data-ecomap="{kind}">(.*?)</ul>', page, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", block)]


def test_the_layout_places_everyone_inside_the_drawing():
    people = [Person(kind="contact", label=f"C{i}", detail="buur") for i in range(7)]
    pros = [Person(kind="professional", label=f"P{i}", detail="Team") for i in range(5)]
    members = [Person(kind="member", label=f"M{i}", detail="9 jaar") for i in range(6)]

    ecomap = ecomap_layout(household="X", members=members, contacts=people, professionals=pros)

    placed = [*ecomap.members, *ecomap.others]
    assert len(placed) == 18
    assert all(0 < p.x < WIDTH and 0 < p.y < ecomap.height for p in placed)
    assert len({(p.x, p.y) for p in placed}) == 18  # nobody on top of another
    assert all(p.x < ecomap.centre_x for p in ecomap.contacts)  # the network on the left
    assert all(p.x > ecomap.centre_x for p in ecomap.professionals)


def test_the_household_page_draws_every_member_contact_and_professional(network, client_for):
    page = client_for(network.lead).get(reverse(HOUSEHOLD, args=[network.dossier.pk]))
    html = page.content.decode()
    svg = _svg(html)

    assert page.status_code == 200
    names = ["Ouder", "Tiener", "Kind", "Tante Els", "Coach Jan"]
    names += [network.lead.display_name, network.involved.display_name]
    for name in names:
        assert f">{name}</tspan>" in svg, name
    assert 'role="img"' in svg and 'aria-describedby="ecomap-list"' in svg
    assert svg.count('class="ecomap-person ecomap-member"') == 3
    assert svg.count('class="ecomap-person ecomap-contact"') == 2
    assert svg.count('class="ecomap-person ecomap-professional"') == 2  # not the ended one
    assert svg.count("ecomap-line-watches") == 1
    assert "let op het veiligheidsplan" in svg
    assert network.ended.display_name not in svg


def test_the_text_alternative_says_the_same_as_the_drawing(network, client_for):
    html = client_for(network.lead).get(reverse(HOUSEHOLD, args=[network.dossier.pk])).content
    html = html.decode()
    reader = visibility.professional_reader(network.lead, network.dossier)
    ecomap = safety_selectors.network_picture(reader=reader, dossier=network.dossier)

    members = _list(html, "members")
    contacts = _list(html, "contacts")
    professionals = _list(html, "professionals")

    assert members == [f"{p.person.label}: {p.person.detail}" for p in ecomap.members]
    assert [c.split(":")[0] for c in contacts] == ["Coach Jan", "Tante Els"]
    assert contacts[1] == "Tante Els: tante (let op het veiligheidsplan)"
    assert len(professionals) == len(ecomap.professionals) == 2
    svg = _svg(html)
    for placed in [*ecomap.members, *ecomap.others]:
        assert f">{placed.person.label}</tspan>" in svg


def test_the_picture_costs_the_same_queries_for_one_or_many(
    network, client_for, django_assert_max_num_queries
):
    reader = visibility.professional_reader(network.lead, network.dossier)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        safety_selectors.network_picture(reader=reader, dossier=network.dossier)
    for i in range(5):
        NetworkContact.objects.create(
            household=network.dossier.household, name=f"Buur {i}", relation="buren"
        )
    with CaptureQueriesContext(connection) as many:
        safety_selectors.network_picture(reader=reader, dossier=network.dossier)

    assert len(few) == len(many) == 4


def test_an_adult_family_member_sees_their_own_picture(network, client_for):
    page = client_for(network.family).get(FAMILY_NETWORK)
    svg = _svg(page.content.decode())

    assert page.status_code == 200
    for name in ("Ouder", "Tiener", "Kind", "Tante Els", "Coach Jan"):
        assert name in svg
    assert "let op het veiligheidsplan" in svg
    # Who helps, with their organisation; never why.
    assert "Zorgen over ouder" not in page.content.decode()


def test_a_child_of_12_to_15_sees_what_the_policy_gives(network, client_for):
    page = client_for(network.teen_user).get(FAMILY_NETWORK).content.decode()
    svg = _svg(page)

    assert "Jouw netwerk" in page  # "je" for a child
    # Member rows are about that member: the child sees themself, not the others' rows.
    assert _list(page, "members") == [f"Tiener: 14 jaar, {network.teen.get_role_display().lower()}"]
    assert "Ouder" not in _list(page, "members")[0]
    # The network and the plan's watchers are about the whole household.
    assert "Tante Els" in svg and "let op het veiligheidsplan" in svg
    assert len(_list(page, "professionals")) == 2
    assert "Zorgen over ouder" not in page


def test_a_family_member_of_another_household_sees_only_their_own(
    network, other_family, client_for
):
    page = client_for(other_family).get(FAMILY_NETWORK).content.decode()

    assert "Tante Els" not in page and "Tiener" not in page


@pytest.fixture
def other_family(world):
    from casefile import access
    from tests.factories import MemberFactory, open_dossier, years_ago

    dossier = open_dossier(lead=world.lead, members=0)
    user = FamilyUserFactory(username="ander-gezin")
    MemberFactory(
        household=dossier.household, user=user, first_name="Anders", date_of_birth=years_ago(38)
    )
    access.dossier_sync(dossier)
    return user


@pytest.mark.parametrize("who", ["outsider", "analyst", "administrator", "safety"])
def test_outsiders_get_404_on_the_household_page(network, client_for, who):
    response = client_for(getattr(network, who)).get(reverse(HOUSEHOLD, args=[network.dossier.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["lead", "outsider", "analyst", "administrator"])
def test_staff_have_no_family_network_page(network, client_for, who):
    assert client_for(getattr(network, who)).get(FAMILY_NETWORK).status_code == 404


def test_no_personal_data_in_the_urls(network, client_for):
    html = client_for(network.lead).get(reverse(HOUSEHOLD, args=[network.dossier.pk])).content
    hrefs = re.findall(r'(?:href|action|src)="([^"]*)"', html.decode())

    for href in hrefs:
        for word in ("Tante", "Els", "Coach", "Tiener", "tante", "voetbal"):
            assert word not in href, href
    assert reverse("portal:family-network") == FAMILY_NETWORK
