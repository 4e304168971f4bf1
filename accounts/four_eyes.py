"""Four eyes on staff accounts (R6): what could open access waits for a second administrator.

Without this an administrator could make a professional account with an e-mail address of his
own, accept its invitation and reach case content through it. So:
- a staff account made in the admin starts inactive, and its invitation goes out only when a
  second administrator approves it;
- a change of role, organisation or e-mail address of an existing account, or switching it back
  on, is not saved on the account but kept as a pending request. We do not rank roles to tell a
  wider change from a narrower one: every such change waits (switching an account off, which
  only closes access, does not);
- the approver is another administrator (or the superuser from `createsuperuser`): never the one
  who asked, never the one who made the account, never the account itself, and never someone
  whose e-mail address is the account's.
Requests, approvals and refusals are rows audited by django-auditlog; the account's own change
is audited when it is applied, with the approver as actor.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import service

from .models import AccountRequest, Organisation, User
from .services import administrator_rights_grant, staff_invitation_queue

# The account fields that can open access: a change waits for a second administrator.
WATCHED_FIELDS = ("role", "organisation", "email", "is_active")


def same_email(a: str, b: str) -> bool:
    return bool(a) and bool(b) and a.strip().lower() == b.strip().lower()


def email_refusal(*, actor: User, email: str, user: User | None = None) -> str | None:
    """Why an account may not get this e-mail address from `actor`, or None."""
    if same_email(email, actor.email):
        return _(
            "Dit is uw eigen e-mailadres. Een account met uw e-mailadres kunt u niet aanmaken "
            "of wijzigen: vraag een andere beheerder."
        )
    others = User.objects.filter(email__iexact=email.strip())
    if user is not None and user.pk is not None:
        others = others.exclude(pk=user.pk)
    if email and others.exists():
        return _("Dit e-mailadres hoort al bij een ander account. Kies een ander e-mailadres.")
    return None


def _value(user: User, field: str):
    if field == "organisation":
        return str(user.organisation_id) if user.organisation_id else None
    return getattr(user, field)


def watched_changes(*, before: User, after: User) -> dict:
    """The watched fields that change from `before` to `after`, as {field: [old, new]}.
    Switching off is not among them: it only closes access."""
    changes = {}
    for field in WATCHED_FIELDS:
        old, new = _value(before, field), _value(after, field)
        if old != new and not (field == "is_active" and not new):
            changes[field] = [old, new]
    return changes


def pending_request(user: User) -> AccountRequest | None:
    return AccountRequest.objects.filter(user=user, state=AccountRequest.State.PENDING).first()


@service
def account_request_new(*, actor: User, user: User) -> AccountRequest:
    """A staff account just made (inactive): it waits for a second administrator."""
    return AccountRequest.objects.create(
        kind=AccountRequest.Kind.NEW,
        user=user,
        changes={"is_active": [False, True]},
        requested_by=actor,
        requested_at=timezone.now(),
    )


@service
def account_request_change(*, actor: User, user: User, changes: dict) -> AccountRequest:
    if pending_request(user) is not None:
        raise ValidationError(
            _("Voor dit account wacht al een wijziging op goedkeuring. Wacht daar eerst op.")
        )
    return AccountRequest.objects.create(
        kind=AccountRequest.Kind.CHANGE,
        user=user,
        changes=changes,
        requested_by=actor,
        requested_at=timezone.now(),
    )


def creator(user: User) -> User | None:
    first = (
        AccountRequest.objects.filter(user=user, kind=AccountRequest.Kind.NEW)
        .select_related("requested_by")
        .order_by("requested_at")
        .first()
    )
    return first.requested_by if first else None


def approval_refusal(*, actor: User, account_request: AccountRequest) -> str | None:
    """Why `actor` may not approve this request, or None."""
    user = account_request.user
    email = account_request.changes.get("email", [None, user.email])[1] or ""
    if account_request.state != AccountRequest.State.PENDING:
        return _("Over deze aanvraag is al besloten.")
    if not actor.is_active or not (actor.is_superuser or actor.role == User.Role.ADMINISTRATOR):
        return _("Alleen een beheerder kan een aanvraag goedkeuren.")
    if actor.pk == user.pk:
        return _("Een wijziging van uw eigen account keurt een andere beheerder goed.")
    if actor.pk == account_request.requested_by_id:
        return _("U heeft dit zelf aangevraagd. Een tweede beheerder moet het goedkeuren.")
    made_by = creator(user)
    if made_by is not None and made_by.pk == actor.pk:
        return _("U heeft dit account zelf aangemaakt. Een tweede beheerder moet het goedkeuren.")
    if same_email(email, actor.email) or same_email(email, account_request.requested_by.email):
        return _(
            "Het account krijgt het e-mailadres van een beheerder. Dat kan niet worden goedgekeurd."
        )
    for field, (old, _new) in account_request.changes.items():
        if _value(user, field) != old:
            return _(
                "Het account is veranderd sinds de aanvraag. Wijs de aanvraag af en vraag de "
                "wijziging opnieuw aan."
            )
    return None


@service
def account_request_approve(*, actor: User, account_request: AccountRequest) -> User:
    """Applies the request to the account; a new account's invitation goes out (outbox)."""
    refusal = approval_refusal(actor=actor, account_request=account_request)
    if refusal:
        raise ValidationError(refusal)
    user = account_request.user
    for field, (_old, new) in account_request.changes.items():
        if field == "organisation":
            user.organisation = Organisation.objects.get(pk=new) if new else None
        else:
            setattr(user, field, new)
    user.is_staff = user.is_superuser or user.role == User.Role.ADMINISTRATOR
    user.save()
    if user.role == User.Role.ADMINISTRATOR:
        administrator_rights_grant(user)
    else:
        user.user_permissions.clear()
    account_request.state = AccountRequest.State.APPROVED
    account_request.decided_by = actor
    account_request.decided_at = timezone.now()
    account_request.save()
    if user.is_active and not user.has_usable_password():
        staff_invitation_queue(user)  # sent after this transaction commits, once
    return user


@service
def account_request_reject(*, actor: User, account_request: AccountRequest) -> None:
    """Any administrator may refuse (it opens nothing), also the one who asked (withdrawing)."""
    if account_request.state != AccountRequest.State.PENDING:
        raise ValidationError(_("Over deze aanvraag is al besloten."))
    account_request.state = AccountRequest.State.REJECTED
    account_request.decided_by = actor
    account_request.decided_at = timezone.now()
    account_request.save()
