"""The one property every fuzzed input must have: the real CLI answers 0 or 2, in time, and never
with a traceback."""

from __future__ import annotations

import time

from typer.testing import CliRunner

from agent.cli import app

#: Generous for a shared 2-core machine; a refused bomb or a slow regex would blow far past it.
TIME_BOUND_S = 10.0
runner = CliRunner()


def assert_clean_exit(*args: str, allowed: tuple[int, ...] = (0, 2)) -> int:
    started = time.monotonic()
    result = runner.invoke(app, list(args))
    took = time.monotonic() - started
    crash = result.exception if not isinstance(result.exception, SystemExit | type(None)) else None
    assert crash is None, f"{' '.join(args)} crashed: {crash!r}\n{result.output[-2000:]}"
    assert result.exit_code in allowed, f"exit {result.exit_code}\n{result.output[-2000:]}"
    assert "Traceback" not in result.output
    assert took < TIME_BOUND_S, f"took {took:.1f}s"
    return result.exit_code
