"""The Playwright runner: executes a procedure's flow for a dossier (docs/interfaces.md §8)."""

from agent.runner.dossier_view import Filable
from agent.runner.engine import Engine
from agent.runner.my_dossiers import DossierStatus
from agent.runner.receipt import FilingHooks, Receipt
from agent.runner.retry import RetryPolicy
from agent.runner.session import Session

__all__ = ["DossierStatus", "Engine", "Filable", "FilingHooks", "Receipt", "RetryPolicy", "Session"]
