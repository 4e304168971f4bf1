"""Every API route × every role × own/other object, with the expected status computed from a
small table per route (DESIGN §4, R6) rather than listed per case.

Each route and method found in the URL resolver must have a line in ROUTES: a new endpoint
fails `test_every_route_is_in_the_matrix` until its expectations are written down.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casefile.models import AccessEvent
from documents import services as document_services
from tests.otp import recovery_code

from .conftest import token_client
from .decision_setup import decision_in
from .routes import api_routes

RELATIONS = [
    "lead",
    "involved",
    "ended",  # involvement ended
    "outsider",  # another professional
    "safety",  # safety-team staff of the region, not (yet) joined
    "family",  # member of the dossier's household
    "other_family",  # member of another household
    "analyst",
    "administrator",
]
SEES_OWN = {"lead", "involved", "family"}  # who may see the world's dossier at all
FAMILY = {"family", "other_family"}
NO_DOSSIERS = {"analyst", "administrator"}  # refused by role, before any lookup
TARGETS = ["own", "other"]


@dataclass(frozen=True)
class Rule:
    ok: int  # the status when allowed
    target: str | None = None  # "dossier", "involvement", "decision" or "document"
    family: bool = True  # may family members call it at all?
    acts: frozenset[str] = frozenset(SEES_OWN)  # who, among SEES_OWN, may do it
    body: str | None = None  # which body to send
    everyone: bool = False  # same answer for every signed-in caller
    roles: frozenset[str] | None = None  # only these may call it, whatever the target; others 403
    query: str = ""  # query string to send
    state: str = "hearing"  # for target "decision": the state it is in (tests/api/decision_setup)


ROUTES: dict[tuple[str, str], Rule] = {
    ("api:token", "POST"): Rule(ok=200, body="credentials", everyone=True),
    ("api:logout", "POST"): Rule(ok=200, everyone=True),
    ("api:dossier-list", "GET"): Rule(ok=200),
    ("api:dossier-detail", "GET"): Rule(ok=200, target="dossier"),
    ("api:dossier-detail", "PATCH"): Rule(
        ok=200, target="dossier", family=False, acts=frozenset({"lead", "involved"}), body="summary"
    ),
    ("api:entry-list", "GET"): Rule(ok=200, target="dossier"),
    ("api:entry-list", "POST"): Rule(
        ok=201, target="dossier", family=False, acts=frozenset({"lead", "involved"}), body="entry"
    ),
    ("api:involvement-list", "GET"): Rule(ok=200, target="dossier"),
    ("api:involvement-list", "POST"): Rule(
        ok=201, target="dossier", family=False, acts=frozenset({"lead"}), body="involvement"
    ),
    ("api:involvement-end", "POST"): Rule(
        ok=200,
        target="involvement",
        family=False,
        acts=frozenset({"lead", "involved"}),
        body="reason",
    ),
    ("api:access-log", "GET"): Rule(ok=200, target="dossier"),
    ("api:household-search", "POST"): Rule(
        ok=200,
        roles=frozenset({"lead", "involved", "ended", "outsider", "safety"}),
        body="search",
    ),
    ("api:dossier-join", "POST"): Rule(
        ok=201, target="dossier", roles=frozenset({"safety"}), body="join"
    ),  # the safety team serves both dossiers' municipality
    ("api:dossier-safety", "GET"): Rule(ok=200, target="dossier"),
    ("api:decision-list", "GET"): Rule(ok=200, target="dossier"),
    ("api:decision-list", "POST"): Rule(
        ok=201,
        target="dossier",
        family=False,
        acts=frozenset({"lead", "involved"}),
        body="decision",
    ),
    ("api:decision-detail", "GET"): Rule(ok=200, target="decision"),
    ("api:decision-start-hearing", "POST"): Rule(
        ok=200, target="decision", family=False, acts=frozenset({"lead", "involved"}), state="draft"
    ),
    ("api:decision-views", "POST"): Rule(ok=201, target="decision", body="view"),
    ("api:decision-decide", "POST"): Rule(
        ok=200,
        target="decision",
        family=False,
        acts=frozenset({"lead"}),
        body="decide",
        state="heard",
    ),
    ("api:task-list", "GET"): Rule(ok=200, target="dossier"),
    ("api:task-list", "POST"): Rule(
        ok=201, target="dossier", family=False, acts=frozenset({"lead", "involved"}), body="task"
    ),
    ("api:task-detail", "GET"): Rule(ok=200, target="task"),
    # The family member completes their own task (the world's task is for them).
    ("api:task-done", "POST"): Rule(ok=200, target="task", body="done"),
    ("api:meeting-list", "GET"): Rule(ok=200, target="dossier"),
    ("api:meeting-list", "POST"): Rule(
        ok=201, target="dossier", family=False, acts=frozenset({"lead", "involved"}), body="meeting"
    ),
    ("api:meeting-detail", "GET"): Rule(ok=200, target="meeting"),
    # Uploads are multipart/form-data: this JSON body is refused (415) once access is granted.
    ("api:document-list", "GET"): Rule(ok=200, target="dossier"),
    ("api:document-list", "POST"): Rule(
        ok=415, target="dossier", family=False, acts=frozenset({"lead", "involved"}), body="reason"
    ),
    ("api:document-versions", "POST"): Rule(
        ok=415, target="document", family=False, acts=frozenset({"lead", "involved"}), body="reason"
    ),
    ("api:document-download", "GET"): Rule(ok=200, target="document"),
    ("api:report-municipality", "GET"): Rule(ok=200, roles=frozenset({"analyst"})),
    ("api:not-found", "GET"): Rule(ok=404, everyone=True),
    ("api:not-found", "POST"): Rule(ok=404, everyone=True, body="reason"),
    ("api:not-found", "PUT"): Rule(ok=404, everyone=True),
    ("api:not-found", "PATCH"): Rule(ok=404, everyone=True),
    ("api:not-found", "DELETE"): Rule(ok=404, everyone=True),
}


def expected(rule: Rule, relation: str, target: str) -> int:
    if rule.everyone:
        return rule.ok
    if rule.roles is not None:
        return rule.ok if relation in rule.roles else 403
    if relation in NO_DOSSIERS or (relation in FAMILY and not rule.family):
        return 403
    if rule.target is None:
        return rule.ok
    if target == "other" or relation not in SEES_OWN:
        return 404
    return rule.ok if relation in rule.acts else 403


def test_every_route_is_in_the_matrix():
    found = {(route.name, method) for route in api_routes() for method in route.methods}
    assert found == set(ROUTES), "Add the new route and method to ROUTES in this file"


def _cases() -> list:
    return list(_generate())


def _generate():
    routes = {route.name: route for route in api_routes()}
    for (name, method), rule in ROUTES.items():
        for relation in RELATIONS:
            for target in TARGETS if rule.target else ["own"]:
                yield pytest.param(
                    routes[name],
                    method,
                    rule,
                    relation,
                    target,
                    id=f"{name} {method} {relation} {target}",
                )


def _user(world, other, relation):
    if relation == "other_family":
        return other.family
    return getattr(world, relation)


def _path(route, rule, world, other, target):
    if rule.target == "dossier":
        dossier = world.dossier if target == "own" else other.dossier
        return route.path(dossier_id=dossier.pk)
    if rule.target == "involvement":
        involvement = world.involvement if target == "own" else other.involvement
        return route.path(involvement_id=involvement.pk)
    if rule.target in ("task", "meeting"):
        return _agenda_path(route, rule, world, other, target)
    if rule.target == "document":
        dossier, lead = (
            (world.dossier, world.lead) if target == "own" else (other.dossier, other.lead)
        )
        document = document_services.document_add(
            actor=lead,
            dossier=dossier,
            upload=SimpleUploadedFile("brief.txt", b"Een brief."),
            title="Brief",
            kind="brief",
            dated_on=datetime.date(2026, 1, 5),
        )
        return route.path(dossier_id=dossier.pk, document_id=document.pk)
    if rule.target == "decision":
        dossier, lead = (
            (world.dossier, world.lead) if target == "own" else (other.dossier, other.lead)
        )
        world.decision = decision_in(dossier, lead=lead, state=rule.state)
        return route.path(decision_id=world.decision.pk)
    return route.path() + rule.query


def _agenda_path(route, rule, world, other, target):
    """A task for the world's family member, or a meeting they are invited to (or the same in
    the other dossier)."""
    import datetime

    from django.utils import timezone

    from agenda import services as agenda_services

    dossier, lead = (world.dossier, world.lead) if target == "own" else (other.dossier, other.lead)
    member = world.parent if target == "own" else other.dossier.household.members.first()
    if rule.target == "task":
        task = agenda_services.task_create(
            actor=lead,
            dossier=dossier,
            what="Bellen",
            due_on=timezone.localdate(),
            person=agenda_services.Person(member=member),
        )
        return route.path(dossier_id=dossier.pk, task_id=task.pk)
    meeting = agenda_services.meeting_plan(
        actor=lead,
        dossier=dossier,
        kind="family",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        agenda="Hoe gaat het?",
        invitees=agenda_services.Invitees(members=[member]),
    )
    return route.path(dossier_id=dossier.pk, meeting_id=meeting.pk)


def _body(rule, user, world, other):
    if rule.body == "decision":
        return {
            "kind": "agreement",
            "title": "Afspraken",
            "proposal": "Voorstel",
            "concerns": [str(world.parent.pk)],
        }
    if rule.body == "task":
        return {
            "what": "Bellen",
            "due_on": "2030-01-01",
            "for_whom": {"member": str(world.parent.pk)},
        }
    if rule.body == "meeting":
        return {
            "kind": "case",
            "starts_at": "2030-01-01T10:00:00+01:00",
            "agenda": "Hoe gaat het?",
            "participants": [{"member": str(world.parent.pk)}],
        }
    if rule.body == "view":
        invitation = world.decision.invitations.order_by("member__date_of_birth").first()
        return {"invitation": str(invitation.pk), "stance": "agree", "text": "Eens."}
    if rule.body == "credentials":
        credentials = {"username": user.username, "password": "secret-pass-123"}
        if user.needs_second_factor:  # staff get a token only with their second factor
            credentials["otp"] = recovery_code(user)
        return credentials
    return {
        None: None,
        "entry": {"text": "Gesprek gehad met de ouders."},
        "summary": {"summary": "Samen werken aan rust thuis.", "version": 1},
        "involvement": {
            "professional": str(other.newcomer.pk),
            "expertise": "Schuldhulp",
            "reason": "Schulden",
        },
        "reason": {"reason": "Klaar"},
        "done": {"note": "Gedaan"},
        "join": {"reason": "Melding Veilig Thuis", "expertise": "Veiligheid"},
        "search": {"name": "Ouder", "birth_date": "1980-01-01"},
        "decide": {"outcome": "Zo doen we het.", "weighing": "Iedereen was het eens."},
    }[rule.body]


@pytest.fixture
def documents_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }


@pytest.mark.parametrize(("route", "method", "rule", "relation", "target"), _cases())
def test_access(world, other, route, method, rule, relation, target, documents_storage):
    user = _user(world, other, relation)
    client = token_client(None if rule.body == "credentials" else user)
    events_before = AccessEvent.objects.count()

    response = client.generic(
        method,
        _path(route, rule, world, other, target),
        json.dumps(_body(rule, user, world, other)),
        content_type="application/json",
    )

    want = expected(rule, relation, target)
    assert response.status_code == want, response.content
    if not (rule.target == "document" and method == "GET" and want == 200):  # the file itself
        assert response["Content-Type"].startswith("application/json")
    if want in (403, 404):
        assert response.json()["detail"]
        # A refused read leaves no trace of a look at the dossier.
        assert AccessEvent.objects.count() == events_before
    if want == 200 and method == "GET" and rule.target == "dossier":
        event = AccessEvent.objects.latest("at")
        assert (event.user, event.dossier, event.action) == (
            user,
            world.dossier,
            AccessEvent.Action.API_VIEW,
        )
