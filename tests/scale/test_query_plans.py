"""The lists use their indexes at scale (issue 12): EXPLAIN on PostgreSQL, against a small
seeded world that has been ANALYZEd, never on the big tables sequentially.

Only plans where the planner's choice is stable are checked: a read of one dossier's timeline,
one user's dossiers, one birth date. A whole-municipality report may rightly scan.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from accounts.models import User
from casefile import selectors
from casefile.models import AccessEvent, Dossier
from households.models import Member
from workspace.api.filters import DossierFilter

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's"
)

BIG_TABLES = {
    "casefile_entry",
    "casefile_accessevent",
    "casefile_involvement",
    "households_member",
    "auditlog_logentry",
    # Not the grant table: at 300 households it is small enough that the planner may read it
    # whole for a lead's list, and does so on some runs; its index is used at scale.
}


@pytest.fixture(scope="module")
def scale_world(django_db_setup, django_db_blocker):
    """300 seeded households, analyzed, for this module; rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command(
                "seed_scale", households=300, password="plan-pass-123", stdout=io.StringIO()
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _plan(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return cursor.fetchone()[0][0]["Plan"]


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _seq_scans(plan: dict) -> set[str]:
    return {n["Relation Name"] for n in _nodes(plan) if n["Node Type"] == "Seq Scan"}


def _indexes(plan: dict) -> set[str]:
    return {n["Index Name"] for n in _nodes(plan) if "Index Name" in n}


def _assert_no_big_seq_scan(queryset) -> dict:
    plan = _plan(queryset)
    assert not _seq_scans(plan) & BIG_TABLES, json.dumps(plan, indent=1)
    return plan


@pytest.mark.parametrize("username", ["lead0001", "safety0001"])
def test_the_dossier_list_reads_no_timeline_and_scans_nothing_big(scale_world, db, username):
    user = User.objects.get(username=username)
    dossiers = selectors.dossier_list(user=user)

    page = _assert_no_big_seq_scan(dossiers[:25])
    _assert_no_big_seq_scan(dossiers.order_by().values("pk"))  # the paginator's count
    _assert_no_big_seq_scan(DossierFilter({"phase": "1"}, queryset=dossiers).qs[:25])
    _assert_no_big_seq_scan(selectors.dossier_list(user=user, name="de")[:25])

    # No entry is joined any more (the last activity is stored). How the grants are read is the
    # planner's choice on a world this small (see BIG_TABLES).
    tables = {n.get("Relation Name") for n in _nodes(page)}
    assert "casefile_entry" not in tables


def test_the_search_uses_the_birth_date_index(scale_world, db):
    member = Member.objects.filter(left_on__isnull=True).order_by("pk").first()
    members = Member.objects.filter(left_on__isnull=True, date_of_birth=member.date_of_birth)

    plan = _assert_no_big_seq_scan(members)

    assert "member_current_birth_date" in _indexes(plan)


def test_a_timeline_page_and_the_access_log_walk_their_dossier_index(scale_world, db):
    dossier = (
        Dossier.objects.filter(lead__username="lead0001")
        .annotate(entry_count=Count("entries"))
        .order_by("-entry_count")
        .first()
    )
    timeline = selectors.entry_list(dossier=dossier)[:50]
    events = AccessEvent.objects.filter(dossier=dossier).order_by("-at")[:50]

    # Either index that starts with the dossier will do; the corrections are probed by index.
    timeline_indexes = _indexes(_assert_no_big_seq_scan(timeline))
    assert timeline_indexes & {"entry_timeline", "casefile_entry_dossier_id_65d0a056"}
    assert "casefile_entry_corrects_id_c3acf1b9" in timeline_indexes
    assert _indexes(_assert_no_big_seq_scan(events)) & {
        "access_event_dossier",
        "casefile_accessevent_dossier_id_9d04a9a3",
    }


def test_the_app_runs_without_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize("username", ["lead0001", "safety0001"])
def test_a_list_page_is_cut_on_the_dossier_table_before_anything_is_joined(
    scale_world, db, username
):
    """Issue 13: the page's keys come from the dossier table alone (sorted by the stored last
    activity), so a safety worker's 2,000 dossiers are never joined to households, leads or
    members; with the "needs attention" filter too."""
    from workspace import attention

    user = User.objects.get(username=username)
    dossiers = selectors.dossier_list(user=user)
    keys = dossiers.prefetch_related(None).values_list("pk", flat=True)[:25]
    needing = attention.needing_attention(dossiers).prefetch_related(None)

    for queryset in (keys, needing.values_list("pk", flat=True)[:25]):
        plan = _assert_no_big_seq_scan(queryset)
        tables = {n.get("Relation Name") for n in _nodes(plan)}
        assert not tables & {"households_household", "households_member", "casefile_entry"}
        assert "accounts_user" not in tables
