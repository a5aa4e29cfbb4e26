"""The account paths that are not filings: registration (by phone number, by social-insurance
code) and each way of signing in (DVC account, VNeID with OTP/consent/passcode, Vietnam Post).

Registration runs `flows/blocks/conformance/register.yaml` (beside this module) with a fresh,
made-up citizen, then proves it through the portal: the mock lists the account with exactly the
typed details, an OTP went to the phone, and the new account signs in with its password. A
sign-in runs the Hanoi portal's own sign-in block for the credentials' account of that way, and
proves the portal shows that citizen signed in (and, for VNeID, that an OTP was sent).
"""

from __future__ import annotations

import secrets as random
from dataclasses import dataclass
from pathlib import Path

from agent.config import Targets
from agent.conformance import judge as j
from agent.conformance.cell import RunOptions, Target, cell_folder, cell_result, outcome_of, report_policy
from agent.conformance.drift import DriftItem, mismatch_item
from agent.conformance.portal_admin import AdminApi
from agent.conformance.results import CellResult
from agent.conformance.routes import REGISTRATION_WAYS, Row
from agent.conformance.scenarios import Expect, Scenario
from agent.errors import DvcAgentError
from agent.flow import FLOWS_DIR, load_block, plan
from agent.flow.schema import Step
from agent.observability import get_logger, redacting, run_events
from agent.runner.faults import FlowStepMismatch
from agent.runner.values import Values
from agent.secrets import Account, Credentials, Secrets, remember_secret

ACCOUNT_FLOWS = Path(__file__).resolve().parent / "flows"
REGISTER_BLOCK = "blocks/conformance/register"
SIGN_IN_BLOCK = "blocks/hanoi/sign-in"


@dataclass(frozen=True)
class Citizen:
    """A made-up citizen to register (never a real person: random digits, a test name)."""

    way: str
    phone: str
    full_name: str
    personal_id: str
    date_of_birth: str
    sex: str
    password: str
    bhxh_code: str | None = None

    @classmethod
    def new(cls, way: str) -> Citizen:
        digits = "".join(random.choice("0123456789") for _ in range(14))
        by_bhxh = way == REGISTRATION_WAYS["register-bhxh"][0]
        password = f"Kt{random.token_hex(4)}@9"
        remember_secret(password)
        return cls(
            way=way,
            phone="09" + digits[:8],
            full_name="Lê Thị Kiểm Thử",
            personal_id="001190" + digits[8:14],
            date_of_birth="15/03/1990",
            sex="Nữ",
            password=password,
            bhxh_code=("01" + digits[:8]) if by_bhxh else None,
        )

    def data(self) -> dict[str, str | None]:
        return {
            "way": self.way,
            "bhxh_code": self.bhxh_code,
            "phone": self.phone,
            "full_name": self.full_name,
            "personal_id": self.personal_id,
            "date_of_birth": self.date_of_birth,
            "sex": self.sex,
        }

    def account(self) -> Account:
        return Account(
            name="registered-citizen",
            method="dvc",
            username=self.personal_id,
            password=self.password,
            phone=self.phone,
            personal_id=self.personal_id,
        )


