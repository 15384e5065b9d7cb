"""The audit trail's hash chain (issue 10). Events are written by many transactions at once, so they are not
chained as they are written (that would serialise every write on one lock): once committed, ``seal`` appends each
event to the chain in turn, its digest the SHA-256 of the previous digest and the event's content. ``verify`` walks
the chain and names the first event whose content, or whose place, differs from what was sealed.

Sealing runs every few minutes (beat: ``core.tasks.seal_audit_trail``) and before every verification; two sealers at
once never seal an event twice (an advisory lock on PostgreSQL, and the unique position and event of each seal)."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

GENESIS = "0" * 64
LOCK_KEY = 0x4D4F_4175  # "MOAu": the sealers' advisory lock
LOOKBACK = 10_000  # ids before the last sealed event still looked at (events committed late)


def content(event) -> str:
    """The sealed content of ``event``, canonical (the same text from the same row, in any database)."""
    timestamp = event.timestamp.astimezone(datetime.UTC).isoformat()
    return json.dumps([event.pk, timestamp, event.actor_id, event.actor_repr, event.action, event.content_type_id,
                       event.object_id, event.object_repr, event.from_state, event.to_state, event.changes,
                       event.comment, event.request_id, event.ip_address],
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)  # fmt: skip


def digest(previous: str, event) -> str:
    return hashlib.sha256(f"{previous}\n{content(event)}".encode()).hexdigest()


def seal(*, batch: int = 5000, everything: bool = False) -> int:
    """Seal the committed events not sealed yet, in id order; how many. ``everything`` looks at every event, not
    only those after the last sealed one (less ``LOOKBACK``)."""
    from core.models import AuditEvent, AuditSeal

    sealed = 0
    while True:
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
                last = AuditSeal.objects.order_by("-index").first()
                low = 0 if everything or last is None else max(0, last.event_id - LOOKBACK)
                events = list(AuditEvent.objects.filter(pk__gt=low, seal__isnull=True).order_by("pk")[:batch])
                if not events:
                    return sealed
                index, previous = (last.index, last.digest) if last else (0, GENESIS)
                seals = []
                for event in events:
                    index += 1
                    previous = digest(previous, event)
                    seals.append(AuditSeal(index=index, event=event, digest=previous))
                AuditSeal.objects.bulk_create(seals)
                sealed += len(seals)
        except IntegrityError:  # another sealer got there first (SQLite has no advisory lock)
            return sealed


@dataclass
class Verification:
    ok: bool
    checked: int
    head: str
    unsealed: int = 0
    first_bad_event: int | None = None
    first_bad_index: int | None = None
    reason: str = ""


def verify(*, chunk: int = 5000) -> Verification:
    """Walk the chain from its start: every position present, every digest recomputed from the event as it is
    now. The first difference is reported (and nothing after it is trusted)."""
    from core.models import AuditEvent, AuditSeal

    previous, expected = GENESIS, 1
    seals = AuditSeal.objects.select_related("event").order_by("index")
    for item in seals.iterator(chunk_size=chunk):
        if item.index != expected:
            return Verification(False, expected - 1, previous, first_bad_event=item.event_id,
                                first_bad_index=expected, reason="missing")  # fmt: skip
        if digest(previous, item.event) != item.digest:
            return Verification(False, expected - 1, previous, first_bad_event=item.event_id,
                                first_bad_index=item.index, reason="changed")  # fmt: skip
        previous, expected = item.digest, expected + 1
    unsealed = AuditEvent.objects.filter(seal__isnull=True).count()
    return Verification(unsealed == 0, expected - 1, previous, unsealed=unsealed,
                        reason="unsealed" if unsealed else "")  # fmt: skip
