"""The rows of the score table: every procedure-route found in the flows directory, and the
account paths that are not filings (registration by phone number and by social-insurance code,
and each way of signing in).

A procedure-route is a flow file `flows/<route>/<procedure>.yaml` (any folder but `blocks/`, any
file with a `procedure:`), filed from its example dossier `examples/<procedure>.yaml` with the
route chosen over the file's `portal:`. A flow added to `flows/national/` is a new row with no
code change. What its pages are built with (the traits scenarios need) comes from the route's
kind and from the flow itself: an e-form frame where a step works `within:` a frame, a wallet
where an upload confirms its choice in a dialog (the MoJ wallet), a phone box where the dossier's
phone is typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from agent.conformance import scenarios as sc
from agent.conformance.dossiers import example_path, load_example, phone_binding
from agent.flow import FLOWS_DIR, Flow, FlowError, load_flow, plan
from agent.flow.schema import UploadArgs
from agent.runner.bindings import applies
from agent.runner.values import Values
from agent.secrets import Credentials

#: What each route's pages are built with (fixtures/mock_portal: legacy templates, the liên
#: thông SPA, the national path's real markup). A route not listed has only the generic traits.
ROUTE_TRAITS: dict[str, frozenset[str]] = {
    "hanoi": frozenset({sc.LEGACY}),
    "dvcqg": frozenset({sc.SPA}),
    "national": frozenset({sc.REAL}),
}
ROUTE_TITLES = {
    "hanoi": "Hanoi portal (legacy)",
    "dvcqg": "liên thông (dvcqg)",
    "national": "national path (dvcqg → MoJ)",
}
FILING, REGISTER, SIGN_IN = "filing", "register", "sign-in"
ACCOUNT_ROUTE = "account"
#: Registration ways of the Hanoi portal's /dang-ky, as its radio words them.
REGISTRATION_WAYS = {
    "register-phone": ("Số thuê bao di động", "registration by phone number"),
    "register-bhxh": ("Mã số bảo hiểm xã hội", "registration by social-insurance code"),
}
SIGN_IN_WAYS = {
    "dvc": "sign-in: DVC account",
    "vneid": "sign-in: VNeID (OTP, consent, passcode)",
    "vnpost": "sign-in: Vietnam Post",
}


@dataclass(frozen=True)
class Row:
    """One row of the table. `problem` says why none of its cells can run (and is each cell's
    reason); it is a failure of the row, not a skip, when a flow exists but does not load."""

    key: str  # "hanoi/dang-ky-khai-tu", "account/sign-in-vneid"
    title: str
    kind: str  # filing | register | sign-in
    route: str
    procedure: str | None = None
    traits: frozenset[str] = frozenset()
    flow_path: Path | None = None
    example: Path | None = None
    account: str | None = None  # sign-in rows: the credentials entry; filings: the dossier's
    way: str | None = None  # register rows: the radio option
    refusal_path: str | None = None  # the dossier path the refusal scenario breaks
    problem: str | None = None
    broken: bool = False  # the problem is the flow's own (a failed cell, not a skipped one)
    markers: tuple[str, ...] = field(default=())

    @property
    def is_filing(self) -> bool:
        return self.kind == FILING


def discover(
    flows_dir: Path | None = None,
    examples_dir: Path | None = None,
    credentials: Credentials | None = None,
    *,
    procedures: Iterable[str] = (),
    accounts: bool = True,
) -> list[Row]:
    """Every row: procedure-routes (sorted by route, then procedure), then the account paths.
    `procedures` keeps the rows whose procedure slug, route or row key is named."""
    flows_dir = flows_dir or FLOWS_DIR
    wanted = {p.strip() for raw in procedures for p in raw.split(",") if p.strip()}
    rows = _filing_rows(flows_dir, examples_dir, wanted)
    if accounts:
        rows += [row for row in account_rows(credentials) if _chosen(row, wanted)]
    return rows


def smoke(rows: list[Row]) -> list[Row]:
    """One procedure per route (the first by name), no account paths: the CI smoke test."""
    first: dict[str, Row] = {}
    for row in rows:
        if row.is_filing:
            first.setdefault(row.route, row)
    return list(first.values())


def _chosen(row: Row, wanted: set[str]) -> bool:
    names = {row.key, row.key.rsplit("/", 1)[-1], row.route, row.procedure or "", row.kind}
    return not wanted or bool(names & wanted)


def flow_files(flows_dir: Path) -> list[tuple[str, Path]]:
    """(route, file) of every procedure flow: `<route>/<file>.yaml` whose YAML has `procedure:`
    (blocks and a route's vocabulary.yaml are not flows)."""
    found = []
    for path in sorted(flows_dir.glob("*/*.yaml")):
        if path.parent.name == "blocks":
            continue
        try:
            head = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            head = {"procedure": path.stem}  # let the loader say what is wrong, with file:line
        if isinstance(head, dict) and "procedure" in head:
            found.append((path.parent.name, path))
    return found


def _filing_rows(flows_dir: Path, examples_dir: Path | None, wanted: set[str]) -> list[Row]:
    rows = []
    for route, path in flow_files(flows_dir):
        base = Row(
            key=f"{route}/{path.stem}",
            title=f"{ROUTE_TITLES.get(route, route)} / {path.stem}",
            kind=FILING,
            route=route,
            procedure=path.stem,
            traits=frozenset({sc.ANY, sc.FILING, *ROUTE_TRAITS.get(route, ())}),
            flow_path=path,
            markers=(route, marker_name(path.stem)),
        )
        if _chosen(base, wanted):  # before loading: choosing rows is cheap
            rows.append(_filing_row(base, flows_dir, examples_dir))
    return rows


def _filing_row(base: Row, flows_dir: Path, examples_dir: Path | None) -> Row:
    """The row of one flow file, or why it cannot run (a flow that does not load is broken)."""
    assert base.flow_path is not None
    try:
        flow = load_flow(base.flow_path, flows_dir=flows_dir)
    except FlowError as exc:
        return replace(base, problem=f"the flow does not load: {exc}", broken=True)
    example = example_path(flow.procedure, examples_dir)
    if not example.is_file():
        return replace(base, problem=f"no example dossier ({example.name}) to file")
    try:
        dossier = load_example(example, base.route)
    except Exception as exc:  # InvalidDossier and friends: the row says why
        return replace(base, example=example, problem=f"the example does not load: {exc}")
    traits = set(base.traits) | flow_traits(flow, Values.for_dossier(dossier, {}))
    refusal = phone_binding(flow, dossier)
    if refusal is not None:
        traits.add(sc.PHONE_BOX)
    return replace(
        base,
        procedure=flow.procedure,
        traits=frozenset(traits),
        example=example,
        account=dossier.account,
        refusal_path=refusal,
    )


def flow_traits(flow: Flow, values: Values) -> set[str]:
    """Traits the flow's own steps show, for this dossier's branch: an e-form frame, a wallet."""
    traits: set[str] = set()
    for op in plan(flow.steps):
        if not applies(op, values):
            continue
        if any(s.frame is not None or s.frame_url is not None for s in op.scopes):
            traits.add(sc.FRAME)
        if isinstance(op.args, UploadArgs) and op.args.confirm and values.get(op.args.file):
            traits.add(sc.WALLET)  # a dialog whose choice is confirmed: the e-document wallet
    return traits


def account_rows(credentials: Credentials | None) -> list[Row]:
    """Registration (two ways) and sign-in (three ways) on the Hanoi portal."""
    rows = [
        Row(
            key=f"{ACCOUNT_ROUTE}/{key}",
            title=title,
            kind=REGISTER,
            route=ACCOUNT_ROUTE,
            traits=frozenset({sc.ANY, sc.REGISTRATION, sc.LEGACY}),
            way=way,
            markers=(ACCOUNT_ROUTE, marker_name(key)),
        )
        for key, (way, title) in REGISTRATION_WAYS.items()
    ]
    by_method: dict[str, str] = {}
    if credentials is not None:
        for name in sorted(credentials.accounts):
            by_method.setdefault(credentials.accounts[name].method, name)
    for method, title in SIGN_IN_WAYS.items():
        account = by_method.get(method)
        rows.append(
            Row(
                key=f"{ACCOUNT_ROUTE}/sign-in-{method}",
                title=title,
                kind=SIGN_IN,
                route=ACCOUNT_ROUTE,
                traits=frozenset({sc.ANY, sc.SIGN_IN_PAGE, sc.LEGACY}),
                account=account,
                problem=None if account else f"no account with method {method} in the credentials",
                markers=(ACCOUNT_ROUTE, marker_name(f"sign-in-{method}")),
            )
        )
    return rows


def marker_name(text: str) -> str:
    """A pytest marker for a procedure or account path: `dang-ky-khai-tu` → `dang_ky_khai_tu`."""
    return "".join(c if c.isalnum() else "_" for c in text)
