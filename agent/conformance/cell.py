"""Run one cell — a row under a scenario — against a target, and judge it.

Around the run: on the mock, the fault plan is set (which zeroes its counters) and the portal's
dossiers are listed; after it, the counters and the new dossiers are read back and the plan is
cleared. A filing is run by the engine exactly as `submit` runs it (own browser, own artifacts
folder, so no saved sign-in leaks from one cell into the next). A flow mismatch is turned into a
drift report while the page still shows the failure.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from agent.config import Targets
from agent.conformance import judge as j
from agent.conformance.applicability import skip
from agent.conformance.dossiers import load_example, with_value
from agent.conformance.drift import DriftItem, fallback_items, mismatch_item
from agent.conformance.portal_admin import AdminApi
from agent.conformance.results import CellResult
from agent.conformance.routes import FILING, REGISTER, Row
from agent.conformance.scenarios import REFUSED_PHONE, Expect, Scenario
from agent.conformance.stored import stored_problems
from agent.errors import DvcAgentError, FlowMismatch, InfrastructureFailure, InvalidInput, PortalRefused
from agent.flow import load_procedure_flow
from agent.runner.faults import FlowStepMismatch
from agent.secrets import Credentials, Secrets
from agent.secrets.private_files import private_dir
from agent.secrets.redaction import NO_VALUES, Redaction, mask_message, redaction_for


@dataclass(frozen=True)
class Target:
    """Where the cells run: base URLs by portal name, and the mock's admin API when it has one.
    `owned`: a mock this run started, reset before every cell."""

    urls: dict[str, str]
    admin: AdminApi | None = None
    owned: bool = False
    label: str = ""


@dataclass(frozen=True)
class RunOptions:
    credentials: Credentials
    artifacts: Path
    headless: bool = True
    timeout_ms: float = 15_000
    stop_at_review: bool = False
    submit_live: bool = False  # file for real on a portal without the admin API (--submit)
    flows_dir: Path | None = None
    examples_dir: Path | None = None
    trace: bool = True
    max_attempts: int = 5

    def stops_at_review(self, target: Target) -> bool:
        return self.stop_at_review or (target.admin is None and not self.submit_live)


def cell_folder(options: RunOptions, row: Row, scenario: Scenario) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in row.key)
    return private_dir(options.artifacts / safe / scenario.name)


async def run_cell(row: Row, scenario: Scenario, target: Target, options: RunOptions) -> CellResult:
    """The cell's result: skipped (with its reason), or run and judged."""
    planned = skip(row, scenario, admin=target.admin is not None, submits=not options.stops_at_review(target))
    if planned is not None:
        status = j.FAIL if planned.failed else j.SKIPPED
        return CellResult(row.key, scenario.name, status, planned.reason, applicable=planned.applicable)
    began = time.monotonic()
    try:
        if row.kind == FILING:
            cell = await run_filing(row, scenario, target, options)
        else:
            from agent.conformance.accounts import run_account

            cell = await run_account(row, scenario, target, options, register=row.kind == REGISTER)
    except Exception as exc:  # a cell that crashes is a failed cell, never a crashed suite
        cell = CellResult(row.key, scenario.name, j.FAIL, _masked(f"crashed: {type(exc).__name__}: {exc}"))
    cell.seconds = round(time.monotonic() - began, 1)
    return cell


def _masked(text: str, redaction: Redaction = NO_VALUES) -> str:
    return mask_message(text, redaction) or ""


def report_policy(*sources: object) -> Redaction:
    """The filing's redaction policy, also in upper and title case: portals show names in
    capitals ("NGUYỄN VĂN AN" in a locked box) and an engine message may quote them so."""
    base = redaction_for(*sources)
    masks = dict(base.masks)
    for value, mask in base.masks.items():
        for variant in (value.upper(), value.title(), value.lower()):
            masks.setdefault(variant, mask)
    return Redaction(masks, base.exact)


