"""Validate every row before any browser starts, and say per row what the run will do.

Invalid rows are reported with their row number, column and message and never filed; the rest
proceed. Two rows describing the same dossier are treated as a mistake (filing both would make
a citizen's record twice), so the later one is reported instead of filed.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from agent.batch import models
from agent.batch.inputs import ACCOUNT, InputRow, InputTable
from agent.errors import InvalidInput

if TYPE_CHECKING:
    from agent.batch.ports import Dossier  # the runner's types: a plan needs no browser


@dataclass(frozen=True)
class RowProblem:
    column: str
    message: str

    def render(self) -> str:
        return f"{self.column}: {self.message}" if self.column else self.message


@dataclass
class PlannedRow:
    """A valid row: its input, the dossier to file and the account to file it with."""

    row: InputRow
    dossier: Dossier
    account: str


@dataclass
class InvalidRow:
    row: InputRow
    problems: list[RowProblem]

    @property
    def message(self) -> str:
        return "; ".join(p.render() for p in self.problems)


@dataclass
class Plan:
    procedure: str
    table: InputTable
    valid: list[PlannedRow] = field(default_factory=list)
    invalid: list[InvalidRow] = field(default_factory=list)

    @property
    def input_id(self) -> str:
        return f"{self.procedure}:{self.table.identity}"

    @cached_property
    def person_columns(self) -> list[str]:
        """The columns naming the person each row's dossier is about (see `models`)."""
        return models.person_columns(self.procedure)

    def person(self, row: InputRow) -> str:
        """The name(s) the portal will show for this row's dossier, e.g. the deceased's."""
        return " & ".join(v for v in (row.values.get(c, "") for c in self.person_columns) if v)


def _problems_of(exc: Exception) -> list[RowProblem]:
    problems = getattr(exc, "problems", None)
    if not problems:
        return [RowProblem("", str(exc))]
    out = []
    for p in problems:
        message = p.message + (f" — {p.hint}" if getattr(p, "hint", "") else "")
        out.append(RowProblem(getattr(p, "location", "") or "", message))
    return out


def build_plan(
    table: InputTable, procedure: str, default_account: str | None = None, default_portal: str | None = None
) -> Plan:
    """Validate each row with the procedure's model; nothing here talks to a portal."""
    models.check_procedure(procedure)
    plan = Plan(procedure=procedure, table=table)
    with models.attachments_snapshot(), _no_cycle_collection():
        _validate_rows(plan, table, procedure, default_account, default_portal)
    return plan


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while the rows are validated: each valid row keeps a dozen
    models alive, and every collection would scan all those kept so far again (a third of the
    time of a 10,000-row plan), although validating makes next to no cycles.

    Afterwards what was made joins the oldest generation unexamined, as if it had survived the
    young collections it skipped: `freeze` then `unfreeze` moves objects without scanning them.
    (Skipped when something else in the process keeps objects frozen, which `unfreeze` would
    thaw too.)
    """
    was_enabled = gc.isenabled()
    others_frozen = gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        if not others_frozen:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _fingerprint(values: dict[str, str]) -> tuple[str, ...]:
    """What `content_hash` hashes, kept in memory only: column, value, column, value… by column
    name. One flat tuple of text per row rather than a tuple of pairs: thirty fewer objects per
    row to hold, and for the cycle collector to look at."""
    return tuple(chain.from_iterable(sorted(values.items())))


def _validate_rows(
    plan: Plan, table: InputTable, procedure: str, default_account: str | None, default_portal: str | None
) -> None:
    """Each row of the table → `plan.valid` or `plan.invalid` (see `build_plan`)."""
    base_dir: Path = table.path.parent
    seen_ids: dict[str, int] = {}
    seen_content: dict[tuple[str, ...], int] = {}
    for row in table.rows:
        problems: list[RowProblem] = [RowProblem("", p) for p in row.problems]
        if row.row_id in seen_ids:
            problems.append(RowProblem("row_id", f"same row_id as row {seen_ids[row.row_id]}"))
        dossier: Dossier | None = None
        values = row.dossier_values()
        try:
            dossier = models.from_flat(
                procedure,
                values,
                base_dir,
                account=row.account or default_account or None,
                portal=default_portal,
            )
        except InvalidInput as exc:
            problems.extend(_problems_of(exc))
        fingerprint = _fingerprint(values)
        if fingerprint in seen_content and not problems:
            problems.append(
                RowProblem(
                    "",
                    f"same dossier as row {seen_content[fingerprint]}; "
                    "filing it twice would register it twice",
                )
            )
        account = row.account or default_account or (dossier.account or "" if dossier is not None else "")
        if dossier is not None and not account:
            problems.append(
                RowProblem(ACCOUNT, "no account to file with — add an `account` column or pass --account")
            )
        seen_ids.setdefault(row.row_id, row.number)
        seen_content.setdefault(fingerprint, row.number)
        if problems or dossier is None:
            plan.invalid.append(InvalidRow(row, problems))
        else:
            plan.valid.append(PlannedRow(row, dossier, account))
