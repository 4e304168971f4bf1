"""Property-based run of schemathesis against /api/schema/: no server error, and every answer
conforms to the documented schema. Bounded (few examples per operation, no deadline), in-process
through the WSGI app, signed in as the lead of a small world, with path ids from that world."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.tokens import api_token_create
from casefile import services
from casefile.models import Entry
from documents import services as document_services
from tests.agenda.conftest import make_meeting, make_task

from .decision_setup import decision_in

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 12


@contextmanager
def connection_kept_open():
    """Run the real WSGI app without closing the test's database connection after a request.

    Django's test client does the same for its own requests (and reconnects the handler when
    it is done, so this must wrap the WSGI calls themselves); on PostgreSQL a closed
    connection would end the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fixture_world(world):
    services.entry_add(actor=world.lead, dossier=world.dossier, text="Over iedereen")
    services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="Niet voor het gezin",
        visibility=Entry.Visibility.WITHHELD,
        withheld_reason=Entry.WithheldReason.THIRD_PARTY_PRIVACY,
        about_members=[world.teen],
    )
    world.decision = decision_in(world.dossier, lead=world.lead, state="hearing")
    world.document = document_services.document_add(
        actor=world.lead,
        dossier=world.dossier,
        upload=SimpleUploadedFile("brief.txt", b"Een brief aan het gezin."),
        title="Brief",
        kind="brief",
        dated_on=datetime.date(2026, 1, 5),
    )
    world.task = make_task(world, what="Bellen met school")
    world.meeting = make_meeting(world, members=[world.parent], agenda="Kennismaken")
    return world


def _refused(reader: str, label: str) -> bool:
    """Operations this reader's role may never call (DESIGN §4): always a 403."""
    if "auth/token" in label:
        return False
    if reader == "analyst":
        return "/reports/" not in label
    if "/reports/" in label:
        return True
    return reader == "family" and "/households/search/" in label


# What a family member may write: their own view on a decision (R9).
FAMILY_WRITES = {"POST /api/v1/decisions/{decision_id}/views/"}


@pytest.mark.parametrize("reader", ["lead", "family", "analyst"])
def test_the_api_keeps_to_its_schema(fixture_world, reader):
    world = fixture_world
    raw = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    schema = schemathesis.openapi.from_dict(raw)
    app = get_wsgi_application()
    _token, key = api_token_create(user=getattr(world, reader))
    headers = {"Authorization": f"Token {key}"}
    ids = {
        "dossier_id": str(world.dossier.pk),
        "involvement_id": str(world.involvement.pk),
        "decision_id": str(world.decision.pk),
        "document_id": str(world.document.pk),
        "task_id": str(world.task.pk),
        "meeting_id": str(world.meeting.pk),
    }

    seen: dict[str, set[int]] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        if operation.path.endswith("/auth/logout/"):
            continue  # it would revoke the token this run signs with (tests/accounts/test_tokens)
        fixed = {name: value for name, value in ids.items() if f"{{{name}}}" in operation.path}

        @given(case=operation.as_strategy(path_parameters=fixed or None))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(app=app, headers=headers)
            seen.setdefault(case.operation.label, set()).add(response.status_code)
            case.validate_response(response, checks=CHECKS, headers=headers)

        with connection_kept_open():
            check()

    # The run reached past the door: every read succeeded at least once, and so did the
    # lead's writes; a family member's writes were all refused.
    for label, codes in seen.items():
        if _refused(reader, label):
            assert codes == {403}, (label, codes)
        elif label.startswith("GET"):
            assert 200 in codes, (label, codes)
        elif reader == "family" and "auth/token" not in label and label not in FAMILY_WRITES:
            assert codes <= {400, 403, 404}, (label, codes)
    if reader == "lead":
        assert 201 in seen["POST /api/v1/dossiers/{dossier_id}/entries/"]
