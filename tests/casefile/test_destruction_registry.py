"""R15: every field that can hold personal data is declared, and destruction empties them all.

The rule for "can hold personal data" (free text): a TextField, a JSONField, a FileField, or a
CharField (e-mail included) without choices. A field with choices holds one of our own codes,
a date or a number holds no words. Each such field of every model of the project's apps is
named in the model's `dossier_record` (personal_data, identity, files or kept), or its model or
the field itself is allowed below with the reason.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from casefile import records, services
from casefile.models import Involvement
from casefile.services.destruction import DESTROYED, dossier_content_destroy
from core.records import DossierRecord
from documents import services as document_services
from households.services import MemberData
from portal.models import CopyRequest
from procedures import services as procedure_services
from procedures.models import Decision
from safety import services as safety_services
from tests.factories import ComplaintsOfficerFactory

from .procedure_helpers import in_hearing, pass_deadline, propose

PROJECT_APPS = (
    "agenda",
    "core",
    "accounts",
    "households",
    "casefile",
    "safety",
    "procedures",
    "documents",
    "portal",
    "reports",
    "workspace",
)

# "app.Model" or "app.Model.field": free text that is not a dossier's personal data, and why.
ALLOWED = {
    "accounts.User": "an account, not dossier data: accounts are deactivated, never deleted, "
    "so audit rows keep their actor (R12); handled by the account's life cycle",
    "accounts.Organisation": "reference data about an organisation, no family member in it",
    "accounts.Municipality": "reference data: a CBS code and a municipality's name",
    "accounts.AccountRequest": "a staff account's requested role, organisation or e-mail "
    "(four eyes): about an account, never about a family",
    "accounts.ApiToken": "an API key's digest and its password's session hash: an account's "
    "credential, no dossier data; it expires and is revoked, not destroyed with a dossier",
    "casefile.AccessEvent.role": "a snapshot of the reader's role code (NEN 7513), not free text",
    "safety.HouseholdSearch.role": "a snapshot of the searcher's role code, not free text",
    "safety.HouseholdSearch.name": "the R5 search audit (append-only): it belongs to no dossier, "
    "a search may match none, so no dossier's destruction can reach it",
    "agenda.MdaTeam.domains": "codes of the domains that take part (MdaTeam.Domain), no words",
    "casefile.AuditSeal.digest": "a hash of an audit row (R12 chain): no personal data",
    "casefile.AuditSeal.previous": "the previous seal's hash (R12 chain): no personal data",
    "casefile.AuditSeal.hash": "this seal's hash (R12 chain): no personal data",
    "casefile.AuditSeal.row": "the id of the sealed audit row, not free text",
    "casefile.AuditCheck.first_break": "the kind and id of the first broken seal, no content",
    "procedures.DossierDestruction.reason": "the stub a confirmed destruction leaves (R15): "
    "why the privacy officer confirmed it, written after the content is gone; append-only",
    "safety.HouseholdSearchRefusal.role": "a snapshot of the searcher's role code, not free text",
    "reports.ReportSnapshot.period": "a period's code (2026, 2026-Q4, 2026-12), not free text",
    "reports.ReportSnapshot.figures": "a municipality's published counts (R16) after suppression "
    "and rounding: keys, numbers and codes, never a household; no dossier to destroy them with",
    "safety.HouseholdSearchRefusal.name": "the R5 audit of a refused search (append-only): it "
    "was never run, belongs to no dossier, and no dossier's destruction can reach it",
}


def is_free_text(field: models.Field) -> bool:
    if isinstance(field, models.TextField | models.JSONField | models.FileField):
        return True
    return isinstance(field, models.CharField) and not field.choices


def project_models():
    for label in PROJECT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue  # a plain package, not an installed app
        yield from config.get_models()


def declared(record: DossierRecord) -> set[str]:
    return {*record.personal_data, *record.identity, *record.files, *record.kept}


def undeclared_free_text(model) -> set[str]:
    label = model._meta.label
    if label in ALLOWED:
        return set()
    record = getattr(model, "dossier_record", None)
    named = declared(record) if isinstance(record, DossierRecord) else set()
    return {
        field.name
        for field in model._meta.concrete_fields
        if is_free_text(field)
        and field.name not in named
        and f"{label}.{field.name}" not in ALLOWED
    }


def test_every_free_text_field_is_declared_or_allowed():
    missing = {
        f"{model._meta.label}.{name}"
        for model in project_models()
        for name in undeclared_free_text(model)
    }
    assert missing == set(), "declare these in the model's dossier_record, or allow them here"


def test_the_rule_tells_free_text_from_codes():
    assert is_free_text(models.TextField()) and is_free_text(models.EmailField())
    assert is_free_text(models.CharField(max_length=9)) and is_free_text(models.FileField())
    assert not is_free_text(models.CharField(max_length=9, choices=[("ots", "OTS")]))
    assert not is_free_text(models.DateField())


def test_a_field_left_out_of_the_declaration_is_found(monkeypatch):
    record = Involvement.dossier_record
    monkeypatch.setattr(
        Involvement, "dossier_record", replace(record, personal_data=("reason", "end_reason"))
    )
    assert undeclared_free_text(Involvement) == {"expertise"}


def test_every_declared_name_is_a_field_of_its_model():
    for kind in records.kinds():
        names = {f.name for f in kind.model._meta.get_fields()}
        assert declared(kind.record) - names == set(), kind.label


def test_every_allowance_names_a_model_or_field_that_exists():
    for key in ALLOWED:
        app_label, model_name, *field = key.split(".")
        model = apps.get_model(app_label, model_name)
        if field:
            model._meta.get_field(field[0])


# --- destruction empties what is declared ----------------------------------------------------

SECRET = "Vader sloeg Daan op zaterdag"


@pytest.fixture
def full(world, settings, tmp_path):
    """The world's dossier with at least one row of every kind, every declared field filled."""
    settings.MEDIA_ROOT = tmp_path
    lead, family, dossier = world.lead, world.family, world.dossier
    today = timezone.localdate()
    household = dossier.household
    services.household_update(
        actor=lead,
        household=household,
        label="Gezin Geheim",
        street_address="Verborgen laan 7",
        postcode="3511AB",
        city="Schuilplaats",
    )
    parent = world.parent
    services.member_update(
        actor=lead,
        member=parent,
        data=MemberData(
            first_name="Pieter",
            last_name="Geheim",
            date_of_birth=parent.date_of_birth,
            role=parent.role,
            bsn="111222333",
        ),
    )
    watcher = services.network_contact_add(
        actor=lead,
        household=household,
        name="Buurvrouw Els",
        relation="buurvrouw",
        phone="0612345678",
        email="els@example.org",
    )
    entry = services.entry_add(
        actor=lead, dossier=dossier, text=SECRET, about_members=[world.child]
    )
    correction = procedure_services.correction_request_file(
        actor=family, entry=entry, text="Dat klopt niet", statement="Mijn eigen kant"
    )
    procedure_services.correction_request_refuse(
        actor=lead, request=correction, reason="Het verslag klopt wel"
    )
    safety_services.phase_change(actor=lead, dossier=dossier, phase=2, reason="Rust in huis")
    safety_services.assessment_record(
        actor=lead,
        dossier=dossier,
        assessed_on=today,
        acute_danger=True,
        structural_unsafety=False,
        risk_level="acute",
        findings="Blauwe plekken bij Daan",
        actions_now="Daan slaapt bij oma",
        acute_members=[world.child],
    )
    safety_services.safety_plan_create(
        actor=lead,
        dossier=dossier,
        concerns="Drank en ruzie",
        safety_goal="Niemand wordt geslagen",
        danger_signals="Harde stemmen na het café",
        evaluation_date=today + datetime.timedelta(days=30),
        agreements=[
            safety_services.AgreementData(
                what="Vader belt de buurvrouw", responsible="Oom Karel", watcher=watcher
            )
        ],
    )
    measure = safety_services.measure_add(
        actor=lead,
        dossier=dossier,
        kind="ots",
        members=[world.child],
        legal_basis="Artikel 1:255 BW",
        decided_by="court",
        starts_on=today - datetime.timedelta(days=10),
        reference="C/16/999 JE RK 25-1",
    )
    safety_services.measure_end(
        actor=lead, measure=measure, ended_on=today, reason="Rechter hief de OTS op"
    )
    safety_services.mda_mark(actor=lead, dossier=dossier, reason="Drie domeinen tegelijk")
    heard = in_hearing(world, concerns=[parent, world.child])
    procedure_services.decision_view_give(
        actor=family,
        invitation=heard.invitations.get(member=parent),
        stance="disagree",
        text="Ik drink niet meer",
    )
    procedure_services.decision_view_give(
        actor=lead,
        invitation=heard.invitations.get(member=world.child),
        text="Daan wil bij papa blijven",
        how_heard="Tekening gemaakt met Daan",
    )
    procedure_services.decision_decide(
        actor=lead, decision=pass_deadline(heard), outcome="Time-out", weighing="Vader is gehoord"
    )
    urgent = propose(world, kind=Decision.Kind.SAFETY_MEASURE)
    procedure_services.decision_decide_urgent(
        actor=lead, decision=urgent, outcome="Daan naar oma", urgent_reason="Acuut gevaar"
    )
    procedure_services.decision_withdraw(
        actor=lead, decision=propose(world), reason="Niet meer nodig want verhuisd"
    )
    complaint = procedure_services.complaint_file(
        actor=family, dossier=dossier, about="dossier", text="Niemand luistert naar mij"
    )
    officer = ComplaintsOfficerFactory(organisation=lead.organisation)
    procedure_services.complaint_start(actor=officer, complaint=complaint, note="Gesprek gepland")
    procedure_services.complaint_answer(
        actor=officer, complaint=complaint, outcome="partly", answer="Wij luisteren beter"
    )
    procedure_services.destruction_request_file(
        actor=family, dossier=dossier, scope="dossier", reason="Een nieuwe start"
    )
    _agenda(world, watcher)
    world.document = document_services.document_add(
        actor=lead,
        dossier=dossier,
        upload=SimpleUploadedFile("Verslag Pieter Geheim.txt", SECRET.encode()),
        title="Verslag over Pieter Geheim",
        kind="verslag",
        dated_on=today,
        about_members=[world.child],
    )
    (tmp_path / "copies").mkdir()
    (tmp_path / "copies" / "kopie.pdf").write_bytes(b"%PDF " + SECRET.encode())
    CopyRequest.objects.create(
        dossier=dossier,
        requested_by=family,
        status="ready",
        file_path="copies/kopie.pdf",
        ready_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return world


def _agenda(world, watcher):
    """A task done with a note, a reminder, a meeting held with its outcome, the MDA++ team."""
    from agenda import services as agenda_services
    from agenda.models import TaskReminder

    lead, today = world.lead, timezone.localdate()
    meeting = agenda_services.meeting_plan(
        actor=lead,
        dossier=world.dossier,
        kind="case",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        place="Huis van de familie Geheim",
        agenda="Het drinken van vader",
        invitees=agenda_services.Invitees(
            professionals=[lead], members=[world.parent], contacts=[watcher]
        ),
    )
    agenda_services.meeting_record(
        actor=lead,
        meeting=meeting,
        attended=list(meeting.participants.all()),
        outcome="Vader stopt met drinken",
        tasks=[
            agenda_services.TaskData(
                what="Vader gaat naar de verslavingszorg",
                due_on=today,
                person=agenda_services.Person(member=world.parent),
            )
        ],
    )
    task = meeting.tasks.get()
    TaskReminder.objects.create(task=task, kind="due", sent_on=today, to=lead)
    agenda_services.task_complete(actor=world.family, task=task, note="Ik ben er geweest")
    agenda_services.mda_team_set(
        actor=lead, dossier=world.dossier, regisseur=lead, domains=["safety"]
    )


def rows_of(kind, dossier):
    return kind.model.objects.filter(**{kind.record.dossier: dossier.pk}).order_by("pk")


def destroyed_fields(kind) -> tuple[str, ...]:
    record = kind.record
    return (*record.personal_data, *record.identity, *record.files)


def is_empty(value) -> bool:
    return value in ("", None)


def audit_text(kind, pks) -> str:
    """The audit rows of these rows of one kind, as text."""
    return _text(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(kind.model),
            object_pk__in=[str(pk) for pk in pks],
        )
    )


