"""What a filing hands back (docs/interfaces.md §8)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Receipt:
    code: str | None
    appointment_date: str | None
    portal: str
    procedure: str
    artifacts: Path | None = None
    reconciled: bool = False  # found in "Hồ sơ của tôi" after a lost submit response
    fallbacks_used: list[str] = field(default_factory=list)
    stopped_at_review: bool = False

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (the CLI's `--json`)."""
        data: dict[str, object] = asdict(self)
        data["artifacts"] = str(self.artifacts) if self.artifacts else None
        return data


@dataclass
class FilingHooks:
    """Callbacks around the point of no return. `before_submit` is awaited just before the final
    submit click (the batch ledger records "submitted-unconfirmed" there)."""

    before_submit: Callable[[], Awaitable[None]] | None = None
