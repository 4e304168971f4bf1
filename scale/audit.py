"""Audit rows (django-auditlog `LogEntry`) exactly as the services leave them, without the ORM.

A create row holds every tracked field as `[None, value]`, rendered the way
`auditlog.diff.model_instance_diff(None, instance, use_json_for_changes=True)` renders it (the
project sets `AUDITLOG_STORE_JSON_CHANGES`): datetimes as naive UTC text, keys as text, reverse
relations as auditlog prints their managers, empty values left out. Which models and fields are
tracked comes from auditlog's own registry, so a newly registered model or field is picked up.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from auditlog.diff import get_mask_function, track_field
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models

from casefile.seals import canonical

from .bulk import CanonicalJSON, Table

CREATE, UPDATE = 0, 1
_MISSING = object()
_PRIMITIVE = (type(None), bool, int, float, str, list, tuple, dict, set)


def _naive_utc(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        if value.tzinfo is datetime.UTC:
            return str(value)[:-6]  # without "+00:00"
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return None if value is None else str(value)


def _plain(value):
    return value if isinstance(value, _PRIMITIVE) else str(value)


# How a value is rendered, decided once per field (a per-value function call costs too much).
_AS_IS, _TEXT, _MOMENT, _OTHER, _CONSTANT = range(5)
# The C encoder json.dumps uses for str with ensure_ascii=False, as the canonical form has it.
_encode_canonical = json.encoder.encode_basestring
_AS_IS_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.JSONField,
)


class _Template:
    """How one model's create row is rendered: (name, attname, code, extra) per tracked field."""

    def __init__(self, model: type[models.Model], table: Table):
        options = auditlog.get_model_fields(model)
        fields = [f for f in model._meta.get_fields() if track_field(f)]
        if options["include_fields"]:
            fields = [f for f in fields if f.name in options["include_fields"]]
        fields = [f for f in fields if f.name not in options["exclude_fields"]]
        self.mask = (
            get_mask_function(options.get("mask_callable")) if options["mask_fields"] else None
        )
        self.masked = set(options["mask_fields"])
        self.m2m_fields = set(auditlog._registry[model]["m2m_fields"])
        self.table = table
        self._json_parts: list | None = None
        self.fields: list[tuple[str, str | None, int, Any]] = []
        for field in fields:
            if field.concrete:
                if isinstance(field, models.DateTimeField):
                    code = _MOMENT
                elif field.many_to_one or field.one_to_one:
                    code = _TEXT  # keys as text (integers would stay numbers: _OTHER)
                    if isinstance(field.target_field, models.IntegerField):
                        code = _OTHER
                elif isinstance(field, _AS_IS_FIELDS):
                    code = _AS_IS
                elif isinstance(field, models.UUIDField | models.DateField):
                    code = _TEXT
                else:
                    code = _OTHER
                self.fields.append((field.name, field.attname, code, None))
            elif field.one_to_many and field.get_accessor_name() == field.name:
                # auditlog prints a reverse relation's manager, e.g. "casefile.Entry.None",
                # when it can be read by the field's name (a related_name, not `…_set`).
                label = f"{field.related_model._meta.label}.None"
                self.fields.append((field.name, None, _CONSTANT, label))
            # A reverse one-to-one does not exist yet when the object is created: left out.

    def _rendered(self, values: dict[str, Any]) -> list[tuple[str, Any]]:
        rendered = []
        for name, attname, code, extra in self.fields:
            if code == _CONSTANT:
                rendered.append((name, extra))
                continue
            value = values[attname] if attname in values else self.table.default(attname)
            if value is None:
                continue
            if code == _TEXT:
                value = str(value)
            elif code == _MOMENT:
                value = _naive_utc(value)
            elif code == _OTHER:
                value = _plain(value)
            if self.mask is not None and name in self.masked:
                value = self.mask(str(value))
            rendered.append((name, value))
        return rendered

    def changes(self, values: dict[str, Any]) -> dict[str, list]:
        return {name: [None, value] for name, value in self._rendered(values)}

    def changes_json(self, values: dict[str, Any]) -> CanonicalJSON:
        """The same as canonical JSON text (as the audit chain's digest writes it), without
        building the dict first (the seeder's hot path)."""
        if self._json_parts is None:
            # Sorted by name, as the canonical form sorts keys.
            self._json_parts = [
                (None, f'"{name}":[null,{_encode_canonical(extra)}]')
                if code == _CONSTANT
                else (name, f'"{name}":[null,')
                for name, _attname, code, extra in sorted(self.fields)
            ]
        rendered = dict(self._rendered(values))
        parts = []
        for name, prefix in self._json_parts:
            if name is None:
                parts.append(prefix)
                continue
            if name not in rendered:
                continue
            value = rendered[name]
            if isinstance(value, str):
                encoded = _encode_canonical(value)
            elif value is True:
                encoded = "true"
            elif value is False:
                encoded = "false"
            else:
                encoded = canonical(value)
            parts.append(prefix + encoded + "]")
        return CanonicalJSON("{" + ",".join(parts) + "}")


