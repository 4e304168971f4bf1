"""Two requests at the very same moment, on PostgreSQL (issue 11, item 5).

Two threads, each with its own database connection, start the same change together. The row
lock makes the second wait for the first and then see the new state: one transition, one clear
refusal, no 500 and no unique-constraint error. SQLite has no row locks (its database-wide write
lock serialises writers), so these run on PostgreSQL only; the sequential double submits in
`test_double_submit.py` run on both.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from casefile.models import Involvement
from core.concurrency import Conflict
from procedures import services
from procedures.models import Decision, DecisionTransition
from safety import services as safety_services
from tests.api.conftest import token_client
from tests.api.decision_setup import decision_in

pytestmark = [
    pytest.mark.fault,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
    ),
]


def _at_once(*calls) -> list:
    """Run the calls in threads released together; each result is a value or the exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 (the test inspects what each thread got)
            results[index] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_two_decides_at_once_decide_once(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")
    first, second = _fresh(decision), _fresh(decision)

    results = _at_once(
        lambda: services.decision_decide(
            actor=world.lead, decision=first, outcome="Ja", weighing="Eens"
        ),
        lambda: services.decision_decide(
            actor=world.lead, decision=second, outcome="Nee", weighing="Oneens"
        ),
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], Conflict), results
    assert (
        DecisionTransition.objects.filter(
            decision=decision, to_state=Decision.State.DECIDED
        ).count()
        == 1
    )


def test_two_decides_at_once_in_the_api_give_200_and_409(world):
    decision = decision_in(world.dossier, lead=world.lead, state="heard")
    url = f"/api/v1/decisions/{decision.pk}/decide/"
    body = {"outcome": "Zo doen we het.", "weighing": "Iedereen was het eens."}
    clients = [token_client(world.lead), token_client(world.lead)]

    results = _at_once(*(lambda c=c: c.post(url, body, format="json") for c in clients))

    assert sorted(r.status_code for r in results) == [200, 409], results
    assert decision.transitions.filter(to_state=Decision.State.DECIDED).count() == 1


def test_two_joins_at_once_join_once(world):
    values = {"expertise": "Veiligheid", "reason": "Melding Veilig Thuis"}
    dossiers = [_fresh(world.dossier), _fresh(world.dossier)]

    results = _at_once(
        *(
            lambda d=d: safety_services.involvement_join(actor=world.safety, dossier=d, **values)
            for d in dossiers
        )
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], Conflict)
    assert str(refused[0].message) == "U bent al betrokken bij dit dossier."
    assert Involvement.objects.filter(professional=world.safety, ended_at=None).count() == 1


def test_four_joins_at_once_in_the_api_give_one_201_and_409s(world):
    url = f"/api/v1/dossiers/{world.dossier.pk}/join/"
    body = {"reason": "Melding Veilig Thuis", "expertise": "Veiligheid"}
    clients = [token_client(world.safety) for _ in range(4)]

    results = _at_once(*(lambda c=c: c.post(url, body, format="json") for c in clients))

    assert sorted(r.status_code for r in results) == [201, 409, 409, 409], results
    assert Involvement.objects.filter(professional=world.safety, ended_at=None).count() == 1