async def run_account(
    row: Row, scenario: Scenario, target: Target, options: RunOptions, *, register: bool
) -> CellResult:
    from agent.runner import Engine

    folder = cell_folder(options, row, scenario)
    admin = target.admin
    citizen = Citizen.new(row.way or "") if register else None
    if citizen is not None:
        account = citizen.account()
        credentials = Credentials({account.name: account}, options.credentials.providers, "registration")
    else:
        credentials = options.credentials
        account = credentials.account(row.account or "")
    redaction = report_policy(citizen.data() if citizen else None, account)
    if admin is not None:
        if target.owned:
            await admin.reset()
        await admin.set_faults(scenario.plan_for(row.traits), scenario.seed)
    sms_before = len(await admin.sms(account.phone)) if admin is not None and account.phone else 0
    seen = j.Observation(j.CRASHED)
    drift: list[DriftItem] = []
    log = get_logger(component="conformance", row=row.key, scenario=scenario.name)
    try:
        with run_events(folder / "events.jsonl"), redacting(redaction):
            async with Engine(
                Targets(dict(target.urls)),
                Secrets(credentials),
                folder,
                headless=options.headless,
                timeout_ms=options.timeout_ms,
                max_attempts=options.max_attempts,
                flows_dir=options.flows_dir,
                trace=False,  # signing in and registering type secrets: never traced
            ) as engine:
                session = await engine.session(account.name)
                sign_in = load_block(SIGN_IN_BLOCK, options.flows_dir or FLOWS_DIR)
                steps: list[list[Step]] = [sign_in]
                try:
                    if citizen is not None:
                        block = load_block(REGISTER_BLOCK, ACCOUNT_FLOWS)
                        steps.insert(0, block)
                        runner = engine.driver.runner(
                            session, session.page, session.watch, Values(citizen.data(), {}, {}), [], log
                        )
                        async for attempt in engine.driver.retrying(log):
                            with attempt:
                                session.watch.reset()
                                await engine.driver.run_block(
                                    runner, plan(block), log, phase="register", evidence=folder
                                )
                    await engine.driver.sign_in(session, sign_in, log, evidence=folder)
                    shown = await session.page.locator("body").inner_text()  # compared, never kept
                except FlowStepMismatch as exc:
                    drift.append(await mismatch_item(session.page, steps, exc.source, exc.detail, redaction))
                    seen = j.Observation(j.MISMATCH, str(exc), step=exc.source)
                except DvcAgentError as exc:
                    seen = j.Observation(outcome_of(exc), str(exc))
                else:
                    seen = j.Observation(j.ACCOUNT_DONE)
                    seen.problems, seen.message = await _prove(admin, citizen, account, shown, sms_before)
    finally:
        if admin is not None:
            fired = await admin.fired()
            await admin.set_faults("")
    if admin is not None:
        seen.fired = fired
    expect = Expect.GAVE_UP if scenario.expect is Expect.GAVE_UP else Expect.ACCOUNT
    verdict = j.judge(scenario, seen, expect=expect)
    return cell_result(row, scenario, verdict, seen, redaction, folder, drift)


async def _prove(
    admin: AdminApi | None, citizen: Citizen | None, account: Account, shown: str, sms_before: int
) -> tuple[list[str], str]:
    """(problems, what was proved) — on the mock, from its own records."""
    if admin is None:
        return [], "signed in (the portal offers Đăng xuất); not proved further: no admin API"
    problems: list[str] = []
    accounts = {a.get("id") or a.get("username"): a for a in await admin.accounts()}
    record = accounts.get(account.personal_id or account.username)
    if record is None:
        return [f"the portal has no account {account.personal_id or account.username}"], ""
    if citizen is not None:
        want = {
            "full_name": citizen.full_name,
            "phone": citizen.phone,
            "date_of_birth": citizen.date_of_birth,
            "sex": citizen.sex,
            "bhxh_code": citizen.bhxh_code,
        }
        problems += [
            f"the account's {key} is {record.get(key)!r}, {value!r} was typed"
            for key, value in want.items()
            if record.get(key) != value
        ]
    sent = len(await admin.sms(account.phone)) - sms_before if account.phone else 0
    if (citizen is not None or account.method == "vneid") and sent < 1:
        problems.append("no OTP was sent to the account's phone")
    name = str(record.get("full_name") or "")
    if name and name not in shown:
        problems.append("the portal does not show the account's citizen as signed in")
    done = "registered, OTP verified, signed in with the new account" if citizen else "signed in"
    return problems, f"{done}; the portal shows its citizen" + (f"; {sent} OTP SMS sent" if sent else "")
