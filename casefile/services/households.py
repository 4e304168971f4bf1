"""The household of a dossier: who may change it, and the dossier's grants that follow it (R6).

The household's own rules (R2, the BSN check) are in `households.services`; these services check
access first and bring the grants in step after a change of who lives there.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import Municipality, User
from casefile import access
from casefile.models import Dossier
from core.services import service
from households import services as households
from households.models import Household, Member, NetworkContact
from households.services import MemberData

from .dossiers import dossier_open


def _require_editor(actor: User, household: Household) -> None:
    if not access.can_edit_household(actor, household):
        raise PermissionDenied(_("U mag dit huishouden niet wijzigen."))


@service
def household_register(
    *,
    actor: User,
    label: str,
    municipality: Municipality,
    members: Iterable[MemberData],
    street_address: str = "",
    postcode: str = "",
    city: str = "",
    confidential_address: bool = False,
    summary: str = "",
) -> Dossier:
    """Register a household with its members and open its dossier; the registrar leads it."""
    if not access.can_register_household(actor):
        raise PermissionDenied(
            _("Alleen een professional van een lokaal team registreert een huishouden.")
        )
    if not access.registration_municipalities(actor).filter(pk=municipality.pk).exists():
        raise ValidationError(
            {"municipality": [_("Uw team werkt niet voor deze gemeente. Kies een andere.")]}
        )
    household = households.household_create(
        actor=actor,
        label=label,
        municipality=municipality,
        members=members,
        street_address=street_address,
        postcode=postcode,
        city=city,
        confidential_address=confidential_address,
    )
    return dossier_open(actor=actor, household=household, summary=summary)


@service
def household_update(
    *,
    actor: User,
    household: Household,
    label: str,
    street_address: str = "",
    postcode: str = "",
    city: str = "",
    confidential_address: bool = False,
    version: int | None = None,
) -> Household:
    _require_editor(actor, household)
    return households.household_update(
        actor=actor,
        household=household,
        label=label,
        street_address=street_address,
        postcode=postcode,
        city=city,
        confidential_address=confidential_address,
        version=version,
    )


@service
def member_add(*, actor: User, household: Household, data: MemberData) -> Member:
    _require_editor(actor, household)
    return households.member_add(actor=actor, household=household, data=data)


@service
def member_update(
    *, actor: User, member: Member, data: MemberData, version: int | None = None
) -> Member:
    _require_editor(actor, member.household)
    return households.member_update(actor=actor, member=member, data=data, version=version)


@service
def member_leave(*, actor: User, member: Member, on: datetime.date | None = None) -> Member:
    """A member leaves the household; their family account loses the dossier at once."""
    _require_editor(actor, member.household)
    member = households.member_leave(actor=actor, member=member, on=on)
    if member.user_id:
        access.household_sync(member.household)
    return member


@service
def member_account_link(*, actor: User, member: Member, user: User) -> Member:
    """Link a family account to a member; their dossier access follows membership (R6)."""
    dossier = getattr(member.household, "dossier", None)
    if dossier is None or not access.can_invite_family(actor, dossier):
        raise PermissionDenied(_("Alleen de vaste professional maakt een account voor het gezin."))
    member = households.member_account_link(actor=actor, member=member, user=user)
    access.dossier_sync(dossier)
    return member


@service
def network_contact_add(
    *, actor: User, household: Household, name: str, relation: str, phone: str = "", email: str = ""
) -> NetworkContact:
    _require_editor(actor, household)
    return households.network_contact_add(
        actor=actor, household=household, name=name, relation=relation, phone=phone, email=email
    )


@service
def network_contact_update(
    *,
    actor: User,
    contact: NetworkContact,
    name: str,
    relation: str,
    phone: str = "",
    email: str = "",
    version: int | None = None,
) -> NetworkContact:
    _require_editor(actor, contact.household)
    return households.network_contact_update(
        actor=actor,
        contact=contact,
        name=name,
        relation=relation,
        phone=phone,
        email=email,
        version=version,
    )
