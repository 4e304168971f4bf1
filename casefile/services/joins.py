"""R5: a member of a regional safety team adds themself to a household's dossier."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import service
from accounts.models import User
from casefile import access
from casefile.models import AccessEvent, Dossier, Involvement

from .dossiers import access_event_record, involvement_start


@service
def involvement_join(
    *,
    actor: User,
    dossier: Dossier,
    expertise: str,
    reason: str,
    remote_addr: str | None = None,
) -> Involvement:
    """Join beside the lead (no handover, R4): access starts at once and the lead is told."""
    if not actor.is_safety_staff:
        raise PermissionDenied(
            _("Alleen medewerkers van een regionaal veiligheidsteam kunnen zichzelf aansluiten.")
        )
    if not access.serves_household_of(actor, dossier):
        raise PermissionDenied(
            _("U kunt alleen aansluiten bij huishoudens in gemeenten waar uw team werkt.")
        )
    if not dossier.is_open:
        raise ValidationError(_("Dit dossier is gesloten. U kunt niet meer aansluiten."))
    if dossier.lead_id == actor.pk or access.is_actively_involved(actor, dossier):
        raise ValidationError(_("U bent al betrokken bij dit dossier."))
    errors = {}
    if not expertise.strip():
        errors["expertise"] = [_("Vul uw expertise in.")]
    if not reason.strip():
        errors["reason"] = [_("Schrijf op waarom u aansluit.")]
    if errors:
        raise ValidationError(errors)
    involvement = involvement_start(
        dossier=dossier,
        professional=actor,
        kind=Involvement.Kind.JOINED,
        expertise=expertise,
        reason=reason,
        added_by=actor,
    )
    access_event_record(
        user=actor, dossier=dossier, action=AccessEvent.Action.JOIN, remote_addr=remote_addr
    )
    _notify_lead_on_commit(involvement)
    return involvement


def _notify_lead_on_commit(involvement: Involvement) -> None:
    from safety.tasks import lead_notify_joined

    transaction.on_commit(lambda: lead_notify_joined.delay(str(involvement.pk)))
