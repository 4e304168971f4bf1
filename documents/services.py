"""Writes for documents: add one, add a version, open a file (an access event). Each is one
transaction, audited with its actor (core.services.service). Nothing is kept of a refused file:
the checks run before anything is stored, and a failure after storing removes the file again."""

from __future__ import annotations

import datetime
import logging
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access, reads
from casefile.models import AccessEvent, Dossier
from casefile.services import timeline_event
from core.services import service
from core.text import TITLE, clean, is_blank
from households.models import Member

from . import checks
from .models import STORAGE, Document, DocumentVersion

logger = logging.getLogger(__name__)


def storage():
    return storages[STORAGE]


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _check(upload) -> checks.Checked:
    if upload is None:
        raise ValidationError({"file": [_("Kies een bestand.")]})
    try:
        return checks.check(upload, size=upload.size)
    except checks.Refused as refusal:
        raise ValidationError({"file": [str(refusal)]}) from None


@contextmanager
def _stored(upload) -> Iterator[str]:
    """The file under a random name; removed again if the rest of the change fails."""
    upload.seek(0)
    name = storage().save(uuid.uuid4().hex, upload)
    try:
        yield name
    except BaseException:
        storage().delete(name)
        raise


def _version_create(
    name: str, upload, checked: checks.Checked, *, actor: User, document: Document, number: int
) -> DocumentVersion:
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file=name,
        original_name=checks.clean_name(upload.name),
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        scan=checked.scan,
        uploaded_by=actor,
    )


@service
def document_add(
    *,
    actor: User,
    dossier: Dossier,
    upload,
    title: str,
    kind: str,
    dated_on: datetime.date,
    about_members: Iterable[Member] = (),
    visibility: str = Document.Visibility.FAMILY,
    withheld_reason: str = "",
) -> Document:
    """A new document with its first version, and a line in the timeline (withheld alike)."""
    _require(access.can_add_document(actor, dossier), _("U mag in dit dossier niets toevoegen."))
    if not dossier.is_open:
        raise ValidationError(_("Dit dossier is gesloten. Er kan niets meer bij."))
    errors: dict[str, list[str]] = {}
    if is_blank(title):
        errors["title"] = [_("Geef het document een titel.")]
    elif len(clean(title)) > TITLE:
        errors["title"] = [_("De titel is te lang.")]
    if kind not in Document.Kind.values:
        errors["kind"] = [_("Kies wat voor document het is.")]
    if dated_on is None:
        errors["dated_on"] = [_("Vul de datum van het document in.")]
    if visibility not in Document.Visibility.values:
        errors["visibility"] = [_("Kies of het gezin dit mag zien.")]
    elif (
        visibility == Document.Visibility.WITHHELD
        and withheld_reason not in Document.WithheldReason.values
    ):
        errors["withheld_reason"] = [_("Kies waarom het gezin dit niet mag zien.")]
    about_members = list(about_members)
    if any(member.household_id != dossier.household_id for member in about_members):
        errors["about_members"] = [_("Kies alleen leden van dit huishouden.")]
    if errors:
        raise ValidationError(errors)
    checked = _check(upload)
    withheld = withheld_reason if visibility == Document.Visibility.WITHHELD else ""
    document = Document.objects.create(
        dossier=dossier,
        title=clean(title),
        kind=kind,
        dated_on=dated_on,
        visibility=visibility,
        withheld_reason=withheld,
        created_by=actor,
        created_by_organisation=actor.organisation,
    )
    if about_members:
        document.about_members.add(*about_members)
    with _stored(upload) as name:
        _version_create(name, upload, checked, actor=actor, document=document, number=1)
        timeline_event(
            dossier=dossier,
            author=actor,
            about=about_members,
            withheld_reason=withheld,
            text=_("Document toegevoegd: %(title)s (%(kind)s).")
            % {"title": document.title, "kind": document.get_kind_display().lower()},
        )
    return document


@service
def document_version_add(*, actor: User, document: Document, upload) -> DocumentVersion:
    """A new file for a document; the old versions stay as they were (R8)."""
    dossier = document.dossier
    _require(access.can_add_document(actor, dossier), _("U mag in dit dossier niets toevoegen."))
    if not dossier.is_open:
        raise ValidationError(_("Dit dossier is gesloten. Er kan niets meer bij."))
    checked = _check(upload)
    # One number per version, also when two people upload at once: the document row is the lock.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    with _stored(upload) as name:
        version = _version_create(
            name, upload, checked, actor=actor, document=document, number=last + 1
        )
        timeline_event(
            dossier=dossier,
            author=actor,
            about=document.about_members.all(),
            withheld_reason=document.withheld_reason,
            text=_("Nieuwe versie (%(number)s) van het document %(title)s.")
            % {"number": version.number, "title": document.title},
        )
    return version


# --- opening a file -----------------------------------------------------------------------------


class Damaged(Exception):
    """The stored file is not what was uploaded (its SHA-256 differs), or it is gone."""


@dataclass
class Opened:
    version: DocumentVersion
    file: IO[bytes]


def version_open(*, actor: User, version: DocumentVersion, remote_addr: str | None) -> Opened:
    """The file of a version the caller may see (the selector checked), checked against its
    SHA-256 and copied aside, so what is served is what was checked; and an access event (R12).

    A mismatch serves nothing: `Damaged`, and an incident in the log (ids only, no content).
    """
    if version.is_destroyed:
        raise Damaged
    copy = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 (returned open)
    try:
        with storage().open(version.file, "rb") as stored:
            digest = checks.sha256(_copying(stored, copy))
    except OSError:
        copy.close()
        logger.error("document version %s: the stored file cannot be read", version.pk)
        raise Damaged from None
    if digest != version.sha256:
        copy.close()
        logger.error("document version %s: the stored file does not match its SHA-256", version.pk)
        raise Damaged
    copy.seek(0)
    reads.record(
        user=actor,
        dossier=version.document.dossier,
        action=AccessEvent.Action.DOCUMENT_DOWNLOAD,
        remote_addr=remote_addr,
    )
    return Opened(version=version, file=copy)


def _copying(source, target):
    for chunk in iter(lambda: source.read(checks.CHUNK), b""):
        target.write(chunk)
        yield chunk
