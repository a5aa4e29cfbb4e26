"""The ledger: one durable record per row, so that no row is filed twice or silently lost.

States: pending → in_progress → submitted_unconfirmed → filed | refused | failed | unconfirmed
(and back to pending for a retry). `unconfirmed` is a row whose submit may have reached the portal
but whose dossier could not be found or ruled out (the portal kept failing while we looked): it is
never called `failed`, and `--only-failed` looks it up before filing it again.

Every transition is committed (SQLite, WAL, synchronous=FULL) *before* the side effect it guards:
a row is marked in_progress before its form is opened and submitted_unconfirmed before the final
submit click. So after a `kill -9` the ledger says exactly
which rows might have reached the portal, and those are looked up before anything is re-filed.

It stores no secrets: account *names* only, and digit runs that look like IDs are masked in
messages.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from agent.secrets.masking import scrub
from agent.secrets.private_files import FILE_MODE, make_private, private_dir

PENDING = "pending"
IN_PROGRESS = "in_progress"
SUBMITTED_UNCONFIRMED = "submitted_unconfirmed"
FILED = "filed"
REFUSED = "refused"
FAILED = "failed"
UNCONFIRMED = "unconfirmed"
STATES = (PENDING, IN_PROGRESS, SUBMITTED_UNCONFIRMED, FILED, REFUSED, FAILED, UNCONFIRMED)
UNFINISHED = (IN_PROGRESS, SUBMITTED_UNCONFIRMED)
#: States a run leaves a row in: nothing more happens to it until `--only-failed` reopens
#: failed and unconfirmed rows.
TERMINAL = (FILED, REFUSED, FAILED, UNCONFIRMED)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
    input_id            TEXT NOT NULL,
    row_id              TEXT NOT NULL,
    row_number          INTEGER NOT NULL,
    content_hash        TEXT NOT NULL,
    procedure           TEXT NOT NULL,
    account             TEXT NOT NULL,
    state               TEXT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    failures            INTEGER NOT NULL DEFAULT 0,
    submit_seen         INTEGER NOT NULL DEFAULT 0,
    dossier_code        TEXT,
    appointment_date    TEXT,
    message             TEXT,
    artifacts           TEXT,
    reconciled          INTEGER NOT NULL DEFAULT 0,
    fault               TEXT,
    first_attempt_at    TEXT,
    attempt_started_at  TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (input_id, row_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS rows_dossier_code ON rows(dossier_code) WHERE dossier_code IS NOT NULL;
CREATE TABLE IF NOT EXISTS transitions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    input_id    TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT
);
"""


def mask_ids(text: str | None) -> str | None:
    """Messages may quote an ID or (by accident) a secret; the ledger keeps neither in full."""
    return None if text is None else scrub(text)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TransitionError(RuntimeError):
    """A row was not in the state a transition expects (another run touched it, or a bug)."""


@dataclass(frozen=True)
class RowKey:
    input_id: str
    row_id: str


@dataclass(frozen=True)
class LedgerRecord:
    input_id: str
    row_id: str
    row_number: int
    content_hash: str
    procedure: str
    account: str
    state: str
    attempts: int
    failures: int
    submit_seen: bool
    dossier_code: str | None
    appointment_date: str | None
    message: str | None
    artifacts: str | None
    reconciled: bool
    fault: str | None  # what kind of fault ended the row (failed / unconfirmed rows)
    first_attempt_at: dt.datetime | None
    attempt_started_at: dt.datetime | None
    updated_at: dt.datetime

    @property
    def key(self) -> RowKey:
        return RowKey(self.input_id, self.row_id)

    @property
    def needs_reconciliation(self) -> bool:
        """Might this row already be on the portal? Then look before filing it again."""
        return self.state in UNFINISHED or (self.state == PENDING and self.submit_seen)


