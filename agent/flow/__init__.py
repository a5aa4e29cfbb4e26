"""Flows: the documented step language (`schema`), its loader with file:line errors (`loader`),
the check that every bound path exists in the procedure's model (`binding`), the check that
every model field reaches the portal or says why not (`coverage`), the flat operation plan the
runner executes (`plan`) and the JSON Schema editors use (`json_schema`)."""

from agent.flow.errors import FlowError
from agent.flow.loader import (
    FLOWS_DIR,
    Flow,
    flow_path,
    load_block,
    load_flow,
    load_procedure_flow,
    walk,
)
from agent.flow.plan import Op, plan

__all__ = [
    "FLOWS_DIR",
    "Flow",
    "FlowError",
    "Op",
    "flow_path",
    "load_block",
    "load_flow",
    "load_procedure_flow",
    "plan",
    "walk",
]
