"""The three ways a filing can end badly, each with its own exit code.

2 = the input is wrong (nothing was sent), 1 = the portal refused the dossier (a person must fix
data), 3 = infrastructure failed after retries (try again later). Batch and CLI map on these.
"""
from __future__ import annotations


class DvcAgentError(Exception):
    exit_code = 3


class InvalidInput(DvcAgentError):
    """Dossier, flow or settings failed validation before any browser started."""

    exit_code = 2


class PortalRefused(DvcAgentError):
    """The portal answered with its own validation message: retrying will not help."""

    exit_code = 1


class InfrastructureFailure(DvcAgentError):
    """Network, timeouts, 5xx, lost sessions: retried, and still failing."""

    exit_code = 3
