"""Data survives the move out of casefile (issue 9, item 2).

Legal protection moved to `procedures` and PDF copies to `portal` (9d17f57, a02ebfc). The models
kept their tables and their content types were relabelled, so audit rows and permissions made
before the move still resolve. This test starts from the schema of a882ece, the last commit
before the move, writes a small dossier through the models as they were then, migrates to today
and finds every row, grant and audit line intact; rolling back gives the old rows back.
"""

from __future__ import annotations

import copy
import datetime
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.apps import apps as current_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from guardian.shortcuts import get_perms

from casefile import access
from casefile.models import Dossier, Entry, OwnStatement
from portal.models import CopyRequest
from procedures.models import (
    Complaint,
    ComplaintStatusChange,
    CorrectionRequest,
    Decision,
    DecisionTransition,
    DecisionView,
    DestructionRequest,
    HearingInvitation,
)

# The leaf migration of each of our apps at a882ece, from
# `git ls-tree -r a882ece --name-only | grep migrations/0`. Our apps not listed here did not
# exist then (procedures, portal, and any app added later); third-party apps stay where they are.
OLD_LAYOUT = {
    "accounts": "0001_initial",
    "households": "0001_initial",
    "casefile": "0005_dossier_retention",
    "safety": "0002_searches_append_only",
}

# Every model that left casefile, and the app that holds it now.
MOVED = {
    Decision: "procedures",
    DecisionTransition: "procedures",
    HearingInvitation: "procedures",
    DecisionView: "procedures",
    Complaint: "procedures",
    ComplaintStatusChange: "procedures",
    CorrectionRequest: "procedures",
    DestructionRequest: "procedures",
    CopyRequest: "portal",
}


def _our_apps(loader: MigrationLoader) -> set[str]:
    # Our apps are the packages at the top of the repository (a virtualenv inside it is not).
    base = Path(settings.BASE_DIR)
    return {
        config.label
        for config in current_apps.get_app_configs()
        if config.label in loader.migrated_apps and Path(config.path).parent == base
    }


def _old_targets(loader: MigrationLoader) -> list[tuple[str, str | None]]:
    return [(label, OLD_LAYOUT.get(label)) for label in sorted(_our_apps(loader))]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # Django caches content types per process; the migrations just relabelled some.
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


@pytest.fixture
def old_layout(transactional_db):
    """The database at a882ece; back at the latest migrations afterwards, whatever happened."""
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    targets = _old_targets(executor.loader)
    # The old state needs auditlog's and guardian's models too, which none of our apps depend on.
    ours = {app_label for app_label, _name in targets}
    nodes = [t for t in targets if t[1]] + [node for node in latest if node[0] not in ours]
    try:
        executor = _migrate(targets)
        yield executor.loader.project_state(nodes)
    finally:
        executor = _migrate(latest)
    assert not executor.migration_plan(latest), "the test must leave the database up to date"


