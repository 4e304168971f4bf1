"""The client's address behind trusted proxies: one answer for sign-in limits, access events and
the audit log, and never the client's own word (R12)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from casefile.models import AccessEvent
from core.http import client_address


def _request(remote="10.0.0.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(forwarded="6.6.6.6")) == "10.0.0.9"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),  # the proxy saw the client
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own first entry is ignored
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "", "10.0.0.9"),  # no header: the proxy's own address
        (1, "not-an-address", "10.0.0.9"),
        (3, "203.0.113.7", "203.0.113.7"),  # fewer hops than proxies: the first there is
    ],
)
def test_behind_proxies_the_outermost_trusted_hop_is_the_client(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_address(_request(forwarded=forwarded)) == expected


@pytest.mark.django_db
def test_the_audit_log_and_access_events_record_the_same_address(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = world.client_for(world.lead)
    headers = {"REMOTE_ADDR": "10.0.0.9", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.4"}

    client.get(reverse("workspace:dossier-detail", args=[world.dossier.pk]), **headers)
    client.post(
        reverse("workspace:entry-create", args=[world.dossier.pk]),
        {"text": "Gesprek gehad.", "visibility": "family"},
        **headers,
    )

    event = AccessEvent.objects.filter(user=world.lead).latest("at")
    assert event.remote_addr == "198.51.100.4"
    entry = LogEntry.objects.filter(actor=world.lead).latest("timestamp")
    assert entry.remote_addr == "198.51.100.4"


@pytest.mark.django_db
def test_without_proxies_a_forged_header_does_not_reach_the_audit_log(world, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    world.client_for(world.lead).post(
        reverse("workspace:entry-create", args=[world.dossier.pk]),
        {"text": "Gesprek gehad.", "visibility": "family"},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert LogEntry.objects.filter(actor=world.lead).latest("timestamp").remote_addr == "10.0.0.9"