async def run_filing(row: Row, scenario: Scenario, target: Target, options: RunOptions) -> CellResult:
    from agent.runner import Engine

    assert row.example is not None and row.procedure is not None
    folder = cell_folder(options, row, scenario)
    dossier = load_example(row.example, row.route)
    if scenario.expect is Expect.REFUSED and row.refusal_path:
        dossier = with_value(dossier, row.refusal_path, REFUSED_PHONE)
    if dossier.account is None:
        raise InvalidInput(f"{row.example.name} names no account")
    secrets = Secrets(options.credentials)
    account = secrets.account(dossier.account)
    redaction = report_policy(dossier.data, account)
    stop = options.stops_at_review(target)
    admin = target.admin
    before: set[str] = set()
    if admin is not None:
        if target.owned:
            await admin.reset()
        before = {d["code"] for d in await admin.dossiers(procedure=dossier.procedure)}
        await admin.set_faults(scenario.plan_for(row.traits), scenario.seed)
    seen = j.Observation(j.CRASHED)
    drift: list[DriftItem] = []
    run_dir: Path | None = None
    try:
        async with Engine(
            Targets(dict(target.urls)),
            secrets,
            folder,
            headless=options.headless,
            timeout_ms=options.timeout_ms,
            max_attempts=options.max_attempts,
            flows_dir=options.flows_dir,
            trace=options.trace,
        ) as engine:
            session = await engine.session(dossier.account)
            try:
                receipt = await engine.file(session, dossier, stop_at_review=stop)
            except FlowStepMismatch as exc:
                flow = engine.flow_for(dossier)
                steps = [flow.steps, flow.sign_in, flow.my_dossiers]
                drift.append(await mismatch_item(session.page, steps, exc.source, exc.detail, redaction))
                seen, run_dir = j.Observation(j.MISMATCH, str(exc), step=exc.source), exc.artifacts
            except DvcAgentError as exc:
                seen, run_dir = j.Observation(outcome_of(exc), str(exc)), exc.artifacts
            else:
                outcome = j.REVIEWED if receipt.stopped_at_review else j.FILED
                seen = j.Observation(outcome, code=receipt.code, reconciled=receipt.reconciled)
                run_dir = receipt.artifacts
    finally:
        if admin is not None:
            fired = await admin.fired()
            await admin.set_faults("")
    if admin is not None:
        seen.fired = fired
        seen.new_codes = [
            d["code"] for d in await admin.dossiers(procedure=dossier.procedure) if d["code"] not in before
        ]
        if seen.outcome == j.FILED and seen.code in seen.new_codes:
            stored = await admin.dossier(seen.code or "")
            flow = load_procedure_flow(dossier.portal, dossier.procedure, options.flows_dir)
            seen.problems = stored_problems(dossier, stored, account.public(), flow)
    drift += fallback_items(run_dir)
    verdict = j.judge(scenario, seen, stop_at_review=stop)
    return cell_result(row, scenario, verdict, seen, redaction, run_dir or folder, drift)


def cell_result(
    row: Row,
    scenario: Scenario,
    verdict: j.Verdict,
    seen: j.Observation,
    redaction: Redaction,
    artifacts: Path,
    drift: list[DriftItem],
) -> CellResult:
    """The cell as reported: its verdict, with every text masked like any other output."""
    return CellResult(
        row.key,
        scenario.name,
        verdict.status,
        _masked(verdict.reason, redaction),
        outcome=seen.outcome,
        artifacts=artifacts,
        fired=seen.fired or {},
        drift=drift,
        notes=tuple(_masked(n, redaction) for n in verdict.notes),
    )


def outcome_of(exc: DvcAgentError) -> str:
    if isinstance(exc, PortalRefused):
        return j.REFUSED
    if isinstance(exc, FlowMismatch):
        return j.MISMATCH
    if isinstance(exc, InfrastructureFailure):
        return j.INFRASTRUCTURE
    if isinstance(exc, InvalidInput):
        return j.INVALID
    return j.CRASHED
