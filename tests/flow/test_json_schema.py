"""The generated JSON Schema accepts every flow and block of the repository and refuses what the
loader refuses in shape (unknown verbs, stray keys, `when:` inside the arguments)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from agent.flow import FLOWS_DIR
from agent.flow.json_schema import flow_json_schema
from agent.flow.schema import STEP_ARGS

from .json_schema_subset import errors, unknown_keywords

SCHEMA = flow_json_schema()
REPOSITORY_FLOWS = sorted(
    p for p in FLOWS_DIR.rglob("*.yaml") if p.name not in ("vocabulary.yaml", "portals.yaml")
)


def test_schema_is_json_and_every_reference_resolves():
    text = json.dumps(SCHEMA)
    assert SCHEMA["$schema"].endswith("2020-12/schema")
    assert unknown_keywords(SCHEMA) == []
    refs = {part.split('"')[0] for part in text.split('"$ref": "#/$defs/')[1:]}
    assert refs and refs <= set(SCHEMA["$defs"])


def test_schema_covers_every_verb():
    steps = SCHEMA["$defs"]["Step"]["oneOf"]
    assert sorted(s["required"][0] for s in steps) == sorted(STEP_ARGS)
    assert all(s["description"] for s in steps)


@pytest.mark.parametrize("path", REPOSITORY_FLOWS, ids=lambda p: str(p.relative_to(FLOWS_DIR)))
def test_every_repository_flow_and_block_validates(path: Path):
    assert errors(SCHEMA, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    "step, complaint",
    [
        ({"clik": {"button": "X"}}, "alternatives match"),
        ({"fill": {"label": "X", "value": "data.a", "when": "data.a"}}, "alternatives match"),
        ({"fill": {"label": "X", "value": "deceased.full_name"}}, "alternatives match"),
        ({"wait": "soon"}, "alternatives match"),
    ],
)
def test_malformed_steps_are_refused(step, complaint):
    flow = {"block": "x", "portal": "hanoi", "steps": [step]}
    found = errors(SCHEMA, flow)
    assert found and complaint in " ".join(found)


def test_not_on_portal_needs_a_data_path_and_a_reason():
    flow = yaml.safe_load((FLOWS_DIR / "hanoi" / "dang-ky-khai-tu.yaml").read_text(encoding="utf-8"))
    flow["not_on_portal"] = {"data.deceased.residence": " "}
    assert errors(SCHEMA, flow)
    flow["not_on_portal"] = {"deceased.residence": "no box"}
    assert errors(SCHEMA, flow)
    flow["not_on_portal"] = {"data.deceased.residence": "no box"}
    assert errors(SCHEMA, flow) == []
