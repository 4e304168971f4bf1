"""axe (WCAG 2.1 A and AA) on the page types the journeys do not reach, as a user who may see them.

The journeys (test_journey_*.py) check the pages they pass through. Swagger UI at
/api/docs/swagger/ is left out: a third-party page that needs JavaScript, offered beside the
plain /api/docs/ that is checked here.

Documents (issue 15): the dossier page with its documents, the upload form, a document with its
versions and the preview page; the family's list is on /mijn-dossier/ (lisa.jansen).
"""

from __future__ import annotations

import uuid

import pytest

from accounts.models import User
from casefile.models import Dossier
from demo.documents import SCHOOL_REPORT
from documents.models import Document
from procedures.models import Complaint, Decision

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


def _dossier(label: str) -> str:
    return str(Dossier.objects.get(household__label=label).pk)


def _user(username: str) -> str:
    return str(User.objects.get(username=username).pk)


def _task(label: str) -> str:
    from agenda.models import Task

    return str(Task.objects.filter(dossier__household__label=label).first().pk)


def _meeting(label: str) -> str:
    from agenda.models import Meeting

    return str(Meeting.objects.get(dossier__household__label=label).pk)


def _school_report() -> Document:
    return Document.objects.get(dossier__household__label="Jansen", title=SCHOOL_REPORT)


def _decision_in_hearing() -> str:
    return str(Decision.objects.get(dossier__household__label="Jansen", state="hearing").pk)


def _complaint_about_anna() -> str:
    return str(Complaint.objects.get(about_professional__username="anna").pk)


def _flagged(label: str) -> str:
    """Close the dossier long ago and flag it (R15), so the privacy officer's page has one."""
    from django.utils import timezone

    from procedures.services import dossiers_flag_expired_retention

    long_ago = timezone.now().replace(year=timezone.now().year - 21)
    Dossier.objects.filter(household__label=label).update(status="closed", closed_at=long_ago)
    dossiers_flag_expired_retention()
    return _dossier(label)


# One test per user, so the demo world is loaded once for all the pages that user sees.
PAGES_BY_USER = {
    "anna": {
        "start-professional-attention": lambda: "/",
        "dossier-list": lambda: "/dossiers/",
        "dossier-list-attention": lambda: "/dossiers/?attention=needed",
        "dossier-acute": lambda: f"/dossiers/{_dossier('Bakker')}/",
        "household": lambda: f"/dossiers/{_dossier('Jansen')}/huishouden/",
        "decisions": lambda: f"/dossiers/{_dossier('Jansen')}/besluiten/",
        "decision": lambda: f"/besluiten/{_decision_in_hearing()}/",
        "not-found": lambda: f"/dossiers/{uuid.uuid4()}/",
        "tasks": lambda: f"/dossiers/{_dossier('Jansen')}/taken/",
        "task-create": lambda: f"/dossiers/{_dossier('Jansen')}/taken/nieuw/",
        "task": lambda: f"/taken/{_task('Jansen')}/",
        "my-tasks": lambda: "/mijn-taken/",
        "meetings": lambda: f"/dossiers/{_dossier('Jansen')}/overleggen/",
        "meeting-create": lambda: f"/dossiers/{_dossier('Jansen')}/overleggen/nieuw/",
        "meeting": lambda: f"/overleggen/{_meeting('Jansen')}/",
        "one-plan": lambda: f"/dossiers/{_dossier('Jansen')}/een-plan/",
        "dossier-with-documents": lambda: f"/dossiers/{_dossier('Jansen')}/",
        "document-add": lambda: f"/dossiers/{_dossier('Jansen')}/documenten/nieuw/",
        "document": lambda: f"/documenten/{_school_report().pk}/",
        "document-preview": (
            lambda: f"/documentversies/{_school_report().versions.get().pk}/bekijken/"
        ),
    },
    "bram": {
        "safety": lambda: f"/dossiers/{_dossier('De Vries')}/veiligheid/",
        "dossier-first-screen": lambda: f"/dossiers/{_dossier('De Vries')}/",
    },
    "sara": {"household-search": lambda: "/zoeken/", "api-docs": lambda: "/api/docs/"},
    "pieter.jansen": {
        "family-decision": lambda: f"/mijn-dossier/besluiten/{_decision_in_hearing()}/",
        "family-access-log": lambda: "/mijn-dossier/wie-keek/",
        "mijn-dossier-tasks": lambda: "/mijn-dossier/",
    },
    "lisa.jansen": {"mijn-dossier-child": lambda: "/mijn-dossier/"},
    "klachten": {
        "start-officer": lambda: "/",
        "officer-complaints": lambda: "/klachtenfunctionaris/",
        "officer-complaint": lambda: f"/klachtenfunctionaris/klachten/{_complaint_about_anna()}/",
    },
    "privacy": {
        "start-privacy": lambda: "/",
        "privacy-list": lambda: _flagged("De Vries") and "/privacyfunctionaris/",
        "privacy-confirm": lambda: (
            f"/privacyfunctionaris/dossiers/{_dossier('De Vries')}/vernietigen/"
        ),
    },
    "gemeente.utrecht": {"start-analyst": lambda: "/", "reports": lambda: "/rapportages/"},
    "beheer": {
        "admin-index": lambda: "/admin/",
        "admin-users": lambda: "/admin/accounts/user/",
        "admin-user-change": lambda: f"/admin/accounts/user/{_user('anna')}/change/",
        "admin-user-own": lambda: f"/admin/accounts/user/{_user('beheer')}/change/",
        "admin-user-add": lambda: "/admin/accounts/user/add/",
        "admin-account-requests": lambda: "/admin/accounts/accountrequest/",
    },
}


@pytest.mark.parametrize("username", PAGES_BY_USER)
def test_the_pages_meet_wcag_21_aa(page, demo, signed_in, username):
    signed_in(User.objects.get(username=username))
    for name, path in PAGES_BY_USER[username].items():
        page.goto(path())
        assert_accessible(page, name)
