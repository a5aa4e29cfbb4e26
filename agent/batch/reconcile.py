"""Before a row that might already be on the portal is filed again, look for it there.

A row left in_progress or submitted_unconfirmed (a crash, a kill, a submit whose answer never
came) may or may not have produced a dossier. The only one who knows is the portal: its "Hồ sơ
của tôi" list, searched by the engine for a dossier with this row's values submitted since the
row's first attempt. Found → the row is filed with that code; not found → it is safe to file.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from agent.batch.ledger import LedgerRecord

#: "Hồ sơ của tôi" shows submission times to the minute; look a little earlier than the attempt.
CLOCK_SLACK = dt.timedelta(minutes=2)


def search_start(record: LedgerRecord) -> dt.datetime:
    """The earliest time this row's dossier could have been submitted, in local time."""
    started = record.first_attempt_at or record.attempt_started_at or record.updated_at
    return (started - CLOCK_SLACK).astimezone()


async def find_existing(engine: Any, session: Any, dossier: Any, record: LedgerRecord) -> Any | None:
    """The portal's receipt for this row's dossier if it was already filed, else None."""
    return await engine.find_filed(session, dossier, since=search_start(record))
