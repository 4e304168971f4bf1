"""What an upload must pass before anything is kept (docs/documents.md).

- its size, against `DOCUMENT_MAX_BYTES`;
- its type, sniffed from the content with `filetype` (pure Python), never from its name or what
  the browser says; plain text is whatever decodes as UTF-8 and holds no NUL byte;
- a virus scan through clamd (INSTREAM, `clamav-client`) when `CLAMD_SOCKET` or `CLAMD_HOST` is
  set; otherwise the version is marked "niet gescand" and /health/ says scanning is off.

Each refusal is a `Refused` with a Dutch message for the person who uploaded the file.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

import filetype
from clamav_client import clamd
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.text import TITLE

from .models import ContentType, DocumentVersion

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
# What `filetype` names the types we allow; anything else it recognises is refused.
SNIFFED = {
    "application/pdf": ContentType.PDF,
    "image/jpeg": ContentType.JPEG,
    "image/png": ContentType.PNG,
    "image/gif": ContentType.GIF,
    "image/webp": ContentType.WEBP,
    ContentType.DOCX.value: ContentType.DOCX,
    ContentType.XLSX.value: ContentType.XLSX,
    ContentType.PPTX.value: ContentType.PPTX,
    "application/msword": ContentType.DOC,
    "application/vnd.ms-excel": ContentType.XLS,
    "application/vnd.ms-powerpoint": ContentType.PPT,
    ContentType.ODT.value: ContentType.ODT,
    ContentType.ODS.value: ContentType.ODS,
    ContentType.ODP.value: ContentType.ODP,
}
# Enough of the start of a file for every matcher `filetype` has (zip containers included).
SNIFF_BYTES = 8192


class Refused(Exception):
    """The file is not kept; the message says why, in Dutch."""


@dataclass(frozen=True)
class Checked:
    content_type: str
    size: int
    sha256: str
    scan: str


def max_bytes() -> int:
    return settings.DOCUMENT_MAX_BYTES


def check(upload: BinaryIO, *, size: int) -> Checked:
    """Size, type, virus scan and checksum of an upload; raises `Refused`."""
    if size <= 0:
        raise Refused(_("Dit bestand is leeg. Kies een ander bestand."))
    if size > max_bytes():
        raise Refused(
            _("Dit bestand is te groot (%(size)s). Het mag hoogstens %(max)s zijn.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes())}
        )
    upload.seek(0)
    content_type = sniff(upload)
    upload.seek(0)
    scan = virus_scan(upload)
    upload.seek(0)
    return Checked(content_type=content_type, size=size, sha256=sha256(upload), scan=scan)


def sniff(upload: BinaryIO) -> str:
    """The type from the content; `Refused` for anything that is not allowed."""
    head = upload.read(SNIFF_BYTES)
    kind = filetype.guess(head)
    if kind is not None:
        allowed = SNIFFED.get(kind.mime)
        if allowed is None:
            raise Refused(_not_allowed())
        return allowed.value
    upload.seek(0)
    if _is_text(upload):
        return ContentType.TEXT.value
    raise Refused(_not_allowed())


def _not_allowed() -> str:
    return _(
        "Dit soort bestand kan niet in het dossier. Het kan een pdf zijn, een foto (jpg, png, "
        "gif of webp), een Word-, Excel- of PowerPoint-bestand, een OpenDocument-bestand of "
        "gewone tekst. Wat in het bestand staat telt, niet de naam."
    )


def _is_text(upload: BinaryIO) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in iter(lambda: upload.read(CHUNK), b""):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sha256(stream: BinaryIO | Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    chunks = iter(lambda: stream.read(CHUNK), b"") if hasattr(stream, "read") else stream
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


# --- virus scanning -----------------------------------------------------------------------------


def scanner():
    """A clamd client when scanning is configured, else None."""
    timeout = settings.CLAMD_TIMEOUT
    if settings.CLAMD_SOCKET:
        return clamd.ClamdUnixSocket(path=settings.CLAMD_SOCKET, timeout=timeout)
    if settings.CLAMD_HOST:
        return clamd.ClamdNetworkSocket(
            host=settings.CLAMD_HOST, port=settings.CLAMD_PORT, timeout=timeout
        )
    return None


def scanning_status() -> str:
    """For /health/: "off" (not configured), "ok" or "unreachable"."""
    client = scanner()
    if client is None:
        return "off"
    try:
        client.ping()
    except Exception:  # any failure: the reason stays out of the answer
        return "unreachable"
    return "ok"


def virus_scan(upload: BinaryIO) -> str:
    """`clean` or `not_scanned`; `Refused` for a virus, or when clamd does not answer."""
    client = scanner()
    if client is None:
        return DocumentVersion.Scan.NOT_SCANNED
    try:
        result = client.instream(upload)
    except clamd.ClamdError:
        logger.warning("document upload refused: clamd did not answer")
        raise Refused(
            _("Het bestand kon niet op virussen worden gecontroleerd. Probeer het later opnieuw.")
        ) from None
    status, _name = next(iter(result.values()), ("ERROR", None))
    if status == "FOUND":
        logger.warning("document upload refused: clamd found a virus")
        raise Refused(
            _(
                "In dit bestand is een virus gevonden. Het is niet bewaard. Gebruik een ander bestand."
            )
        )
    if status != "OK":
        raise Refused(
            _("Het bestand kon niet op virussen worden gecontroleerd. Probeer het later opnieuw.")
        )
    return DocumentVersion.Scan.CLEAN


# --- names --------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w .()+,-]+")


def clean_name(name: str) -> str:
    """The original name, shown and offered on download: no path, no control characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > TITLE:
        stem, dot, extension = name.rpartition(".")
        keep = TITLE - len(extension) - 1 if dot and len(extension) <= 10 else TITLE
        name = f"{stem[:keep]}.{extension}" if dot and keep < TITLE else name[:TITLE]
    return name or "document"
