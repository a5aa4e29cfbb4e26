"""A small JSON Schema validator for the keywords `flow_json_schema()` uses (the `jsonschema`
package is not installed here). It refuses any keyword it does not know, so a schema feature it
would silently skip fails the test instead of passing it."""

from __future__ import annotations

import re
from typing import Any

#: Keywords that only describe (editors show them); they never constrain.
ANNOTATIONS = {"$schema", "title", "description", "default", "examples"}
CHECKED = {
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "anyOf",
    "oneOf",
    "enum",
    "const",
    "pattern",
    "minLength",
    "propertyNames",
}
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def unknown_keywords(schema: Any, where: str = "#") -> list[str]:
    """Every keyword in `schema` (and its subschemas) this validator would not check."""
    found: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$defs" and where == "#":
                for name, sub in value.items():
                    found += unknown_keywords(sub, f"#/$defs/{name}")
                continue
            if key not in CHECKED | ANNOTATIONS:
                found.append(f"{where}: {key}")
            if key == "properties":
                for name, sub in value.items():
                    found += unknown_keywords(sub, f"{where}/properties/{name}")
            elif key in ("items", "additionalProperties", "propertyNames") and isinstance(value, dict):
                found += unknown_keywords(value, f"{where}/{key}")
            elif key in ("anyOf", "oneOf", "prefixItems"):
                for i, sub in enumerate(value):
                    found += unknown_keywords(sub, f"{where}/{key}/{i}")
    return found


def errors(
    schema: dict[str, Any], instance: Any, root: dict[str, Any] | None = None, at: str = ""
) -> list[str]:
    """Why `instance` does not satisfy `schema` (empty: it does)."""
    root = root or schema
    out: list[str] = []
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        out += errors(root["$defs"][name], instance, root, at)
    if "type" in schema:
        wanted = TYPES[schema["type"]]
        if not isinstance(instance, wanted) or (wanted is not bool and isinstance(instance, bool)):
            return [f"{at or '/'}: not a {schema['type']}: {instance!r}"]
    if "const" in schema and instance != schema["const"]:
        out.append(f"{at}: not {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        out.append(f"{at}: {instance!r} not one of {schema['enum']}")
    if isinstance(instance, str):
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            out.append(f"{at}: {instance!r} does not match {schema['pattern']}")
        if len(instance) < schema.get("minLength", 0):
            out.append(f"{at}: shorter than {schema['minLength']}")
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                out.append(f"{at}: missing {key!r}")
        for key, value in instance.items():
            if "propertyNames" in schema:
                out += errors(schema["propertyNames"], key, root, f"{at}/{key} (name)")
            if key in props:
                out += errors(props[key], value, root, f"{at}/{key}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{at}: unexpected key {key!r}")
            elif isinstance(schema.get("additionalProperties"), dict):
                out += errors(schema["additionalProperties"], value, root, f"{at}/{key}")
    if isinstance(instance, list):
        if not schema.get("minItems", 0) <= len(instance) <= schema.get("maxItems", len(instance)):
            out.append(f"{at}: {len(instance)} items")
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(instance):
            sub = prefix[i] if i < len(prefix) else schema.get("items")
            if isinstance(sub, dict):
                out += errors(sub, item, root, f"{at}/{i}")
    for key in ("anyOf", "oneOf"):
        if key in schema:
            passing = [s for s in schema[key] if not errors(s, instance, root, at)]
            if not passing or (key == "oneOf" and len(passing) > 1):
                out.append(f"{at}: {len(passing)} of the {key} alternatives match {instance!r:.80}")
    return out
