"""A dossier's audit trail (R12): every look (AccessEvent) and every change (auditlog) in one list.

One SQL UNION, newest first, so it paginates and counts in the database. Changes are listed by
which object and which fields changed, never the values: a family member reading the trail must
not learn what a withheld entry says.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from casefile import records, visibility
from casefile.models import AccessEvent, Dossier
from casefile.visibility import Reader

CHANGE_ACTIONS = {
    LogEntry.Action.CREATE: ("create", _("Aangemaakt")),
    LogEntry.Action.UPDATE: ("update", _("Gewijzigd")),
    LogEntry.Action.DELETE: ("delete", _("Verwijderd")),
    LogEntry.Action.ACCESS: ("access", _("Bekeken")),
}
ACTION_CHOICES = [
    *AccessEvent.Action.choices,
    *[(value, label) for value, label in CHANGE_ACTIONS.values()],
]
# ZGW `resultaat` is the HTTP status the action had.
_RESULT = {"create": 201, "delete": 204}

# Deterministic UUIDs for auditlog rows, whose own keys are sequential numbers.
_LOGENTRY_NAMESPACE = uuid.UUID("0b6c1f0e-5a8e-4a51-9d2f-6b0c7e0a3c11")


@dataclass(frozen=True)
class TrailItem:
    id: uuid.UUID
    at: datetime.datetime
    source: str  # "access" or "change"
    action: str
    action_label: str
    result: int
    user: User | None
    organisation: Organisation | None
    role: str
    resource: str
    resource_id: str
    resource_repr: str
    explanation: str
    dossier_id: uuid.UUID
    changed_fields: tuple[str, ...] = ()  # names only, never values


def _part_keys(reader: Reader) -> Q:
    """Which auditlog rows are about this dossier and shown to this reader: the keys of every
    part of the dossier the reader may see (`casefile.visibility`), in one query.

    So a family member's trail never names the id, kind or time of a withheld entry, a draft, a
    sibling's measure or another member's request. auditlog keeps keys as text, and UUIDs read
    back as text differ between databases, so the keys are compared in Python, not joined.
    """
    kinds = {kind.label: kind.model for kind in records.kinds() if kind.record.in_trail}
    parts = [
        visibility.visible(reader, model.objects.all())
        .annotate(part=Value(label, output_field=CharField()))
        .order_by()
        .values_list("pk", "part")
        for label, model in kinds.items()
    ]
    keys: dict[str, list] = defaultdict(list)
    for pk, label in parts[0].union(*parts[1:], all=True):
        keys[label].append(pk)
    condition = Q(pk__in=[])
    for label, pks in keys.items():
        content_type = ContentType.objects.get_for_model(kinds[label])
        condition |= Q(content_type=content_type, object_pk__in=[str(pk) for pk in pks])
    return condition


_COLUMNS = [
    "t_ref",
    "t_when",
    "t_source",
    "t_what",
    "t_actor",
    "t_actor_organisation",
    "t_actor_role",
    "t_resource",
    "t_resource_ref",
    "t_resource_repr",
    "t_changed",
]


def audit_trail_looks(*, dossier: Dossier) -> QuerySet[AccessEvent]:
    """The looks in the trail: every look at the dossier, whoever reads the trail (R12)."""
    return AccessEvent.objects.filter(dossier=dossier)


def _events(dossier: Dossier, *, actions: set[str] | None) -> QuerySet:
    events = audit_trail_looks(dossier=dossier)
    if actions is not None:
        events = events.filter(action__in=actions)
    return events.annotate(
        t_ref=Cast("pk", CharField()),
        t_when=F("at"),
        t_source=Value("access", output_field=CharField()),
        t_what=F("action"),
        t_actor=F("user_id"),
        t_actor_organisation=F("organisation_id"),
        t_actor_role=F("role"),
        t_resource=Value("dossier", output_field=CharField()),
        t_resource_ref=Value(str(dossier.pk), output_field=CharField()),
        t_resource_repr=Value("", output_field=CharField()),
        t_changed=Value("", output_field=CharField()),
    ).values(*_COLUMNS)


def _changes(*, actions: set[str] | None, reader: Reader) -> QuerySet:
    changes = LogEntry.objects.filter(_part_keys(reader))
    if actions is not None:
        codes = [code for code, (value, _label) in CHANGE_ACTIONS.items() if value in actions]
        changes = changes.filter(action__in=codes)
    return changes.annotate(
        t_ref=Cast("pk", CharField()),
        t_when=F("timestamp"),
        t_source=Value("change", output_field=CharField()),
        t_what=Case(
            *[When(action=code, then=Value(value)) for code, (value, _l) in CHANGE_ACTIONS.items()],
            output_field=CharField(),
        ),
        t_actor=F("actor_id"),
        t_actor_organisation=F("actor__organisation_id"),
        t_actor_role=F("actor__role"),
        t_resource=F("content_type__model"),
        t_resource_ref=F("object_pk"),
        t_resource_repr=F("object_repr"),
        t_changed=Cast("changes", CharField()),
    ).values(*_COLUMNS)


def audit_trail_list(
    *,
    dossier: Dossier,
    reader: Reader,
    action: str | None = None,
    created_after: datetime.date | None = None,
    created_before: datetime.date | None = None,
) -> QuerySet:
    """Rows (dicts) of the trail, newest first; turn a page of them into items with `audit_trail_items`.

    `reader` is who will read it (`casefile.visibility`): the trail holds the changes of what
    they may see, and every look at the dossier.
    """
    actions = {action} if action else None
    parts = []
    for part in (
        _events(dossier, actions=actions),
        _changes(actions=actions, reader=reader),
    ):
        when = "at" if part.model is AccessEvent else "timestamp"
        if created_after:
            part = part.filter(**{f"{when}__date__gte": created_after})
        if created_before:
            part = part.filter(**{f"{when}__date__lte": created_before})
        parts.append(part.order_by())  # SQLite allows no ORDER BY inside a UNION
    return parts[0].union(parts[1], all=True).order_by("-t_when", "t_ref")


def _changed_fields(raw: str | None) -> str:
    try:
        fields = sorted(json.loads(raw or "{}"))
    except (TypeError, ValueError):
        return ""
    return ", ".join(fields)


def audit_trail_items(*, dossier: Dossier, rows) -> list[TrailItem]:
    """Turn trail rows into items with their users and organisations, in two queries."""
    rows = list(rows)
    users = User.objects.in_bulk({row["t_actor"] for row in rows if row["t_actor"]})
    organisations = Organisation.objects.in_bulk(
        {row["t_actor_organisation"] for row in rows if row["t_actor_organisation"]}
    )
    labels = dict(ACTION_CHOICES)
    roles = dict(User.Role.choices)
    items = []
    for row in rows:
        is_access = row["t_source"] == "access"
        changed = "" if is_access else _changed_fields(row["t_changed"])
        items.append(
            TrailItem(
                id=uuid.UUID(row["t_ref"])
                if is_access
                else uuid.uuid5(_LOGENTRY_NAMESPACE, row["t_ref"]),
                at=row["t_when"],
                source=row["t_source"],
                action=row["t_what"],
                action_label=str(labels.get(row["t_what"], row["t_what"])),
                result=_RESULT.get(row["t_what"], 200),
                user=users.get(_as_uuid(row["t_actor"])),
                organisation=organisations.get(_as_uuid(row["t_actor_organisation"])),
                role=str(roles.get(row["t_actor_role"], row["t_actor_role"] or "")),
                resource=row["t_resource"],
                resource_id=row["t_resource_ref"],
                resource_repr=row["t_resource_repr"],
                explanation=(
                    str(labels.get(row["t_what"], ""))
                    if is_access
                    else (str(_("Velden: %(fields)s")) % {"fields": changed} if changed else "")
                ),
                dossier_id=dossier.pk,
                changed_fields=tuple(changed.split(", ")) if changed else (),
            )
        )
    return items


def _as_uuid(value) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))
