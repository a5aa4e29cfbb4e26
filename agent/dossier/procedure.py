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
    portal: str  # the route a dossier file defaults to: hanoi | dvcqg
    model: type[BaseModel]
    attachments: dict[str, AttachmentSpec] = field(default_factory=dict)
    #: Other routes the same dossier may be filed by (`portal:` in the file, `--portal`), each
    #: with its own flow in flows/<route>/<slug>.yaml: the Hanoi procedures also go through
    #: dichvucong.gov.vn ("national") since 01/07/2025.
    other_routes: tuple[str, ...] = ()

    @property
    def routes(self) -> tuple[str, ...]:
        """Every route this procedure can be filed by, the default first."""
        return (self.portal, *self.other_routes)

    @property
    def required_attachments(self) -> list[str]:
        return [key for key, spec in self.attachments.items() if spec.required]
