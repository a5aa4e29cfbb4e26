"""Structured logs: one event per step, JSON when not on a terminal, readable otherwise.

Every event passes through two small pure processors before rendering: `drop_secrets` (removes
secret-named keys and redacts remembered secret values) and `mask_identifiers` (personal IDs,
phones: last 3 digits only; inside `redacting(policy)`, also every value the filing's redaction
policy names: its people's names, addresses, phones). A run can tee its events to `events.jsonl`
in its artifact folder (readable by its owner only).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import structlog
from structlog.typing import EventDict, FilteringBoundLogger

from agent.secrets.masking import REDACTED, is_secret_key
from agent.secrets.private_files import open_private_append
from agent.secrets.redaction import NO_VALUES, Redaction

_run_sink: contextvars.ContextVar[TextIO | None] = contextvars.ContextVar("run_sink", default=None)
_run_redaction: contextvars.ContextVar[Redaction] = contextvars.ContextVar("run_redaction", default=NO_VALUES)
_configured = False


def drop_secrets(_logger: Any, _name: str, event: EventDict) -> EventDict:
    """Secret-named keys never leave the process."""
    return {k: v for k, v in event.items() if not is_secret_key(k)}


def mask_identifiers(_logger: Any, _name: str, event: EventDict) -> EventDict:
    """Mask IDs/phones, the current filing's sensitive values and known secret values in every
    string of the event."""
    redaction = _run_redaction.get()
    return {k: redaction.mask_value(v) for k, v in event.items()}


def tee_to_run_file(_logger: Any, _name: str, event: EventDict) -> EventDict:
    """Append the (already scrubbed) event to the current run's events.jsonl, if any."""
    sink = _run_sink.get()
    if sink is not None:
        sink.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
        sink.flush()
    return event


class _StderrLogger:
    """Writes to whatever sys.stderr is at the time of writing (test runners swap it)."""

    def msg(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


def configure(
    *, json_output: bool | None = None, level: int = logging.INFO, stream: TextIO | None = None
) -> None:
    """Set up structlog; JSON unless the stream is a terminal (default stream: stderr)."""
    global _configured
    factory = structlog.PrintLoggerFactory(file=stream) if stream else (lambda *_: _StderrLogger())
    stream = stream or sys.stderr
    if json_output is None:
        json_output = not stream.isatty()
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if json_output
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            drop_secrets,
            mask_identifiers,
            tee_to_run_file,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=factory,
        cache_logger_on_first_use=False,
    )
    _configured = True


def get_logger(**bound: Any) -> FilteringBoundLogger:
    if not _configured:
        configure()
    return structlog.get_logger().bind(**bound)


@contextlib.contextmanager
def run_events(path: Path) -> Iterator[None]:
    """Tee every event logged in this context (task) to `path` as JSON lines."""
    with open_private_append(path) as sink:
        token = _run_sink.set(sink)
        try:
            yield
        finally:
            _run_sink.reset(token)


@contextlib.contextmanager
def redacting(redaction: Redaction) -> Iterator[None]:
    """Mask the values `redaction` names in every event logged in this context (task)."""
    token = _run_redaction.set(_run_redaction.get().merged(redaction))
    try:
        yield
    finally:
        _run_redaction.reset(token)


__all__ = [
    "REDACTED",
    "configure",
    "drop_secrets",
    "get_logger",
    "mask_identifiers",
    "redacting",
    "run_events",
]
