"""Shared checks of the end-to-end tests: file an example against the mock, then prove through
the admin API that what the portal stored is exactly what the dossier says (the dossier's values,
not the flow's idea of them)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from agent.config import Targets
from agent.dossier import load_dossier
from agent.dossier.paths import get_value, to_flat, to_form_text
from agent.flow import Flow, load_procedure_flow, plan
from agent.flow.coverage import TYPED_IN_PARTS
from agent.runner import Engine
from agent.runner.bindings import bindings
from agent.runner.locate import names_match
from agent.runner.values import Values
from agent.secrets import Secrets, load_credentials

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CREDENTIALS = EXAMPLES / "credentials.mock.yaml"


def example(slug: str):
    return load_dossier(EXAMPLES / f"{slug}.yaml")


async def file_example(
    portal,
    slug: str,
    artifacts: Path,
    *,
    account: str | None = None,
    timeout_ms: float = 15_000,
    flows_dir: Path | None = None,
    **kwargs,
):
    dossier = example(slug)
    targets = Targets.resolve([f"{k}={v}" for k, v in portal.urls.items()], env={})
    async with Engine(
        targets, Secrets(load_credentials(CREDENTIALS)), artifacts, timeout_ms=timeout_ms, flows_dir=flows_dir
    ) as engine:
        session = await engine.session(account or dossier.account)
        return await engine.file(session, dossier, **kwargs)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dossier_text(dossier, path: str, kind: str, flat: dict[str, str]) -> str:
    """What the portal must hold for `path`, read from the dossier itself (never through the
    flow's own value reader): `to_flat`'s text, a computed name part, or Có/Không for a box."""
    value = get_value(dossier, path)
    if kind == "checkbox":
        return "Có" if value else "Không"
    return flat.get(path.removeprefix("data.")) or to_form_text(value)


def conformance_problems(dossier, stored: dict, account: dict, flow: Flow) -> list[str]:
    """How the stored dossier differs from the dossier file. Expected values come from the
    dossier (`to_flat`); the flow only says which section and label each path went to. So every
    filled value must be stored where the flow says, and a value that no step of this dossier's
    route typed must still be there (prefilled by the portal) unless the flow declares it
    `not_on_portal` — a flow that types the wrong field into a box fails here."""
    flat = to_flat(dossier)
    values = Values.for_dossier(dossier, account)
    ops = plan(flow.steps)
    fields = stored["fields"]

    def shown(section: str | None, label: str) -> list[str]:
        return [
            f["value"]
            for f in fields
            if names_match(label, f["label"]) and (section is None or names_match(section, f["section"]))
        ]

    problems: list[str] = []
    typed: set[str] = set()
    for b in bindings(ops, values, vocabulary=flow.vocabulary):
        if b.path is None or not b.path.startswith("data."):
            continue
        typed.add(b.path)
        want = _dossier_text(dossier, b.path, b.kind, flat)
        found = shown(b.section, b.label)
        if not found and want:
            problems.append(f"{b.section} › {b.label}: not stored (the dossier's {b.path} is {want!r})")
        elif found and want not in found and not any(w in found for w in b.wordings):
            problems.append(f"{b.section} › {b.label}: stored {found}, the dossier's {b.path} is {want!r}")
    if not typed:
        problems.append("the flow typed no field of this dossier")
    for whole, parts in TYPED_IN_PARTS.items():
        typed |= {
            p.rsplit(".", 1)[0] + "." + whole
            for p in typed
            if p.endswith("." + parts[0]) and all(p.rsplit(".", 1)[0] + "." + part in typed for part in parts)
        }
    declared = flow.header.not_on_portal
    places = bindings(ops, values, every_route=True)
    for column, text in flat.items():
        path = f"data.{column}"
        if column == "account" or column.startswith("attachments.") or not text or path in typed:
            continue
        if any(path == d or path.startswith(d + ".") for d in declared):
            continue
        if not any(text in shown(b.section, b.label) for b in places if b.path == path):
            problems.append(f"{path} = {text!r} reached no field of the portal")
    return problems


def assert_conforms(
    portal, slug: str, code: str, account: str | None = None, flows_dir: Path | None = None
) -> dict:
    """The portal stored exactly what the dossier says (see `conformance_problems`), and every
    attachment's SHA-256 matches."""
    dossier = example(slug)
    stored = portal.dossier(code)
    assert stored["procedure"] == slug
    credentials = load_credentials(CREDENTIALS)
    public = credentials.account(account or dossier.account).public()
    flow = load_procedure_flow(dossier.portal, slug, flows_dir)
    problems = conformance_problems(dossier, stored, public, flow)
    assert not problems, "\n".join(problems)
    by_name = {a["filename"]: a for a in stored["attachments"]}
    assert len(stored["attachments"]) == len(dossier.attachments)
    for key, path in dossier.attachments.items():
        assert path.name in by_name, f"attachment {key} ({path.name}) missing"
        assert by_name[path.name]["sha256"] == sha256(path), f"attachment {key} differs"
    return stored


@dataclass(frozen=True)
class Scenario:
    """A fault plan of the mock under which a flow must still file exactly one conforming dossier
    (the seed of the coming conformance suite: every flow × every scenario)."""

    name: str
    faults: str
    seed: int
    must_fire: tuple[str, ...] = ()  # the faults that must really have happened
    reconciled: bool = False  # the submit's answer was lost: found, not re-sent

    def __str__(self) -> str:  # the pytest id
        return self.name


def file_under(portal, run_async, artifacts: Path, slug: str, scenario: Scenario):
    """File the example of `slug` under `scenario`; prove it filed once and conforms."""
    portal.set_faults(scenario.faults, scenario.seed)
    receipt = run_async(file_example(portal, slug, artifacts))
    fired = portal.faults()["fired"]
    assert all(fired.get(name) for name in scenario.must_fire), fired
    assert receipt.reconciled == scenario.reconciled
    assert [d["code"] for d in portal.dossiers()] == [receipt.code]  # exactly one: this one
    assert_conforms(portal, slug, receipt.code)
    return receipt
