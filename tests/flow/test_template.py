"""`dvc-agent template` offers only what reaches the portal: fields a flow step types and fields a
`when:` reads to choose the route, never one declared `not_on_portal` for another reason."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

from agent.dossier import PROCEDURES
from agent.dossier.paths import walk
from agent.dossier.template import csv_template, offered_fields, template_columns, yaml_template
from agent.flow import load_procedure_flow
from agent.flow.coverage import route_fields, typed_fields


def _yaml_leaves(node: object, prefix: str = "") -> set[str]:
    if not isinstance(node, dict):
        return {prefix.rstrip(".")}
    return {leaf for key, value in node.items() for leaf in _yaml_leaves(value, f"{prefix}{key}.")}


def test_khai_tu_template_no_longer_offers_the_deceaseds_residence():
    header = next(csv.reader(io.StringIO(csv_template("dang-ky-khai-tu"))))
    assert not [c for c in header if c.startswith("deceased.residence")]
    assert {"deceased.full_name", "last_residence.address.detail", "attachments.death_notice"} <= set(header)
    text = yaml_template("dang-ky-khai-tu")
    blank = yaml.safe_load(text)
    assert "residence" not in blank["data"]["deceased"]
    assert "#   deceased.residence: the form asks only for the last residence" in text


@pytest.mark.parametrize("slug", sorted(PROCEDURES))
def test_every_offered_field_is_typed_or_chooses_the_route(slug):
    flow = load_procedure_flow(PROCEDURES[slug].portal, slug)
    reaches = set(typed_fields(flow.steps)) | route_fields(flow.steps)
    columns = template_columns(slug)
    assert columns[0] == "account"
    for column in columns[1:]:
        path = column if column.startswith("attachments.") else f"data.{column}"
        assert path in reaches, f"{slug}: the template offers {column}, which never reaches the portal"
    leaves = _yaml_leaves(yaml.safe_load(yaml_template(slug)))
    assert leaves - {"procedure", "portal", "account"} == {
        c if c.startswith("attachments.") else f"data.{c}" for c in columns[1:]
    }


@pytest.mark.parametrize("slug", sorted(PROCEDURES))
def test_every_field_a_dossier_must_have_is_offered(slug):
    """Leaving a required field out would make a filled-in template invalid."""
    offered = offered_fields(slug)
    required: dict[str, bool] = {}
    for path, _, _, is_required, leaf in walk(PROCEDURES[slug].model):
        parent = path.rpartition(".")[0]
        required[path] = is_required and required.get(parent, True)
        if leaf and required[path]:
            assert path in offered, f"{slug}: required {path} is not offered"
    for key in PROCEDURES[slug].required_attachments:
        assert f"attachments.{key}" in offered
