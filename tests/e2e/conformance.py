"""Shared checks of the end-to-end tests: file an example against the mock, then prove through
the admin API that what the portal stored is exactly what the dossier says (the dossier's values,
not the flow's idea of them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agent.config import Targets
from agent.conformance.stored import field_problems, sha256
from agent.dossier import load_dossier
from agent.flow import load_procedure_flow
from agent.runner import Engine
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


def assert_conforms(
    portal, slug: str, code: str, account: str | None = None, flows_dir: Path | None = None
) -> dict:
    """The portal stored exactly what the dossier says (the conformance suite's own rule,
    `agent.conformance.stored.field_problems`), and exactly the dossier's attachments, each with
    its SHA-256."""
    dossier = example(slug)
    stored = portal.dossier(code)
    assert stored["procedure"] == slug
    credentials = load_credentials(CREDENTIALS)
    public = credentials.account(account or dossier.account).public()
    flow = load_procedure_flow(dossier.portal, slug, flows_dir)
    problems = field_problems(dossier, stored, public, flow)
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
