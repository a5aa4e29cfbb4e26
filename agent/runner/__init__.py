"""The Playwright runner: executes a procedure's flow for a dossier (docs/interfaces.md §8)."""
from agent.runner.engine import Engine, Session
from agent.runner.receipt import FilingHooks, Receipt

__all__ = ["Engine", "FilingHooks", "Receipt", "Session"]
