"""Documents under test: a private storage in a temporary directory, small generated files."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services

# A minimal valid PDF: enough for the type sniffer and a browser's preview.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
# A Windows executable's start: "MZ", then the PE header a sniffer knows.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


def upload(content: bytes = PDF, name: str = "Schoolrapport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def documents_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""
    return tmp_path / "documents"


def add(world, *, about=(), withheld="", content=PDF, name="Schoolrapport.pdf", title=None):
    return services.document_add(
        actor=world.lead,
        dossier=world.dossier,
        upload=upload(content, name),
        title=title or "Rapport van school",
        kind="rapport",
        dated_on=datetime.date(2026, 11, 1),
        about_members=about,
        visibility="withheld" if withheld else "family",
        withheld_reason=withheld,
    )


def stream(content: bytes):
    return io.BytesIO(content)
