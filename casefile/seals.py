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
from django.utils import timezone

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
    """Seal rows of `model` (LogEntry or AccessEvent) just written, in the caller's transaction.

    Three statements on PostgreSQL: reading the rows back also takes the chain's lock, then the
    head is read (a statement of its own, so it sees the head the last lock holder left) and the
    seals are inserted."""
    kind = Kind.LOG if model is LogEntry else Kind.ACCESS
    with transaction.atomic(savepoint=False):  # the lock lasts until this transaction ends
        digests = _digests(model, kind, [str(pk) for pk in pks], lock=True)
        _append(AuditSeal, kind, digests, locked=True)


def seal_scrubbed(pks: Iterable) -> None:
    """After destruction scrubbed these audit rows: seal the stub they hold now."""
    _append(AuditSeal, Kind.SCRUB, _digests(LogEntry, Kind.LOG, [str(pk) for pk in pks]))


def seal_unsealed(
    log: type[models.Model] = LogEntry,
    access: type[models.Model] = AccessEvent,
    seals: type[models.Model] = AuditSeal,
) -> int:
    """Seal the rows that have no seal yet, oldest first: rows written before the chain existed
    (the migration passes its historical models).

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


def seal_digests(batches: list[tuple[str, dict[str, str]]]) -> None:
    """Seal rows a bulk loader wrote whose digests it computed itself with `digest_of`, from the
    values it wrote (seed_scale: reading millions of rows back costs more than the load). Those
    digests must be what `verify` computes from the database; `verify_audit` is the test."""
    _append_many(AuditSeal, batches)


def digest_of(kind: str, values: dict, *, canonical_json: dict[str, str] | None = None) -> str:
    """The digest of one row from the values it was written with, as the database returns them
    (times aware, keys as the ORM gives them). `canonical_json` gives a JSON column as text that
    is already canonical (sorted keys, no spaces, not ASCII-escaped): it is written into the
    digest as it is, instead of being parsed and written again."""
    if set(values) != set(COLUMNS[kind]):
        raise ValueError(f"a {kind} digest covers exactly {COLUMNS[kind]}")
    if not canonical_json:
        return _digest(values)
    values = {**values, **dict.fromkeys(canonical_json, _SPLICE)}
    text = _canonical({name: v if type(v) in _AS_IS else _plain(v) for name, v in values.items()})
    for name in sorted(canonical_json):  # the same order as the keys in the text
        text = text.replace(_SPLICED, canonical_json[name], 1)
    return hashlib.sha256(text.encode()).hexdigest()


def canonical(value) -> str:
    """JSON as the digest writes it (what `digest_of` takes in `canonical_json`)."""
    return _canonical(value)


# A value no stored text can hold (PostgreSQL text has no NUL): where a canonical JSON column goes.
_SPLICE = "\x00"
_SPLICED = '"\\u0000"'


def _append(
    seals: type[models.Model], kind: str, digests: dict[str, str], *, locked: bool = False
) -> None:
    _append_many(seals, [(kind, digests)], locked=locked)


def _append_many(
    seals: type[models.Model], batches: list[tuple[str, dict[str, str]]], *, locked: bool = False
) -> None:
    """Chain the digests onto the head, in order, and write their seals. Everything that does
    not need the head (the digests, the key) was prepared before the lock is taken."""
    if not any(digests for _kind, digests in batches):
        return
    sealed_at = timezone.now()
    stamp = _plain(sealed_at)
    signer = hmac.new(_key(), digestmod=hashlib.sha256)
    with transaction.atomic(savepoint=False):  # the writer's transaction, or one of its own
        if connection.vendor == "postgresql" and not locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        previous = seals.objects.order_by("-id").values_list("hash", flat=True).first() or ""
        rows = []
        for kind, digests in batches:
            for row, digest in digests.items():
                link = signer.copy()
                link.update(_message(previous, kind, row, digest, stamp))
                current = link.hexdigest()
                rows.append((kind, row, digest, sealed_at, previous, current))
                previous = current
        # In order: the ids follow the chain.
        if connection.vendor == "postgresql" and len(rows) > _CHUNK:
            _copy(seals, rows)
        else:
            links = [seals(**dict(zip(_SEAL_COLUMNS, row, strict=True))) for row in rows]
            seals.objects.bulk_create(links, batch_size=_CHUNK)


_SEAL_COLUMNS = ("kind", "row", "digest", "sealed_at", "previous", "hash")


def _copy(seals: type[models.Model], rows: list[tuple]) -> None:
    """Many seals at once (a bulk load): COPY, in chain order, so the ids follow the chain."""
    statement = "COPY {} ({}) FROM STDIN".format(
        connection.ops.quote_name(seals._meta.db_table),
        ", ".join(connection.ops.quote_name(c) for c in _SEAL_COLUMNS),
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


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


def _digests(
    model: type[models.Model], kind: str, pks: Sequence[str], *, lock: bool = False
) -> dict[str, str]:
    """The content digest of each row, read back from the database (as verify will read it).

    With `lock`, PostgreSQL takes the chain's lock in the same statement (one round trip less
    for every sealed write)."""
    if not pks:
        return {}
    if connection.vendor != "postgresql":
        values = model.objects.filter(pk__in=pks).values(*COLUMNS[kind])
        rows = {str(row["id"]): row for row in values}
        return {pk: _digest(rows[pk]) for pk in pks if pk in rows}
    # PostgreSQL: a plain cursor, without the ORM's per-row work (a bulk load reads millions of
    # rows back). Values come as the ORM would give them: JSON is parsed, times are aware.
    columns, parse = _read_plan(model, kind)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    locking = ", (SELECT pg_advisory_xact_lock(%s)) AS chain_lock" if lock else ""
    sql = (
        f"SELECT {', '.join(f'{table}.{quote(c)}' for c in columns)} "  # noqa: S608 (names from _meta)
        f"FROM {table}{locking} WHERE {table}.{quote(model._meta.pk.column)} = ANY(%s)"
    )
    to_key = model._meta.pk.to_python
    params = ([_LOCK] if lock else []) + [[to_key(pk) for pk in pks]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    names = COLUMNS[kind]
    loads = json.loads
    rows = {}
    for row in fetched:
        values = dict(zip(names, row, strict=True))
        for name in parse:
            if values[name] is not None:
                values[name] = loads(values[name])
        rows[str(values["id"])] = values
    return {pk: _digest(rows[pk]) for pk in pks if pk in rows}


def _read_plan(model: type[models.Model], kind: str) -> tuple[list[str], list[str]]:
    """The columns to select (in COLUMNS order) and which of them hold JSON as text."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    columns = [fields[name].column for name in COLUMNS[kind]]
    parse = [name for name in COLUMNS[kind] if isinstance(fields[name], models.JSONField)]
    return columns, parse


def _digest(values: dict) -> str:
    text = _canonical({name: v if type(v) in _AS_IS else _plain(v) for name, v in values.items()})
    return hashlib.sha256(text.encode()).hexdigest()


_canonical = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
).encode
_AS_IS = frozenset({str, int, bool, float, dict, list, type(None)})  # _plain leaves these


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, uuid.UUID | Decimal | datetime.date):
        return str(value)
    return value


def _hash(link: AuditSeal) -> str:
    message = _message(link.previous, link.kind, link.row, link.digest, _plain(link.sealed_at))
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def _message(previous: str, kind: str, row: str, digest: str, sealed_at: str) -> bytes:
    """What a seal's HMAC covers: the link before it, and this link."""
    return "|".join([previous, kind, row, digest, sealed_at]).encode()


def _key() -> bytes:
    return (settings.AUDIT_CHAIN_KEY or settings.SECRET_KEY).encode()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
