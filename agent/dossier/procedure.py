"""What the agent knows about one procedure: its code, portal, data model and documents.

A procedure is data plus one model class; adding one means adding a module under
`agent/dossier/procedures/` (and its flow), never touching the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel


@dataclass(frozen=True)
class AttachmentSpec:
    """One row of “Thành phần hồ sơ”: `title` is the document name the portal shows."""

    title: str
    required: bool = False


@dataclass(frozen=True)
class Procedure:
    """One procedure the agent can file; its module in `procedures/` defines it as `PROCEDURE`."""

    slug: str
    code: str
    title: str
    portal: str  # the portal a dossier file defaults to: hanoi | dvcqg
    model: type[BaseModel]
    attachments: dict[str, AttachmentSpec] = field(default_factory=dict)

    @property
    def required_attachments(self) -> list[str]:
        return [key for key, spec in self.attachments.items() if spec.required]
