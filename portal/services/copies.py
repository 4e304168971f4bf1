"""A PDF copy of a dossier (inzage, AVG art. 15): exactly what the reader may see.

Asked for on a page (`copy_request`, logged as an access), rendered by a Celery task
(`copy_render`), downloaded by whoever asked for it until it expires (`copy_download`, logged).
The PDF is tagged (PDF/UA-1), Dutch, with page numbers; WeasyPrint may fetch local static files
only, never anything over the network.
"""

from __future__ import annotations

import datetime
import logging
import mimetypes
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access, reads
from casefile.models import AccessEvent, Dossier
from core.services import service
from outbox.services import message_add
from portal.copies import copy_content
from portal.models import CopyRequest
from portal.tasks import copy_render_task

logger = logging.getLogger(__name__)

COPY_DAYS = 7
COPY_DIR = "copies"


@service
def copy_request(*, actor: User, dossier: Dossier, remote_addr: str | None = None) -> CopyRequest:
    """Ask for a copy; it is made in the background. The request is an access (R12)."""
    if not access.can_request_copy(actor, dossier):
        raise PermissionDenied(_("U kunt van dit dossier geen kopie maken."))
    copy = CopyRequest.objects.create(dossier=dossier, requested_by=actor)
    reads.record(
        user=actor, dossier=dossier, action=AccessEvent.Action.PDF, remote_addr=remote_addr
    )
    message_add(task=copy_render_task, copy_id=copy.pk)
    return copy


# --- rendering -----------------------------------------------------------------------------------


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT), *(Path(d) for d in settings.STATICFILES_DIRS)]
    return [root.resolve() for root in roots]


def _local_fetcher():
    """A WeasyPrint URL fetcher that reads local static files only: no network, no other files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
            elif parts.scheme == "" and url.startswith(settings.STATIC_URL):
                found = finders.find(url.removeprefix(settings.STATIC_URL))
                path = Path(found).resolve() if found else None
            else:
                raise ValueError(f"Refused to fetch {parts.scheme or 'relative'} URL")
            if path is None or not any(path.is_relative_to(root) for root in _allowed_roots()):
                raise ValueError("Refused to fetch a file outside the static directories")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher(allowed_protocols={"file"})


def copy_pdf_bytes(*, user: User, dossier: Dossier, now: datetime.datetime) -> bytes:
    """The PDF of what `user` may see of `dossier` today."""
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            "portal/copy_pdf.html",
            {"copy": copy_content(user=user, dossier=dossier), "made_at": now},
        )
    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_local_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def copy_render(*, copy_id) -> CopyRequest:
    """Render the copy (outside a transaction: it may take seconds), then mark it ready.

    Access is checked again: someone who lost access since asking gets no copy.
    """
    copy = CopyRequest.objects.select_related("dossier", "requested_by").get(pk=copy_id)
    if not copy.is_pending:
        return copy
    user = copy.requested_by
    try:
        if not access.can_request_copy(user, copy.dossier):
            raise PermissionDenied("No access any more")
        now = timezone.now()
        content = copy_pdf_bytes(user=user, dossier=copy.dossier, now=now)
        relative = f"{COPY_DIR}/{secrets.token_hex(16)}.pdf"
        target = Path(settings.MEDIA_ROOT) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except Exception:
        logger.exception("PDF copy %s failed", copy.pk)
        return copy_mark_failed(actor=user, copy=copy)
    return copy_mark_ready(actor=user, copy=copy, file_path=relative, now=now)


@service
def copy_mark_ready(
    *, actor: User, copy: CopyRequest, file_path: str, now: datetime.datetime
) -> CopyRequest:
    copy.status = CopyRequest.Status.READY
    copy.file_path = file_path
    copy.ready_at = now
    copy.expires_at = now + datetime.timedelta(days=COPY_DAYS)
    copy.save(update_fields=["status", "file_path", "ready_at", "expires_at"])
    return copy


@service
def copy_mark_failed(*, actor: User, copy: CopyRequest) -> CopyRequest:
    copy.status = CopyRequest.Status.FAILED
    copy.save(update_fields=["status"])
    return copy


# --- download ------------------------------------------------------------------------------------


def copy_download(*, user: User, copy: CopyRequest, remote_addr: str | None = None) -> Path:
    """The file to send. Refused when not ready or expired; a download is an access (R12).

    `copy` comes from `selectors.family_portal.copy_get`, which checked it is the user's own.
    """
    if not copy.is_ready:
        raise ValidationError(_("De kopie is nog niet klaar."))
    if copy.is_expired():
        raise ValidationError(
            _("Deze kopie is verlopen. Een kopie kunt u 7 dagen ophalen. Vraag een nieuwe aan.")
        )
    path = Path(settings.MEDIA_ROOT) / copy.file_path
    if not path.is_file():
        raise ValidationError(_("Deze kopie is er niet meer. Vraag een nieuwe aan."))
    reads.record(
        user=user,
        dossier=copy.dossier,
        action=AccessEvent.Action.PDF_DOWNLOAD,
        remote_addr=remote_addr,
    )
    return path


def copies_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of expired copies (run by Celery beat); the rows stay as a record.

    An expired copy can't be downloaded anyway; the file is a copy of personal data that
    nobody may fetch any more, so it goes.
    """
    now = now or timezone.now()
    removed = 0
    expired = CopyRequest.objects.filter(status=CopyRequest.Status.READY, expires_at__lte=now)
    for file_path in expired.values_list("file_path", flat=True):
        path = Path(settings.MEDIA_ROOT) / file_path
        if path.is_file():
            path.unlink()
            removed += 1
    return removed
