"""Who looked at or changed my dossier (R12), for `/mijn-dossier/`, its page `wie-keek/` and the
PDF copy: the trail the visibility policy lets the reader see (`casefile.selectors.audit_trail`),
each line in plain words, and the short version of the home page."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from casefile import records
from casefile.models import AccessEvent, Dossier
from casefile.selectors.audit_trail import (
    audit_trail_items,
    audit_trail_list,
    audit_trail_looks,
)
from casefile.visibility import Reader

from .selectors import plain_words

ACCESS_WORDS = {
    AccessEvent.Action.VIEW: gettext_lazy("bekeek het dossier"),
    AccessEvent.Action.API_VIEW: gettext_lazy("bekeek het dossier via een ander systeem"),
    AccessEvent.Action.FAMILY_VIEW: gettext_lazy("las het eigen dossier"),
    AccessEvent.Action.PDF: gettext_lazy("vroeg een kopie (pdf) aan"),
    AccessEvent.Action.PDF_DOWNLOAD: gettext_lazy("haalde een kopie (pdf) op"),
    AccessEvent.Action.JOIN: gettext_lazy("kwam erbij om mee te helpen"),
    AccessEvent.Action.DOCUMENT_DOWNLOAD: gettext_lazy("downloadde een document"),
}
CHANGE_WORDS = {
    "create": gettext_lazy("zette iets nieuws in het dossier: %(what)s"),
    "update": gettext_lazy("veranderde iets: %(what)s"),
    "delete": gettext_lazy("haalde iets weg: %(what)s"),
    "access": gettext_lazy("bekeek: %(what)s"),
}


@dataclass(frozen=True)
class LogLine:
    id: uuid.UUID
    at: datetime.datetime
    name: str
    organisation: str
    role: str
    what: str
    is_look: bool


# An entry is never changed (R8); naming whom it is about is stored just after writing it.
ABOUT_WORDS = gettext_lazy("schreef op over wie een notitie gaat")


def _log_line(item) -> LogLine:
    if item.source == "access":
        what = str(ACCESS_WORDS.get(item.action, item.action_label))
    elif (
        item.resource == "entry"
        and item.action == "update"
        and item.changed_fields == ("about_members",)
    ):
        what = str(ABOUT_WORDS)
    else:
        thing = records.things().get(item.resource) or _("iets in het dossier")
        what = str(CHANGE_WORDS.get(item.action, CHANGE_WORDS["update"])) % {"what": thing}
    return LogLine(
        id=item.id,
        at=item.at,
        name=item.user.display_name if item.user else _("Het systeem"),
        organisation=str(item.organisation or ""),
        role=item.role,
        what=what,
        is_look=item.source == "access",
    )


def access_log_rows(*, reader: Reader, dossier: Dossier):
    """The trail as the reader may see it, newest first: page or slice it, then turn it into
    `access_log_lines`."""
    return audit_trail_list(dossier=dossier, reader=reader)


def access_log_lines(*, dossier: Dossier, rows) -> list[LogLine]:
    return [_log_line(item) for item in audit_trail_items(dossier=dossier, rows=rows)]


# Reading the dossier oneself: counted on one line, so the others' looks are not buried (R12).
OWN_LOOKS = {
    AccessEvent.Action.VIEW,
    AccessEvent.Action.API_VIEW,
    AccessEvent.Action.FAMILY_VIEW,
}


@dataclass(frozen=True)
class AccessLog:
    own_looks: int
    own_last: datetime.datetime | None
    rows: list  # every other row of the trail, newest first: page or slice it


def access_log(*, reader: Reader, dossier: Dossier) -> AccessLog:
    """The reader's trail (`access_log_rows`, so the visibility policy decides what is in it),
    with the reader's own looks taken out and counted: "U keek 12 keer"."""
    own_looks, own_last, rows = 0, None, []
    for row in access_log_rows(reader=reader, dossier=dossier):
        if _is_own_look(row, reader):
            own_looks += 1
            own_last = own_last or row["t_when"]
        else:
            rows.append(row)
    return AccessLog(own_looks=own_looks, own_last=own_last, rows=rows)


def _is_own_look(row: dict, reader: Reader) -> bool:
    actor = row["t_actor"]
    return (
        row["t_source"] == "access"
        and row["t_what"] in OWN_LOOKS
        and actor is not None
        and uuid.UUID(str(actor)) == reader.user.pk
    )


@dataclass(frozen=True)
class LookSummary:
    """Who looked, in short, for the home page; the full trail with the changes is its own page."""

    own_looks: int
    own_last: datetime.datetime | None
    others: int  # the looks of everyone else
    lines: list[LogLine]  # the newest of those


def look_summary(*, reader: Reader, dossier: Dossier, latest: int) -> LookSummary:
    """The looks of `access_log` counted, the reader's own apart, and the newest `latest` of the
    others as lines: two queries, however long the trail. The looks are the trail's own
    (`audit_trail_looks`), which every reader of the trail sees in full."""
    looks = audit_trail_looks(dossier=dossier)
    own = Q(user=reader.user, action__in=OWN_LOOKS)
    counts = looks.aggregate(
        own_looks=Count("pk", filter=own),
        own_last=Max("at", filter=own),
        others=Count("pk", filter=~own),
    )
    newest = (
        looks.exclude(own)
        .select_related("user", "organisation")
        .only(
            "at",
            "action",
            "role",
            "user__first_name",
            "user__last_name",
            "user__username",
            "organisation__name",
        )
        .order_by("-at")[:latest]
    )
    return LookSummary(**counts, lines=[_look_line(event) for event in newest])


def _look_line(event: AccessEvent) -> LogLine:
    """A look as `_log_line` words it in the trail."""
    return LogLine(
        id=event.pk,
        at=event.at,
        name=event.user.display_name if event.user else _("Het systeem"),
        organisation=str(event.organisation or ""),
        role=str(_ROLES.get(event.role, event.role or "")),
        what=str(ACCESS_WORDS.get(event.action, event.get_action_display())),
        is_look=True,
    )


_ROLES = dict(User.Role.choices)


def log_plain_words(lines: list[LogLine]) -> list[str]:
    """The explanations the access log's lines need (an organisation such as Veilig Thuis)."""
    return plain_words(*(f"{line.organisation} {line.what}" for line in lines))