def _ts(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class NewRow:
    row_id: str
    row_number: int
    content_hash: str
    account: str


class Ledger:
    """SQLite-backed row states. One connection, used from the batch's event-loop thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        private_dir(self.path.parent)
        # Private before SQLite opens it: its -wal/-shm/-journal files copy the database's mode.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE))
        for part in ("", "-wal", "-shm", "-journal"):  # a ledger from before, too
            make_private(self.path.with_name(self.path.name + part))
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.executescript(_SCHEMA)
        self._upgrade()

    def _upgrade(self) -> None:
        """Ledgers written before a column existed get it (a batch may resume across versions)."""
        have = {r["name"] for r in self._db.execute("PRAGMA table_info(rows)")}
        if "failures" not in have:
            self._db.execute("ALTER TABLE rows ADD COLUMN failures INTEGER NOT NULL DEFAULT 0")
        if "fault" not in have:
            self._db.execute("ALTER TABLE rows ADD COLUMN fault TEXT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading -------------------------------------------------------------------------

    @staticmethod
    def _record(row: sqlite3.Row) -> LedgerRecord:
        return LedgerRecord(
            input_id=row["input_id"],
            row_id=row["row_id"],
            row_number=row["row_number"],
            content_hash=row["content_hash"],
            procedure=row["procedure"],
            account=row["account"],
            state=row["state"],
            attempts=row["attempts"],
            failures=row["failures"],
            submit_seen=bool(row["submit_seen"]),
            dossier_code=row["dossier_code"],
            appointment_date=row["appointment_date"],
            message=row["message"],
            artifacts=row["artifacts"],
            reconciled=bool(row["reconciled"]),
            fault=row["fault"],
            first_attempt_at=_ts(row["first_attempt_at"]),
            attempt_started_at=_ts(row["attempt_started_at"]),
            updated_at=dt.datetime.fromisoformat(row["updated_at"]),
        )

    def get(self, key: RowKey) -> LedgerRecord | None:
        row = self._db.execute(
            "SELECT * FROM rows WHERE input_id=? AND row_id=?", (key.input_id, key.row_id)
        ).fetchone()
        return self._record(row) if row else None

    def records(self, input_id: str) -> list[LedgerRecord]:
        rows = self._db.execute(
            "SELECT * FROM rows WHERE input_id=? ORDER BY row_number, row_id", (input_id,)
        ).fetchall()
        return [self._record(r) for r in rows]

    def counts(self, input_id: str) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for state, n in self._db.execute(
            "SELECT state, COUNT(*) FROM rows WHERE input_id=? GROUP BY state", (input_id,)
        ):
            counts[state] = n
        return counts

    def history(self, key: RowKey) -> list[tuple[str, str]]:
        """(from, to) of every transition of a row, oldest first."""
        return [
            (r["from_state"], r["to_state"])
            for r in self._db.execute(
                "SELECT from_state, to_state FROM transitions WHERE input_id=? AND row_id=? ORDER BY id",
                (key.input_id, key.row_id),
            )
        ]

    def last_submit_at(self, key: RowKey) -> dt.datetime | None:
        """When this row's final submit was last about to be sent (None if it never was)."""
        row = self._db.execute(
            "SELECT MAX(at) AS at FROM transitions WHERE input_id=? AND row_id=? AND to_state=?",
            (key.input_id, key.row_id, SUBMITTED_UNCONFIRMED),
        ).fetchone()
        return _ts(row["at"]) if row else None

    # ---- writing -------------------------------------------------------------------------

    def register(self, input_id: str, procedure: str, rows: Iterable[NewRow]) -> int:
        """Add rows not seen before as pending; rows already known keep their state. Returns how
        many were new."""
        stamp = now().isoformat()
        added = 0
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for row in rows:
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO rows (input_id, row_id, row_number, content_hash, procedure,"
                    " account, state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        input_id,
                        row.row_id,
                        row.row_number,
                        row.content_hash,
                        procedure,
                        row.account,
                        PENDING,
                        stamp,
                        stamp,
                    ),
                )
                added += cur.rowcount
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return added

    def _move(
        self, key: RowKey, allowed_from: tuple[str, ...], to: str, note: str | None = None, **columns: object
    ) -> LedgerRecord:
        """One committed transition, refused unless the row is in one of `allowed_from`."""
        stamp = now().isoformat()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            row = self._db.execute(
                "SELECT state FROM rows WHERE input_id=? AND row_id=?", (key.input_id, key.row_id)
            ).fetchone()
            if row is None:
                raise TransitionError(f"row {key.row_id} is not in the ledger")
            if row["state"] not in allowed_from:
                raise TransitionError(f"row {key.row_id}: cannot go {row['state']} → {to}")
            sets = ", ".join(
                f"{name}={expr}"
                for name, expr in [("state", "?"), ("updated_at", "?")] + [(c, "?") for c in columns]
            )
            sql_sets = sets
            params: list[object] = [to, stamp, *columns.values()]
            self._db.execute(
                f"UPDATE rows SET {sql_sets} WHERE input_id=? AND row_id=?",
                (*params, key.input_id, key.row_id),
            )
            self._db.execute(
                "INSERT INTO transitions (input_id, row_id, from_state, to_state, at, note)"
                " VALUES (?,?,?,?,?,?)",
                (key.input_id, key.row_id, row["state"], to, stamp, mask_ids(note)),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return self.get(key)  # type: ignore[return-value]

    def begin_attempt(self, key: RowKey) -> LedgerRecord:
        """pending → in_progress, before the browser touches the portal for this row."""
        rec = self.get(key)
        stamp = now().isoformat()
        first = rec.first_attempt_at.isoformat() if rec and rec.first_attempt_at else stamp
        return self._move(
            key,
            (PENDING,),
            IN_PROGRESS,
            attempts=(rec.attempts + 1 if rec else 1),
            attempt_started_at=stamp,
            first_attempt_at=first,
            message=None,
        )

    def mark_submitting(self, key: RowKey) -> LedgerRecord:
        """in_progress → submitted_unconfirmed, just before the final submit click (again before a
        re-click, when the engine found the first click's dossier absent)."""
        return self._move(key, UNFINISHED, SUBMITTED_UNCONFIRMED, submit_seen=1)

    def mark_filed(
        self,
        key: RowKey,
        code: str,
        appointment_date: str | None,
        artifacts: str | None = None,
        reconciled: bool = False,
    ) -> LedgerRecord:
        return self._move(
            key,
            (IN_PROGRESS, SUBMITTED_UNCONFIRMED, UNCONFIRMED),
            FILED,
            note=code,
            dossier_code=code,
            appointment_date=appointment_date,
            artifacts=artifacts,
            reconciled=int(reconciled),
            message=None,
            fault=None,
        )

    def mark_refused(self, key: RowKey, message: str, artifacts: str | None = None) -> LedgerRecord:
        return self._move(
            key,
            (IN_PROGRESS, SUBMITTED_UNCONFIRMED),
            REFUSED,
            note=message,
            message=mask_ids(message),
            artifacts=artifacts,
        )

    def mark_failed(
        self, key: RowKey, reason: str, artifacts: str | None = None, fault: str | None = None
    ) -> LedgerRecord:
        """The row is not on the portal and this run gives up on it. A row whose submit may have
        reached the portal only gets here from `unconfirmed`, once a lookup proved it absent."""
        return self._move(
            key,
            (IN_PROGRESS, SUBMITTED_UNCONFIRMED, UNCONFIRMED),
            FAILED,
            note=reason,
            message=mask_ids(reason),
            fault=fault,
            **({"artifacts": artifacts} if artifacts else {}),
        )

    def mark_unconfirmed(
        self, key: RowKey, reason: str, artifacts: str | None = None, fault: str | None = None
    ) -> LedgerRecord:
        """The row's submit may have reached the portal and the portal could not tell us whether
        it did. Also unconfirmed → unconfirmed, to record why a later lookup did not settle it."""
        return self._move(
            key,
            (IN_PROGRESS, SUBMITTED_UNCONFIRMED, UNCONFIRMED),
            UNCONFIRMED,
            note=reason,
            message=mask_ids(reason),
            fault=fault,
            **({"artifacts": artifacts} if artifacts else {}),
        )

    def release(self, key: RowKey, reason: str, *, failed: bool = True) -> LedgerRecord:
        """in_progress/submitted_unconfirmed → pending: this attempt is over without a known
        dossier, another may follow (looking on the portal first if it had reached submit).
        `failed=False` for an attempt that was interrupted (a kill, a stop) rather than failed:
        it does not count against the row's retry budget."""
        rec = self.get(key)
        failures = (rec.failures if rec else 0) + (1 if failed else 0)
        return self._move(key, UNFINISHED, PENDING, note=reason, message=mask_ids(reason), failures=failures)

    def reopen_failed(self, input_id: str) -> list[RowKey]:
        """failed / unconfirmed → pending for every such row of an input (`--only-failed`), with a
        fresh retry budget. Rows whose submit may have landed keep `submit_seen`, so they are
        looked up on the portal before anything is filed again."""
        keys = [r.key for r in self.records(input_id) if r.state in (FAILED, UNCONFIRMED)]
        for key in keys:
            self._move(
                key, (FAILED, UNCONFIRMED), PENDING, note="re-run of a failed or unconfirmed row", failures=0
            )
        return keys