class AuditLog:
    """Collects LogEntry rows into a table of the caller's loader."""

    def __init__(self, *, log_table: Table, tables: Callable[[type[models.Model]], Table]):
        self.table = log_table
        self._tables = tables
        self._templates: dict[type, _Template] = {}
        self._content_types: dict[type, int] = {}
        self._has_email = "actor_email" in log_table.attnames

    @staticmethod
    def tracks(model: type[models.Model]) -> bool:
        return auditlog.contains(model)

    def _template(self, model) -> _Template:
        template = self._templates.get(model)
        if template is None:
            template = self._templates[model] = _Template(model, self._tables(model))
        return template

    def _content_type(self, model) -> int:
        content_type = self._content_types.get(model)
        if content_type is None:
            content_type = ContentType.objects.get_for_model(model).pk
            self._content_types[model] = content_type
        return content_type

    def _row(self, model, pk, action, changes, actor, at, remote_addr, repr_):
        row = {
            "content_type_id": self._content_type(model),
            "object_pk": str(pk),
            "object_id": pk if isinstance(pk, int) else None,
            "object_repr": repr_,
            "action": action,
            # Canonical text on PostgreSQL, so the row's digest can take it as it is.
            "changes": CanonicalJSON(canonical(changes))
            if self.table.json_as_text and isinstance(changes, dict)
            else changes,
            "actor_id": actor.id if actor is not None else None,
            "remote_addr": remote_addr,
            "timestamp": at,
        }
        if self._has_email:
            row["actor_email"] = actor.email if actor is not None else None
        self.table.add(row)

    def created(self, model, values: dict, *, actor, at, remote_addr, repr_: str) -> None:
        template = self._template(model)
        if self.table.json_as_text:
            changes = template.changes_json(values)
        else:
            changes = template.changes(values)
        pk = values[model._meta.pk.attname]
        self._row(model, pk, CREATE, changes, actor, at, remote_addr, repr_)

    def updated(self, model, pk, changes: dict, *, actor, at, remote_addr, repr_: str) -> None:
        """`changes` as {field name: [old, new]}, already rendered as auditlog renders them."""
        self._row(model, pk, UPDATE, changes, actor, at, remote_addr, repr_)

    def m2m_added(self, model, pk, field_name: str, objects: list[str], **kwargs) -> None:
        if field_name not in self._template(model).m2m_fields or not objects:
            return
        changes = {field_name: {"type": "m2m", "operation": "add", "objects": objects}}
        self.updated(model, pk, changes, **kwargs)


def render(value) -> Any:
    """A value as auditlog writes it in an update row."""
    if isinstance(value, datetime.datetime):
        return _naive_utc(value)
    return _plain(value) if not isinstance(value, models.Model) else str(value.pk)
