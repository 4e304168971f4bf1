"""The rows of one transaction: every table, and the audit row of everything created in it."""

from __future__ import annotations

import json

from django.db import models

from casefile import seals

from .audit import AuditLog
from .bulk import CanonicalJSON, Loader
from .schema import AccessEvent, Entry, LogEntry

# Big tables are written in time order within a transaction, so a dossier's rows spread over
# the table as they would after years of use, instead of sitting on a few pages together.
TIME_ORDERED = {Entry: "created_at", AccessEvent: "at", LogEntry: "timestamp"}
SEALED = {LogEntry: seals.Kind.LOG, AccessEvent: seals.Kind.ACCESS}


class Rows:
    def __init__(self, loader: Loader):
        self.loader = loader
        self.tables = {}
        self.audit = AuditLog(log_table=self.table(LogEntry), tables=self.table)
        for model, attname in TIME_ORDERED.items():
            self.table(model).sort_by(attname)
        self._tracked: dict[type, bool] = {}
        self._through: dict[tuple, tuple] = {}

    def table(self, model):
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = self.loader.table(model)
        return table

    def add(self, model, values: dict, *, actor=None, at=None, addr=None, repr_=None) -> dict:
        """Insert a row; a model auditlog tracks also gets its create row, as a service would."""
        self.table(model).add(values)
        self.created(model, values, actor=actor, at=at, addr=addr, repr_=repr_)
        return values

    def created(self, model, values: dict, *, actor, at, addr, repr_) -> None:
        """The create row alone, for an object inserted later with its final values."""
        tracked = self._tracked.get(model)
        if tracked is None:
            tracked = self._tracked[model] = self.audit.tracks(model)
        if tracked:
            if repr_ is None:
                raise ValueError(f"{model._meta.label} is audited: give its repr_")
            self.audit.created(model, values, actor=actor, at=at, remote_addr=addr, repr_=repr_)

    def updated(self, model, pk, changes: dict, *, actor, at, addr, repr_) -> None:
        self.audit.updated(model, pk, changes, actor=actor, at=at, remote_addr=addr, repr_=repr_)

    def m2m(self, model, name: str, pk, targets: list, *, actor, at, addr, repr_) -> None:
        """Rows in a many-to-many table, and auditlog's m2m row when it tracks that field.

        `targets` have `.id`, `.repr_` and `.sort_key` (the target model's ordering)."""
        if not targets:
            return
        key = (model, name)
        if key not in self._through:
            through = model._meta.get_field(name).remote_field.through
            own = next(
                f.attname
                for f in through._meta.concrete_fields
                if f.is_relation and f.related_model is model
            )
            other = next(
                f.attname
                for f in through._meta.concrete_fields
                if f.is_relation and f.attname != own
            )
            self._through[key] = (through, own, other)
        through, own, other = self._through[key]
        table = self.table(through)
        for target in targets:
            table.add({own: pk, other: target.id})
        self.audit.m2m_added(
            model,
            pk,
            name,
            [t.repr_ for t in sorted(targets, key=lambda t: t.sort_key)],
            actor=actor,
            at=at,
            remote_addr=addr,
            repr_=repr_,
        )

    def write(self) -> dict[str, int]:
        """Write every table, then seal the audit rows and access events among them into the
        audit chain (R12), as the services' rows are, before the caller's transaction commits.
        Their digests are computed from the values written, not read back (see `_digests`)."""
        batches = []
        for model, table in self.tables.items():
            rows = table.rows  # the writer sorts this list in place and keeps it
            pks = self.loader.write(table)
            if model in SEALED and pks:
                batches.append((SEALED[model], _digests(model, table, rows, pks)))
        seals.seal_digests(batches)
        return self.loader.written


def _digests(model, table, rows: list[tuple], pks: list) -> dict[str, str]:
    """Each row's digest from what was written, as `verify` will compute it from the database:
    reading 8.8 million rows back and parsing their JSON again took half of a 100,000-household
    seed. The values are those the database returns (keys as UUIDs or ints, aware times); the
    audit row's `changes` was written as canonical JSON and goes into the digest as it is.
    `tests/scale/test_seed_scale.py` verifies the chain after a seed."""
    kind = SEALED[model]
    names = seals.COLUMNS[kind]
    position = {attname: index for index, attname in enumerate(table.attnames)}
    pk_name = model._meta.pk.attname
    json_names = [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.JSONField) and field.attname in names
    ]
    digests = {}
    for pk, row in zip(pks, rows, strict=True):
        values = {name: pk if name == pk_name else row[position[name]] for name in names}
        ready = {}
        for name in json_names:
            value = values[name]
            if isinstance(value, CanonicalJSON):
                ready[name] = value
            elif isinstance(value, str):  # JSON text written otherwise: as the database reads it
                values[name] = json.loads(value)
        digests[str(pk)] = seals.digest_of(kind, values, canonical_json=ready)
    return digests
