"""A hash chain over the audit trail (R12, BIO 8.15): a change behind the application's back shows.

Every audit row (auditlog's `LogEntry`) and every access event gets one `AuditSeal`, written in
the same transaction as the row:

    digest = SHA-256 of the row's content as the database holds it (every column, canonical JSON)
    hash   = HMAC-SHA-256(AUDIT_CHAIN_KEY, previous hash | kind | row id | digest | sealed at)

`verify` walks the seals in order. A row whose content no longer matches its digest, a row that
is gone, a row without a seal, or a seal that was changed, removed or inserted breaks the chain,
and the first break is named (by kind and id, never by content). The key is a secret of the
application, not of the database: whoever can write to the database but does not hold the key
cannot forge a chain that verifies.

Destruction (R15) must scrub audit rows, which changes their content. The chain covers the
digest recorded when the row was written, not the row itself, so it stays verifiable: the
destruction service adds a *scrub* seal for each row it scrubbed, chained like any other, with
the digest of the stub it left. `verify` then expects the latest digest sealed for that row.

Sealing serializes on the chain's head: on PostgreSQL with a transaction-level advisory lock, held
until the writing transaction ends; on SQLite writers are serialized already. Rows written with
`bulk_create` (which sends no signal) are sealed by their writer with `seal`. What the chain
cannot see: the newest rows removed together with their seals (the tail). `verify` reports the
head it checked, so the last one can be compared by anyone who kept it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection, models, transaction

from .models import AccessEvent, AuditSeal

Kind = AuditSeal.Kind
_MODELS: dict[str, type[models.Model]] = {Kind.LOG: LogEntry, Kind.ACCESS: AccessEvent}
_LABELS = {Kind.LOG: "audit row", Kind.ACCESS: "access event", Kind.SCRUB: "scrub seal"}
# The columns a digest covers, fixed: a column added later (an auditlog upgrade) must not change
# the digest of every row written before it. A test compares these with the models.
COLUMNS = {
    Kind.LOG: (
        "id", "content_type_id", "object_pk", "object_id", "object_repr", "serialized_data",
        "action", "changes_text", "changes", "actor_id", "cid", "remote_addr", "remote_port",
        "timestamp", "additional_data", "actor_email",
    ),
    Kind.ACCESS: (
        "id", "at", "user_id", "organisation_id", "role", "dossier_id", "action", "remote_addr",
    ),
}  # fmt: skip
_LOCK = 0x67647365616C  # "gdseal": the advisory lock that serializes the chain's head
_CHUNK = 500


# --- writing ---------------------------------------------------------------------------------


def seal(model: type[models.Model], pks: Iterable) -> None:
    """Seal rows of `model` (LogEntry or AccessEvent) just written, in the caller's transaction."""
    kind = Kind.LOG if model is LogEntry else Kind.ACCESS
    _append(AuditSeal, kind, _digests(model, kind, [str(pk) for pk in pks]))


def seal_scrubbed(pks: Iterable) -> None:
    """After destruction scrubbed these audit rows: seal the stub they hold now."""
    _append(AuditSeal, Kind.SCRUB, _digests(LogEntry, Kind.LOG, [str(pk) for pk in pks]))


def seal_unsealed(
    log: type[models.Model] = LogEntry,
    access: type[models.Model] = AccessEvent,
    seals: type[models.Model] = AuditSeal,
) -> int:
    """Seal the rows that have no seal yet, oldest first: rows loaded in bulk (seed_scale), or
    written before the chain existed (the migration passes its historical models).

    Never a repair: on a live system an unsealed row is exactly what `verify` must report.
    """
    count = 0
    for kind, model, order in ((Kind.LOG, log, "timestamp"), (Kind.ACCESS, access, "at")):
        sealed = set(seals.objects.filter(kind=kind).values_list("row", flat=True))
        pks = [str(pk) for pk in model.objects.order_by(order, "pk").values_list("pk", flat=True)]
        pending = [pk for pk in pks if pk not in sealed]
        for chunk in _chunks(pending, _CHUNK):
            _append(seals, kind, _digests(model, kind, chunk))
        count += len(pending)
    return count


