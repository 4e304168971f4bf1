"""Destroying a dossier's personal data (R15), by what each model declares of itself.

Every kind of record in `casefile.records` lists its personal-data fields in its
`dossier_record`; this walks them all, in every app, so a text field added anywhere is
destroyed with the rest (a test fails for one that is not declared). Rows stay as stubs: who
did what and when is still known, what it said is not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from casefile import records, seals
from casefile.models import Dossier, Entry
from casefile.tasks import stored_file_delete
from core.db import STUB, destroying
from outbox.services import message_add

DESTROYED = STUB  # the only value the database guards let destruction write (core.db)

Destroyed = dict[type[models.Model], set]


def dossier_content_destroy(
    *, dossier: Dossier, entries: Iterable[Entry] | None = None, identity: bool = False
) -> Destroyed:
    """Empty the personal data of the dossier's records, and scrub it from the audit log.

    - `entries`: only those entries and what belongs to them (own statements, correction
      requests); otherwise everything in the dossier. Stored files of the whole dossier (PDF
      copies) hold those entries too, so they go either way.
    - `identity`: also what identifies the people (names, address, BSN); only when the whole
      dossier is destroyed at the end of its retention, never on a member's request.

    Called inside the service that decided the destruction (its transaction, its actor).
    Returns the rows that changed, per model.

    Entries, views, decided decisions and audit rows refuse changes in the database (R12);
    `destroying()` lets them take the stub, and only the stub, for the length of this call.
    """
    with destroying():
        return _destroy(dossier=dossier, entries=entries, identity=identity)


def _destroy(*, dossier: Dossier, entries: Iterable[Entry] | None, identity: bool) -> Destroyed:
    entry_pks = None if entries is None else [entry.pk for entry in entries]
    destroyed: Destroyed = defaultdict(set)
    for kind in records.kinds():
        record = kind.record
        personal = (*record.personal_data, *(record.identity if identity else ()))
        rows = kind.model.objects.filter(**{record.dossier: dossier.pk})
        if entry_pks is not None and record.entry is not None:
            rows = rows.filter(**{f"{record.entry}__in": entry_pks})
        elif entry_pks is not None:
            if not record.files_copy_entries:
                continue  # documents of their own: they go with the whole dossier only
            personal = ()  # a record of the whole dossier: only its stored files go
        if not (personal or record.files):
            continue
        for row in rows:
            if _empty(row, personal, record.files, record.storage):
                destroyed[kind.model].add(row.pk)
    _scrub_audit(destroyed)
    return destroyed


def _empty(
    row: models.Model, personal: Iterable[str], files: Iterable[str], storage: str = "default"
) -> bool:
    """Overwrite the filled-in fields with the stub; True if anything changed."""
    changed = []
    for name in (*personal, *files):
        field = row._meta.get_field(name)
        if field.many_to_many:
            related = getattr(row, name)
            if related.exists():
                related.clear()
                changed.append(name)
            continue
        value = getattr(row, name)
        if value in ("", None, DESTROYED):
            continue
        if name in files:
            message_add(task=stored_file_delete, path=str(value), storage=storage)
        setattr(row, name, DESTROYED[: field.max_length] if field.max_length else DESTROYED)
        changed.append(name)
    saved = [name for name in changed if not row._meta.get_field(name).many_to_many]
    if saved:
        row.save(update_fields=saved)
    return bool(changed)


def _scrub_audit(destroyed: Destroyed) -> None:
    """Remove the destroyed text from the audit log; each row stays as a stub (who, when, which
    fields). The only place the application changes audit rows, as R15 demands; a scrub seal
    records the stub's digest, so the hash chain stays whole (casefile.seals)."""
    scrubbed = []
    for model, pks in destroyed.items():
        if not pks:
            continue
        rows = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=[str(pk) for pk in pks],
        )
        # Some models put free text in their str(), which auditlog keeps as object_repr; the
        # content type still says what the row was.
        for row in rows:
            row.changes = {field: DESTROYED for field in (row.changes or {})}
            row.changes_text = ""
            row.serialized_data = None
            row.additional_data = None
            row.object_repr = DESTROYED
            row.save(
                update_fields=[
                    "changes",
                    "changes_text",
                    "serialized_data",
                    "additional_data",
                    "object_repr",
                ]
            )
            scrubbed.append(row.pk)
    seals.seal_scrubbed(scrubbed)
