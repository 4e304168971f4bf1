"""Writes for households, members and network contacts: the household's own rules (R2, BSN).

Who may make these changes is the dossier's business: pages and the API call them through
`casefile.services`, which checks access and keeps the dossier's grants in step.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality, User
from core.concurrency import check_version, lock, next_version
from core.services import service
from core.text import clean, is_blank

from .models import Household, Member, NetworkContact
from .validators import validate_bsn, validate_date_of_birth


@dataclass(frozen=True)
class MemberData:
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    role: str
    bsn: str = ""


def _clean_member(
    data: MemberData, member: Member | None = None, *, household: Household | None = None
) -> None:
    """The member's own rules. A BSN passes the elfproef; it is compared with this household's
    members only: a person may live in two households (a child with each parent in turn), and
    an answer that depended on other households would tell that someone is known there (R5)."""
    errors = {}
    try:
        validate_date_of_birth(data.date_of_birth)
    except ValidationError as error:
        errors["date_of_birth"] = error.messages
    if data.bsn:
        try:
            validate_bsn(data.bsn)
        except ValidationError as error:
            errors["bsn"] = error.messages
        else:
            household = household or (member.household if member is not None else None)
            others = Member.objects.filter(household=household, bsn=data.bsn, left_on=None)
            if member is not None:
                others = others.exclude(pk=member.pk)
            if household is not None and others.exists():
                errors["bsn"] = [_("Dit BSN staat al bij een ander lid van dit huishouden.")]
    if is_blank(data.first_name) or is_blank(data.last_name):
        errors["first_name"] = [_("Vul een voornaam en een achternaam in.")]
    if errors:
        raise ValidationError(errors)


@service
def household_create(
    *,
    actor: User,
    label: str,
    municipality: Municipality,
    members: Iterable[MemberData],
    street_address: str = "",
    postcode: str = "",
    city: str = "",
    confidential_address: bool = False,
) -> Household:
    members = list(members)
    if not members:
        raise ValidationError(_("Een huishouden heeft minstens één gezinslid."))
    if is_blank(label):
        raise ValidationError({"label": [_("Geef het huishouden een naam.")]})
    for data in members:
        _clean_member(data)
    bsns = [data.bsn for data in members if data.bsn]
    if len(bsns) != len(set(bsns)):
        raise ValidationError(_("Twee gezinsleden hebben hetzelfde BSN. Kijk de nummers na."))
    household = Household.objects.create(
        label=clean(label),
        municipality=municipality,
        street_address=street_address,
        postcode=postcode,
        city=city,
        confidential_address=confidential_address,
    )
    for data in members:
        Member.objects.create(household=household, **data.__dict__)
    return household


@service
def member_add(*, actor: User, household: Household, data: MemberData) -> Member:
    _clean_member(data, household=household)
    return Member.objects.create(household=household, **data.__dict__)


@service
def member_update(
    *, actor: User, member: Member, data: MemberData, version: int | None = None
) -> Member:
    """Correct a member's details; R2 holds on every change. A stale `version` is refused."""
    _clean_member(data, member)
    check_version(member, version, fields=MEMBER_FIELDS, submitted=data.__dict__)
    for field, value in data.__dict__.items():
        setattr(member, field, value)
    next_version(member)
    member.save()
    return member


MEMBER_FIELDS = ("first_name", "last_name", "date_of_birth", "role", "bsn")


@service
def member_leave(*, actor: User, member: Member, on: datetime.date | None = None) -> Member:
    """A member leaves the household; their family account stops working with it."""
    lock(member)
    if member.left_on is not None:
        raise ValidationError(_("Dit gezinslid woont al niet meer in het huishouden."))
    member.left_on = on or timezone.localdate()
    member.save(update_fields=["left_on"])
    return member


@service
def network_contact_add(
    *, actor: User, household: Household, name: str, relation: str, phone: str = "", email: str = ""
) -> NetworkContact:
    if is_blank(name) or is_blank(relation):
        raise ValidationError(_("Vul een naam en de relatie tot het gezin in."))
    return NetworkContact.objects.create(
        household=household, name=clean(name), relation=clean(relation), phone=phone, email=email
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
    """Correct a network contact. A stale `version` is refused, so nothing is overwritten."""
    if not name.strip() or not relation.strip():
        raise ValidationError(_("Vul een naam en de relatie tot het gezin in."))
    submitted = {"name": name, "relation": relation, "phone": phone, "email": email}
    check_version(contact, version, fields=submitted, submitted=submitted)
    contact.name = name.strip()
    contact.relation = relation.strip()
    contact.phone = phone
    contact.email = email
    next_version(contact)
    contact.save()
    return contact


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
    """Change the name and address. A stale `version` is refused, so nothing is overwritten."""
    if is_blank(label):
        raise ValidationError({"label": [_("Geef het huishouden een naam.")]})
    submitted = {
        "label": label,
        "street_address": street_address,
        "postcode": postcode,
        "city": city,
        "confidential_address": confidential_address,
    }
    check_version(household, version, fields=submitted, submitted=submitted)
    household.label = clean(label)
    household.street_address = street_address
    household.postcode = postcode
    household.city = city
    household.confidential_address = confidential_address
    next_version(household)
    household.save()
    return household


@service
def member_account_link(*, actor: User, member: Member, user: User) -> Member:
    """Link a family account to a member who lives here and has none yet."""
    if not member.is_current:
        raise ValidationError(_("Dit gezinslid woont niet meer in het huishouden."))
    if member.user_id is not None:
        raise ValidationError(_("Dit gezinslid heeft al een account."))
    if not user.is_family or Member.objects.filter(user=user).exists():
        raise ValidationError(_("Dit account kan niet aan dit gezinslid worden gekoppeld."))
    member.user = user
    member.save(update_fields=["user"])
    return member
