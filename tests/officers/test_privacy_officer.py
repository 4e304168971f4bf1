"""R15: the privacy officer confirms destructions from a list without content; confirming
destroys every declared field of every app, and leaves a stub (who, when, why)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casefile import records, services
from casefile.models import AccessEvent, Dossier
from casefile.services.destruction import DESTROYED
from procedures import services as procedure_services
from procedures.models import DossierDestruction
from tests.casefile.test_destruction_registry import (  # noqa: F401 (the fixture)
    destroyed_fields,
    full,
    is_empty,
    rows_of,
)
from tests.factories import open_dossier
from tests.queries import SEAL

pytestmark = pytest.mark.django_db


def close_and_flag(dossier: Dossier, years: int = 21) -> Dossier:
    closed = timezone.now() - datetime.timedelta(days=365 * years + 10)
    Dossier.objects.filter(pk=dossier.pk).update(status="closed", closed_at=closed)
    procedure_services.dossiers_flag_expired_retention()
    dossier.refresh_from_db()
    return dossier


def list_url() -> str:
    return reverse("procedures:privacy-destruction-list")


def confirm_url(dossier) -> str:
    return reverse("procedures:privacy-destruction-confirm", args=[dossier.pk])


def test_the_list_shows_label_and_dates_only(world):
    services.entry_add(actor=world.lead, dossier=world.dossier, text="Geheime notitie")
    dossier = close_and_flag(world.dossier)
    recent = open_dossier(lead=world.lead)
    Dossier.objects.filter(pk=recent.pk).update(status="closed", closed_at=timezone.now())
    html = world.client_for(world.privacy_officer).get(list_url()).content.decode()
    assert dossier.household.label in html
    assert recent.household.label not in html  # still within its 20 years
    for content in ("Geheime notitie", "Samenvatting", world.parent.first_name):
        assert content not in html
    assert 'class="tag tag--warning"' in html


@pytest.mark.parametrize(
    "who", ["lead", "involved", "family", "administrator", "complaints_officer", "analyst"]
)
def test_nobody_else_sees_the_list_or_confirms(world, who):
    dossier = close_and_flag(world.dossier)
    user = getattr(world, who)
    client = world.client_for(user)
    assert client.get(list_url()).status_code == 404
    assert client.post(confirm_url(dossier), {"reason": "Weg ermee"}).status_code == 404
    with pytest.raises(PermissionDenied):
        procedure_services.dossier_destruction_confirm(
            actor=user, dossier=dossier, reason="Weg ermee"
        )
    assert not DossierDestruction.objects.exists()


def test_an_open_or_unflagged_dossier_cannot_be_destroyed(world):
    client = world.client_for(world.privacy_officer)
    assert client.get(confirm_url(world.dossier)).status_code == 404
    with pytest.raises(ValidationError):
        procedure_services.dossier_destruction_confirm(
            actor=world.privacy_officer, dossier=world.dossier, reason="Weg"
        )


def test_confirming_needs_a_reason_and_changes_nothing_without_one(world):
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Geheime notitie")
    dossier = close_and_flag(world.dossier)
    client = world.client_for(world.privacy_officer)
    response = client.post(confirm_url(dossier), {"reason": "\u200b "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and 'href="#id_reason"' in html
    entry.refresh_from_db()
    assert entry.text == "Geheime notitie" and not DossierDestruction.objects.exists()


def test_confirming_destroys_and_leaves_a_stub_without_content(world):
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Geheime notitie")
    dossier = close_and_flag(world.dossier)
    label = dossier.household.label
    client = world.client_for(world.privacy_officer)
    page = client.get(confirm_url(dossier))
    assert page.status_code == 200 and "Geheime notitie" not in page.content.decode()
    response = client.post(confirm_url(dossier), {"reason": "Bewaartermijn verlopen"})
    assert response.status_code == 302
    entry.refresh_from_db()
    dossier.household.refresh_from_db()
    assert entry.text == DESTROYED and dossier.household.label == DESTROYED
    stub = DossierDestruction.objects.get()
    assert (stub.dossier, stub.confirmed_by, stub.ground, stub.reason) == (
        dossier,
        world.privacy_officer,
        DossierDestruction.Ground.RETENTION,
        "Bewaartermijn verlopen",
    )
    html = client.get(list_url()).content.decode()
    assert label not in html and "Bewaartermijn verlopen" in html
    # Confirmed once: the dossier is no longer waiting.
    assert client.post(confirm_url(dossier), {"reason": "Nog eens"}).status_code == 404
    assert DossierDestruction.objects.count() == 1


def test_the_officers_reads_are_access_events(world):
    dossier = close_and_flag(world.dossier)
    client = world.client_for(world.privacy_officer)
    before = set(AccessEvent.objects.values_list("pk", flat=True))
    client.get(list_url())
    client.get(confirm_url(dossier))
    events = AccessEvent.objects.exclude(pk__in=before).order_by("at")
    assert [(e.dossier_id, e.action, e.user_id) for e in events] == [
        (dossier.pk, AccessEvent.Action.LIST, world.privacy_officer.pk),
        (dossier.pk, AccessEvent.Action.VIEW, world.privacy_officer.pk),
    ]


def test_an_accepted_request_for_a_closed_dossier_waits_for_the_officer(world):
    services.entry_add(actor=world.lead, dossier=world.dossier, text="Notitie")
    request = procedure_services.destruction_request_file(
        actor=world.family, dossier=world.dossier, scope="dossier", reason="Nieuwe start"
    )
    procedure_services.destruction_request_accept(actor=world.lead, request=request)
    Dossier.objects.filter(pk=world.dossier.pk).update(status="closed", closed_at=timezone.now())
    client = world.client_for(world.privacy_officer)
    assert world.dossier.household.label in client.get(list_url()).content.decode()
    assert client.post(confirm_url(world.dossier), {"reason": "Verzoek"}).status_code == 302
    stub = DossierDestruction.objects.get()
    assert (stub.ground, stub.request) == (DossierDestruction.Ground.REQUEST, request)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(list_url()).status_code == 200
    return len(queries)


def test_the_list_makes_the_same_number_of_queries_for_one_and_many(world):
    client = world.client_for(world.privacy_officer)
    close_and_flag(world.dossier)
    one = _list_queries(client)
    for _ in range(3):
        close_and_flag(open_dossier(lead=world.lead))
    procedure_services.dossier_destruction_confirm(
        actor=world.privacy_officer, dossier=world.dossier, reason="Termijn"
    )
    assert _list_queries(client) == one == LIST_QUERIES


# Session, user, OTP device; the waiting dossiers with their labels; the last stubs with who
# confirmed them; the LIST events in one insert, and their seal.
LIST_QUERIES = 6 + SEAL


def test_a_confirmed_destruction_empties_every_declared_field_of_every_app(
    full,  # noqa: F811 (the registry test's fixture: a row of every kind, every field filled)
    django_capture_on_commit_callbacks,
):
    """Over the registry, so a model added to any app later is covered without a change here."""
    dossier = close_and_flag(full.dossier)
    kinds = [kind for kind in records.kinds() if destroyed_fields(kind)]
    assert {kind.model._meta.app_label for kind in kinds} >= {
        "households",
        "casefile",
        "safety",
        "procedures",
        "portal",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = full.client_for(full.privacy_officer).post(
            confirm_url(dossier), {"reason": "Bewaartermijn van 20 jaar verlopen"}
        )
    assert response.status_code == 302
    for kind in kinds:
        rows = list(rows_of(kind, dossier))
        assert rows, kind.label
        for row in rows:
            for name in destroyed_fields(kind):
                field = row._meta.get_field(name)
                if field.many_to_many:
                    assert not getattr(row, name).exists(), f"{kind.label}.{name}"
                    continue
                value = getattr(row, name)
                stub = DESTROYED[: field.max_length] if field.max_length else DESTROYED
                assert value == stub or is_empty(value), f"{kind.label}.{name}: {value!r}"
    assert DossierDestruction.objects.get(dossier=dossier).confirmed_by == full.privacy_officer
