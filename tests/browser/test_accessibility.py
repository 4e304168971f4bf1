"""axe (WCAG 2.1 A and AA) on the page types the journeys do not reach, as a user who may see them.

Documents (issue 15): the dossier page with its documents, the upload form, a document with its
versions and the preview page; the family's list is on /mijn-dossier/ (lisa.jansen).

The journeys check the login page, both start pages, a dossier, the registration form and
/mijn-dossier/. Left out because they fail axe today (both third-party pages): the user change
form in /admin/ (Django's admin) and /api/docs/ (Swagger UI).
"""

from __future__ import annotations

import uuid

import pytest

from accounts.models import User
from casefile.models import Dossier
from demo.documents import SCHOOL_REPORT
from documents.models import Document
from procedures.models import Decision

from .accessibility import assert_accessible

pytestmark = pytest.mark.browser


def _dossier(label: str) -> str:
    return str(Dossier.objects.get(household__label=label).pk)


def _user(username: str) -> str:
    return str(User.objects.get(username=username).pk)


def _school_report() -> Document:
    return Document.objects.get(dossier__household__label="Jansen", title=SCHOOL_REPORT)


def _decision_in_hearing() -> str:
    return str(Decision.objects.get(dossier__household__label="Jansen", state="hearing").pk)


# One test per user, so the demo world is loaded once for all the pages that user sees.
PAGES_BY_USER = {
    "anna": {
        "dossier-list": lambda: "/dossiers/",
        "dossier-acute": lambda: f"/dossiers/{_dossier('Bakker')}/",
        "household": lambda: f"/dossiers/{_dossier('Jansen')}/huishouden/",
        "decisions": lambda: f"/dossiers/{_dossier('Jansen')}/besluiten/",
        "decision": lambda: f"/besluiten/{_decision_in_hearing()}/",
        "not-found": lambda: f"/dossiers/{uuid.uuid4()}/",
        "dossier-with-documents": lambda: f"/dossiers/{_dossier('Jansen')}/",
        "document-add": lambda: f"/dossiers/{_dossier('Jansen')}/documenten/nieuw/",
        "document": lambda: f"/documenten/{_school_report().pk}/",
        "document-preview": (
            lambda: f"/documentversies/{_school_report().versions.get().pk}/bekijken/"
        ),
    },
    "bram": {"safety": lambda: f"/dossiers/{_dossier('De Vries')}/veiligheid/"},
    "sara": {"household-search": lambda: "/zoeken/"},
    "pieter.jansen": {
        "family-decision": lambda: f"/mijn-dossier/besluiten/{_decision_in_hearing()}/",
        "family-access-log": lambda: "/mijn-dossier/wie-keek/",
    },
    "lisa.jansen": {"mijn-dossier-child": lambda: "/mijn-dossier/"},
    "gemeente.utrecht": {"start-analyst": lambda: "/", "reports": lambda: "/rapportages/"},
    "beheer": {
        "admin-index": lambda: "/admin/",
        "admin-users": lambda: "/admin/accounts/user/",
        "admin-user-change": lambda: f"/admin/accounts/user/{_user('anna')}/change/",
        "admin-user-own": lambda: f"/admin/accounts/user/{_user('beheer')}/change/",
        "admin-user-add": lambda: "/admin/accounts/user/add/",
    },
}


@pytest.mark.parametrize("username", PAGES_BY_USER)
def test_the_pages_meet_wcag_21_aa(page, demo, signed_in, username):
    signed_in(User.objects.get(username=username))
    for name, path in PAGES_BY_USER[username].items():
        page.goto(path())
        assert_accessible(page, name)
