"""What is wrong with a dossier, said so that a person can fix it.

Every problem names where it is (a dotted field path, or a spreadsheet column), what is wrong
and how to fix it. `InvalidDossier` carries all problems of one dossier at once, so a clerk fixes
a file in one pass instead of one error per run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NoReturn

from pydantic_core import PydanticCustomError

from agent.errors import InvalidInput

#: The pydantic error type our own rule checks raise (see `fail`).
RULE_ERROR = "dossier_rule"


@dataclass(frozen=True)
class Problem:
    """One wrong or missing value. `line` is set when the dossier came from a YAML file."""

    location: str
    message: str
    hint: str = ""
    line: int | None = None

    def render(self, source: str | None = None) -> str:
        where = self.location or "(dossier)"
        if source:
            where = f"{source}:{self.line}: {where}" if self.line else f"{source}: {where}"
        elif self.line:
            where = f"line {self.line}: {where}"
        text = f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class InvalidDossier(InvalidInput):
    """The dossier cannot be filed as written; nothing was sent to any portal (exit code 2)."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        lines = [p.render(self.source) for p in self.problems]
        head = f"{len(lines)} problem(s)" + (f" in {self.source}" if self.source else "")
        return head + ":\n" + "\n".join(f"  - {line}" for line in lines)


def fail(message: str, hint: str = "") -> NoReturn:
    """Raise inside a validator: pydantic keeps the message, and the hint travels in its context."""
    raise PydanticCustomError(RULE_ERROR, message.replace("{", "(").replace("}", ")"), {"hint": hint})


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known word, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""
