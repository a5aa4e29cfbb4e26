"""Where a filing stands, so that the next attempt resumes where the last one failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tenacity import RetryCallState

from agent.flow import Op


@dataclass
class Progress:
    resume_at: int = 0  # the op the next attempt starts from
    checkpoint_url: str | None = None  # the last page (a GET) that op can be reached again from
    checkpoint_at: int = 0
    submitted: bool = False  # the final submit went out and its answer is not read yet
    submitted_at: datetime | None = None
    expired: bool = False  # the portal signed us out: sign in before resuming
    stuck_failures: int = 0  # failures since the checkpoint last moved forward
    failed_at: int = -1

    def note_failure(self) -> None:
        """Count a failure; a failure further along than the last one starts a fresh budget."""
        self.stuck_failures = 1 if self.resume_at > self.failed_at else self.stuck_failures + 1
        self.failed_at = max(self.failed_at, self.resume_at)

    def budget(self, max_attempts: int) -> StuckBudget:
        return StuckBudget(self, max_attempts)

    def move_to(self, done: Op, next_index: int, url: str) -> None:
        """After op `done`: resume from `next_index`, and remember the page as a checkpoint when
        it is one (an `expect` has just shown it: resume by checking it again; or the URL
        changed)."""
        if url.startswith("http"):
            if done.kind == "expect":
                self.checkpoint_url, self.checkpoint_at = url, done.index
            elif url != self.checkpoint_url:
                self.checkpoint_url, self.checkpoint_at = url, next_index
        self.resume_at = next_index


@dataclass
class StuckBudget:
    """Tenacity's stop: `max_attempts` failures at one place in the flow. A long filing that
    meets a fault now and then, but keeps moving forward, is not given up on."""

    progress: Progress
    max_attempts: int

    def __call__(self, state: RetryCallState) -> bool:
        self.progress.note_failure()
        return self.progress.stuck_failures >= self.max_attempts
