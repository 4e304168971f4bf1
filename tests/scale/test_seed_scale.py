"""seed_scale: a small seeded world holds what the services would have left, and nothing else
gets overwritten."""

from __future__ import annotations

import datetime
import io
import json
import uuid

import pytest
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from casefile import access, seals
from casefile.models import Dossier, DossierUserObjectPermission, Entry, Involvement
from households.models import Household, Member
from households.validators import age_on, validate_bsn
from scale.audit import _Template
from scale.bulk import Loader, Table
from scale.households import SHOWCASE_ENTRIES, HouseholdBuilder
from scale.management.commands.seed_scale import BIG_TABLES
from scale.rows import Rows
from scale.staff import StaffBuilder
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOUSEHOLDS = 20
PASSWORD = "seed-pass-123"


def seed(households=HOUSEHOLDS, **options) -> str:
    out = io.StringIO()
    call_command("seed_scale", households=households, password=PASSWORD, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def world():
    return seed()


def grants() -> set:
    return set(
        DossierUserObjectPermission.objects.values_list(
            "content_object_id", "user_id", "permission__codename"
        )
    )


def test_it_seeds_the_households_asked_for(world):
    assert Household.objects.count() == HOUSEHOLDS == Dossier.objects.count()
    for household in Household.objects.all():
        assert 1 <= household.members.count() <= 8
    for dossier in Dossier.objects.all():
        assert 20 <= dossier.entries.count() <= 200
    connection.check_constraints()


def test_every_dossier_has_a_local_team_lead_with_a_matching_grant(world):
    for dossier in Dossier.objects.select_related("lead__organisation"):
        assert dossier.lead.is_local_team_professional
        assert dossier.involvements.filter(
            professional=dossier.lead, kind=Involvement.Kind.LEAD, ended_at=None
        ).exists()
        assert access.can_see_dossier(dossier.lead, dossier)


def test_grants_are_exactly_what_dossier_sync_leaves(world):
    before = grants()
    for dossier in Dossier.objects.all():
        access.dossier_sync(dossier)
    assert grants() == before
    assert {codename for *_, codename in before} == {access.VIEW_CONTENT, access.VIEW_FAMILY}


def test_ended_involvements_have_a_reason_and_no_grant(world):
    ended = Involvement.objects.filter(ended_at__isnull=False)
    assert ended.exists()
    for involvement in ended:
        assert involvement.end_reason and involvement.ended_by_id
        still_there = involvement.dossier.involvements.filter(
            professional=involvement.professional, ended_at=None
        ).exists()
        assert still_there == access.can_see_dossier(involvement.professional, involvement.dossier)


def test_withheld_entries_have_a_reason_and_some_entries_are_about_members(world):
    withheld = Entry.objects.filter(visibility=Entry.Visibility.WITHHELD)
    assert withheld.exists()
    assert not withheld.filter(withheld_reason="").exists()
    assert Entry.about_members.through.objects.exists()
    for entry in Entry.objects.filter(about_members__isnull=False).distinct()[:50]:
        assert {m.household_id for m in entry.about_members.all()} == {entry.dossier.household_id}


def test_members_are_aged_0_to_100_with_valid_bsns(world):
    today = timezone.localdate()
    members = Member.objects.all()
    assert members.exclude(bsn="").exists()
    for member in members:
        assert 0 <= age_on(member.date_of_birth, today) <= 100
        if member.bsn:
            validate_bsn(member.bsn)


def test_the_showcase_is_lead0001s_dossier_of_200_entries_with_two_family_accounts(world):
    dossier = Dossier.objects.get(household__members__user__username="family000001-1")
    assert dossier.lead.username == "lead0001"
    assert dossier.entries.count() == SHOWCASE_ENTRIES
    assert Member.objects.get(user__username="family000001-2").age() == 14
    assert dossier.involvements.filter(professional__username="safety0001", ended_at=None)


def test_every_created_object_has_the_audit_row_auditlog_would_write(world):
    changed = {
        (row.content_type_id, row.object_pk)
        for row in LogEntry.objects.filter(action=LogEntry.Action.UPDATE)
        if not any(isinstance(v, dict) and v.get("type") == "m2m" for v in row.changes.values())
    }
    checked = 0
    for model in auditlog.get_models():
        content_type = ContentType.objects.get_for_model(model)
        later_ones = {f.name for f in model._meta.get_fields() if f.one_to_one and f.auto_created}
        if model is Dossier:
            later_ones.add("phase")  # the copy safety keeps later, without an audit row
        for obj in model.objects.all()[:40]:
            row = LogEntry.objects.get(
                content_type=content_type, object_pk=str(obj.pk), action=LogEntry.Action.CREATE
            )
            assert row.object_repr == str(obj)
            assert row.actor_id is not None or obj.pk == User.objects.get(username="beheer0001").pk
            if (content_type.pk, str(obj.pk)) in changed:
                continue
            expected = model_instance_diff(None, obj, use_json_for_changes=True)
            expected = {k: list(v) for k, v in expected.items() if k not in later_ones}
            assert row.changes == expected, model
            checked += 1
    assert checked > 300


def test_audit_json_text_says_what_the_dict_says():
    table = Table(Entry, json_as_text=True)
    template = _Template(Entry, table)
    values = {
        "id": uuid.uuid4(),
        "dossier_id": uuid.uuid4(),
        "author_id": uuid.uuid4(),
        "author_organisation_id": None,
        "created_at": datetime.datetime(2026, 3, 1, 9, 30, 5, 120, tzinfo=datetime.UTC),
        "text": 'Zij zei: "het gaat goed" \\ en\tdaarna — niets.\n',
        "withheld_reason": "",
    }
    assert json.loads(template.changes_json(values)) == template.changes(values)
    # Canonical, as the audit chain's digest writes it: the digest takes the text as it is.
    assert template.changes_json(values) == seals.canonical(template.changes(values))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and its indexes: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_load_in_its_own_transactions_builds_the_big_tables_indexes_again():
    """Outside a test's transaction the big tables' secondary indexes are dropped for the load
    and built again after it: the same indexes, and the chain still holds."""
    loader = Loader(connection)
    before = loader.secondary_indexes(BIG_TABLES)
    assert len(before) > 10

    out = seed(households=4, workers=2)

    assert f"Building {len(before)} indexes" in out
    assert loader.secondary_indexes(BIG_TABLES) == before
    assert seals.verify().intact


def test_the_seeded_logins_work_on_the_pages(world, client):
    dossier = Dossier.objects.get(household__members__user__username="family000001-1")
    assert client.login(request=HttpRequest(), username="lead0001", password=PASSWORD)
    assert dossier.household.label in client.get("/dossiers/").content.decode()
    assert client.get(f"/dossiers/{dossier.pk}/").status_code == 200
    assert client.login(request=HttpRequest(), username="safety0001", password=PASSWORD)
    ids = [d["id"] for d in client.get("/api/v1/dossiers/?page_size=100").json()["results"]]
    assert str(dossier.pk) in ids
    assert client.login(request=HttpRequest(), username="family000001-2", password=PASSWORD)
    assert client.get("/mijn-dossier/").status_code == 200
    assert client.login(request=HttpRequest(), username="analyst0001", password=PASSWORD)
    assert client.get("/rapportages/").status_code == 200


def test_the_same_seed_gives_the_same_world():
    now = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)

    def rows(seed):
        rows = Rows(Loader(connection))
        staff = StaffBuilder(rows, households=4, seed=seed, password="x", now=now).build()
        for index in range(4):
            HouseholdBuilder(rows, staff, index, seed=seed, now=now, today=now.date()).build()
        return {model: table.rows for model, table in rows.tables.items()}

    assert rows(7) == rows(7)
    assert rows(7)[Entry] != rows(8)[Entry]


