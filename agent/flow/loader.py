"""Load a flow file: validate every step, expand `use:` blocks, check every data path, and check
that every field of the procedure's model reaches the portal or says why not (`coverage`).

Errors are `FlowError`s that name the file and line, so a typo in `flows/…yaml` fails before a
browser starts, pointing at the exact step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from agent.flow.binding import path_checker
from agent.flow.coverage import check_coverage
from agent.flow.errors import FlowError
from agent.flow.schema import MODIFIERS, STEP_ARGS, BlockHeader, Condition, FlowHeader, Step, _check_path
from agent.flow.step_paths import condition_paths, step_paths, walk
from agent.flow.vocabulary import EMPTY as EMPTY_VOCABULARY
from agent.flow.vocabulary import Vocabulary, load_vocabulary
from agent.flow.yaml_lines import LineDict, LineList, line_of, load_yaml_with_lines

__all__ = [
    "FLOWS_DIR",
    "Flow",
    "FlowError",
    "condition_paths",
    "flow_path",
    "load_block",
    "load_flow",
    "load_procedure_flow",
    "step_paths",
    "walk",
]

FLOWS_DIR = Path(__file__).resolve().parents[2] / "flows"
_CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)


@dataclass
class Flow:
    """A loaded procedure flow: header fields plus the steps with blocks expanded inline."""

    header: FlowHeader
    path: Path
    steps: list[Step]
    sign_in: list[Step]
    my_dossiers: list[Step]
    source: str = ""  # "flows/hanoi/x.yaml:3", for flow-wide errors
    declared_at: dict[str, str] = field(default_factory=dict)  # not_on_portal path → file:line
    vocabulary: Vocabulary = EMPTY_VOCABULARY  # the route's words (flows/<route>/vocabulary.yaml)
    re_enter: list[Step] = field(default_factory=list)  # see FlowHeader.re_enter

    @property
    def procedure(self) -> str:
        return self.header.procedure

    @property
    def portal(self) -> str:
        return self.header.portal


@dataclass
class _Context:
    flows_dir: Path
    stack: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)  # ${title}, ${procedure}, ${code}

    def substitute(self, node: Any) -> Any:
        """Fill `${name}` placeholders in block text from the flow's header (e.g. the procedure's
        title that the catalogue search types), keeping line numbers."""
        if isinstance(node, str) and "${" in node:
            for key, value in self.params.items():
                node = node.replace("${" + key + "}", value)
            return node
        if isinstance(node, LineDict):
            out = LineDict({k: self.substitute(v) for k, v in node.items()})
            out.line, out.key_lines = node.line, node.key_lines
            return out
        if isinstance(node, list):
            out_list = LineList(self.substitute(v) for v in node)
            out_list.line = getattr(node, "line", 0)
            return out_list
        return node


def _rel(path: Path, flows_dir: Path) -> str:
    try:
        return str(path.relative_to(flows_dir.parent))
    except ValueError:
        return str(path)


def _fail(where: str, message: str) -> FlowError:
    return FlowError(f"{where}: {message}")


def _pydantic_message(error: ValidationError) -> str:
    parts = []
    for e in error.errors():
        loc = ".".join(str(x) for x in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def _parse_step(raw: Any, file: str, ctx: _Context) -> Step:
    raw = ctx.substitute(raw)
    line = line_of(raw)
    where = f"{file}:{line}"
    if not isinstance(raw, dict):
        raise _fail(where, f"a step is a mapping like `- click: {{button: …}}`, got {raw!r}")
    kinds = [k for k in raw if k not in MODIFIERS]
    unknown = [k for k in kinds if k not in STEP_ARGS]
    if unknown:
        raise _fail(
            f"{file}:{line_of(raw, unknown[0])}",
            f"unknown step {unknown[0]!r}; steps are: {', '.join(STEP_ARGS)}",
        )
    if len(kinds) != 1:
        raise _fail(where, f"one action per step, got {kinds or 'none'}")
    kind = kinds[0]
    where = f"{file}:{line_of(raw, kind)}"
    arg_raw = raw[kind]
    if kind == "review" and arg_raw is None:
        arg_raw = {}
    if kind == "wait" and arg_raw == "ready":
        arg_raw = {"ready": True}
    if isinstance(arg_raw, dict) and "when" in arg_raw:
        raise _fail(
            f"{file}:{line_of(arg_raw, 'when')}",
            f"`when:` goes next to the verb, not inside its arguments: write "
            f"`- {kind}: {{…}}` and, on the next line, `  when: …`",
        )
    when_raw, when_line = raw.get("when"), line_of(raw, "when")
    leftover = _placeholder(arg_raw)
    if leftover:
        raise _fail(
            where,
            f"{kind}: no value for placeholder ${{{leftover}}}; pass it with "
            "`use: {block: …, with: {" + leftover + ": …}}`",
        )
    try:
        args = TypeAdapter(STEP_ARGS[kind]).validate_python(arg_raw)
    except ValidationError as exc:
        raise _fail(where, f"{kind}: {_pydantic_message(exc)}") from None
    when = None
    if when_raw is not None:
        try:
            when = _CONDITION.validate_python(when_raw)
            if isinstance(when, str):
                _check_path(when)
        except ValidationError as exc:
            raise _fail(f"{file}:{when_line}", f"when: {_pydantic_message(exc)}") from None
        except ValueError as exc:
            raise _fail(f"{file}:{when_line}", f"when: {exc}") from None
    children: list[Step] = []
    if kind == "within":
        if not isinstance(raw.get("steps"), list) or not raw["steps"]:
            raise _fail(where, "within needs a non-empty `steps:` list")
        children = [_parse_step(s, file, ctx) for s in raw["steps"]]
    elif "steps" in raw:
        raise _fail(f"{file}:{line_of(raw, 'steps')}", "`steps:` only goes under `within:`")
    if kind == "use":
        name, params = (args, {}) if isinstance(args, str) else (args.block, args.with_)
        saved = ctx.params
        ctx.params = {**saved, **{k: str(v) for k, v in params.items()}}
        try:
            children = _load_block(name, ctx, where)
        finally:
            ctx.params = saved
    return Step(kind=kind, args=args, when=when, steps=children, source=where)


def _placeholder(node: Any) -> str | None:
    if isinstance(node, str):
        m = re.search(r"\$\{(\w+)\}", node)
        return m.group(1) if m else None
    if isinstance(node, dict):
        return next((p for p in map(_placeholder, node.values()) if p), None)
    if isinstance(node, list):
        return next((p for p in map(_placeholder, node) if p), None)
    return None


def _load_block(name: str, ctx: _Context, where: str) -> list[Step]:
    if name in ctx.stack:
        raise _fail(where, f"block {name!r} uses itself ({' → '.join([*ctx.stack, name])})")
    path = ctx.flows_dir / f"{name}.yaml"
    if not path.is_file():
        raise _fail(where, f"no block {name!r} (looked for {_rel(path, ctx.flows_dir)})")
    raw = load_yaml_with_lines(path)
    file = _rel(path, ctx.flows_dir)
    try:
        BlockHeader.model_validate(raw)
    except ValidationError as exc:
        raise _fail(f"{file}:{line_of(raw)}", _pydantic_message(exc)) from None
    ctx.stack.append(name)
    try:
        return [_parse_step(s, file, ctx) for s in raw["steps"]]
    finally:
        ctx.stack.pop()


def load_block(name: str, flows_dir: Path | None = None) -> list[Step]:
    """The steps of one block (`blocks/hanoi/sign-in`) on its own, outside any procedure flow:
    what `status` needs to sign in and open "Hồ sơ của tôi"."""
    ctx = _Context(flows_dir=flows_dir or FLOWS_DIR)
    return _load_block(name, ctx, name)


def check_paths(flow: Flow, known: Callable[[str], bool], match_at: str = "") -> None:
    """Fail on the first path the procedure's model does not have, with its file:line."""
    for path in flow.header.match:
        if not known(path):
            raise _fail(match_at or flow.source, f"match: {path!r} is not a field of {flow.procedure}")
    for step in walk([*flow.sign_in, *flow.steps, *flow.my_dossiers, *flow.re_enter]):
        for path in step_paths(step):
            if not known(path):
                raise _fail(step.source, f"{path!r} is not a field of {flow.procedure}")


