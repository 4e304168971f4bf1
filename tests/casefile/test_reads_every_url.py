"""R12: every page and endpoint that shows a dossier's content records exactly one access event.

The test walks the site's URL patterns (pages and API), so a pattern added later is either read
here, with the event it must record, or exempt below with its reason; anything else fails.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.tokens import api_token_create
from agenda import services as agenda_services
from casefile import services
from casefile.models import AccessEvent, Entry
from documents import services as document_services
from portal.models import CopyRequest
from procedures import services as procedure_services
from procedures.models import Decision
from safety import services as safety_services

from ..factories import NetworkContactFactory, open_dossier
from .procedure_helpers import in_hearing

pytestmark = pytest.mark.django_db

# A one-pixel PNG: a document that has a preview.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

Action = AccessEvent.Action

# Patterns that show no case content on a GET, each with the reason.
EXEMPT = {
    # Acts: a GET answers 405, so they show nothing; their form sits on a page that records.
    "workspace:entry-create": "POST only",
    "workspace:summary-update": "POST only",
    "workspace:readability-hint": "POST only: scores the text being written, shows no dossier",
    "safety:join": "POST only; joining records its own JOIN event (safety services)",
    "safety:mda-change": "POST only",
    "procedures:decision-start-hearing": "POST only",
    "procedures:decision-view-record": "POST only",
    "procedures:decision-decide": "POST only",
    "procedures:decision-decide-urgent": "POST only",
    "procedures:decision-weigh": "POST only",
    "procedures:decision-withdraw": "POST only",
    "portal:family-view-give": "POST only",
    "portal:family-copy-create": "POST only; the copy records its own PDF event",
    "portal:copy-create": "POST only; the copy records its own PDF event",
    "portal:family-invitation-resend": "POST only",
    "api:involvement-end": "POST only",
    "agenda:task-complete": "POST only",
    "agenda:plan-tasks-create": "POST only",
    "agenda:family-task-complete": "POST only",
    "agenda:mda-team": "POST only",
    "api:task-done": "POST only",
    "api:dossier-join": "POST only; joining records its own JOIN event",
    "api:decision-start-hearing": "POST only",
    "api:decision-views": "POST only",
    "api:decision-decide": "POST only",
    "api:document-versions": "POST only: a new version of a document",
    # Pages without a dossier's content.
    "workspace:dossier-create": "an empty registration form; no dossier exists yet",
    "safety:household-search": "minimal matches only (R5); each search is audited as a search",
    "api:household-search": "minimal matches only (R5); each search is audited as a search",
    "portal:copy-status": "whether the PDF is ready; shows no content of the dossier",
    "portal:copy-download": "the PDF itself: copies.copy_download records PDF_DOWNLOAD",
    "reports:report": "aggregates for a municipality (R16), never a household",
    "api:report-municipality": "aggregates for a municipality (R16), never a household",
    "login": "sign-in",
    "logout": "sign-out",
    "invitation-accept": "setting a password from an invitation link",
    "password-reset": "asking for a new password by e-mail",
    "password-reset-sent": "says an e-mail is on its way, if the address is known",
    "password-reset-confirm": "choosing a new password from the e-mailed link",
    "second-factor-code": "the second sign-in step: a TOTP code",
    "second-factor-setup": "linking an authenticator app",
    "api-tokens": "one's own API tokens, no dossier",
    "session-extend": "POST only: 'Blijf ingelogd' moves the session's idle end, no dossier",
    "api-token-revoke": "POST only: revokes one's own API token",
    "api:token": "issues a token",
    "api:logout": "POST only: revokes the token in use",
    "api:not-found": "the JSON 404 for unknown API paths",
    "api-schema": "the OpenAPI document",
    "api-docs": "the API documentation",
    "api-docs-swagger": "Swagger UI on the OpenAPI document",
    "health": "service health",
    "procedures:officer-complaint-list": "the complaints officer's list (R10): one LIST event "
    "per dossier a complaint is from, checked in tests/officers/test_complaints_officer.py",
    "procedures:privacy-destruction-list": "labels and dates only (R15); one LIST event per "
    "dossier shown, checked in tests/officers/test_privacy_officer.py",
    "procedures:privacy-destruction-confirm": "label and dates of a closed, flagged dossier "
    "(this world's is open); its VIEW event is checked in tests/officers/test_privacy_officer.py",
    "brand-stylesheet": "the municipality's colours, from settings",
    "set_language": "switches the language",
}
# Django's admin: administrators see no case content and no case model is registered there.
EXEMPT_NAMESPACES = ("admin:",)

# Lists: one LIST event for every dossier they show.
LISTS = {"home", "workspace:dossier-list", "api:dossier-list", "agenda:my-tasks"}


@dataclass(frozen=True)
class Read:
    reader: str  # an attribute of the world
    action: str


# Every other pattern: who opens it and the event its GET records for the world's dossier.
READS = {
    "workspace:dossier-detail": Read("lead", Action.VIEW),
    "workspace:lead-change": Read("lead", Action.VIEW),
    "workspace:involvement-create": Read("lead", Action.VIEW),
    "workspace:involvement-end": Read("lead", Action.VIEW),
    "workspace:entry-correct": Read("lead", Action.VIEW),
    "workspace:household-detail": Read("lead", Action.VIEW),
    "workspace:member-create": Read("lead", Action.VIEW),
    "workspace:member-edit": Read("lead", Action.VIEW),
    "workspace:member-leave": Read("lead", Action.VIEW),
    "workspace:contact-create": Read("lead", Action.VIEW),
    "workspace:contact-edit": Read("lead", Action.VIEW),
    "safety:detail": Read("lead", Action.VIEW),
    "safety:assessment-create": Read("lead", Action.VIEW),
    "safety:phase-change": Read("lead", Action.VIEW),
    "safety:plan-create": Read("lead", Action.VIEW),
    "safety:measure-create": Read("lead", Action.VIEW),
    "safety:measure-end": Read("lead", Action.VIEW),
    "procedures:procedure-overview": Read("lead", Action.VIEW),
    "procedures:decision-list": Read("lead", Action.VIEW),
    "procedures:decision-detail": Read("lead", Action.VIEW),
    "procedures:complaint-create": Read("lead", Action.VIEW),
    "procedures:complaint-detail": Read("lead", Action.VIEW),
    "procedures:officer-complaint-detail": Read("complaints_officer", Action.VIEW),
    "procedures:correction-request-create": Read("lead", Action.VIEW),
    "procedures:correction-request-detail": Read("lead", Action.VIEW),
    "procedures:destruction-request-create": Read("lead", Action.VIEW),
    "procedures:destruction-request-detail": Read("lead", Action.VIEW),
    "portal:family-account-create": Read("lead", Action.VIEW),
    "portal:family-home": Read("family", Action.FAMILY_VIEW),
    "portal:family-network": Read("family", Action.FAMILY_VIEW),
    "portal:family-decision": Read("family", Action.FAMILY_VIEW),
    "portal:family-complaint-create": Read("family", Action.FAMILY_VIEW),
    "portal:family-complaint": Read("family", Action.FAMILY_VIEW),
    "portal:family-correction-create": Read("family", Action.FAMILY_VIEW),
    "portal:family-correction": Read("family", Action.FAMILY_VIEW),
    "portal:family-destruction-create": Read("family", Action.FAMILY_VIEW),
    "portal:family-destruction": Read("family", Action.FAMILY_VIEW),
    "portal:family-access-log": Read("family", Action.FAMILY_VIEW),
    "api:dossier-detail": Read("lead", Action.API_VIEW),
    "api:entry-list": Read("lead", Action.API_VIEW),
    "api:involvement-list": Read("lead", Action.API_VIEW),
    "api:access-log": Read("lead", Action.API_VIEW),
    "api:dossier-safety": Read("lead", Action.API_VIEW),
    "api:decision-list": Read("lead", Action.API_VIEW),
    "api:decision-detail": Read("lead", Action.API_VIEW),
    "agenda:task-list": Read("lead", Action.VIEW),
    "agenda:task-create": Read("lead", Action.VIEW),
    "agenda:task-detail": Read("lead", Action.VIEW),
    "agenda:task-edit": Read("lead", Action.VIEW),
    "agenda:meeting-list": Read("lead", Action.VIEW),
    "agenda:meeting-create": Read("lead", Action.VIEW),
    "agenda:meeting-detail": Read("lead", Action.VIEW),
    "agenda:meeting-record": Read("lead", Action.VIEW),
    "agenda:one-plan": Read("lead", Action.VIEW),
    "api:task-list": Read("lead", Action.API_VIEW),
    "api:task-detail": Read("lead", Action.API_VIEW),
    "api:meeting-list": Read("lead", Action.API_VIEW),
    "api:meeting-detail": Read("lead", Action.API_VIEW),
    "documents:document-add": Read("lead", Action.VIEW),
    "documents:document-detail": Read("lead", Action.VIEW),
    "documents:version-add": Read("lead", Action.VIEW),
    "documents:version-preview": Read("lead", Action.VIEW),
    # The file itself: documents.services.version_open records the download, each time.
    "documents:version-download": Read("lead", Action.DOCUMENT_DOWNLOAD),
    "documents:version-inline": Read("lead", Action.DOCUMENT_DOWNLOAD),
    "api:document-list": Read("lead", Action.API_VIEW),
    "api:document-download": Read("lead", Action.DOCUMENT_DOWNLOAD),
}


def _walk(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def url_patterns() -> dict[str, URLPattern]:
    """Every named pattern of the site, by its namespaced name."""
    return {
        name: pattern
        for name, pattern in _walk(get_resolver())
        if not name.startswith(EXEMPT_NAMESPACES)
    }


def test_every_pattern_is_read_listed_or_exempt():
    patterns = set(url_patterns())
    known = set(READS) | LISTS | set(EXEMPT)
    assert patterns - known == set(), "a new pattern: add it to READS, LISTS or EXEMPT"
    assert known - patterns == set(), "a pattern that no longer exists"
    assert not (set(READS) & set(EXEMPT)) and not (LISTS & (set(READS) | set(EXEMPT)))


@pytest.fixture
def case(world, settings, tmp_path):
    """The world's dossier with one of every kind of record a page can be about."""
    lead, dossier, family = world.lead, world.dossier, world.family
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    world.document = document_services.document_add(
        actor=lead,
        dossier=dossier,
        upload=SimpleUploadedFile("rapport.png", PNG),
        title="Rapport van school",
        kind="rapport",
        dated_on=timezone.localdate(),
    )
    world.entry = services.entry_add(
        actor=lead,
        dossier=dossier,
        text="Gesprek met de ouder",
        about_members=[world.parent],
    )
    world.withheld = services.entry_add(
        actor=lead,
        dossier=dossier,
        text="Melding van de buren",
        visibility=Entry.Visibility.WITHHELD,
        withheld_reason=Entry.WithheldReason.THIRD_PARTY_PRIVACY,
    )
    world.decision = in_hearing(world, kind=Decision.Kind.AGREEMENT)
    world.complaint = procedure_services.complaint_file(
        actor=family, dossier=dossier, about="dossier", text="Niet goed geluisterd"
    )
    world.correction = procedure_services.correction_request_file(
        actor=family, entry=world.entry, text="Klopt niet", statement="Mijn kant"
    )
    world.destruction = procedure_services.destruction_request_file(
        actor=family, dossier=dossier, scope="dossier", reason="Nieuwe start"
    )
    world.measure = safety_services.measure_add(
        actor=lead,
        dossier=dossier,
        kind="ots",
        members=[world.child],
        legal_basis="Artikel 1:255 BW",
        decided_by="court",
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    world.copy = CopyRequest.objects.create(dossier=dossier, requested_by=lead)
    world.contact = NetworkContactFactory(household=dossier.household)
    # Another dossier of the same lead, so a read of one is seen not to record the other.
    world.other = open_dossier(lead=lead)
    # An open task for the lead in each, so "mijn taken" lists both; a meeting to record.
    world.task = agenda_services.task_create(
        actor=lead,
        dossier=dossier,
        what="Bellen met school",
        due_on=timezone.localdate(),
        person=agenda_services.Person(professional=lead),
    )
    agenda_services.task_create(
        actor=lead,
        dossier=world.other,
        what="Huisbezoek plannen",
        due_on=timezone.localdate(),
        person=agenda_services.Person(professional=lead),
    )
    world.meeting = agenda_services.meeting_plan(
        actor=lead,
        dossier=dossier,
        kind="case",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        agenda="Hoe gaat het?",
        invitees=agenda_services.Invitees(professionals=[lead], members=[world.parent]),
    )
    return world


def kwargs_for(name: str, pattern: URLPattern, world) -> dict:
    """The pattern's ids, filled from the world; an id it does not know fails the test."""
    requests = {"correction": world.correction, "destruction": world.destruction}
    values = {
        "dossier_id": world.dossier,
        "entry_id": world.entry,
        "member_id": world.parent,
        "involvement_id": world.involvement,
        "decision_id": world.decision,
        "invitation_id": world.decision.invitations.get(member=world.parent),
        "complaint_id": world.complaint,
        "measure_id": world.measure,
        "copy_id": world.copy,
        "contact_id": world.contact,
        "request_id": next((r for kind, r in requests.items() if kind in name), None),
        "task_id": world.task,
        "meeting_id": world.meeting,
        "document_id": world.document,
        "version_id": world.document.versions.get(),
        "token_id": api_token_create(user=world.lead)[0] if "token" in name else None,
    }
    kwargs = {}
    for key in pattern.pattern.converters:
        assert values.get(key) is not None, f"{name}: the world has no value for {key}"
        kwargs[key] = values[key].pk
    return kwargs


def new_events(before: set, dossier=None):
    events = AccessEvent.objects.exclude(pk__in=before)
    return events.filter(dossier=dossier) if dossier is not None else events


@pytest.mark.parametrize("name", sorted(READS))
def test_a_read_records_one_access_event(case, name):
    pattern = url_patterns()[name]
    read = READS[name]
    user = getattr(case, read.reader)
    url = reverse(name, kwargs=kwargs_for(name, pattern, case))
    before = set(AccessEvent.objects.values_list("pk", flat=True))

    response = case.client_for(user).get(url)

    assert response.status_code == 200, f"{name}: {response.status_code}"
    events = list(new_events(before))
    assert [(e.dossier_id, e.action, e.user_id) for e in events] == [
        (case.dossier.pk, read.action, user.pk)
    ], name


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_records_one_list_event_per_dossier_shown(case, name):
    stranger = open_dossier()  # led by someone else: not shown, not recorded
    before = set(AccessEvent.objects.values_list("pk", flat=True))

    response = case.client_for(case.lead).get(reverse(name))

    assert response.status_code == 200
    events = sorted((e.dossier_id, e.action) for e in new_events(before))
    assert events == sorted([(case.dossier.pk, Action.LIST), (case.other.pk, Action.LIST)])
    assert not new_events(before, stranger).exists()


def test_the_exempt_acts_really_refuse_a_get(case):
    """An exemption 'POST only' holds only as long as a GET shows nothing."""
    patterns = url_patterns()
    for name, reason in EXEMPT.items():
        if not reason.startswith("POST only"):
            continue
        url = reverse(name, kwargs=kwargs_for(name, patterns[name], case))
        response = case.client_for(case.lead).get(url)
        assert response.status_code == 405, f"{name}: {response.status_code}"


def test_opening_the_correction_page_of_a_withheld_entry_is_a_read(case):
    """Issue 9: this page shows the full text, of a withheld entry too, and logged nothing."""
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    url = reverse("workspace:entry-correct", args=[case.withheld.pk])

    response = case.client_for(case.lead).get(url)

    assert "Melding van de buren" in response.content.decode()
    assert list(new_events(before).values_list("dossier", "action")) == [
        (case.dossier.pk, Action.VIEW)
    ]
