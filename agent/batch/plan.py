"""Validate every row before any browser starts, and say per row what the run will do.

Invalid rows are reported with their row number, column and message and never filed; the rest
proceed. Two rows describing the same dossier are treated as a mistake (filing both would make
a citizen's record twice), so the later one is reported instead of filed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from agent.batch import models
from agent.batch.inputs import ACCOUNT, InputRow, InputTable
from agent.batch.ports import Dossier
from agent.errors import InvalidInput


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
    base_dir: Path = table.path.parent
    seen_ids: dict[str, int] = {}
    seen_content: dict[tuple[tuple[str, str], ...], int] = {}
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
        fingerprint = tuple(sorted(values.items()))  # in memory only: what content_hash hashes
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
    return plan