def load_flow(path: Path | str, *, flows_dir: Path | None = None, check: bool = True) -> Flow:
    """Read and validate one procedure flow; with `check`, bind its paths to the dossier model."""
    path = Path(path)
    flows_dir = flows_dir or (path.parent.parent if path.parent.name != "blocks" else FLOWS_DIR)
    ctx = _Context(flows_dir=flows_dir)
    file = _rel(path, flows_dir)
    if not path.is_file():
        raise FlowError(f"{file}: no such flow file")
    raw = load_yaml_with_lines(path)
    try:
        header = FlowHeader.model_validate(raw)
    except ValidationError as exc:
        raise _fail(f"{file}:{line_of(raw)}", _pydantic_message(exc)) from None
    ctx.params = {"title": header.title, "procedure": header.procedure}
    if header.code:
        ctx.params["code"] = header.code
    steps = [_parse_step(s, file, ctx) for s in raw["steps"]]
    sign_in = _load_block(header.sign_in, ctx, f"{file}:{line_of(raw, 'sign_in')}")
    my_dossiers = _load_block(header.my_dossiers, ctx, f"{file}:{line_of(raw, 'my_dossiers')}")
    re_enter = (
        _load_block(header.re_enter, ctx, f"{file}:{line_of(raw, 're_enter')}") if header.re_enter else []
    )
    declared = raw.get("not_on_portal") or {}
    flow = Flow(
        header=header,
        path=path,
        steps=steps,
        sign_in=sign_in,
        my_dossiers=my_dossiers,
        source=f"{file}:{line_of(raw, 'not_on_portal' if declared else 'procedure')}",
        declared_at={str(k): f"{file}:{line_of(declared, str(k))}" for k in declared},
        vocabulary=load_vocabulary(path.parent),
        re_enter=re_enter,
    )
    if check:
        check_paths(flow, path_checker(header.procedure), f"{file}:{line_of(raw, 'match')}")
        check_coverage(flow)
    return flow


def flow_path(portal: str, procedure: str, flows_dir: Path | None = None) -> Path:
    return (flows_dir or FLOWS_DIR) / portal / f"{procedure}.yaml"


def load_procedure_flow(portal: str, procedure: str, flows_dir: Path | None = None) -> Flow:
    """The flow that files `procedure` on `portal` (flows/<portal>/<procedure>.yaml)."""
    flows_dir = flows_dir or FLOWS_DIR
    return load_flow(flow_path(portal, procedure, flows_dir), flows_dir=flows_dir)
