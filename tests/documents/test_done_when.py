"""Issue 15's "done when", on the demo world."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from casefile.models import AccessEvent, Dossier
from demo.documents import SCHOOL_REPORT, VEILIG_THUIS_REPORT
from documents.models import Document

from .conftest import EXE, PDF, upload

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def jansen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", password="x")
    return Dossier.objects.get(household__label="Jansen")


def _client(username) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_anna_uploads_pieter_downloads_the_withheld_report_stays_hidden(jansen):
    # The demo holds a family-visible school report and a withheld Veilig Thuis report.
    assert set(Document.objects.filter(dossier=jansen).values_list("title", flat=True)) == {
        SCHOOL_REPORT,
        VEILIG_THUIS_REPORT,
    }
    withheld = Document.objects.get(title=VEILIG_THUIS_REPORT)
    assert withheld.is_withheld

    # anna uploads a school report to Jansen.
    anna = _client("anna")
    response = anna.post(
        reverse("documents:document-add", args=[jansen.pk]),
        {
            "file": upload(PDF, "Rapport tweede periode.pdf"),
            "title": "Rapport tweede periode",
            "kind": "rapport",
            "dated_on": "2026-11-30",
            "visibility": "family",
        },
    )
    assert response.status_code == 302, response.content
    uploaded = Document.objects.get(title="Rapport tweede periode")

    # Pieter downloads it from /mijn-dossier/, and the access log shows it.
    pieter = _client("pieter.jansen")
    home = pieter.get(reverse("portal:family-home")).content.decode()
    links = re.findall(r'href="(/documentversies/[^"]+/download/)"', home)
    url = reverse("documents:version-download", args=[uploaded.versions.get().pk])
    assert url in links
    download = pieter.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AccessEvent.objects.filter(
        user__username="pieter.jansen", action=AccessEvent.Action.DOCUMENT_DOWNLOAD
    ).exists()
    log = pieter.get(reverse("portal:family-access-log")).content.decode()
    assert "Pieter" in log or "downloadde een document" in log
    assert "downloadde een document" in log

    # The withheld report is neither listed nor downloadable for him (404).
    assert VEILIG_THUIS_REPORT not in home
    hidden = reverse("documents:version-download", args=[withheld.versions.get().pk])
    assert hidden not in home
    assert pieter.get(hidden).status_code == 404
    api = f"/api/v1/dossiers/{jansen.pk}/documents/{withheld.pk}/download/"
    assert pieter.get(api).status_code == 404

    # A renamed .exe is refused with a clear message.
    refused = anna.post(
        reverse("documents:document-add", args=[jansen.pk]),
        {
            "file": upload(EXE, "beschikking.pdf"),
            "title": "Beschikking",
            "kind": "beschikking",
            "dated_on": "2026-11-30",
            "visibility": "family",
        },
    )
    assert refused.status_code == 400
    assert "Dit soort bestand kan niet in het dossier." in refused.content.decode()
    assert not Document.objects.filter(title="Beschikking").exists()


def test_the_demo_loads_twice_without_a_second_copy(jansen):
    call_command("load_demo", password="x")
    assert Document.objects.filter(dossier=jansen).count() == 2


def test_the_family_pdf_copy_names_the_visible_documents_and_counts_the_withheld(
    jansen, django_capture_on_commit_callbacks
):
    import io

    from pypdf import PdfReader

    from portal.models import CopyRequest

    pieter = _client("pieter.jansen")
    with django_capture_on_commit_callbacks(execute=True):
        pieter.post(reverse("portal:family-copy-create"))
    copy = CopyRequest.objects.get(dossier=jansen, status="ready")
    response = pieter.get(reverse("portal:copy-download", args=[copy.pk]))
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Rapport van school (Lisa)" in text
    assert VEILIG_THUIS_REPORT not in text
    assert "Er is 1 document dat u niet kunt zien." in text
