"""R15: a closed dossier is kept 20 years after closing, then flagged for destruction; the
privacy officer confirms the destruction, which empties every declared field in every app."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casefile.models import Dossier
from casefile.services import dossier_retention_flag
from casefile.services.destruction import dossier_content_destroy
from core.concurrency import Conflict, lock
from core.services import service
from core.text import clean, is_blank
from procedures import access as procedure_access
from procedures.models import DestructionRequest, DossierDestruction
from procedures.selectors import dossiers_awaiting_destruction

from ._common import require

RETENTION_YEARS = 20


def retention_deadline(now: datetime.datetime) -> datetime.datetime:
    """Dossiers closed on or before this moment have passed their retention period."""
    try:
        return now.replace(year=now.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return now.replace(year=now.year - RETENTION_YEARS, day=28)


@service
def dossiers_flag_expired_retention(*, actor=None, now: datetime.datetime | None = None) -> int:
    """Flag every closed dossier whose retention period has passed; returns how many.

    Run daily by Celery beat. Flagging destroys nothing: destruction stays a human decision.
    """
    now = now or timezone.now()
    expired = Dossier.objects.filter(
        status=Dossier.Status.CLOSED,
        closed_at__lte=retention_deadline(now),
        retention_expired_at__isnull=True,
    )
    count = 0
    for dossier in expired:
        dossier_retention_flag(dossier=dossier, at=now)
        count += 1
    return count


@service
def dossier_destruction_confirm(
    *, actor: User, dossier: Dossier, reason: str
) -> DossierDestruction:
    """The privacy officer confirms: everything declared personal data or identity in every app
    is emptied (`casefile.services.destruction`), and a stub stays: who, when, why, no content."""
    require(
        procedure_access.can_confirm_destruction(actor),
        _("Alleen de privacyfunctionaris bevestigt een vernietiging."),
    )
    lock(dossier)
    awaiting = dossiers_awaiting_destruction().filter(pk=dossier.pk).first()
    if awaiting is None:
        if DossierDestruction.objects.filter(dossier=dossier).exists():
            raise Conflict(_("Dit dossier is al vernietigd. Er is niets veranderd."))
        raise ValidationError(_("Dit dossier wacht niet op vernietiging."))
    if is_blank(reason):
        raise ValidationError({"reason": [_("Schrijf op waarom u de vernietiging bevestigt.")]})
    dossier_content_destroy(dossier=dossier, identity=True)
    request = None
    if awaiting.retention_expired_at is None:
        request = DestructionRequest.objects.filter(
            dossier=dossier,
            status=DestructionRequest.Status.ACCEPTED,
            scope=DestructionRequest.Scope.DOSSIER,
        ).first()
    return DossierDestruction.objects.create(
        dossier=dossier,
        ground=(
            DossierDestruction.Ground.REQUEST
            if request is not None
            else DossierDestruction.Ground.RETENTION
        ),
        request=request,
        reason=clean(reason),
        confirmed_by=actor,
    )