def _append(seals: type[models.Model], kind: str, digests: dict[str, str]) -> None:
    if not digests:
        return
    with transaction.atomic(savepoint=False):  # the writer's transaction, or one of its own
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        previous = seals.objects.order_by("-id").values_list("hash", flat=True).first() or ""
        links = []
        for row, digest in digests.items():
            link = seals(kind=kind, row=row, digest=digest, previous=previous)
            link.hash = previous = _hash(link)
            links.append(link)
        # One INSERT per batch, in order: the ids follow the chain.
        seals.objects.bulk_create(links, batch_size=_CHUNK)


# --- checking --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    intact: bool
    rows: int  # seals walked
    first_break: str = ""  # kind and id of the first row or seal that breaks the chain
    head: str = ""  # the last hash checked


def verify() -> Verdict:
    """Walk the chain from its first seal; stop at the first break."""
    scrubbed = dict(
        AuditSeal.objects.filter(kind=Kind.SCRUB).order_by("id").values_list("row", "digest")
    )
    seen = {Kind.LOG: 0, Kind.ACCESS: 0}
    previous, walked = "", 0
    links = AuditSeal.objects.order_by("id").iterator(chunk_size=_CHUNK)
    for chunk in _chunks(links, _CHUNK):
        current = {
            kind: _digests(model, kind, [link.row for link in chunk if link.kind == kind])
            for kind, model in _MODELS.items()
        }
        for link in chunk:
            walked += 1
            if link.previous != previous or not hmac.compare_digest(link.hash, _hash(link)):
                return Verdict(False, walked, f"seal {link.pk} ({_LABELS[link.kind]} {link.row})")
            previous = link.hash
            if link.kind == Kind.SCRUB:
                continue
            expected = scrubbed.get(link.row, link.digest) if link.kind == Kind.LOG else link.digest
            actual = current[link.kind].get(link.row)
            if actual is None:
                return Verdict(False, walked, f"{_LABELS[link.kind]} {link.row} was removed")
            if actual != expected:
                return Verdict(False, walked, f"{_LABELS[link.kind]} {link.row} was changed")
            seen[link.kind] += 1
    for kind, model in _MODELS.items():
        if model.objects.count() != seen[kind]:
            return Verdict(False, walked, f"{_LABELS[kind]} {_unsealed(kind, model)} has no seal")
    return Verdict(True, walked, head=previous)


def _unsealed(kind: str, model: type[models.Model]) -> str:
    sealed = set(AuditSeal.objects.filter(kind=kind).values_list("row", flat=True))
    return next(
        (str(pk) for pk in model.objects.values_list("pk", flat=True) if str(pk) not in sealed), "?"
    )


# --- the digest and the hash -------------------------------------------------------------------


def _digests(model: type[models.Model], kind: str, pks: Sequence[str]) -> dict[str, str]:
    """The content digest of each row, read back from the database (as verify will read it)."""
    if not pks:
        return {}
    values = model.objects.filter(pk__in=pks).values(*COLUMNS[kind])
    rows = {str(row["id"]): row for row in values}
    return {pk: _digest(rows[pk]) for pk in pks if pk in rows}


def _digest(values: dict) -> str:
    text = json.dumps(
        {name: _plain(value) for name, value in values.items()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, uuid.UUID | Decimal | datetime.date):
        return str(value)
    return value


def _hash(link: AuditSeal) -> str:
    message = "|".join(
        [link.previous, link.kind, link.row, link.digest, _plain(link.sealed_at)]
    ).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def _key() -> bytes:
    return (settings.AUDIT_CHAIN_KEY or settings.SECRET_KEY).encode()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
