"""Brokers for the outbox tests: down (a closed port), hanging (a port that never answers),
or a real one (Celery's in-memory transport, and Redis when REDIS_URL is set)."""

from __future__ import annotations

import socket
import uuid
from contextlib import contextmanager

import pytest

from config.celery import app as celery_app
from outbox import services


@contextmanager
def broker_at(url: str):
    """Tasks go to the broker at `url` instead of running in-process, for the duration."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.task_default_queue
    conf.broker_url = url
    conf.task_always_eager = False
    # A queue of our own, so nothing else on a shared Redis sees or takes these messages.
    conf.task_default_queue = f"outbox-test-{uuid.uuid4().hex[:8]}"
    services._broker_quiet_until = 0.0
    try:
        yield conf.task_default_queue
    finally:
        conf.broker_url, conf.task_always_eager, conf.task_default_queue = saved
        services._broker_quiet_until = 0.0


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the probe goes


@pytest.fixture
def broker_down():
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        yield


@pytest.fixture
def broker_hanging():
    """A port that accepts connections and never answers (a broker that hangs)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        with broker_at(f"redis://127.0.0.1:{server.getsockname()[1]}/0"):
            yield
