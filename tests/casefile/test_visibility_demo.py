"""Issue 9's done-when on the demo world: the family of Jansen reads every channel alike.

Pieter (41) reads what the family may see; Lisa (14) only what is about her or the whole
household: on the page, in the API, in the PDF copy and in the access log of each.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from casefile.models import Dossier, Entry
from households.models import Member
from portal.services.copies import copy_pdf_bytes
from procedures import services as procedure_services
from safety import services as safety_services
from safety.models import Measure
from tests.api.conftest import token_client

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MEASURE_BASIS = "Huisverbod-grondslag-PIETERALLEEN"
DRAFT_TITLE = "Concept-besluit-NOGNIETVOORGELEGD"
FINDING = "Daan had blauwe plekken, zegt de school-DAANALLEEN"
JOIN_REASON = "melding mishandeling Daan door Pieter"


@pytest.fixture
def jansen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", password="x")
    dossier = Dossier.objects.get(household__label="Jansen")
    anna = User.objects.get(username="anna")
    pieter = Member.objects.get(household=dossier.household, first_name="Pieter")
    daan = Member.objects.get(household=dossier.household, first_name="Daan")
    today = timezone.localdate()
    dossier.measure = safety_services.measure_add(
        actor=anna,
        dossier=dossier,
        kind=Measure.Kind.RESTRAINING_ORDER,
        members=[pieter],
        legal_basis=MEASURE_BASIS,
        decided_by=Measure.DecidedBy.MAYOR,
        starts_on=today,
    )
    dossier.draft = procedure_services.decision_propose(
        actor=anna,
        dossier=dossier,
        kind="agreement",
        title=DRAFT_TITLE,
        proposal="Nog niet aan het gezin voorgelegd.",
        concerns=[pieter],
    )
    safety_services.assessment_record(
        actor=anna,
        dossier=dossier,
        assessed_on=today,
        acute_danger=True,
        structural_unsafety=True,
        risk_level="acute",
        findings=FINDING,
        actions_now="Daan logeert bij opa Kees.",
        acute_members=[daan],
    )
    safety_services.involvement_join(
        actor=User.objects.get(username="sara"),
        dossier=dossier,
        expertise="Veiligheid",
        reason=JOIN_REASON,
    )
    dossier.withheld = dossier.entries.exclude(kind=Entry.Kind.EVENT).get(
        visibility=Entry.Visibility.WITHHELD
    )
    return dossier


def _user(username) -> User:
    return User.objects.get(username=username)


def _client(username) -> Client:
    client = Client()
    client.force_login(_user(username))
    return client


def _api_log(username, dossier) -> list[dict]:
    url = f"/api/v1/dossiers/{dossier.pk}/access-log/?page_size=100"
    items = {}
    while url:
        data = token_client(_user(username)).get(url).json()
        items.update({item["id"]: item for item in data["results"]})
        url = data["next"]
    return list(items.values())


def _page_log(username) -> str:
    """Every page of the family's access log, as one text."""
    client, url, pages = _client(username), reverse("portal:family-access-log"), []
    for number in range(1, 20):
        html = client.get(url, {"pagina": number}).content.decode()
        pages.append(html)
        if f'href="?pagina={number + 1}"' not in html:
            break
    return " ".join(" ".join(pages).split())


def _pdf(username, dossier) -> str:
    pdf = copy_pdf_bytes(user=_user(username), dossier=dossier, now=timezone.now())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def _api_text(username, dossier) -> str:
    client = token_client(_user(username))
    base = f"/api/v1/dossiers/{dossier.pk}/"
    return " ".join(
        client.get(base + path).content.decode()
        for path in ("", "entries/?page_size=100", "involvements/", "decisions/", "safety/")
    )


def _log_lines_of(text: str, thing: str) -> int:
    return len(re.findall(rf": {re.escape(thing)}(?=\s|<|$)", text))


def test_a_measure_about_pieter_is_in_his_access_log_and_never_in_lisas(jansen):
    measure = str(jansen.measure.pk)
    pieter_log = _api_log("pieter.jansen", jansen)
    lines = [i["actie"] for i in pieter_log if i["resourceId"] == measure]
    assert "create" in lines  # and an update when its members were set
    assert _log_lines_of(_page_log("pieter.jansen"), "een maatregel") == len(lines)
    assert _log_lines_of(_pdf("pieter.jansen", jansen), "een maatregel") == len(lines)

    lisa_log = _api_log("lisa.jansen", jansen)
    assert [i for i in lisa_log if i["resource"] == "measure"] == []
    assert measure not in repr(lisa_log)
    assert _log_lines_of(_page_log("lisa.jansen"), "een maatregel") == 0
    lisa_pdf = _pdf("lisa.jansen", jansen)
    assert _log_lines_of(lisa_pdf, "een maatregel") == 0
    assert "Tijdelijk huisverbod" not in lisa_pdf
    lisa_page = _client("lisa.jansen").get(reverse("portal:family-home")).content.decode()
    assert "Tijdelijk huisverbod" not in lisa_page
    assert (
        "Tijdelijk huisverbod"
        in _client("pieter.jansen").get(reverse("portal:family-home")).content.decode()
    )


def test_pieters_log_holds_no_trace_of_the_withheld_entry_or_a_draft(jansen):
    log = _api_log("pieter.jansen", jansen)
    text = repr(log)
    for hidden in (jansen.withheld, jansen.draft):
        assert str(hidden.pk) not in text
    assert {i["resource"] for i in log} >= {"entry", "decision"}  # he sees others of both
    # The words on the page and in the PDF count exactly the lines of the API: no more.
    decisions = sum(1 for i in log if i["resource"] == "decision")
    entries = sum(1 for i in log if i["resource"] == "entry")
    for text in (_page_log("pieter.jansen"), _pdf("pieter.jansen", jansen)):
        assert _log_lines_of(text, "een besluit") == decisions
        assert DRAFT_TITLE not in text
        notes = _log_lines_of(text, "een notitie") + text.count("over wie een notitie gaat")
        assert notes == entries


def test_lisas_safety_answer_holds_no_finding_about_others(jansen):
    answer = token_client(_user("lisa.jansen")).get(f"/api/v1/dossiers/{jansen.pk}/safety/")
    assert answer.status_code == 200
    assert FINDING not in answer.content.decode()
    assessment = answer.json()["latest_assessment"]
    lisa = Member.objects.get(user__username="lisa.jansen")
    assert set(assessment["acute_members"]) <= {str(lisa.pk)}
    assert answer.json()["measures"] == []
    pieter = token_client(_user("pieter.jansen")).get(f"/api/v1/dossiers/{jansen.pk}/safety/")
    assert FINDING in pieter.content.decode()  # an adult reads it: the policy, not a blackout


def test_a_safety_workers_join_reason_does_not_reach_lisa(jansen):
    page = _client("lisa.jansen").get(reverse("portal:family-home")).content.decode()
    assert "Sara" in page  # she sees who helps
    for channel in (page, _api_text("lisa.jansen", jansen), _pdf("lisa.jansen", jansen)):
        assert JOIN_REASON not in channel
    adult_page = _client("pieter.jansen").get(reverse("portal:family-home")).content.decode()
    assert JOIN_REASON in adult_page
    assert JOIN_REASON in _api_text("pieter.jansen", jansen)
    assert JOIN_REASON in _pdf("pieter.jansen", jansen)
