"""The issue's done-when, on the demo world."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from casefile.models import Dossier
from portal.models import CopyRequest
from procedures.models import HearingInvitation
from safety import services as safety_services

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
HOME = reverse("portal:family-home")
WITHHELD = "De huisarts meldt zorgen over de veiligheid van Daan."


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", password="x")
    return Dossier.objects.get(household__label="Jansen")


def _client(username) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_pieter_reads_jansen_in_plain_dutch(demo, django_capture_on_commit_callbacks):
    _client("anna").get(reverse("workspace:dossier-detail", args=[demo.pk]))
    sara = User.objects.get(username="sara")
    safety_services.involvement_join(
        actor=sara, dossier=demo, expertise="Veiligheid", reason="Zorgen"
    )
    client = _client("pieter.jansen")
    content = client.get(HOME).content.decode()
    assert "Het dossier van Jansen" in content
    invitation = HearingInvitation.objects.get(
        decision__title="Verwijzing naar gezinstherapie", member__first_name="Pieter"
    )
    assert "Verwijzing naar gezinstherapie" in content
    assert reverse("portal:family-view-give", args=[invitation.pk]) in content
    assert "U kunt 2 notities niet lezen." in content and WITHHELD not in content
    assert re.search(r"U kunt tot en met \d+ \w+ reageren op 1 voorstel\.", content)
    assert "Wie helpt u?" in content
    log = client.get(reverse("portal:family-access-log")).content.decode()
    assert "Anna" in log and "bekeek het dossier" in log
    assert "Sara" in log and "kwam erbij om mee te helpen" in log

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:family-copy-create"))
    copy = CopyRequest.objects.get(requested_by__username="pieter.jansen")
    response = client.get(reverse("portal:copy-download", args=[copy.pk]))
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    assert "pagina 1 van" in text and "Jansen" in text
    assert "Daan" not in text or WITHHELD not in text
    assert WITHHELD not in text


def test_lisa_sees_what_concerns_her_and_gives_her_view(demo):
    client = _client("lisa.jansen")
    content = client.get(HOME).content.decode()
    assert "Gesprek met Lisa op school." in content
    assert "Kennismaking thuis met Pieter en Mirjam." in content  # about the whole household
    assert "Opa Kees past twee middagen" not in content  # about Kees and Daan only
    assert "Je bent jonger dan 16 jaar." in content
    # Lisa is 14: "je", never "u" (Pieter's page says "u", see test_family_first_screen.py).
    assert "Wie helpt je?" in content and "Wie helpt u?" not in content
    assert re.search(r"Je kunt tot en met \d+ \w+ reageren op 1 voorstel\.", content)
    decided = demo.decisions.get(title="Afspraken over rust in huis")  # about her parents only
    assert reverse("portal:family-decision", args=[decided.pk]) not in content
    invitation = HearingInvitation.objects.get(
        decision__title="Verwijzing naar gezinstherapie", member__first_name="Lisa"
    )
    prefix = str(invitation.pk)
    response = client.post(
        reverse("portal:family-view-give", args=[invitation.pk]),
        {f"{prefix}-stance": "agree", f"{prefix}-text": "Ik wil het proberen."},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.view.text == "Ik wil het proberen."
