"""Pinned query counts: "mijn taken" and the meeting page ask the same with 1 row or many."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agenda import services
from tests.factories import NetworkContactFactory, open_dossier
from tests.queries import SEAL

from .conftest import TODAY, make_meeting, make_task

pytestmark = pytest.mark.django_db

# Session, user, second factor's device, the dossiers the user may see, paginator count, the
# tasks with their people and dossiers, the page's list reads (one insert), sealed.
MY_TASKS_QUERIES = 7 + SEAL
# Session, user, second factor's device, the dossier (for the reader), the meeting and its
# prefetched participants, tasks and proposals, the acute banner, the read (one insert), sealed;
# none per participant or task.
MEETING_PAGE_QUERIES = 16 + SEAL
MEETING_LIST_QUERIES = 15 + SEAL


@pytest.mark.parametrize("rows", [1, 30])
def test_my_tasks(world, django_assert_num_queries, rows):
    for i in range(rows):
        dossier = world.dossier if i % 2 else open_dossier(lead=world.lead)
        make_task(world, dossier=dossier, due_on=TODAY - datetime.timedelta(days=i % 3))
    client = world.client_for(world.lead)
    client.get(reverse("agenda:my-tasks"))
    with django_assert_num_queries(MY_TASKS_QUERIES):
        assert client.get(reverse("agenda:my-tasks")).status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_the_meeting_page(world, django_assert_num_queries, rows):
    contacts = [NetworkContactFactory(household=world.dossier.household) for _ in range(rows)]
    meeting = services.meeting_plan(
        actor=world.lead,
        dossier=world.dossier,
        kind="case",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        agenda="Hoe gaat het?",
        invitees=services.Invitees(
            professionals=[world.lead, world.involved], members=[world.parent], contacts=contacts
        ),
    )
    services.meeting_record(
        actor=world.lead,
        meeting=meeting,
        attended=list(meeting.participants.all()),
        outcome="Rust",
        tasks=[
            services.TaskData(
                what=f"Taak {i}", due_on=TODAY, person=services.Person(contact=contacts[i])
            )
            for i in range(rows)
        ],
    )
    url = reverse("agenda:meeting-detail", args=[meeting.pk])
    client = world.client_for(world.lead)
    client.get(url)
    with django_assert_num_queries(MEETING_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_the_meeting_list_is_fixed_too(world, django_assert_num_queries):
    for _ in range(3):
        make_meeting(world, members=[world.parent])
    client = world.client_for(world.lead)
    url = reverse("agenda:meeting-list", args=[world.dossier.pk])
    client.get(url)
    with django_assert_num_queries(MEETING_LIST_QUERIES):
        assert client.get(url).status_code == 200
