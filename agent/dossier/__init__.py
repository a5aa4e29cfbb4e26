"""Dossier models: one pydantic model per procedure, built from shared parts, with the portals'
real rules, plus the files that hold dossiers and the field paths that flows and batches use.

    from agent.dossier import PROCEDURES, load_dossier, InvalidDossier
    dossier = load_dossier("examples/dang-ky-khai-tu.yaml")
    paths.get_value(dossier, "data.deceased.full_name")
"""

from __future__ import annotations

from agent.dossier import paths
from agent.dossier.files import DossierFile, load_dossier, parse_dossier
from agent.dossier.problems import InvalidDossier, Problem
from agent.dossier.procedure import AttachmentSpec, Procedure
from agent.dossier.procedures import PROCEDURES

__all__ = [
    "PROCEDURES",
    "AttachmentSpec",
    "DossierFile",
    "InvalidDossier",
    "Problem",
    "Procedure",
    "load_dossier",
    "parse_dossier",
    "paths",
]
