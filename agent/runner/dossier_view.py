"""What the engine reads from a dossier. `agent.dossier.DossierFile` has it all; so may a test's
own object. Values are read through the flow's dotted paths (`values.Values`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel


class Filable(Protocol):
    @property
    def procedure(self) -> str: ...

    @property
    def portal(self) -> str: ...

    @property
    def account(self) -> str | None: ...

    @property
    def data(self) -> BaseModel | Mapping[str, object]: ...

    @property
    def attachments(self) -> Mapping[str, Path]: ...

    @property
    def source(self) -> Path | str | None: ...
