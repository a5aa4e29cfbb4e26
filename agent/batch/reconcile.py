"""Before a row that might already be on the portal is filed again, look for it there.

A row left in_progress or submitted_unconfirmed (a crash, a kill, a submit whose answer never
came) may or may not have produced a dossier. The only one who knows is the portal: its "Hồ sơ
của tôi" list, searched by the engine for a dossier with this row's values submitted since the
row's first attempt. Found → the row is filed with that code; not found → it is safe to file.

"Not found" is only believed once the last submit can no longer land. A submit sent just before
a crash may still be on its way through the portal (a slow commit, a request queued behind
others); a look taken too early would miss it and the row would be filed twice. So a row whose
submit was sent less than `settle` ago is looked up once more after that window has passed.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import structlog

from agent.batch.ledger import LedgerRecord

#: "Hồ sơ của tôi" shows submission times to the minute; look a little earlier than the attempt.
CLOCK_SLACK = dt.timedelta(minutes=2)
#: How long a submit may take to land on the portal after it was sent (a portal's request timeout).
DEFAULT_SETTLE = dt.timedelta(seconds=30)

log = structlog.get_logger("dvc_agent.batch")


def search_start(record: LedgerRecord) -> dt.datetime:
    """The earliest time this row's dossier could have been submitted, in local time."""
    started = record.first_attempt_at or record.attempt_started_at or record.updated_at
    return (started - CLOCK_SLACK).astimezone()


def settle_remaining(last_submit_at: dt.datetime | None, settle: dt.timedelta,
                     now: dt.datetime) -> float:
    """Seconds until a submit sent at `last_submit_at` can no longer land (0 when it cannot)."""
    if last_submit_at is None:
        return 0.0
    return max(0.0, (last_submit_at + settle - now).total_seconds())


async def find_existing(engine: Any, session: Any, dossier: Any, record: LedgerRecord, *,
                        last_submit_at: dt.datetime | None = None,
                        settle: dt.timedelta = DEFAULT_SETTLE) -> Any | None:
    """The portal's receipt for this row's dossier if it was already filed, else None."""
    since = search_start(record)
    found = await engine.find_filed(session, dossier, since=since)
    if found is not None:
        return found
    wait = settle_remaining(last_submit_at, settle, dt.datetime.now(dt.timezone.utc))
    if wait > 0:
        # A deadline, not a guess at timing: after it, the submit has landed or never will.
        log.info("submit may still be landing; looking again after it settles", row_id=record.row_id,
                 wait_s=round(wait, 1))
        await asyncio.sleep(wait)
        found = await engine.find_filed(session, dossier, since=since)
    return found
