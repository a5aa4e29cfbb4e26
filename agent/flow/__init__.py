"""Flows: the documented step language (`schema`), its loader with file:line errors (`loader`),
the check that every bound path exists in the procedure's model (`binding`), and the flat
operation plan the runner executes (`plan`)."""
from agent.flow.loader import (
    FLOWS_DIR, Flow, FlowError, flow_path, load_flow, load_procedure_flow, walk,
)
from agent.flow.plan import Op, plan

__all__ = ["FLOWS_DIR", "Flow", "FlowError", "Op", "flow_path", "load_flow",
           "load_procedure_flow", "plan", "walk"]
