"""One place records reads (R12, NEN 7513): every look at a dossier's content is an access event.

- Pages: a view that shows a dossier's content answers with a `TemplateResponse` whose context
  holds that `dossier` (or `listed_dossiers` for a list of them). `DossierReadsMiddleware`
  records one access event per dossier for every such page it lets through: a page, or a form
  shown again with its errors. A redirect, a refusal or a 404 shows nothing and records nothing.
- The API: `casefile.api.base.DossierApiView` does the same for the dossiers its endpoint read.
- Acts that are themselves a kind of access (joining, making or fetching a PDF copy) are
  recorded by their services with `record`.

Selectors only read; none of them records anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from core.http import client_address

from . import seals
from .models import AccessEvent, Dossier


def record(*, user: User, dossier: Dossier, action: str, remote_addr: str | None) -> AccessEvent:
    """One access event, with who it was at the time (organisation and role), and its seal."""
    with transaction.atomic(savepoint=False):
        return AccessEvent.objects.create(**_event(user, dossier, action, remote_addr))


def record_many(
    *, user: User, dossiers: Iterable[Dossier], action: str, remote_addr: str | None
) -> None:
    """One access event per dossier, in one query, and their seals (bulk_create sends no signal)."""
    events = [
        AccessEvent(**_event(user, dossier, action, remote_addr))
        for dossier in {dossier.pk: dossier for dossier in dossiers}.values()
    ]
    if not events:  # no empty transaction (two round trips) for an answer that listed nothing
        return
    with transaction.atomic(savepoint=False):
        AccessEvent.objects.bulk_create(events)
        seals.seal(AccessEvent, [event.pk for event in events])


def _event(user: User, dossier: Dossier, action: str, remote_addr: str | None) -> dict:
    return {
        "user": user,
        "organisation_id": user.organisation_id,
        "role": user.role,
        "dossier": dossier,
        "action": action,
        "remote_addr": remote_addr,
    }


def shows_content(status_code: int) -> bool:
    """A page or a form shown again with its errors; not a redirect, refusal or 404."""
    return status_code < 300 or status_code == 400


def page_action(user: User) -> str:
    return AccessEvent.Action.FAMILY_VIEW if user.is_family else AccessEvent.Action.VIEW


class DossierReadsMiddleware:
    """Records the reads of every page that shows a dossier (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        context = getattr(response, "context_data", None) or {}  # an API answer has none
        dossier = context.get("dossier")
        listed = context.get("listed_dossiers")
        user = getattr(request, "user", None)
        if not (dossier or listed) or not shows_content(response.status_code):
            return response
        if user is None or not user.is_authenticated:
            return response
        address = client_address(request)
        if isinstance(dossier, Dossier):
            record(user=user, dossier=dossier, action=page_action(user), remote_addr=address)
        if listed:
            record_many(
                user=user, dossiers=listed, action=AccessEvent.Action.LIST, remote_addr=address
            )
        return response
