"""Helpers shared by the procedure services: who acts for which family member, and due dates."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access
from casefile.models import Dossier
from households.models import Member


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_open(dossier: Dossier) -> None:
    if not dossier.is_open:
        raise ValidationError(_("Dit dossier is gesloten. Er kan niets meer bij."))


def today() -> datetime.date:
    return timezone.localdate()


def acting_member(*, actor: User, dossier: Dossier, member: Member | None) -> tuple[Member, bool]:
    """Whose request this is, and whether a professional records it on their behalf.

    A family member acts for themself only; a professional who may see the dossier records for
    a named member. Either way the member is current, of this household and aged 12+ (§4).
    """
    if actor.is_authenticated and actor.is_family:
        own = access.family_member_for(actor, dossier)
        require(own is not None, _("Dit is niet uw eigen dossier."))
        require(member is None or member.pk == own.pk, _("U kunt dit alleen voor uzelf doen."))
        member, on_behalf = own, False
    else:
        require(
            access.can_record_for_family(actor, dossier),
            _("U mag dit niet namens het gezin vastleggen."),
        )
        if member is None:
            raise ValidationError({"member": [_("Kies het gezinslid voor wie u dit vastlegt.")]})
        on_behalf = True
    if member.household_id != dossier.household_id or not member.is_current:
        raise ValidationError({"member": [_("Kies iemand die in dit huishouden woont.")]})
    if member.age() < access.FAMILY_REQUEST_MIN_AGE:
        raise ValidationError(
            {"member": [_("Dit kan vanaf 12 jaar. Jongere kinderen worden vertegenwoordigd.")]}
        )
    return member, on_behalf
