"""Documents (issue 15): access per role and the 12–15 rule, the checks on the way in (type,
size, virus scan), the checksum on the way out, access events, versions, destruction, the API,
the headers and pinned query counts."""

from __future__ import annotations

import logging

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from casefile import access
from casefile import services as casefile_services
from casefile.models import AccessEvent, Entry
from casefile.services.destruction import DESTROYED, dossier_content_destroy
from documents import checks, services
from documents.models import Document, DocumentVersion
from safety import services as safety_services
from tests.api.conftest import token_client
from tests.factories import FamilyUserFactory, UserFactory

from .conftest import EXE, PDF, PNG, add, upload
from .fake_clamd import EICAR, FakeClamd

pytestmark = pytest.mark.django_db


def download_url(document: Document) -> str:
    return reverse("documents:version-download", args=[document.versions.get(number=1).pk])


def status_for(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


def form_data(**extra) -> dict:
    return {
        "title": "Beschikking OTS",
        "kind": "beschikking",
        "dated_on": "2026-11-20",
        "visibility": "family",
        "withheld_reason": "",
        **extra,
    }


# --- access per role, and the 12–15 rule ---------------------------------------------------------


@pytest.fixture
def teen(world):
    """The world's child of 14 with an account of her own."""
    world.teen.user = FamilyUserFactory(username="tiener")
    world.teen.save()
    access.dossier_sync(world.dossier)
    return world.teen.user


def test_professionals_of_the_dossier_download_everything(world):
    open_doc = add(world)
    withheld = add(world, withheld="child_safety", title="Rapport Veilig Thuis")
    for user in (world.lead, world.involved):
        assert status_for(user, download_url(open_doc)) == 200
        assert status_for(user, download_url(withheld)) == 200


@pytest.mark.parametrize(
    "role",
    ["outsider", "ended", "analyst", "administrator", "complaints_officer", "privacy_officer"],
)
def test_everyone_else_gets_a_404_even_for_a_family_visible_document(world, role):
    document = add(world)
    if role == "complaints_officer":
        user = UserFactory(role=User.Role.COMPLAINTS_OFFICER)
    elif role == "privacy_officer":
        user = UserFactory(role=User.Role.PRIVACY_OFFICER, organisation=None)
    else:
        user = getattr(world, role)
    before = AccessEvent.objects.count()
    assert status_for(user, download_url(document)) == 404
    detail = reverse("documents:document-detail", args=[document.pk])
    assert status_for(user, detail) == 404
    assert AccessEvent.objects.count() == before


def test_safety_staff_download_only_after_joining(world):
    document = add(world)
    assert status_for(world.safety, download_url(document)) == 404
    safety_services.involvement_join(
        actor=world.safety, dossier=world.dossier, expertise="Veiligheid", reason="Melding"
    )
    assert status_for(world.safety, download_url(document)) == 200


def test_an_adult_family_member_gets_family_visible_documents_only(world):
    open_doc = add(world)
    withheld = add(world, withheld="child_safety", title="Rapport Veilig Thuis")
    assert status_for(world.family, download_url(open_doc)) == 200
    assert status_for(world.family, download_url(withheld)) == 404
    # Professionals' pages stay closed to the family, for an open document too.
    assert status_for(world.family, reverse("documents:document-detail", args=[open_doc.pk])) == 404
    preview = reverse("documents:version-preview", args=[open_doc.versions.get().pk])
    assert status_for(world.family, preview) == 404
    home = Client()
    home.force_login(world.family)
    content = home.get(reverse("portal:family-home")).content.decode()
    assert "Rapport van school" in content and "Rapport Veilig Thuis" not in content
    assert download_url(open_doc) in content and download_url(withheld) not in content


def test_a_child_of_12_to_15_sees_documents_about_them_or_everyone_not_about_a_sibling(world, teen):
    about_teen = add(world, about=[world.teen], title="Over de tiener")
    about_all = add(world, title="Over iedereen")
    about_parent = add(world, about=[world.parent], title="Over de ouder")
    assert status_for(teen, download_url(about_teen)) == 200
    assert status_for(teen, download_url(about_all)) == 200
    assert status_for(teen, download_url(about_parent)) == 404
    client = Client()
    client.force_login(teen)
    content = client.get(reverse("portal:family-home")).content.decode()
    assert "Over de tiener" in content and "Over iedereen" in content
    assert "Over de ouder" not in content
    assert "Dit zijn papieren over je gezin." in content  # "je" for 12–15
    # The parent sees all three.
    assert status_for(world.family, download_url(about_parent)) == 200


# --- checks on the way in ---------------------------------------------------------------------


def test_a_renamed_executable_is_refused_with_a_clear_message_and_nothing_is_kept(
    world, documents_storage
):
    client = Client()
    client.force_login(world.lead)
    entries = Entry.objects.count()
    response = client.post(
        reverse("documents:document-add", args=[world.dossier.pk]),
        form_data(file=upload(EXE, "beschikking.pdf")),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Dit soort bestand kan niet in het dossier." in content
    assert 'href="#id_document_file"' in content  # the error summary links to the field
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert Entry.objects.count() == entries
    assert not documents_storage.exists() or not any(documents_storage.iterdir())


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"#!/bin/sh\nrm -rf /\n\x00", "notes.txt"),  # a NUL byte: not plain text
        (b"\xff\xfe\x00\x01 not utf-8", "brief.txt"),
        (b"PK\x03\x04" + b"\x00" * 100, "rapport.docx"),  # a bare zip is not an Office file
    ],
)
def test_other_types_are_refused_by_content(world, content, name):
    with pytest.raises(Exception, match="Dit soort bestand"):
        add(world, content=content, name=name)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        ("Gewone tekst met één accent.\n".encode(), "text/plain"),
    ],
)
def test_the_type_comes_from_the_content_not_the_name(world, content, expected):
    document = add(world, content=content, name="verkeerde-naam.exe")
    assert document.versions.get().content_type == expected


