"""`dvc-agent flows --schema`: the JSON Schema of flow files, for editors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.flow.json_schema import flow_json_schema


def test_flows_schema_prints_the_flow_json_schema() -> None:
    result = CliRunner().invoke(app, ["flows", "--schema"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == flow_json_schema()
    assert printed["$schema"].startswith("https://json-schema.org/")


def test_flows_without_schema_prints_the_table_not_json() -> None:
    result = CliRunner().invoke(app, ["flows"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "dang-ky-khai-tu" in result.output
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.output)
