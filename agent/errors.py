"""How a filing can end badly, each with its own exit code (README "Exit codes").

0 done · 1 the portal refused the dossier (a person must fix data) · 2 the input is wrong
(nothing was sent) · 3 infrastructure failed after retries (try again later) · 4 the flow no
longer matches the portal (a flow must be fixed; retrying will not help) · 5 (batch) some rows
may have been filed but could not be confirmed (run `--only-failed`, which checks the portal
first; never refile them by hand) · 130 interrupted.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_INVALID = 2
EXIT_INFRASTRUCTURE = 3
EXIT_FLOW_MISMATCH = 4
EXIT_UNCONFIRMED = 5
EXIT_INTERRUPTED = 130


class DvcAgentError(Exception):
    """Base of every error the agent reports; `artifacts` is the run folder holding the evidence
    (events, screenshot, trace) when a filing had started."""

    exit_code = EXIT_INFRASTRUCTURE
    artifacts: Path | None = None


class InvalidInput(DvcAgentError):
    """Dossier, flow or settings failed validation before any browser started."""

    exit_code = EXIT_INVALID


class PortalRefused(DvcAgentError):
    """The portal answered with its own validation message: retrying will not help."""

    exit_code = EXIT_REFUSED


class InfrastructureFailure(DvcAgentError):
    """Network, timeouts, 5xx, lost sessions: retried, and still failing."""

    exit_code = EXIT_INFRASTRUCTURE


class FlowMismatch(DvcAgentError):
    """The page does not fit the flow: an element the step names is not there, or a value would
    not stick. A person must update the flow; retrying (in CI or in a batch) cannot help."""

    exit_code = EXIT_FLOW_MISMATCH