def test_an_office_file_is_recognised_inside_its_zip(world):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    document = add(world, content=buffer.getvalue(), name="verslag.docx")
    assert document.versions.get().content_type.endswith("wordprocessingml.document")


def test_a_file_over_the_limit_is_refused_by_size(world, settings, documents_storage):
    settings.DOCUMENT_MAX_BYTES = 100
    client = Client()
    client.force_login(world.lead)
    response = client.post(
        reverse("documents:document-add", args=[world.dossier.pk]),
        form_data(file=upload(PDF + b"x" * 200)),
    )
    assert response.status_code == 400
    assert "Dit bestand is te groot" in response.content.decode()
    assert "100\xa0bytes" in response.content.decode()
    assert not Document.objects.exists()


def test_the_name_is_cleaned_and_the_stored_name_is_random(world):
    document = add(world, name="../../etc/Rapport\u202e\x07 Jansen?.pdf")
    version = document.versions.get()
    assert version.original_name == "Rapport Jansen_.pdf"
    assert "Jansen" not in version.file and len(version.file) == 32


def test_withholding_needs_a_reason_from_the_list(world):
    client = Client()
    client.force_login(world.lead)
    response = client.post(
        reverse("documents:document-add", args=[world.dossier.pk]),
        form_data(file=upload(), visibility="withheld"),
    )
    assert response.status_code == 400
    assert "Kies waarom het gezin dit niet mag zien." in response.content.decode()
    assert not Document.objects.exists()


# --- virus scanning ---------------------------------------------------------------------------


@pytest.fixture
def clamd(settings, tmp_path):
    server = FakeClamd(tmp_path / "clamd.sock")
    settings.CLAMD_SOCKET = server.path
    yield server
    server.close()


def test_with_clamd_an_infected_file_is_refused_and_nothing_is_kept(world, clamd):
    client = Client()
    client.force_login(world.lead)
    response = client.post(
        reverse("documents:document-add", args=[world.dossier.pk]),
        form_data(file=upload(EICAR, "brief.txt")),
    )
    assert response.status_code == 400
    assert "In dit bestand is een virus gevonden." in response.content.decode()
    assert clamd.scanned == [EICAR]
    assert not DocumentVersion.objects.exists()


def test_with_clamd_a_clean_file_is_marked_clean(world, clamd):
    document = add(world)
    assert document.versions.get().scan == DocumentVersion.Scan.CLEAN
    assert clamd.scanned == [PDF]
    assert Client().get("/health/").json()["virus_scan"] == "ok"


