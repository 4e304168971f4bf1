"""Reads for documents. What a reader sees is the visibility policy's (casefile.visibility): the
same for the professional's page, the family portal, the PDF copy and the API."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.models import User
from casefile import visibility
from casefile.visibility import Reader, ReaderKind

from .models import Document, DocumentVersion


def document_list(*, reader: Reader) -> QuerySet[Document]:
    """The documents the reader may see, newest first, each with its versions (newest first) as
    `version_list` and its members: three queries, however many documents."""
    versions = visibility.visible(reader, DocumentVersion.objects.all()).select_related(
        "uploaded_by__organisation"
    )
    return (
        visibility.visible(reader, Document.objects.all())
        .select_related("created_by", "created_by_organisation")
        .prefetch_related(
            "about_members",
            Prefetch("versions", queryset=versions.order_by("-number"), to_attr="version_list"),
        )
        .order_by("-dated_on", "-created_at")
    )


def document_get(*, reader: Reader, document_id) -> Document:
    document = document_list(reader=reader).filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document


def version_get(*, user: User, version_id) -> DocumentVersion:
    """A version the user may see (a professional of the dossier, or a family member within
    the visibility policy), with `version.reader`; anyone else a 404."""
    found = (
        DocumentVersion.objects.select_related("document__dossier__household")
        .filter(pk=version_id)
        .first()
    )
    if found is None:
        raise Http404
    reader = visibility.reader_for(user, found.document.dossier)
    if reader.kind is ReaderKind.NOBODY:
        raise Http404
    version = (
        visibility.visible(reader, DocumentVersion.objects.all())
        .select_related("document__dossier__household", "uploaded_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404
    version.reader = reader
    return version


def document_for_reader(*, user: User, document_id) -> Document:
    """A document the user may see, with `document.reader` and its dossier; else 404."""
    found = Document.objects.select_related("dossier__household").filter(pk=document_id).first()
    if found is None:
        raise Http404
    reader = visibility.reader_for(user, found.dossier)
    if reader.kind is ReaderKind.NOBODY:
        raise Http404
    document = document_get(reader=reader, document_id=document_id)
    document.reader = reader
    document.dossier = found.dossier
    return document


def latest(document: Document) -> DocumentVersion | None:
    """The newest version (from `document_list`'s prefetch)."""
    versions = getattr(document, "version_list", None)
    return versions[0] if versions else None