def audit_text_of_dossier_data() -> str:
    """Every audit row except those of models allowed above (accounts hold names by design)."""
    allowed = [apps.get_model(key) for key in ALLOWED if key.count(".") == 1]
    return _text(
        LogEntry.objects.exclude(
            content_type__in=ContentType.objects.get_for_models(*allowed).values()
        )
    )


def _text(rows) -> str:
    return " ".join(
        json.dumps(
            [row.changes, row.changes_text, row.serialized_data, row.additional_data],
            ensure_ascii=False,
            default=str,
        )
        + row.object_repr
        for row in rows
    )


def test_destruction_empties_every_declared_field_of_every_kind_and_its_audit(
    full, django_capture_on_commit_callbacks, tmp_path
):
    dossier = full.dossier
    before = {}  # kind → {pk: {field: value}}
    for kind in records.kinds():
        rows = list(rows_of(kind, dossier))
        assert rows, f"the world has no {kind.label}: add one to the fixture"
        before[kind] = {
            row.pk: {
                name: (
                    list(getattr(row, name).all())
                    if row._meta.get_field(name).many_to_many
                    else getattr(row, name)
                )
                for name in (*destroyed_fields(kind), *kind.record.kept)
            }
            for row in rows
        }
        for name in destroyed_fields(kind):  # else the test would prove nothing for it
            assert any(values[name] for values in before[kind].values()), (
                f"{kind.label}.{name} is empty in every row: fill it in the fixture"
            )

    stored_documents = [version.file for version in full.document.versions.all()]
    assert all(storages["documents"].exists(f) for f in stored_documents)
    with django_capture_on_commit_callbacks(execute=True):
        dossier_content_destroy(dossier=dossier, identity=True)

    for kind, rows in before.items():
        for row in kind.model.objects.filter(pk__in=rows):
            for name in destroyed_fields(kind):
                field = row._meta.get_field(name)
                if field.many_to_many:
                    assert not getattr(row, name).exists(), f"{kind.label}.{name}"
                    continue
                value = getattr(row, name)
                stub = DESTROYED[: field.max_length] if field.max_length else DESTROYED
                assert value == stub or is_empty(value), f"{kind.label}.{name}: {value!r}"
            for name in kind.record.kept:
                assert getattr(row, name) == rows[row.pk][name], f"{kind.label}.{name} kept"
    # Nothing that was in a destroyed field is left in the audit log: not in the rows' own
    # audit rows, nor in another row's (its name for a related row, say).
    trail = audit_text_of_dossier_data()
    for kind, rows in before.items():
        for values in rows.values():
            for name in destroyed_fields(kind):
                value = values[name]
                if isinstance(value, str) and len(value) > 3:
                    assert value not in trail, f"{kind.label}.{name} is still in the audit log"
    assert not (tmp_path / "copies" / "kopie.pdf").exists()
    assert not any(storages["documents"].exists(f) for f in stored_documents)


def test_the_audit_held_the_text_before_it_was_destroyed(full):
    """So the test above proves the scrubbing, not an audit log that never had the text."""
    for kind in records.kinds():
        if not auditlog.contains(kind.model):
            continue
        rows = {row.pk: row for row in rows_of(kind, full.dossier)}
        trail = audit_text(kind, rows)
        for row in rows.values():
            for name in destroyed_fields(kind):
                value = getattr(row, name)
                if isinstance(value, str) and len(value) > 3:
                    assert value in trail, f"{kind.label}.{name} never reached the audit log"