def test_an_unreachable_clamd_refuses_the_upload(world, settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    with pytest.raises(Exception, match="niet op virussen worden gecontroleerd"):
        add(world)
    assert not DocumentVersion.objects.exists()
    assert Client().get("/health/").json()["virus_scan"] == "unreachable"


def test_without_clamd_versions_are_not_scanned_and_health_says_so(world):
    document = add(world)
    assert document.versions.get().scan == DocumentVersion.Scan.NOT_SCANNED
    assert Client().get("/health/").json()["virus_scan"] == "off"
    client = Client()
    client.force_login(world.lead)
    page = client.get(reverse("workspace:dossier-detail", args=[world.dossier.pk]))
    assert "niet gescand" in page.content.decode()


# --- downloads --------------------------------------------------------------------------------


def test_a_download_carries_the_headers_and_writes_an_access_event(world):
    document = add(world, name="Beschikking Ötzi.pdf")
    client = Client()
    client.force_login(world.family)
    before = AccessEvent.objects.count()

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Beschikking tzi.pdf\"; filename*=UTF-8''Beschikking%20%C3%96tzi.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.latest("at")
    assert AccessEvent.objects.count() == before + 1
    assert (event.user, event.dossier, event.action) == (
        world.family,
        world.dossier,
        AccessEvent.Action.DOCUMENT_DOWNLOAD,
    )
    # The family's access log says so, in plain words.
    log = client.get(reverse("portal:family-access-log")).content.decode()
    assert "downloadde een document" in log


def test_the_preview_frames_the_pdf_inline_and_is_audited(world):
    document = add(world)
    version = document.versions.get()
    client = Client()
    client.force_login(world.lead)
    page = client.get(reverse("documents:version-preview", args=[version.pk]))
    inline_url = reverse("documents:version-inline", args=[version.pk])
    assert f'src="{inline_url}"' in page.content.decode()
    before = AccessEvent.objects.count()
    inline = client.get(inline_url)
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert AccessEvent.objects.count() == before + 1
    # Every other response keeps refusing to be framed.
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_a_checksum_mismatch_refuses_the_download_and_logs_an_incident(
    world, documents_storage, caplog
):
    document = add(world, title="Rapport over Jansen")
    version = document.versions.get()
    (documents_storage / version.file).write_bytes(PDF.replace(b"200", b"300"))
    client = Client()
    client.force_login(world.lead)
    before = AccessEvent.objects.count()

    with caplog.at_level(logging.ERROR, logger="documents.services"):
        response = client.get(download_url(document))

    assert response.status_code == 409
    assert "Dit bestand kan niet worden geopend" in response.content.decode()
    assert AccessEvent.objects.count() == before  # nothing was shown
    assert str(version.pk) in caplog.text and "SHA-256" in caplog.text
    assert "Jansen" not in caplog.text and version.original_name not in caplog.text


# --- versions, destruction --------------------------------------------------------------------


def test_a_new_version_keeps_the_old_ones_and_the_list_shows_the_newest(world, documents_storage):
    document = add(world)
    client = Client()
    client.force_login(world.involved)
    response = client.post(
        reverse("documents:version-add", args=[document.pk]),
        {"file": upload(PNG, "scan.png")},
    )
    assert response.status_code == 302
    first, second = document.versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert (documents_storage / first.file).is_file() and (
        documents_storage / second.file
    ).is_file()
    page = Client()
    page.force_login(world.lead)
    content = page.get(reverse("workspace:dossier-detail", args=[world.dossier.pk])).content
    assert b"scan.png" in content and b"versie 2" in content
    detail = page.get(reverse("documents:document-detail", args=[document.pk])).content.decode()
    assert "Schoolrapport.pdf" in detail and "scan.png" in detail
    # The timeline says so, for the family too (the document is family-visible).
    assert Entry.objects.filter(dossier=world.dossier, text__contains="Nieuwe versie (2)").exists()


def test_rows_cannot_be_changed_or_deleted(world):
    from django.db import DatabaseError

    document = add(world)
    with pytest.raises(DatabaseError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(title="Anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        DocumentVersion.objects.filter(document=document).delete()


def test_destruction_removes_the_files_from_storage(
    world, documents_storage, django_capture_on_commit_callbacks
):
    document = add(world, about=[world.child], title="Rapport over Kind")
    path = documents_storage / document.versions.get().file
    assert path.is_file()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        dossier_content_destroy(dossier=world.dossier)

    assert not path.exists()
    document.refresh_from_db()
    version = document.versions.get()
    assert document.title == DESTROYED and version.file == DESTROYED
    assert version.original_name == DESTROYED and not document.about_members.exists()
    assert status_for(world.lead, download_url(document)) == 409


def test_destroying_some_entries_leaves_the_documents(
    world, documents_storage, django_capture_on_commit_callbacks
):
    document = add(world)
    path = documents_storage / document.versions.get().file
    entry = casefile_services.entry_add(actor=world.lead, dossier=world.dossier, text="Weg ermee")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        dossier_content_destroy(dossier=world.dossier, entries=[entry])
    assert path.is_file()
    document.refresh_from_db()
    assert document.title == "Rapport van school"


# --- the API ----------------------------------------------------------------------------------


def test_the_api_round_trip(world):
    client = token_client(world.lead)
    url = f"/api/v1/dossiers/{world.dossier.pk}/documents/"
    created = client.post(
        url,
        {
            "file": upload(PDF, "beschikking.pdf"),
            "title": "Beschikking",
            "kind": "beschikking",
            "dated_on": "2026-10-01",
            "about_members": [str(world.child.pk)],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["latest"]["content_type"] == "application/pdf"
    assert body["about_members"] == [str(world.child.pk)]
    document_id = body["id"]

    version = client.post(
        f"{url}{document_id}/versions/", {"file": upload(PNG, "foto.png")}, format="multipart"
    )
    assert version.status_code == 201 and version.json()["number"] == 2

    listed = client.get(url).json()["results"]
    assert [d["id"] for d in listed] == [document_id]
    assert [v["number"] for v in listed[0]["versions"]] == [2, 1]

    download = client.get(f"{url}{document_id}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    older = client.get(f"{url}{document_id}/download/?version=1")
    assert b"".join(older.streaming_content) == PDF
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DOCUMENT_DOWNLOAD).count() == 2

    refused = client.post(
        url,
        {"file": upload(EXE, "x.pdf"), "title": "X", "kind": "overig", "dated_on": "2026-10-01"},
        format="multipart",
    )
    assert refused.status_code == 400
    assert "Dit soort bestand" in refused.json()["file"][0]
    assert Document.objects.count() == 1


def test_the_api_hides_withheld_documents_from_the_family(world):
    add(world, withheld="third_party_privacy", title="Geheim")
    visible = add(world)
    client = token_client(world.family)
    url = f"/api/v1/dossiers/{world.dossier.pk}/documents/"
    assert [d["id"] for d in client.get(url).json()["results"]] == [str(visible.pk)]
    hidden = Document.objects.get(title="Geheim")
    assert client.get(f"{url}{hidden.pk}/download/").status_code == 404


# --- query counts -----------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_take_the_same_number_of_queries_for_one_or_many_documents(world):
    add(world)
    lead = Client()
    lead.force_login(world.lead)
    family = Client()
    family.force_login(world.family)
    api = token_client(world.lead)
    pages = [
        (lead, reverse("workspace:dossier-detail", args=[world.dossier.pk])),
        (family, reverse("portal:family-home")),
        (api, f"/api/v1/dossiers/{world.dossier.pk}/documents/"),
    ]
    [_queries(client, url) for client, url in pages]  # warm: the first visit caches a little
    one = [_queries(client, url) for client, url in pages]
    for _ in range(3):
        add(world, about=[world.child, world.parent])
    services.document_version_add(
        actor=world.lead, document=Document.objects.first(), upload=upload(PNG, "foto.png")
    )
    many = [_queries(client, url) for client, url in pages]
    assert one == many


def test_the_dossier_page_costs_four_queries_for_documents(world):
    """The panel: documents, their versions, their members, and the form's members."""
    from documents.templatetags.document_tags import dossier_documents

    add(world, about=[world.child])
    lead = world.lead

    with CaptureQueriesContext(connection) as captured:
        dossier_documents({"user": lead, "can_write": True}, world.dossier)["form"].as_div()
    assert len(captured) == 4


def test_checks_refuse_an_empty_file():
    with pytest.raises(checks.Refused, match="leeg"):
        checks.check(SimpleUploadedFile("leeg.pdf", b""), size=0)


def test_the_default_storage_is_a_private_directory_outside_media_and_static():
    from config import settings as project

    location = project.STORAGES["documents"]["OPTIONS"]["location"]
    assert location == project.DOCUMENTS_ROOT
    for public in (project.MEDIA_ROOT, project.STATIC_ROOT, *project.STATICFILES_DIRS):
        assert not str(location).startswith(str(public))
    assert storages["documents"] is not storages["default"]