def test_it_refuses_a_database_with_other_data():
    UserFactory()
    with pytest.raises(CommandError, match="did not create"):
        seed(force=True)
    assert not Household.objects.exists()


def test_it_refuses_an_earlier_world_without_force(world):
    with pytest.raises(CommandError, match="--force"):
        seed(households=2)
    assert Household.objects.count() == HOUSEHOLDS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE needs PostgreSQL")
def test_force_replaces_an_earlier_world(world):
    seed(households=3, force=True)
    assert Household.objects.count() == 3


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_force_on_sqlite_asks_for_a_new_database(world):
    with pytest.raises(CommandError, match="new database file"):
        seed(households=2, force=True)


def test_each_dossier_keeps_a_copy_of_its_newest_phase(world):
    from casefile.models import Dossier
    from safety import selectors

    dossiers = list(Dossier.objects.all())
    assert any(dossier.phase for dossier in dossiers)
    for dossier in dossiers:
        assert dossier.phase == selectors.current_phase(dossier=dossier)


def test_each_dossier_keeps_its_newest_entry_or_assessment_time_as_last_activity(world):
    from django.db.models import Max

    from safety.models import SafetyAssessment

    newest = dict(
        Entry.objects.values("dossier").annotate(at=Max("created_at")).values_list("dossier", "at")
    )
    # An assessment is activity too (issue 13), as `safety.services` keeps it.
    assessed = SafetyAssessment.objects.values("dossier").annotate(at=Max("created_at"))
    for dossier_id, at in assessed.values_list("dossier", "at"):
        newest[dossier_id] = max(newest[dossier_id], at)
    dossiers = list(Dossier.objects.all())
    assert all(dossier.last_activity is not None for dossier in dossiers)
    for dossier in dossiers:
        assert dossier.last_activity == newest[dossier.pk]


def test_every_audit_row_and_access_event_is_sealed_and_the_chain_holds(world):
    """Rows loaded in bulk send no signal: the command seals them at the end (R12)."""
    from casefile import seals
    from casefile.models import AccessEvent

    verdict = seals.verify()

    assert verdict.intact, verdict.first_break
    assert verdict.rows == LogEntry.objects.count() + AccessEvent.objects.count()
