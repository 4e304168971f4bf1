"""One visibility policy, every channel alike (R6, R7; issue 9): a generated matrix.

Reader kind × record kind × channel. One world (`visibility_world`) holds every kind of record,
each with a unique marker in its free text: about the 14-year-old, about their parent only,
about nobody (the whole household), withheld or draft, a member's own. Every reader reads every
channel once; each case compares the records of one kind that left a trace (marker, label or
id) in one channel with what the table below says. The table is written out by hand, not taken
from `casefile.visibility`, so a policy or a channel that is wrong makes it fail.

A second household holds of each kind only rows about the parent: its 14-year-old may see none
of them, and their access log must then hold no line of that kind (the leak of issue 9).
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import TestCase, override_settings

from .visibility_world import (
    ADULT,
    CHILD,
    FAMILY,
    INVOLVED,
    LEAD,
    OTHER_FAMILY,
    OUTSIDER,
    READERS,
    build,
    observe_all,
)

# The world is built once per module (below); each case only compares sets.
pytestmark = pytest.mark.django_db

# Who may see a record, by its audience: the explicit table of DESIGN R6/R7.
SEES = {
    "family": {LEAD, INVOLVED, ADULT, CHILD},  # family-visible, about the whole household
    "about_child": {LEAD, INVOLVED, ADULT, CHILD},  # about the 14-year-old
    "about_other": {LEAD, INVOLVED, ADULT},  # about the parent only
    "hidden": {LEAD, INVOLVED},  # a withheld entry, a draft decision
    "own_adult": {LEAD, INVOLVED, ADULT},  # the parent's own complaint, request, statement
    "own_child": {LEAD, INVOLVED, CHILD},  # the 14-year-old's own
    "reason": {LEAD, INVOLVED, ADULT},  # why someone helps: not for a child of 12–15
}

KINDS = (
    "entry_family",
    "entry_withheld",
    "timeline_event",
    "decision_draft",
    "decision_hearing",
    "decision_decided",
    "decision_view",
    "assessment",
    "safety_plan",
    "measure",
    "involvement",
    "involvement_reason",
    "complaint",
    "correction_request",
    "destruction_request",
    "own_statement",
)
CHANNELS = ("page", "api", "pdf", "log_page", "log_api", "log_pdf")

# Channels that do not carry a kind at all (nothing to compare), with why.
NOT_CARRIED = {
    # The family pages and the PDF copy show the phase, not the assessments themselves.
    ("assessment", "page", "family"),
    ("assessment", "pdf", None),
    # The API has no endpoints for a member's complaints and requests.
    ("complaint", "api", None),
    ("correction_request", "api", None),
    ("destruction_request", "api", None),
    ("own_statement", "api", None),
    # The PDF names a destruction request by its date and status only.
    ("destruction_request", "pdf", None),
}
# Kinds whose rows are not in the audit trail (a step inside a record the trail shows), and a
# reason, which the trail never shows: the access log carries them not.
NOT_IN_LOG = {"own_statement", "involvement_reason"}
# Channels that show only the newest row of a kind that the reader may see.
NEWEST_ONLY = {("assessment", "api")}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built and read once for the module, inside a transaction that is rolled back."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        from django.core.cache import cache

        cache.clear()
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                built = build()
            observe_all(built)
            transaction.set_rollback(True)
    return built


def _group(reader: str) -> str:
    return "family" if reader in FAMILY or reader == OTHER_FAMILY else "professional"


def _carried(kind: str, channel: str, reader: str) -> bool:
    if channel.startswith("log_"):
        if kind in NOT_IN_LOG:
            return False
        if channel == "log_page":
            return reader in FAMILY  # professionals have no access-log page
        if channel == "log_pdf":
            return reader in (*FAMILY, LEAD)
        return True
    if channel == "pdf" and reader in (INVOLVED, OUTSIDER):
        return False  # only the lead asks for a copy of the whole dossier
    return not {(kind, channel, None), (kind, channel, _group(reader))} & NOT_CARRIED


def _cases():
    for reader in READERS:
        for kind in KINDS:
            for channel in CHANNELS:
                if _carried(kind, channel, reader):
                    yield pytest.param(reader, kind, channel, id=f"{reader}-{kind}-{channel}")


def _expected(world, reader: str, kind: str, channel: str) -> set[str]:
    records = [r for r in world.records if r.kind == kind and reader in SEES[r.audience]]
    if (kind, channel) in NEWEST_ONLY and records:
        records = [max(records, key=lambda r: r.order)]
    return {r.marker for r in records}


def _shown(text: str | None, records, *, with_pk: bool) -> set[str]:
    if text is None:
        return set()
    return {r.marker for r in records if any(t in text for t in r.traces(with_pk=with_pk))}


def _log_ids(items) -> set[str]:
    return {item["resourceId"] for item in items or [] if item["resource"] != "dossier"}


@pytest.mark.parametrize(("reader", "kind", "channel"), list(_cases()))
def test_each_channel_shows_what_the_policy_allows(world, reader, kind, channel):
    seen = world.observed[reader]
    records = [r for r in world.records if r.kind == kind]
    expected = _expected(world, reader, kind, channel)
    if channel == "page":
        assert _shown(seen.page, records, with_pk=True) == expected
    elif channel == "api":
        assert _shown(seen.api, records, with_pk=True) == expected
    elif channel == "pdf":
        assert _shown(seen.pdf, records, with_pk=False) == expected
    elif channel == "log_api":
        ids = _log_ids(seen.log_api)
        assert {r.marker for r in records if r.pk in ids} == expected
        hidden = [r for r in records if r.marker not in expected]
        # No trace at all: neither the id nor, for a hidden row, any line of its own.
        assert not [r.pk for r in hidden if seen.log_api_text and r.pk in seen.log_api_text]
        for record in records:
            if record.marker in expected:
                lines = [i for i in seen.log_api if i["resourceId"] == record.pk]
                assert len(lines) == world.log_counts[record.pk]
    else:  # the access log in words, on the page or in the PDF: as many lines as in the API
        model = world.model_names[kind]
        shown = _lines_of(_log_words(seen, channel), world.things[model], model)
        in_api = [i for i in seen.log_api if i["resource"] == model and i["actie"] != "access"]
        assert shown == len(in_api)
        hidden = {r.pk for r in records if r.marker not in expected}
        assert not hidden & _log_ids(seen.log_api)


def _log_words(seen, channel) -> str:
    if channel == "log_page":
        return " | ".join(seen.log_page or [])
    # The PDF lists the log at its end, after this heading.
    return (seen.pdf or "").split("Wie keek er in het dossier?")[-1]


def _lines_of(text: str, thing: str, model: str) -> int:
    """How many log lines name this kind ("…: een maatregel")."""
    count = len(re.findall(rf": {re.escape(thing)}(?=\s|\||$)", text))
    if model == "entry":  # naming whom an entry is about has its own words
        count += text.count("schreef op over wie een notitie gaat")
    return count


@pytest.mark.parametrize("kind", ["measure", "assessment", "decision_hearing", "complaint"])
def test_a_child_who_may_see_none_of_a_kind_has_no_log_line_of_it(world, kind):
    """Household B holds of these kinds only rows about the parent: the teen sees none."""
    seen = world.observed_b
    records = [r for r in world.none_records if r.kind == kind]
    assert records
    model = world.model_names[kind]
    assert [i for i in seen.log_api if i["resource"] == model] == []
    assert not [r.pk for r in records if r.pk in seen.log_api_text]
    thing = world.things[model]
    assert _lines_of(" | ".join(seen.log_page), thing, model) == 0
    assert _lines_of(_log_words(seen, "log_pdf"), thing, model) == 0
    for text in (seen.page, seen.pdf, seen.api):
        assert _shown(text, records, with_pk=True) == set()


@pytest.mark.parametrize("reader", [OUTSIDER, OTHER_FAMILY])
def test_an_outsider_gets_404_and_no_trace_of_the_dossier(world, reader):
    seen = world.observed[reader]
    assert set(seen.api_statuses.values()) == {404}
    assert seen.api is None and seen.log_api is None
    if reader == OUTSIDER:
        assert set(seen.page_statuses.values()) == {404}
    for text in (seen.page, seen.pdf, seen.api, seen.log_api_text):
        assert _shown(text, world.records, with_pk=True) == set()
        assert str(world.dossier_a.pk) not in (text or "")


def test_no_email_carries_content(world):
    """E-mails only point to the dossier: no free text of any record leaves by mail."""
    assert world.mails
    leaked = {r.marker for r in world.records for body in world.mails if r.marker in body}
    assert leaked == set()
