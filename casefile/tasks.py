from __future__ import annotations

from celery import shared_task

from .models import Involvement
from .notifications import send_involvement_added


@shared_task
def involvement_added_notify(involvement_id: str) -> None:
    involvement = Involvement.objects.select_related("professional", "dossier__household").get(
        pk=involvement_id
    )
    send_involvement_added(involvement)
