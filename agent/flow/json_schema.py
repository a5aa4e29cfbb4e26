"""The JSON Schema of flow and block files, generated from the pydantic step models.

Editors (VS Code's YAML extension, JetBrains) complete and check a flow file against it while it
is written, long before the loader runs. Generated, never written by hand, so it cannot drift
from the models the loader validates with. The loader stays the authority: a schema cannot say
"exactly one way to name an element" or "this path exists in the procedure's model".
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from agent.flow.schema import MODIFIERS, STEP_ARGS, BlockHeader, Condition, FlowHeader

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_REF = "#/$defs/{model}"

#: What each verb does, shown by editors on hover (flows/README.md has the full table).
VERB_HELP: dict[str, str] = {
    "goto": "Open a page of a portal: {portal, path}.",
    "click": "Click an element; `optional: true` clicks only if it is shown.",
    "fill": "Type a data path (`value:`), literal `text:` or a `secret:` into a field, then read it back.",
    "choose": "Pick an option: a native select, an ARIA combobox or a div dropdown, told apart at run time.",
    "check": "Pick a radio (`group` + `option`) or set a checkbox (`label` + boolean `value`).",
    "upload": "Put an attachment's file in the row's file input.",
    "wait": "`ready`, or wait for {visible}, {hidden} or {url}.",
    "expect": "Wait until the element is shown on a ready page; a retry resumes here.",
    "review": "Compare every review table with what the flow typed; a difference stops before submitting.",
    "submit": "The final submit, sent exactly once.",
    "receipt": "Read the receipt's code and appointment date.",
    "use": "Inline a block: `blocks/x/y`, or {block, with: {name: value}}.",
    "within": "Scope the nested `steps:` to a fieldset (group), table row, dialog or CSS box.",
    "exit_if": "Leave the current block if the element is shown.",
}


def _definitions() -> tuple[dict[str, Any], dict[str, Any]]:
    """(schema of each verb's argument and of `when:`, shared $defs)."""
    inputs: list[tuple[str, JsonSchemaMode, TypeAdapter[Any]]] = [
        (verb, "validation", TypeAdapter(model)) for verb, model in STEP_ARGS.items()
    ]
    inputs.append(("when", "validation", TypeAdapter(Condition)))
    by_key, shared = TypeAdapter.json_schemas(inputs, ref_template=_REF)
    return {key: schema for (key, _), schema in by_key.items()}, dict(shared.get("$defs", {}))


def _step(verb: str, args: dict[str, Any]) -> dict[str, Any]:
    if verb == "review":  # `- review:` with nothing after it
        args = {"anyOf": [args, {"type": "null"}]}
    elif verb == "wait":  # `- wait: ready`
        args = {"anyOf": [{"const": "ready"}, args]}
    properties: dict[str, Any] = {verb: args, "when": {"$ref": "#/$defs/Condition"}}
    if verb == "within":
        properties["steps"] = {"$ref": "#/$defs/Steps"}
    return {
        "type": "object",
        "title": verb,
        "description": VERB_HELP[verb],
        "properties": properties,
        "required": [verb, *(["steps"] if verb == "within" else [])],
        "additionalProperties": False,
    }


def _file(model: type[BaseModel], defs: dict[str, Any]) -> dict[str, Any]:
    """A top-level file shape, its `steps:` typed as the list of steps."""
    schema = model.model_json_schema(ref_template=_REF)
    defs.update(schema.pop("$defs", {}))
    schema["properties"]["steps"] = {"$ref": "#/$defs/Steps"}
    return schema


def flow_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) a flow file (`flows/<portal>/<procedure>.yaml`) or a block
    (`flows/blocks/…`) must satisfy."""
    args, defs = _definitions()
    missing = set(STEP_ARGS) - set(VERB_HELP)
    if missing:  # a new verb must say what it does
        raise ValueError(f"flow_json_schema: no VERB_HELP for {sorted(missing)}")
    defs["Condition"] = args.pop("when")
    defs["Step"] = {
        "description": "One step: a single verb, plus `when:` (and `steps:` under "
        f"`within:`). Modifiers: {', '.join(MODIFIERS)}.",
        "oneOf": [_step(verb, schema) for verb, schema in args.items()],
    }
    defs["Steps"] = {"type": "array", "items": {"$ref": "#/$defs/Step"}}
    defs["FlowFile"] = _file(FlowHeader, defs)
    defs["BlockFile"] = _file(BlockHeader, defs)
    return {
        "$schema": DIALECT,
        "title": "dvc-agent flow or block",
        "description": "A procedure flow (flows/<portal>/<procedure>.yaml) or a reusable block "
        "(flows/blocks/…); see flows/README.md.",
        "oneOf": [{"$ref": "#/$defs/FlowFile"}, {"$ref": "#/$defs/BlockFile"}],
        "$defs": defs,
    }