class OldWorld:
    """One household's dossier, written through the models as they were at a882ece."""

    def __init__(self, apps):
        get = apps.get_model
        now = timezone.now()
        today = now.date()

        municipality = get("accounts", "Municipality").objects.create(code="GM0344", name="Utrecht")
        team = get("accounts", "Organisation").objects.create(
            name="Buurtteam Noord", kind="local_team"
        )
        User = get("accounts", "User")
        self.lead = User.objects.create(username="lead", role="professional", organisation=team)
        self.involved = User.objects.create(username="involved", role="professional")
        self.family = User.objects.create(username="ouder", role="family")

        self.household = get("households", "Household").objects.create(
            label="Visser", municipality=municipality
        )
        Member = get("households", "Member")
        self.parent = Member.objects.create(
            household=self.household,
            first_name="Sanne",
            last_name="Visser",
            date_of_birth=datetime.date(1985, 3, 1),
            role="parent",
            user=self.family,
        )
        self.child = Member.objects.create(
            household=self.household,
            first_name="Daan",
            last_name="Visser",
            date_of_birth=datetime.date(2012, 6, 1),
            role="child",
        )

        self.dossier = get("casefile", "Dossier").objects.create(
            household=self.household, lead=self.lead, summary="Zorgen om Daan."
        )
        Involvement = get("casefile", "Involvement")
        Involvement.objects.create(
            dossier=self.dossier,
            professional=self.lead,
            organisation=team,
            kind="lead",
            expertise="Buurtteam",
            reason="Vaste professional",
            added_by=self.lead,
        )
        Involvement.objects.create(
            dossier=self.dossier,
            professional=self.involved,
            kind="added",
            expertise="GGZ",
            reason="Zorgen over ouder",
            added_by=self.lead,
        )
        OldEntry = get("casefile", "Entry")
        self.note = OldEntry.objects.create(
            dossier=self.dossier, author=self.lead, text="Huisbezoek."
        )
        self.note.about_members.add(self.child)
        self.withheld = OldEntry.objects.create(
            dossier=self.dossier,
            author=self.lead,
            text="Melding.",
            visibility="withheld",
            withheld_reason="child_safety",
        )
        self.correction = OldEntry.objects.create(
            dossier=self.dossier,
            author=self.lead,
            text="Het was dinsdag.",
            kind="correction",
            corrects=self.note,
        )
        get("casefile", "AccessEvent").objects.create(
            user=self.lead, role="professional", dossier=self.dossier, action="view"
        )
        get("safety", "PhaseChange").objects.create(
            dossier=self.dossier, phase=2, reason="Veilig genoeg", changed_by=self.lead
        )

        # Legal protection, then still in casefile.
        self.decision = get("casefile", "Decision").objects.create(
            dossier=self.dossier,
            kind="agreement",
            title="Afspraak over school",
            proposal="Daan gaat elke dag naar school.",
            state="decided",
            hearing_working_days=5,
            hearing_started_at=now,
            hearing_deadline=today,
            outcome="Afgesproken.",
            decided_at=now,
            decided_by=self.lead,
            proposed_by=self.lead,
        )
        self.decision.concerns.add(self.child)
        self.transition = get("casefile", "DecisionTransition").objects.create(
            decision=self.decision,
            from_state="draft",
            to_state="hearing",
            reason="Gezin horen",
            actor=self.lead,
        )
        self.invitation = get("casefile", "HearingInvitation").objects.create(
            decision=self.decision, member=self.parent, kind="invited", age_on_invitation=41
        )
        self.view = get("casefile", "DecisionView").objects.create(
            invitation=self.invitation, stance="agree", text="Goed plan.", given_by=self.family
        )
        self.complaint = get("casefile", "Complaint").objects.create(
            dossier=self.dossier,
            member=self.parent,
            about="dossier",
            text="Niet gebeld.",
            due_on=today,
            filed_by=self.family,
        )
        self.complaint_step = get("casefile", "ComplaintStatusChange").objects.create(
            complaint=self.complaint, status="received", actor=self.lead
        )
        OldCorrectionRequest = get("casefile", "CorrectionRequest")
        self.refused = OldCorrectionRequest.objects.create(
            dossier=self.dossier,
            entry=self.note,
            member=self.parent,
            text="Het was woensdag.",
            requested_by=self.family,
            due_on=today,
            status="refused",
            answered_at=now,
            answered_by=self.lead,
            refusal_reason="Het klopt zo.",
        )
        # Before the move the own statement pointed at the request; now the request points at it.
        self.statement = get("casefile", "OwnStatement").objects.create(
            entry=self.note,
            member=self.parent,
            text="Ik zie het anders.",
            correction_request=self.refused,
        )
        self.accepted = OldCorrectionRequest.objects.create(
            dossier=self.dossier,
            entry=self.note,
            member=self.parent,
            text="Het was dinsdag.",
            requested_by=self.family,
            due_on=today,
            status="accepted",
            answered_at=now,
            answered_by=self.lead,
            correction=self.correction,
        )
        self.destruction = get("casefile", "DestructionRequest").objects.create(
            dossier=self.dossier,
            member=self.parent,
            scope="entries",
            requested_by=self.family,
            due_on=today,
        )
        self.destruction.entries.add(self.withheld)
        self.copy = get("casefile", "CopyRequest").objects.create(
            dossier=self.dossier, requested_by=self.family
        )
        self.moved = {
            Decision: self.decision,
            DecisionTransition: self.transition,
            HearingInvitation: self.invitation,
            DecisionView: self.view,
            Complaint: self.complaint,
            ComplaintStatusChange: self.complaint_step,
            CorrectionRequest: self.accepted,
            DestructionRequest: self.destruction,
            CopyRequest: self.copy,
        }

        # Content types as they were: the moved models under casefile, none under their new app.
        OldContentType = get("contenttypes", "ContentType")
        self.content_types = {
            model: OldContentType.objects.get_or_create(
                app_label="casefile", model=model._meta.model_name
            )[0].pk
            for model in MOVED
        }
        # (Models added to those apps later may have left a content type of their own behind.)
        assert not OldContentType.objects.filter(
            app_label__in=set(MOVED.values()),
            model__in=[model._meta.model_name for model in MOVED],
        ).exists()

        # Grants as dossier_sync makes them: direct foreign-key guardian rows on the dossier.
        Permission = get("auth", "Permission")
        dossier_type = OldContentType.objects.get_or_create(app_label="casefile", model="dossier")[
            0
        ]

        def permission(codename, content_type):
            return Permission.objects.get_or_create(
                codename=codename, content_type=content_type, defaults={"name": codename}
            )[0]

        Grant = get("casefile", "DossierUserObjectPermission")
        self.grants = [
            Grant.objects.create(
                user=user,
                permission=permission(codename, dossier_type),
                content_object=self.dossier,
            ).pk
            for user, codename in [
                (self.lead, access.VIEW_CONTENT),
                (self.involved, access.VIEW_CONTENT),
                (self.family, access.VIEW_FAMILY),
            ]
        ]
        # The project grants nothing else per object, but guardian's generic rows name a content
        # type: one on a moved model shows the relabel carries them along.
        decision_type = OldContentType.objects.get(pk=self.content_types[Decision])
        self.generic_grant = (
            get("guardian", "UserObjectPermission")
            .objects.create(
                user=self.involved,
                permission=permission("view_decision", decision_type),
                content_type=decision_type,
                object_pk=str(self.decision.pk),
            )
            .pk
        )

        # Audit rows as auditlog wrote them: the content type of the model where it lived then.
        OldLogEntry = get("auditlog", "LogEntry")
        self.audit = {}
        for model, row in [(Dossier, self.dossier), *self.moved.items()]:
            content_type = self.content_types.get(model) or dossier_type.pk
            self.audit[model] = OldLogEntry.objects.create(
                content_type_id=content_type,
                object_pk=str(row.pk),
                object_repr=str(row.pk),
                action=0,
                changes={"id": ["None", str(row.pk)]},
                actor=self.lead,
            ).pk


