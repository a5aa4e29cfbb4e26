"""Before a row that might already be on the portal is filed again, look for it there.

A row left in_progress or submitted_unconfirmed (a crash, a kill, a submit whose answer never
came) may or may not have produced a dossier. The only one who knows is the portal: its "Hồ sơ
của tôi" list, searched by the engine for a dossier with this row's values submitted since the
row's first attempt. Found → the row is filed with that code; not found → it is safe to file.

The waiting rule ("not found" is believed only once the last submit can no longer land) is the
runner's `look_until_settled`, shared with the engine; this module only adapts a ledger record
to it. A lookup that meets a fault raises: it never reads as "not filed".
"""

from __future__ import annotations

import datetime as dt

import structlog

from agent.batch.ledger import LedgerRecord
from agent.batch.ports import Dossier, FilingEngine, Receipt, SessionT
from agent.runner.lookup import DEFAULT_SETTLE, SEARCH_SLACK, SYSTEM_CLOCK, Clock, look_until_settled

log = structlog.get_logger("dvc_agent.batch")


def search_start(record: LedgerRecord) -> dt.datetime:
    """The earliest time this row's dossier could have been submitted, in local time."""
    started = record.first_attempt_at or record.attempt_started_at or record.updated_at
    return (started - SEARCH_SLACK).astimezone()


async def find_existing(
    engine: FilingEngine[SessionT],
    session: SessionT,
    dossier: Dossier,
    record: LedgerRecord,
    *,
    last_submit_at: dt.datetime | None = None,
    settle: dt.timedelta = DEFAULT_SETTLE,
    clock: Clock = SYSTEM_CLOCK,
) -> Receipt | None:
    """The portal's receipt for this row's dossier if it was already filed, else None (only once
    the row's last submit can no longer land)."""
    since = search_start(record)

    def waiting(seconds: float) -> None:
        log.info(
            "submit may still be landing; looking again after it settles",
            row_id=record.row_id,
            wait_s=round(seconds, 1),
        )

    async def look() -> Receipt | None:
        return await engine.find_filed(session, dossier, since=since)

    return await look_until_settled(
        look, last_submit_at=last_submit_at, settle=settle, clock=clock, on_wait=waiting
    )
