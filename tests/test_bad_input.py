"""Bad input (issue 10, item 8): deep or huge bodies, over-long text, invisible text.

The answer is a clear Dutch message (a page, or JSON in the API), never a 500, and nothing is
saved. Every free-text field has one limit from `core.text`, the same on the page and in the API.
"""

from __future__ import annotations

import importlib
import inspect
import json

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework import serializers

from casefile.models import Entry, Involvement
from config.errors import bad_request
from core import text
from core.api.fields import TextField as ApiTextField
from core.forms import TextField
from procedures.models import Complaint, Decision
from safety import services as safety_services

from .api.conftest import token_client

pytestmark = pytest.mark.django_db

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00a0", " \u200b\n\u00a0 "]


def _entries(world) -> str:
    return f"/api/v1/dossiers/{world.dossier.pk}/entries/"


# --- bodies the API cannot take -----------------------------------------------------------------


def test_json_nested_5000_deep_is_a_json_400(world):
    body = '{"text": ' + "[" * 5000 + "]" * 5000 + "}"
    before = Entry.objects.count()

    response = token_client(world.lead).generic(
        "POST", _entries(world), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "De JSON is te diep genest."}
    assert Entry.objects.count() == before


def _too_big() -> str:
    return "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def _csrf_client(user) -> Client:
    """A browser's session: CSRF checks on and a CSRF cookie, so the check reads the body."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


TOO_BIG = "Wat u stuurde is te groot. Maak de tekst korter of stuur minder tegelijk."


def test_a_body_over_the_upload_limit_is_a_json_413(world):
    before = Entry.objects.count()

    response = token_client(world.lead).post(_entries(world), {"text": _too_big()}, format="json")

    assert response.status_code == 413
    assert response.json() == {"detail": TOO_BIG}
    assert Entry.objects.count() == before


def test_a_huge_session_form_post_to_the_api_is_a_json_413(world):
    # Read first by the CSRF check of DRF's session authentication, before the view runs.
    client = _csrf_client(world.lead)
    before = Entry.objects.count()

    response = client.post(_entries(world), {"text": _too_big()})

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": TOO_BIG}
    assert Entry.objects.count() == before


def test_djangos_400_handler_answers_json_under_api_and_a_page_elsewhere(rf):
    # Where no DRF view is involved (Django's CSRF middleware read the body), config.errors answers.
    api = bad_request(rf.post("/api/v1/dossiers/"), RequestDataTooBig())
    assert api.status_code == 413
    assert json.loads(api.content) == {"detail": TOO_BIG}
    other = bad_request(rf.post("/api/v1/dossiers/"), SuspiciousOperation())
    assert other.status_code == 400
    assert json.loads(other.content) == {"detail": "Wat u stuurde kunnen we niet lezen."}


@pytest.mark.parametrize("enforce_csrf", [True, False], ids=["csrf-reads-it", "view-reads-it"])
def test_a_huge_page_post_gets_a_calm_dutch_413_page(world, enforce_csrf):
    client = _csrf_client(world.lead) if enforce_csrf else world.client_for(world.lead)
    before = Entry.objects.count()

    response = client.post(
        reverse("workspace:entry-create", args=[world.dossier.pk]),
        {"text": _too_big(), "visibility": "family"},
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert TOO_BIG in content
    assert "Er is niets opgeslagen." in content
    assert Entry.objects.count() == before


# --- one limit per field, on the page and in the API -------------------------------------------


def _over(limit: int) -> str:
    return "a" * (limit + 1)


def _page_cases(world):
    """(user, url, data, what must not change) per page form that takes free text."""
    dossier = world.dossier
    return {
        "entry": (
            world.lead,
            reverse("workspace:entry-create", args=[dossier.pk]),
            {"text": _over(text.TEXT_LONG), "visibility": "family"},
            lambda: Entry.objects.count(),
        ),
        "join": (
            world.safety,
            reverse("safety:join", args=[dossier.pk]),
            {"expertise": "Veiligheid", "reason": _over(text.TEXT_SHORT)},
            lambda: Involvement.objects.count(),
        ),
        "involvement": (
            world.lead,
            reverse("workspace:involvement-create", args=[dossier.pk]),
            {
                "professional": world.outsider.pk,
                "expertise": _over(text.TITLE),
                "reason": "Zorgen",
            },
            lambda: Involvement.objects.count(),
        ),
        "decision": (
            world.lead,
            reverse("procedures:decision-list", args=[dossier.pk]),
            {
                "kind": "agreement",
                "title": "Afspraak",
                "proposal": _over(text.TEXT_LONG),
                "concerns": [world.parent.pk],
                "hearing_working_days": 5,
            },
            lambda: Decision.objects.count(),
        ),
        "family-complaint": (
            world.family,
            reverse("portal:family-complaint-create"),
            {"about": "dossier", "text": _over(text.TEXT_LONG)},
            lambda: Complaint.objects.count(),
        ),
    }


PAGE_CASES = ["entry", "join", "involvement", "decision", "family-complaint"]


@pytest.mark.parametrize("case", PAGE_CASES)
def test_over_long_text_on_a_page_is_refused_in_dutch(world, case):
    user, url, data, count = _page_cases(world)[case]
    before = count()

    response = world.client_for(user).post(url, data)

    assert response.status_code in (200, 400)
    assert "Zorg dat deze waarde niet meer dan" in response.content.decode()
    assert count() == before


def _api_cases(world):
    dossier = world.dossier
    return {
        "entry": (
            world.lead,
            _entries(world),
            {"text": _over(text.TEXT_LONG)},
            "text",
            lambda: Entry.objects.count(),
        ),
        "join": (
            world.safety,
            f"/api/v1/dossiers/{dossier.pk}/join/",
            {"expertise": "Veiligheid", "reason": _over(text.TEXT_SHORT)},
            "reason",
            lambda: Involvement.objects.count(),
        ),
        "involvement": (
            world.lead,
            f"/api/v1/dossiers/{dossier.pk}/involvements/",
            {"professional": str(world.outsider.pk), "expertise": _over(text.TITLE), "reason": "x"},
            "expertise",
            lambda: Involvement.objects.count(),
        ),
        "decision": (
            world.lead,
            f"/api/v1/dossiers/{dossier.pk}/decisions/",
            {
                "kind": "agreement",
                "title": "Afspraak",
                "proposal": _over(text.TEXT_LONG),
                "concerns": [str(world.parent.pk)],
            },
            "proposal",
            lambda: Decision.objects.count(),
        ),
        "involvement-end": (
            world.involved,
            f"/api/v1/involvements/{world.involvement.pk}/end/",
            {"reason": _over(text.TEXT_SHORT)},
            "reason",
            lambda: Involvement.objects.filter(ended_at__isnull=False).count(),
        ),
    }


API_CASES = ["entry", "join", "involvement", "decision", "involvement-end"]


@pytest.mark.parametrize("case", API_CASES)
def test_over_long_text_in_the_api_is_a_dutch_400(world, case):
    user, url, data, field, count = _api_cases(world)[case]
    before = count()

    response = token_client(user).post(url, data, format="json")

    assert response.status_code == 400
    assert "Zorg ervoor dat dit veld niet meer dan" in response.json()[field][0]
    assert count() == before


FORM_MODULES = ["workspace.forms", "procedures.forms", "portal.forms", "safety.forms"]
API_MODULES = [
    "casefile.api.serializers",
    "workspace.api.serializers",
    "safety.api",
    "procedures.api",
    "accounts.api",
]


def _classes(modules, base):
    for name in modules:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__ == name:
                yield cls


def test_every_free_text_field_on_a_page_has_its_limit_and_the_blank_rule():
    checked = 0
    for form in _classes(FORM_MODULES, forms.BaseForm):
        for name, field in form.base_fields.items():
            if type(field) is forms.CharField or isinstance(field, TextField):
                assert isinstance(field, TextField), f"{form.__name__}.{name}"
                assert field.max_length, f"{form.__name__}.{name}"
                checked += 1
    assert checked > 40


def test_every_free_text_field_in_the_api_has_its_limit_and_the_blank_rule():
    checked = 0
    for serializer in _classes(API_MODULES, serializers.Serializer):
        if not serializer.__name__.endswith(("Input", "Query")):
            continue  # output shapes are read-only
        for name, field in serializer().fields.items():
            if name in ("username", "password", "otp"):
                continue  # sign-in: not free text, and never stripped
            if isinstance(field, serializers.CharField) and not field.read_only:
                assert isinstance(field, ApiTextField), f"{serializer.__name__}.{name}"
                checked += 1
    assert checked >= 12


# The same field on a page and in the API: (form, field) and (serializer, field).
PAIRS = [
    ("workspace.forms.EntryForm", "text", "workspace.api.serializers.EntryInput", "text"),
    ("workspace.forms.InvolvementForm", "reason", "workspace.api.serializers.InvolvementInput", "reason"),
    ("workspace.forms.InvolvementForm", "expertise", "workspace.api.serializers.InvolvementInput", "expertise"),
    ("workspace.forms.InvolvementEndForm", "reason", "workspace.api.serializers.ReasonInput", "reason"),
    ("safety.forms.JoinForm", "reason", "safety.api.JoinInput", "reason"),
    ("safety.forms.JoinForm", "expertise", "safety.api.JoinInput", "expertise"),
    ("safety.forms.HouseholdSearchForm", "name", "safety.api.SearchQuery", "name"),
    ("procedures.forms.DecisionForm", "title", "procedures.api.DecisionInput", "title"),
    ("procedures.forms.DecisionForm", "proposal", "procedures.api.DecisionInput", "proposal"),
    ("procedures.forms.ViewForm", "text", "procedures.api.ViewInput", "text"),
    ("procedures.forms.ViewForm", "how_heard", "procedures.api.ViewInput", "how_heard"),
    ("portal.forms.FamilyViewForm", "text", "procedures.api.ViewInput", "text"),
    ("procedures.forms.DecideForm", "outcome", "procedures.api.DecideInput", "outcome"),
    ("procedures.forms.DecideForm", "weighing", "procedures.api.DecideInput", "weighing"),
]  # fmt: skip


def _load(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(("form", "form_field", "serializer", "api_field"), PAIRS)
def test_a_field_has_the_same_limit_on_the_page_and_in_the_api(
    form, form_field, serializer, api_field
):
    page_limit = _load(form).base_fields[form_field].max_length
    api_limit = _load(serializer)().fields[api_field].max_length
    assert page_limit == api_limit
    assert page_limit in (text.TEXT_LONG, text.TEXT_SHORT, text.TITLE)


# --- only invisible characters is empty ---------------------------------------------------------


@pytest.mark.parametrize("blank", INVISIBLE, ids=repr)
def test_invisible_text_is_blank(blank):
    assert text.is_blank(blank)
    assert text.clean(f"{blank}Melding{blank}") == "Melding"
    assert not text.is_blank(f"{blank}x")


def test_a_zero_width_join_reason_is_refused_on_the_page(world):
    response = world.client_for(world.safety).post(
        reverse("safety:join", args=[world.dossier.pk]),
        {"expertise": "Veiligheid", "reason": "\u200b"},
    )
    assert response.status_code == 400
    assert "‘Waarom sluit u aan?’ is nog niet ingevuld." in response.content.decode()
    assert not Involvement.objects.filter(professional=world.safety).exists()


def test_a_zero_width_join_reason_is_refused_in_the_api(world):
    response = token_client(world.safety).post(
        f"/api/v1/dossiers/{world.dossier.pk}/join/",
        {"expertise": "Veiligheid", "reason": "\u200b\u00a0"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["Dit veld mag niet leeg zijn."]}
    assert not Involvement.objects.filter(professional=world.safety).exists()


def test_the_service_refuses_a_zero_width_reason_too(world):
    with pytest.raises(ValidationError):
        safety_services.involvement_join(
            actor=world.safety, dossier=world.dossier, expertise="Veiligheid", reason="\ufeff"
        )
    assert not Involvement.objects.filter(professional=world.safety).exists()


def test_an_entry_of_zero_width_spaces_is_refused_on_the_page_and_in_the_api(world):
    before = Entry.objects.count()
    page = world.client_for(world.lead).post(
        reverse("workspace:entry-create", args=[world.dossier.pk]),
        {"text": "\u200b\u200b", "visibility": "family"},
    )
    api = token_client(world.lead).post(_entries(world), {"text": "\u2060"}, format="json")
    assert "‘Wat wilt u vastleggen?’ is nog niet ingevuld." in page.content.decode()
    assert api.status_code == 400
    assert Entry.objects.count() == before


def test_saved_text_loses_invisible_characters_at_its_ends(world):
    response = token_client(world.lead).post(
        _entries(world), {"text": "\u200bHuisbezoek gedaan.\u00a0"}, format="json"
    )
    assert response.status_code == 201
    assert Entry.objects.get(pk=response.json()["id"]).text == "Huisbezoek gedaan."
