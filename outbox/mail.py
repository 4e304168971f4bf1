"""Every e-mail leaves here, from inside an outbox task, so it is sent once and after commit."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage

from .services import performing


def message_id() -> str:
    """The same Message-ID every time one outbox message is sent, so a second copy (a worker
    lost after sending, outbox/services.py) is one e-mail to the reader's mailbox."""
    message = performing.get()
    if message is None:
        raise RuntimeError("E-mails leave through the outbox: queue them with message_add")
    domain = urlsplit(settings.SITE_URL).hostname or "gezinsdossier.local"
    return f"<{message.pk}@{domain}>"


def email_send(*, subject: str, body: str, to: str) -> None:
    """One plain-text e-mail to one reader; headers hold no personal data beyond the address."""
    EmailMessage(subject=subject, body=body, to=[to], headers={"Message-ID": message_id()}).send()
