"""The engine: one Chromium, one browser context per account, flows run as data.

A thin front over the parts that do the work (docs/interfaces.md §8):

- `browser.Chromium` / `session.Session`: the browser and a context per account;
- `driver.Driver`: runs blocks of steps (signing in) with the account's secrets;
- `filing.FilingRun`: one dossier filed, resumed from checkpoints, submitted exactly once;
- `my_dossiers.MyDossiers`: reads "Hồ sơ của tôi" (reconciliation and `status`);
- `retry.RetryPolicy`: what each kind of fault gets (sign in again, back off, or stop);
- `tracing.RunTrace`: the Playwright trace, paused whenever secrets may be typed.

Secrets and traces: the trace records only the procedure's own steps; signing in (passwords,
OTPs, passcodes) always happens with tracing paused. Secret values are also redacted from every
log event.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from agent.config import Targets
from agent.errors import DvcAgentError, FlowMismatch, InfrastructureFailure, PortalRefused
from agent.flow import FLOWS_DIR, Flow, load_procedure_flow
from agent.observability import get_logger, redacting, run_events
from agent.runner.artifacts import new_run_dir
from agent.runner.browser import Chromium
from agent.runner.dossier_view import Filable
from agent.runner.driver import Driver
from agent.runner.filing import FilingRun
from agent.runner.lookup import SYSTEM_CLOCK, Clock
from agent.runner.my_dossiers import DossierStatus, MyDossiers, portal_blocks
from agent.runner.readiness import load_readiness
from agent.runner.receipt import FilingHooks, Receipt
from agent.runner.retry import DEFAULT_POLICY, RetryPolicy
from agent.runner.session import Session, open_session
from agent.runner.tracing import RunTrace
from agent.runner.values import Values
from agent.secrets import Secrets

DEFAULT_TIMEOUT_MS = 15_000


class Engine:
    """Use as `async with Engine(...) as engine:`; it starts Chromium and closes every session."""

    def __init__(
        self,
        targets: Targets,
        secrets: Secrets,
        artifacts_root: Path | str = "runs",
        headless: bool = True,
        *,
        ws_endpoint: str | None = None,
        timeout_ms: float = DEFAULT_TIMEOUT_MS,
        max_attempts: int = 5,
        flows_dir: Path | None = None,
        trace: bool = True,
        trace_on_retry: bool = False,
        submit_settle_s: float = 30.0,
        retry_policy: RetryPolicy = DEFAULT_POLICY,
        clock: Clock = SYSTEM_CLOCK,
        keep_personal_data: bool = False,
    ) -> None:
        self.targets = targets
        self.secrets = secrets
        self.artifacts_root = Path(artifacts_root)
        self.headless = headless
        self.ws_endpoint = ws_endpoint
        self.timeout_ms = timeout_ms
        self.max_attempts = max_attempts
        self.flows_dir = flows_dir or FLOWS_DIR
        self.trace = trace
        #: Record a filing's trace only from its second attempt on (`tracing.RunTrace.on_retry`).
        self.trace_on_retry = trace_on_retry
        #: Keep traces, pages and screenshots unmasked (`submit --keep-personal-data`; SECURITY.md).
        self.keep_personal_data = keep_personal_data
        #: How long a submit whose answer was lost may still take to land on the portal: "not in
        #: Hồ sơ của tôi" is only believed after this.
        self.submit_settle_s = submit_settle_s
        self.clock = clock
        self.log = get_logger(component="engine")
        self.driver = Driver(
            targets,
            secrets,
            timeout_ms,
            max_attempts,
            retry_policy,
            load_readiness(self.flows_dir, targets),
        )
        self.my_dossiers = MyDossiers(self.driver)
        self._chromium: Chromium | None = None
        self._sessions: list[Session] = []
        self._flows: dict[tuple[str, str], Flow] = {}

    async def __aenter__(self) -> Engine:
        self._chromium = await Chromium.start(headless=self.headless, ws_endpoint=self.ws_endpoint)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for session in self._sessions:
            await session.close()
        self._sessions.clear()
        if self._chromium is not None:
            await self._chromium.stop()
            self._chromium = None

    async def session(self, account_name: str) -> Session:
        """A browser context for this account, with its saved sign-in if there is one."""
        if self._chromium is None:
            raise RuntimeError("use `async with Engine(...)` before asking for a session")
        account = self.secrets.account(account_name)
        session = await open_session(self._chromium.browser, account, self.artifacts_root, self.timeout_ms)
        self._sessions = [s for s in self._sessions if not s.closed] + [session]
        return session

    def flow_for(self, dossier: Filable) -> Flow:
        """The procedure's flow, read and checked once per engine: every row of a batch is filed
        by the same flow, even if its file is edited meanwhile (and no row pays ~50 ms to parse
        it again)."""
        key = (dossier.portal, dossier.procedure)
        if key not in self._flows:
            self._flows[key] = load_procedure_flow(dossier.portal, dossier.procedure, self.flows_dir)
        return self._flows[key]

    async def file(
        self,
        session: Session,
        dossier: Filable,
        hooks: FilingHooks | None = None,
        stop_at_review: bool = False,
    ) -> Receipt:
        """File `dossier`. Raises PortalRefused (exit 1), FlowMismatch (exit 4) or
        InfrastructureFailure (exit 3, after retries), each with `artifacts` = the run folder."""
        flow = self.flow_for(dossier)
        run_dir = new_run_dir(self.artifacts_root, flow.procedure)
        async with session.lock:
            with run_events(run_dir / "events.jsonl"):
                log = self.log.bind(
                    flow=flow.procedure,
                    portal=flow.portal,
                    dossier=str(dossier.source or ""),
                    account=session.account.name,
                )
                run = FilingRun(
                    self.driver,
                    self.my_dossiers,
                    session,
                    flow,
                    Values.for_dossier(dossier, session.account.public()),
                    hooks or FilingHooks(),
                    stop_at_review,
                    run_dir,
                    log,
                    RunTrace(
                        session.context,
                        run_dir,
                        flow.procedure,
                        self.trace,
                        keep_personal_data=self.keep_personal_data,
                        on_retry=self.trace_on_retry,
                    ),
                    started=datetime.now(UTC),
                    submit_settle=timedelta(seconds=self.submit_settle_s),
                    clock=self.clock,
                )
                with redacting(run.redaction):  # names, addresses: masked in events too
                    try:
                        return await run.run()
                    except DvcAgentError as exc:
                        event = (
                            "refused"
                            if isinstance(exc, PortalRefused)
                            else "flow_mismatch"
                            if isinstance(exc, FlowMismatch)
                            else "failed"
                        )
                        log.error(event, message=str(exc))
                        exc.artifacts = run_dir  # the batch report links the failure's evidence
                        raise
                    except Exception as exc:
                        log.error("failed", message=repr(exc))
                        failure = InfrastructureFailure(f"{type(exc).__name__}: {exc}")
                        failure.artifacts = run_dir
                        raise failure from exc

    async def find_filed(self, session: Session, dossier: Filable, since: datetime) -> Receipt | None:
        """This dossier's receipt if "Hồ sơ của tôi" lists it as submitted at or after `since`
        (pass when the attempt began less `lookup.SEARCH_SLACK`: the portal shows minutes, from
        its own clock). None only after the whole list was read; a lookup that never gets a
        clear answer raises."""
        flow = self.flow_for(dossier)
        log = self.log.bind(flow=flow.procedure, account=session.account.name)
        return await self.my_dossiers.find_filed(
            session, flow, Values.for_dossier(dossier, session.account.public()), since, log
        )

    async def status(self, session: Session, portal: str, code: str) -> DossierStatus | None:
        """Dossier `code`'s row in "Hồ sơ của tôi" (code, procedure, submitted_at, status), or
        None when the account's whole list was read without it."""
        log = self.log.bind(portal=portal, account=session.account.name)
        return await self.my_dossiers.status(session, portal_blocks(portal, self.flows_dir), code, log)
