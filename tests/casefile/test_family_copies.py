"""PDF copies (inzage): exactly what the reader may see, tagged, audited, for the requester only."""

from __future__ import annotations

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from casefile import services
from casefile.models import AccessEvent
from portal.models import CopyRequest
from portal.services import copies

from .family_helpers import (
    ABOUT_PARENT_TEXT,
    ABOUT_TEEN_TEXT,
    HOUSEHOLD_TEXT,
    WITHHELD_TEXT,
    link_teen,
    write_entries,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _request(client, url, capture):
    with capture(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    return CopyRequest.objects.latest("created_at"), response


def _pdf(client, copy) -> PdfReader:
    response = client.get(reverse("portal:copy-download", args=[copy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_a_family_copy_holds_what_the_reader_sees_and_no_withheld_text(
    world, django_capture_on_commit_callbacks
):
    write_entries(world)
    client = world.client_for(world.family)
    copy, response = _request(
        client, reverse("portal:family-copy-create"), django_capture_on_commit_callbacks
    )
    assert response["Location"] == reverse("portal:copy-status", args=[copy.pk])
    copy.refresh_from_db()
    assert copy.is_ready and str(copy.pk) not in copy.file_path
    status = client.get(response["Location"]).content.decode()
    assert reverse("portal:copy-download", args=[copy.pk]) in status
    text = _text(_pdf(client, copy))
    assert HOUSEHOLD_TEXT in text and ABOUT_PARENT_TEXT in text
    assert WITHHELD_TEXT not in text
    assert "pagina 1 van" in text
    assert world.dossier.household.label in text


def test_every_page_has_the_header_and_the_notice_says_how_to_object(
    world, django_capture_on_commit_callbacks
):
    write_entries(world)
    for i in range(40):  # enough for several pages
        text = f"Een langere notitie nummer {i} over hoe het thuis gaat."
        services.entry_add(actor=world.lead, dossier=world.dossier, text=text)
    client = world.client_for(world.family)
    copy, _ = _request(
        client, reverse("portal:family-copy-create"), django_capture_on_commit_callbacks
    )
    reader = _pdf(client, copy)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) > 1
    header = f"Gezinsdossier {world.dossier.household.label}"
    for number, page in enumerate(pages, start=1):
        # Once per page: in the running header, not again in the text of page 1.
        assert page.count(header) == 1
        assert f"pagina {number} van {len(pages)}" in page
    text = " ".join(pages)
    assert "U kunt 1 notitie niet lezen" in text
    assert "Bent u het er niet mee eens?" in text


def test_a_child_copy_follows_the_12_to_15_rule(world, django_capture_on_commit_callbacks):
    write_entries(world)
    teen = link_teen(world)
    client = world.client_for(teen)
    copy, _ = _request(
        client, reverse("portal:family-copy-create"), django_capture_on_commit_callbacks
    )
    text = _text(_pdf(client, copy))
    assert ABOUT_TEEN_TEXT in text and HOUSEHOLD_TEXT in text
    assert ABOUT_PARENT_TEXT not in text and WITHHELD_TEXT not in text


def test_the_copy_is_a_tagged_dutch_pdf(world):
    reader = PdfReader(
        io.BytesIO(
            copies.copy_pdf_bytes(
                user=world.family,
                dossier=world.dossier,
                now=datetime.datetime.now(tz=datetime.UTC),
            )
        )
    )
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nl"
    assert "/Metadata" in root
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()


def test_the_lead_copies_the_whole_dossier_from_the_dossier_page(
    world, django_capture_on_commit_callbacks
):
    write_entries(world)
    client = world.client_for(world.lead)
    page = client.get(reverse("workspace:dossier-detail", args=[world.dossier.pk]))
    url = reverse("portal:copy-create", args=[world.dossier.pk])
    assert url in page.content.decode()
    copy, _ = _request(client, url, django_capture_on_commit_callbacks)
    assert WITHHELD_TEXT in _text(_pdf(client, copy))


@pytest.mark.parametrize("who", ["involved", "outsider", "analyst", "administrator"])
def test_others_cannot_request_the_leads_copy(world, who):
    response = world.client_for(getattr(world, who)).post(
        reverse("portal:copy-create", args=[world.dossier.pk])
    )
    assert response.status_code in (403, 404)
    assert not CopyRequest.objects.exists()


def test_a_child_under_12_gets_no_copy(world):
    from casefile import access

    from ..factories import FamilyUserFactory

    child_user = FamilyUserFactory()
    world.child.user = child_user
    world.child.save()
    access.dossier_sync(world.dossier)
    response = world.client_for(child_user).post(reverse("portal:family-copy-create"))
    assert response.status_code == 403


def test_request_and_download_are_audited(world, django_capture_on_commit_callbacks):
    client = world.client_for(world.family)
    copy, _ = _request(
        client, reverse("portal:family-copy-create"), django_capture_on_commit_callbacks
    )
    _pdf(client, copy)
    actions = set(
        AccessEvent.objects.filter(user=world.family, dossier=world.dossier).values_list(
            "action", flat=True
        )
    )
    assert {AccessEvent.Action.PDF, AccessEvent.Action.PDF_DOWNLOAD} <= actions
    assert LogEntry.objects.get_for_object(copy).filter(actor=world.family).exists()
    log = client.get(reverse("portal:family-access-log")).content.decode()
    assert "vroeg een kopie (pdf) aan" in log and "haalde een kopie (pdf) op" in log


def test_only_the_requester_downloads(world, django_capture_on_commit_callbacks):
    copy, _ = _request(
        world.client_for(world.family),
        reverse("portal:family-copy-create"),
        django_capture_on_commit_callbacks,
    )
    teen = link_teen(world)
    for user in (teen, world.lead, world.involved, world.outsider):
        client = world.client_for(user)
        assert client.get(reverse("portal:copy-download", args=[copy.pk])).status_code == 404
        assert client.get(reverse("portal:copy-status", args=[copy.pk])).status_code == 404


def test_an_expired_copy_is_refused(world, django_capture_on_commit_callbacks):
    client = world.client_for(world.family)
    copy, _ = _request(
        client, reverse("portal:family-copy-create"), django_capture_on_commit_callbacks
    )
    copy.refresh_from_db()
    copy.expires_at = copy.ready_at - datetime.timedelta(seconds=1)
    copy.save()
    response = client.get(reverse("portal:copy-download", args=[copy.pk]))
    assert response.status_code == 410
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.PDF_DOWNLOAD).exists()


def test_a_pending_copy_page_refreshes_itself(world):
    copy = CopyRequest.objects.create(dossier=world.dossier, requested_by=world.family)
    page = world.client_for(world.family).get(reverse("portal:copy-status", args=[copy.pk]))
    assert 'http-equiv="refresh"' in page.content.decode()


def test_the_renderer_fetches_no_network_and_no_files_outside_static(tmp_path):
    fetcher = copies._local_fetcher()
    for url in ("https://example.org/x.css", "http://127.0.0.1/", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher(url)


def test_expired_copies_lose_their_file_hourly(world, django_capture_on_commit_callbacks, settings):
    from pathlib import Path

    from portal.tasks import copies_purge_task

    assert (
        settings.CELERY_BEAT_SCHEDULE["expired-copies"]["task"] == "portal.tasks.copies_purge_task"
    )
    client = world.client_for(world.family)
    expired, _ = _request(
        client, reverse("portal:family-copy-create"), django_capture_on_commit_callbacks
    )
    fresh, _ = _request(
        client, reverse("portal:family-copy-create"), django_capture_on_commit_callbacks
    )
    expired.refresh_from_db()
    fresh.refresh_from_db()
    expired.expires_at = expired.ready_at - datetime.timedelta(seconds=1)
    expired.save()
    assert copies_purge_task.delay().get() == 1
    assert not (Path(settings.MEDIA_ROOT) / expired.file_path).exists()
    assert (Path(settings.MEDIA_ROOT) / fresh.file_path).exists()
    assert copies_purge_task.delay().get() == 0
