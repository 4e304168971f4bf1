"""Family accounts: the lead makes one for a member aged 12+, who sets a password by a link."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access
from casefile.services import member_account_link
from core.services import service
from households.models import Member
from outbox.services import message_add
from portal.tasks import family_invitation_send


def _username_for(member: Member) -> str:
    base = slugify(f"{member.first_name}.{member.last_name}".replace(" ", "")) or "gezinslid"
    base = base.replace("-", ".")[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


def _invitation_send(user: User, *, again: bool = False) -> None:
    # Each resend is a new e-mail the lead asked for, so it gets a key of its own.
    key = f"{family_invitation_send.name}:{user.pk}:{uuid.uuid4().hex}" if again else None
    message_add(task=family_invitation_send, key=key, user_id=user.pk)


@service
def family_account_create(*, actor: User, member: Member, email: str) -> User:
    """The lead makes an account for a member aged 12+; an e-mail brings a one-time link."""
    dossier = getattr(member.household, "dossier", None)
    if dossier is None or not access.can_invite_family(actor, dossier):
        raise PermissionDenied(_("Alleen de vaste professional maakt een account voor het gezin."))
    errors = {}
    if member.age() < access.FAMILY_ACCOUNT_MIN_AGE:
        errors["member"] = [_("Een account kan vanaf 12 jaar.")]
    elif member.user_id is not None:
        errors["member"] = [_("Dit gezinslid heeft al een account.")]
    elif not member.is_current:
        errors["member"] = [_("Dit gezinslid woont niet meer in het huishouden.")]
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Vul een geldig e-mailadres in.")]
    if errors:
        raise ValidationError(errors)
    user = User(
        username=_username_for(member),
        first_name=member.first_name,
        last_name=member.last_name,
        email=email,
        role=User.Role.FAMILY,
    )
    # No password until the member sets one through the link.
    user.set_unusable_password()
    user.save()
    member_account_link(actor=actor, member=member, user=user)
    _invitation_send(user)
    return user


@service
def family_invitation_resend(*, actor: User, member: Member) -> User:
    """A new link, for a member who did not set a password in time. Older links keep working
    until they expire or the password is set."""
    dossier = getattr(member.household, "dossier", None)
    if dossier is None or not access.can_invite_family(actor, dossier):
        raise PermissionDenied(_("Alleen de vaste professional stuurt een uitnodiging."))
    user = member.user
    if user is None or not member.is_current:
        raise ValidationError(_("Dit gezinslid heeft geen account."))
    if user.has_usable_password():
        raise ValidationError(_("Dit gezinslid heeft het account al in gebruik genomen."))
    _invitation_send(user, again=True)
    return user
