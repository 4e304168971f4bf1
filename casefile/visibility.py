"""The one visibility policy (R6, R7): which rows of a dossier a reader may see.

Every channel reads a dossier through here, alike: the pages, the API, the PDF copy, the access
log (page and API) and e-mails. Nobody filters by themself.

- A professional who may see the dossier (lead or actively involved) sees every row.
- A family member sees their own household's dossier only, and in it:
  - the rows the family may see at all (R7: open by default; never a draft or a withheld
    entry), as each kind declares in its `dossier_record`;
  - of a member's own request or statement, only their own;
  - a child aged 12 to 15 only rows about themself or about nobody in particular (the whole
    household), and not the fields a kind keeps from children.
- Anyone else sees nothing.

`Reader` is decided once per dossier and request (`reader_for`), then handed to every
selector, so a page asks who is reading only once.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from households.models import Household, Member

from . import access
from .records import kind_of

# From this age a family member reads everything that is family-visible (R7).
FULL_READER_AGE = 16


class ReaderKind(enum.Enum):
    PROFESSIONAL = "professional"
    ADULT = "adult"  # a family member of 16 or older
    CHILD = "child"  # a family member of 12 to 15 (accounts start at 12)
    NOBODY = "nobody"


@dataclass(frozen=True)
class Reader:
    user: User
    kind: ReaderKind
    dossier_id: uuid.UUID | None
    member: Member | None = None  # the family member's own row in this household

    @property
    def is_professional(self) -> bool:
        return self.kind is ReaderKind.PROFESSIONAL

    @property
    def is_family(self) -> bool:
        return self.kind in (ReaderKind.ADULT, ReaderKind.CHILD)

    @property
    def is_child(self) -> bool:
        """Reads only what is about them or about the whole household."""
        return self.kind is ReaderKind.CHILD


def reader_for(user: User, dossier) -> Reader:
    """Who `user` is to this dossier. A family member must live in the household now."""
    if access.can_see_dossier(user, dossier):
        return Reader(user=user, kind=ReaderKind.PROFESSIONAL, dossier_id=dossier.pk)
    member = access.family_member_for(user, dossier)
    if member is not None:
        return family_reader(user=user, member=member, dossier_id=dossier.pk)
    return Reader(user=user, kind=ReaderKind.NOBODY, dossier_id=None)


def family_reader(*, user: User, member: Member, dossier_id) -> Reader:
    """The reader for a family member whose current member row the caller already checked."""
    kind = ReaderKind.ADULT if member.age() >= FULL_READER_AGE else ReaderKind.CHILD
    return Reader(user=user, kind=kind, dossier_id=dossier_id, member=member)


def professional_reader(user: User, dossier) -> Reader:
    """The reader for a professional whose access to the dossier the caller already checked."""
    return Reader(user=user, kind=ReaderKind.PROFESSIONAL, dossier_id=dossier.pk)


# --- rows ---------------------------------------------------------------------------------------


def visible(reader: Reader, rows: QuerySet) -> QuerySet:
    """The rows of this dossier that the reader may see, as one filter in SQL."""
    record = kind_of(rows.model).record
    if reader.dossier_id is None:
        return rows.none()
    rows = rows.filter(**{record.dossier: reader.dossier_id})
    if reader.is_professional:
        return rows
    if not reader.is_family or record.family is None:
        return rows.none()
    return rows.filter(record.family, *_scope(reader, rows.model))


def withheld(reader: Reader, rows: QuerySet) -> QuerySet:
    """Rows in the reader's scope that the family may not see (R7: how many, never what)."""
    record = kind_of(rows.model).record
    if not reader.is_family or record.family is None:
        return rows.none()
    rows = rows.filter(**{record.dossier: reader.dossier_id})
    return rows.exclude(record.family).filter(*_scope(reader, rows.model))


def _scope(reader: Reader, model) -> list:
    """The conditions of the 12–15 rule and of own requests, for one kind."""
    record = kind_of(model).record
    conditions = []
    if record.own:
        conditions.append(Q(**{record.own: reader.member.pk}))
    if reader.is_child:
        if not record.child:
            return [Q(pk__in=[])]
        if record.about:
            this_row = Q(pk=OuterRef("pk"))
            about_reader = Exists(
                model.objects.filter(this_row, Q(**{record.about: reader.member.pk}))
            )
            about_someone = Exists(
                model.objects.filter(this_row, Q(**{f"{record.about}__isnull": False}))
            )
            conditions.append(about_reader | ~about_someone)
    return conditions


def shows_field(reader: Reader, model, field: str) -> bool:
    """Whether the reader reads this field of a row they see (a child does not read them all)."""
    return not (reader.is_child and field in kind_of(model).record.child_hidden)


def shows_address(reader: Reader, household: Household) -> bool:
    """A secret address (a shelter) is shown to nobody but the professionals, who see that it is
    secret rather than where it is; a family member only ever sees their own household's."""
    if reader.is_professional:
        return not household.confidential_address
    return (
        reader.is_family
        and reader.member.household_id == household.pk
        and not household.confidential_address
    )
