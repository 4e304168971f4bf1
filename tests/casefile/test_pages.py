"""Every professional page: who gets in (DESIGN §4), what they see, and what is logged."""

import pytest
from django.urls import reverse

from casefile import services
from casefile.models import AccessEvent, Entry
from tests.factories import MunicipalityFactory, UserFactory, open_dossier, years_ago
from tests.queries import SEAL

pytestmark = pytest.mark.django_db

ROLES = ["lead", "involved", "ended", "outsider", "safety", "family", "analyst", "administrator"]


def status_for(world, who, method, url, data=None):
    client = world.client_for(getattr(world, who))
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


@pytest.mark.parametrize(
    "who,expected",
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
def test_dossier_page_access(world, who, expected):
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    assert status_for(world, who, "get", url) == expected


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", 200),
        ("involved", 200),
        ("outsider", 200),
        ("safety", 200),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_dossier_list_access(world, who, expected):
    assert status_for(world, who, "get", reverse("workspace:dossier-list")) == expected


def test_dossier_list_shows_only_my_dossiers(world):
    other = open_dossier()
    page = world.client_for(world.involved).get(reverse("workspace:dossier-list")).content.decode()
    assert world.dossier.household.label in page
    assert other.household.label not in page
    assert (
        world.client_for(world.outsider)
        .get(reverse("workspace:dossier-list"))
        .context["dossiers"]
        .paginator.count
        == 0
    )


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for url in (
        reverse("workspace:dossier-list"),
        reverse("workspace:dossier-detail", args=[world.dossier.pk]),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_dossier_is_404_like_a_forbidden_one(world):
    import uuid

    url = reverse("workspace:dossier-detail", args=[uuid.uuid4()])
    assert status_for(world, "lead", "get", url) == 404


def test_every_view_of_a_dossier_is_logged(world):
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    world.client_for(world.involved).get(url, REMOTE_ADDR="10.1.2.3")
    event = AccessEvent.objects.get(user=world.involved)
    assert event.dossier == world.dossier
    assert event.action == AccessEvent.Action.VIEW
    assert event.organisation == world.involved.organisation
    assert event.role == world.involved.role
    assert event.remote_addr == "10.1.2.3"


def test_refused_views_are_not_logged_as_access(world):
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    world.client_for(world.outsider).get(url)
    assert not AccessEvent.objects.filter(user=world.outsider).exists()


def test_dossier_page_shows_household_people_and_timeline(world):
    services.entry_add(actor=world.involved, dossier=world.dossier, text="Gesprek op school")
    page = (
        world.client_for(world.lead)
        .get(reverse("workspace:dossier-detail", args=[world.dossier.pk]))
        .content.decode()
    )
    assert "Ouder Tester" in page and "40 jaar" in page and "8 jaar" in page
    assert world.lead.display_name in page
    assert world.involved.display_name in page and "GGZ" in page
    assert world.ended.display_name in page  # history stays
    assert "Gesprek op school" in page
    assert "zichtbaar voor het gezin" in page


# --- actions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", 302),
        ("involved", 302),
        ("ended", 404),
        ("outsider", 404),
        ("safety", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_writing_an_entry(world, who, expected):
    url = reverse("workspace:entry-create", args=[world.dossier.pk])
    data = {"text": "Nieuwe notitie", "visibility": Entry.Visibility.FAMILY}
    assert status_for(world, who, "post", url, data) == expected
    assert Entry.objects.filter(text="Nieuwe notitie").exists() == (expected == 302)


def test_a_withheld_entry_without_reason_is_refused_with_a_dutch_message(world):
    url = reverse("workspace:entry-create", args=[world.dossier.pk])
    response = world.client_for(world.lead).post(
        url, {"text": "Geheim", "visibility": Entry.Visibility.WITHHELD}
    )
    assert response.status_code == 400
    assert "Kies waarom het gezin dit niet mag zien." in response.content.decode()
    assert not Entry.objects.filter(text="Geheim").exists()


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", 302),
        ("involved", 403),
        ("ended", 404),
        ("outsider", 404),
        ("safety", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_adding_a_professional(world, who, expected):
    newcomer = UserFactory()
    url = reverse("workspace:involvement-create", args=[world.dossier.pk])
    data = {"professional": newcomer.pk, "expertise": "Schuldhulp", "reason": "Schulden"}
    assert status_for(world, who, "post", url, data) == expected
    assert world.dossier.involvements.filter(professional=newcomer).exists() == (expected == 302)


def test_adding_a_professional_is_a_page_of_its_own(world):
    """The choice of every professional of the region is not on the dossier page (issue 12)."""
    dossier_page = world.client_for(world.lead).get(
        reverse("workspace:dossier-detail", args=[world.dossier.pk])
    )
    url = reverse("workspace:involvement-create", args=[world.dossier.pk])
    assert f'href="{url}"' in dossier_page.content.decode()
    assert 'name="professional"' not in dossier_page.content.decode()
    page = world.client_for(world.lead).get(url)
    assert page.status_code == 200
    assert 'name="professional"' in page.content.decode()
    assert world.client_for(world.involved).get(url).status_code == 403
    assert world.client_for(world.outsider).get(url).status_code == 404


def test_adding_a_professional_without_reason_shows_the_error(world):
    url = reverse("workspace:involvement-create", args=[world.dossier.pk])
    response = world.client_for(world.lead).post(
        url, {"professional": UserFactory().pk, "expertise": "x", "reason": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "‘Waarom komt deze professional erbij?’ is nog niet ingevuld." in page
    assert 'href="#id_reason"' in page


@pytest.mark.parametrize(
    "who,expected",
    [
        ("involved", 302),
        ("lead", 302),
        ("ended", 404),
        ("outsider", 404),
        ("safety", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_ending_an_involvement(world, who, expected):
    url = reverse("workspace:involvement-end", args=[world.involvement.pk])
    assert status_for(world, who, "post", url, {"reason": "Klaar"}) == expected
    world.involvement.refresh_from_db()
    assert (world.involvement.ended_at is not None) == (expected == 302)


def test_ending_shows_a_confirmation_page_first(world):
    url = reverse("workspace:involvement-end", args=[world.involvement.pk])
    response = world.client_for(world.involved).get(url)
    assert response.status_code == 200
    assert "Wat" in response.content.decode()
    response = world.client_for(world.involved).post(url, {"reason": ""})
    assert response.status_code == 400
    world.involvement.refresh_from_db()
    assert world.involvement.is_active


def test_an_involved_professional_cannot_end_someone_else(world):
    other = services.involvement_add(
        actor=world.lead,
        dossier=world.dossier,
        professional=UserFactory(),
        expertise="x",
        reason="y",
    )
    url = reverse("workspace:involvement-end", args=[other.pk])
    assert status_for(world, "involved", "post", url, {"reason": "z"}) == 403


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", 302),
        ("involved", 302),
        ("ended", 404),
        ("outsider", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_correcting_an_entry(world, who, expected):
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Foutje")
    url = reverse("workspace:entry-correct", args=[entry.pk])
    assert status_for(world, who, "post", url, {"text": "Goed"}) == expected
    assert entry.corrections.exists() == (expected == 302)


def test_a_corrected_entry_stays_visible_and_is_marked(world):
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Foutje")
    services.entry_correct(actor=world.lead, entry=entry, text="Verbeterd")
    page = (
        world.client_for(world.lead)
        .get(reverse("workspace:dossier-detail", args=[world.dossier.pk]))
        .content.decode()
    )
    assert "Foutje" in page and "Verbeterd" in page and "gecorrigeerd" in page


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", 200),
        ("involved", 403),
        ("ended", 404),
        ("outsider", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_lead_change_page(world, who, expected):
    url = reverse("workspace:lead-change", args=[world.dossier.pk])
    assert status_for(world, who, "get", url) == expected


def test_the_lead_hands_the_lead_role_over_with_a_reason(world):
    new_lead = UserFactory()
    url = reverse("workspace:lead-change", args=[world.dossier.pk])
    response = world.client_for(world.lead).post(
        url, {"new_lead": new_lead.pk, "reason": "Verhuizing"}
    )
    assert response.status_code == 302
    world.dossier.refresh_from_db()
    assert world.dossier.lead == new_lead


@pytest.mark.parametrize(
    "who,expected",
    [("lead", 200), ("safety", 403), ("family", 404), ("analyst", 404), ("administrator", 404)],
)
def test_register_household_page(world, who, expected):
    assert status_for(world, who, "get", reverse("workspace:dossier-create")) == expected


def member_blocks(count: int) -> dict:
    """The formset's management fields for `count` member blocks of the registration form."""
    return {
        "members-TOTAL_FORMS": str(count),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "20",
    }


def test_registering_a_household_opens_its_dossier_with_the_creator_as_lead(world):
    data = {
        "label": "Yilmaz",
        "municipality": MunicipalityFactory().pk,
        "summary": "Zorgen om school",
        **member_blocks(2),
        "members-0-first_name": "Ayse",
        "members-0-last_name": "Yilmaz",
        "members-0-date_of_birth": "1990-01-15",
        "members-0-role": "parent",
        "members-1-first_name": "",
    }
    response = world.client_for(world.outsider).post(reverse("workspace:dossier-create"), data)
    assert response.status_code == 302
    dossier = world.outsider.led_dossiers.get()
    assert dossier.household.label == "Yilmaz"
    assert dossier.household.members.get().first_name == "Ayse"


def test_adding_a_member_block_keeps_what_was_typed_and_saves_nothing(world):
    from households.models import Household

    municipality = MunicipalityFactory()
    data = {
        "label": "Yilmaz",
        "municipality": municipality.pk,
        "summary": "Zorgen om school",
        **member_blocks(1),
        "members-0-first_name": "Ayse",
        "members-0-last_name": "Yilmaz",
        "members-0-date_of_birth": "1990-01-15",
        "members-0-role": "parent",
        "add_member": "1",
    }
    response = world.client_for(world.outsider).post(reverse("workspace:dossier-create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="members-TOTAL_FORMS" value="2"' in page
    assert 'name="members-INITIAL_FORMS" value="0"' in page
    assert 'value="Ayse"' in page and 'value="1990-01-15"' in page
    assert "Zorgen om school</textarea>" in page
    assert 'name="members-1-first_name"' in page
    assert "Dit veld is vereist." not in page
    assert not Household.objects.filter(label="Yilmaz").exists()


def test_a_member_block_left_alone_in_a_browser_is_skipped(world):
    """A browser sends every field of every block, the role select's empty choice included."""
    data = {
        "label": "Visser",
        "municipality": MunicipalityFactory().pk,
        **member_blocks(2),
        "members-0-first_name": "Els",
        "members-0-last_name": "Visser",
        "members-0-date_of_birth": "1990-01-15",
        "members-0-role": "parent",
        "members-0-bsn": "",
        "members-1-first_name": "",
        "members-1-last_name": "",
        "members-1-date_of_birth": "",
        "members-1-role": "",
        "members-1-bsn": "",
    }
    response = world.client_for(world.outsider).post(reverse("workspace:dossier-create"), data)
    assert response.status_code == 302
    assert world.outsider.led_dossiers.get().household.members.count() == 1


def test_a_member_block_without_a_role_says_so(world):
    data = {
        "label": "Visser",
        "municipality": MunicipalityFactory().pk,
        **member_blocks(1),
        "members-0-first_name": "Els",
        "members-0-last_name": "Visser",
        "members-0-date_of_birth": "1990-01-15",
        "members-0-role": "",
    }
    response = world.client_for(world.outsider).post(reverse("workspace:dossier-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    # One summary for the whole form, naming the block and linking to its role select.
    assert page.count('class="error-summary"') == 1
    assert "Gezinslid 1: Bij ‘Rol’ is nog niets gekozen." in page
    assert 'href="#id_members-0-role"' in page


def test_registering_refuses_someone_older_than_100_and_saves_nothing(world):
    from households.models import Household

    data = {
        "label": "Oud",
        "municipality": MunicipalityFactory().pk,
        **member_blocks(1),
        "members-0-first_name": "Riet",
        "members-0-last_name": "Oud",
        "members-0-date_of_birth": "1900-01-01",
        "members-0-role": "grandparent",
    }
    response = world.client_for(world.outsider).post(reverse("workspace:dossier-create"), data)
    assert response.status_code == 400
    assert "ouder zijn dan 100 jaar" in response.content.decode()
    assert not Household.objects.filter(label="Oud").exists()


# --- query counts ------------------------------------------------------------------------------


def _add_entries(world, count):
    for i in range(count):
        entry = services.entry_add(
            actor=world.involved,
            dossier=world.dossier,
            text=f"Notitie {i}",
            about_members=[world.child],
        )
        if i % 10 == 0:
            services.entry_correct(actor=world.lead, entry=entry, text=f"Correctie {i}")


@pytest.mark.parametrize("entries", [5, 200])
def test_dossier_page_query_count_is_fixed(world, entries, django_assert_num_queries):
    _add_entries(world, entries)
    client = world.client_for(world.lead)
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    client.get(url)
    with django_assert_num_queries(DOSSIER_PAGE_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("dossiers", [1, 20])
def test_dossier_list_query_count_is_fixed(world, dossiers, django_assert_num_queries):
    for _ in range(dossiers):
        open_dossier(lead=world.lead)
    client = world.client_for(world.lead)
    client.get(reverse("workspace:dossier-list"))
    with django_assert_num_queries(DOSSIER_LIST_QUERIES):
        assert client.get(reverse("workspace:dossier-list")).status_code == 200


# Session, user, and the page's own reads; raise these only with a reason in the commit.
DOSSIER_PAGE_QUERIES = (
    # 11 + timeline page count (1) + procedures section (2) + safety panel (5); one fewer since
    # the dossier fetched for the user answers "may they see it" for `can_write` (issue 12);
    # + the first screen's open decisions (issue 13: one more, who they wait for, when there
    # are any; the safety overview is the panel's own); one fewer since adding a professional
    # is a page of its own (issue 12: the choice of every professional of the region).
    19
    + 2  # the agenda's section: the open and overdue tasks (one query) and the next meeting
    # documents (issue 15): the documents and the upload form's members (with documents, their
    # versions and members: two more, however many).
    + 2
    + SEAL  # the page's read, sealed into the audit chain
    + 1  # the second factor's device (django-otp's OTPMiddleware, issue 10)
)
# The list's own five, the paginator's count, one insert of the page's reads (R12), sealed, and
# the second factor's device (issue 10); + 1 since the page's keys are read on the dossier table
# alone before its rows are joined (issue 13).
DOSSIER_LIST_QUERIES = 8 + SEAL + 1


def test_the_timeline_shows_fifty_entries_a_page(world):
    for i in range(60):
        services.entry_add(actor=world.lead, dossier=world.dossier, text=f"Notitie nummer {i}.")
    client = world.client_for(world.lead)
    url = reverse("workspace:dossier-detail", args=[world.dossier.pk])
    first = client.get(url).content.decode()
    assert "Notitie nummer 59." in first and "Notitie nummer 5." not in first
    assert "Oudere notities" in first
    second = client.get(url + "?pagina=2").content.decode()
    assert "Notitie nummer 5." in second and "Notitie nummer 59." not in second
    assert client.get(url + "?pagina=999").status_code == 200  # the last page, not an error


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", 302),
        ("involved", 302),
        ("ended", 404),
        ("outsider", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_updating_the_summary(world, who, expected):
    from auditlog.models import LogEntry

    url = reverse("workspace:summary-update", args=[world.dossier.pk])
    assert status_for(world, who, "post", url, {"summary": "Nieuwe samenvatting"}) == expected
    world.dossier.refresh_from_db()
    assert (world.dossier.summary == "Nieuwe samenvatting") == (expected == 302)
    if expected == 302:
        change = LogEntry.objects.get_for_object(world.dossier).first()
        assert change.actor == getattr(world, who)
        assert "summary" in change.changes_dict


# --- the region: only municipalities and professionals that serve the household ---------------


def test_registration_offers_only_the_municipalities_the_team_serves(world):
    amersfoort = MunicipalityFactory(code="GM0307", name="Amersfoort")
    page = world.client_for(world.outsider).get(reverse("workspace:dossier-create"))
    html = page.content.decode()
    assert "Utrecht (GM0344)" in html
    assert "Amersfoort" not in html

    data = {
        "label": "Elders",
        "municipality": amersfoort.pk,
        **member_blocks(1),
        "members-0-first_name": "Els",
        "members-0-last_name": "Elders",
        "members-0-date_of_birth": "1990-01-15",
        "members-0-role": "parent",
    }
    response = world.client_for(world.outsider).post(reverse("workspace:dossier-create"), data)
    assert response.status_code == 400
    from households.models import Household

    assert not Household.objects.filter(label="Elders").exists()


def test_the_service_refuses_a_municipality_the_team_does_not_serve(world):
    from django.core.exceptions import ValidationError

    from households.services import MemberData

    amersfoort = MunicipalityFactory(code="GM0307", name="Amersfoort")
    member = MemberData(
        first_name="Els", last_name="Elders", date_of_birth=years_ago(30), role="parent"
    )
    with pytest.raises(ValidationError, match="werkt niet voor deze gemeente"):
        services.household_register(
            actor=world.outsider, label="Elders", municipality=amersfoort, members=[member]
        )


def test_only_professionals_who_serve_the_municipality_can_be_added_or_lead(world):
    from django.core.exceptions import ValidationError

    from casefile import selectors
    from tests.factories import OrganisationFactory, UserFactory

    amersfoort = MunicipalityFactory(code="GM0307", name="Amersfoort")
    far_away = UserFactory(organisation=OrganisationFactory(municipalities=[amersfoort]))
    assert far_away not in selectors.professional_choices(dossier=world.dossier)
    assert far_away not in selectors.lead_choices(dossier=world.dossier)
    with pytest.raises(ValidationError, match="werkt niet voor de gemeente"):
        services.involvement_add(
            actor=world.lead,
            dossier=world.dossier,
            professional=far_away,
            expertise="GGZ",
            reason="Hulp",
        )
    with pytest.raises(ValidationError, match="werkt niet voor de gemeente"):
        services.dossier_lead_change(
            actor=world.lead, dossier=world.dossier, new_lead=far_away, reason="Verhuisd"
        )


def test_the_dossier_page_has_no_id_twice(world):
    """Every form on the page (note, documents, involvement, summary) has ids of its own, so a
    label points at one field and the error summary's links land where they should."""
    import collections
    import re

    html = world.client_for(world.lead).get(f"/dossiers/{world.dossier.pk}/").content.decode()
    ids = collections.Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
