"""Documents of the demo world (DESIGN §6). Idempotent; built through the services.

Jansen: a school report about Lisa that the family sees, and a Veilig Thuis report that is
withheld for the safety of a child. The small PDFs are made here with WeasyPrint when the demo
loads, so the repository ships no binary files.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from weasyprint import HTML

from accounts.models import User
from casefile.models import Dossier
from documents import services
from documents.models import Document
from households.models import Member

SCHOOL_REPORT = "Rapport van school (Lisa)"
VEILIG_THUIS_REPORT = "Rapport van Veilig Thuis"


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines: demo content, no real person in it."""
    body = "".join(f"<p>{line}</p>" for line in lines)
    html = f"<html lang='nl'><body><h1>{title}</h1>{body}<p><em>Demo</em></p></body></html>"
    return HTML(string=html).write_pdf()


def load(users: dict[str, User]) -> None:
    anna = users["anna"]
    jansen = Dossier.objects.select_related("household").filter(household__label="Jansen").first()
    if jansen is None or Document.objects.filter(dossier=jansen).exists():
        return
    today = timezone.localdate()
    lisa = Member.objects.filter(household=jansen.household, first_name="Lisa").first()
    services.document_add(
        actor=anna,
        dossier=jansen,
        upload=SimpleUploadedFile(
            "Schoolrapport Lisa.pdf",
            pdf(
                "Rapport van school",
                [
                    "Lisa doet goed mee in de klas.",
                    "Ze komt op tijd en haalt voldoendes voor rekenen en taal.",
                    "De mentor spreekt de ouders over zes weken weer.",
                ],
            ),
        ),
        title=SCHOOL_REPORT,
        kind=Document.Kind.RAPPORT,
        dated_on=today - datetime.timedelta(days=20),
        about_members=[lisa] if lisa else [],
    )
    services.document_add(
        actor=anna,
        dossier=jansen,
        upload=SimpleUploadedFile(
            "Rapport Veilig Thuis.pdf",
            pdf(
                "Rapport van Veilig Thuis",
                [
                    "Melding ontvangen en onderzocht.",
                    "Veilig Thuis adviseert een veiligheidsplan met het gezin.",
                ],
            ),
        ),
        title=VEILIG_THUIS_REPORT,
        kind=Document.Kind.RAPPORT,
        dated_on=today - datetime.timedelta(days=30),
        visibility=Document.Visibility.WITHHELD,
        withheld_reason=Document.WithheldReason.CHILD_SAFETY,
    )
