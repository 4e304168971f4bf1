from __future__ import annotations

from casefile.models import Involvement
from outbox.tasks import side_effect

from .notifications import send_lead_joined


@side_effect
def lead_notify_joined(*, involvement_id: str) -> None:
    """Tell the lead that someone of the safety team joined their dossier (R5)."""
    involvement = Involvement.objects.select_related("dossier__household", "dossier__lead").get(
        pk=involvement_id
    )
    send_lead_joined(involvement)