def _rows(apps) -> dict[str, dict]:
    """Every row of every table that `apps` knows, by table and primary key."""
    return {
        model._meta.db_table: {
            row[model._meta.pk.attname]: row
            for row in model.objects.values(*(f.attname for f in model._meta.concrete_fields))
        }
        for model in apps.get_models(include_auto_created=True)
    }


def _as_the_move_leaves_them(before: dict[str, dict]) -> dict[str, dict]:
    """The rows of `before` with the two changes the move means to make, and no other."""
    expected = copy.deepcopy(before)
    relabelled = {model._meta.model_name: app_label for model, app_label in MOVED.items()}
    for row in expected["django_content_type"].values():
        if row["app_label"] == "casefile" and row["model"] in relabelled:
            row["app_label"] = relabelled[row["model"]]
    for row in expected["casefile_ownstatement"].values():
        del row["correction_request_id"]  # the link now lives on the request (checked below)
    return expected


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_row_grant_and_audit_line_survives_the_move_and_a_rollback(old_layout):
    world = OldWorld(old_layout.apps)
    before = _rows(old_layout.apps)
    assert len(before["casefile_decision"]) == 1 and len(before["auditlog_logentry"]) == 10

    _migrate(_latest(MigrationExecutor(connection)))

    after = _rows(current_apps)
    for table, rows in _as_the_move_leaves_them(before).items():
        assert after[table].keys() == rows.keys(), table
        kept = {
            pk: {column: after[table][pk][column] for column in row} for pk, row in rows.items()
        }
        assert kept == rows, table

    # Content types moved with their models and kept their primary keys.
    for model, app_label in MOVED.items():
        content_type = ContentType.objects.get_for_model(model)
        assert (content_type.pk, content_type.app_label) == (world.content_types[model], app_label)
    assert not ContentType.objects.filter(
        app_label="casefile", model__in=[model._meta.model_name for model in MOVED]
    ).exists()

    # Audit rows resolve to today's models and are found from the object.
    for model, row in [(Dossier, world.dossier), *world.moved.items()]:
        obj = model.objects.get(pk=row.pk)
        entries = LogEntry.objects.get_for_object(obj)
        assert [entry.pk for entry in entries] == [world.audit[model]]
        assert entries.get().content_type.model_class() is model

    # The grants still answer for the dossier, through guardian and through access.py.
    dossier = Dossier.objects.get(pk=world.dossier.pk)
    lead, involved, family = (
        current_apps.get_model(settings.AUTH_USER_MODEL).objects.get(pk=user.pk)
        for user in (world.lead, world.involved, world.family)
    )
    assert get_perms(lead, dossier) == [access.VIEW_CONTENT]
    assert involved.has_perm(f"casefile.{access.VIEW_CONTENT}", dossier)
    assert family.has_perm(f"casefile.{access.VIEW_FAMILY}", dossier)
    assert not family.has_perm(f"casefile.{access.VIEW_CONTENT}", dossier)
    assert list(access.dossiers_visible_to(lead)) == [dossier]
    assert list(access.family_dossiers_of(family)) == [dossier]
    decision = Decision.objects.get(pk=world.decision.pk)
    assert get_perms(involved, decision) == ["view_decision"]
    assert involved.has_perm("procedures.view_decision", decision)

    # The moved rows read through today's models, relations included.
    assert list(decision.concerns.values_list("pk", flat=True)) == [world.child.pk]
    assert decision.invitations.get().view.pk == world.view.pk
    assert decision.transitions.get().pk == world.transition.pk
    assert Complaint.objects.get(pk=world.complaint.pk).trail.get().pk == world.complaint_step.pk
    refused = CorrectionRequest.objects.get(pk=world.refused.pk)
    assert refused.own_statement == OwnStatement.objects.get(pk=world.statement.pk)
    accepted = CorrectionRequest.objects.get(pk=world.accepted.pk)
    assert accepted.correction == Entry.objects.get(pk=world.correction.pk)
    destruction = DestructionRequest.objects.get(pk=world.destruction.pk)
    assert list(destruction.entries.values_list("pk", flat=True)) == [world.withheld.pk]
    assert CopyRequest.objects.get(pk=world.copy.pk).dossier == dossier
    assert dossier.phase == 2  # safety 0003 copied the newest phase onto the dossier

    # Rolling the release back gives the old layout back, row for row, links and labels included.
    _migrate(_old_targets(MigrationExecutor(connection).loader))
    assert _rows(old_layout.apps) == before


def test_the_old_layout_names_existing_migrations_of_our_apps_only():
    """A renamed or squashed migration shows up here, not as a puzzling error while migrating."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    targets = dict(_old_targets(loader))
    for app_label, name in OLD_LAYOUT.items():
        assert (app_label, name) in loader.graph.nodes
    assert targets.keys() >= {*OLD_LAYOUT, "procedures", "portal"}
    assert targets.keys().isdisjoint({"auth", "contenttypes", "auditlog", "guardian", "admin"})
