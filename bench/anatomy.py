"""Where a filing's browser time goes: the agent and the hand-written script, each run once with
Chromium's own tracing on, broken down the same way.

    python -m bench.anatomy                          # dang-ky-khai-tu, 4 rows, 1 worker, 0 ms
    python -m bench.anatomy --procedure lien-thong-khai-tu --rows 6 --json /tmp/anatomy.json

`bench.compare` says how much CPU each runner spends; this says on what. Both runners launch
the executable `$DVC_AGENT_CHROMIUM` names, so it is pointed at a wrapper that adds Chromium's
startup tracing (`--trace-startup…`, written when the browser closes) to the real executable.
From each trace, per filing:

- **busy ms per thread**: the time its top-level tasks ran (wall time inside tasks, a bound on
  that thread's CPU; tracing itself adds some, equally for both);
- **self ms per event** on the renderers' main threads: what parsing, layout, script and the
  DevTools commands cost there;
- **injections**: evaluations of Playwright's injected script, the ~0.33 MB script it sends to
  every document (once per world: its utility world for actions, the page's main world for
  `Locator.evaluate…`) before it can find or act on anything there; a fixed cost per page;
- **DevTools messages** the renderers received, and **documents** loaded (from the network).

Tracing slows both runners, so the absolute figures are larger than `bench.compare`'s; compare
the two columns, not these with those.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import compare

#: Enough to see tasks, script, layout, paint and the DevTools messages, not so much that the
#: trace itself dominates.
CATEGORIES = "toplevel,devtools.timeline,blink,loading,v8.execute,disabled-by-default-devtools.timeline"
#: A DevTools message larger than this is Playwright's injected script (≈ 0.33 MB in 1.65, twice
#: that when a character past Latin-1 in it makes it travel as UTF-16); no command a filing sends
#: comes near it.
INJECTION_BYTES = 200_000
_MAIN_THREADS = {"CrBrowserMain", "CrRendererMain", "CrGpuMain", "VizCompositorThread"}


@dataclass
class Anatomy:
    filings: int
    busy_ms: dict[str, float] = field(default_factory=dict)  # "process/thread" → ms per filing
    renderer_self_ms: dict[str, float] = field(default_factory=dict)  # event → ms per filing
    injections: float = 0.0
    injection_ms: float = 0.0  # renderer main-thread ms per filing receiving and running them
    devtools_messages: float = 0.0
    documents: float = 0.0


def _names(events: list[dict[str, Any]]) -> tuple[dict[int, str], dict[tuple[int, int], str]]:
    processes: dict[int, str] = {}
    threads: dict[tuple[int, int], str] = {}
    for e in events:
        if e.get("ph") != "M":
            continue
        if e.get("name") == "process_name":
            processes[e["pid"]] = e["args"]["name"]
        elif e.get("name") == "thread_name":
            threads[(e["pid"], e["tid"])] = e["args"]["name"]
    return processes, threads


def _mojo_bytes(e: dict[str, Any]) -> int:
    info = e.get("args", {}).get("chrome_mojo_event_info", {})
    return (
        int(info.get("data_num_bytes", 0))
        if info.get("mojo_interface_tag") == "blink.mojom.DevToolsSession"
        else 0
    )


def _nested(spans: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int, bool]]:
    """Each complete event of one thread with its self time (its duration less its children's)
    and whether it is a top-level task (nothing encloses it)."""
    spans = sorted(spans, key=lambda e: (e["ts"], -e["dur"]))
    out: list[tuple[dict[str, Any], list[int], bool]] = []
    enclosing: list[tuple[dict[str, Any], list[int]]] = []
    for e in spans:
        while enclosing and enclosing[-1][0]["ts"] + enclosing[-1][0]["dur"] <= e["ts"]:
            enclosing.pop()
        if enclosing:
            enclosing[-1][1][0] -= e["dur"]
        own = [e["dur"]]
        out.append((e, own, not enclosing))
        enclosing.append((e, own))
    return [(e, own[0], top) for e, own, top in out]


def summarize(events: list[dict[str, Any]], filings: int, top: int = 15) -> Anatomy:
    """The breakdown of one trace (`traceEvents`), per filing."""
    processes, threads = _names(events)
    per_thread: dict[tuple[int, int], list[dict[str, Any]]] = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            per_thread[(e["pid"], e["tid"])].append(e)
    busy: collections.Counter[str] = collections.Counter()
    renderer_self: collections.Counter[str] = collections.Counter()
    injections = injection_us = messages = 0
    for (pid, tid), spans in per_thread.items():
        where = f"{processes.get(pid, '?')}/{threads.get((pid, tid), '?')}"
        renderer_main = where == "Renderer/CrRendererMain"
        for e, own, top_level in _nested(spans):
            if top_level:
                busy[where] += e["dur"]
            if not renderer_main:
                continue
            renderer_self[e["name"]] += own
            size = _mojo_bytes(e)
            messages += bool(size)
            if size >= INJECTION_BYTES:
                injections += 1
                injection_us += e["dur"]  # receiving it and running it (nested)
    # a document whose body came over the network (not the empty one a new frame starts with)
    documents = sum(e.get("name") == "NavigationBodyLoader::StartLoadingBody" for e in events)
    n = max(filings, 1)

    def ms(us: float) -> float:
        return round(us / 1000 / n, 1)

    return Anatomy(
        filings=filings,
        busy_ms={
            k: ms(v) for k, v in busy.most_common() if k.split("/")[-1] in _MAIN_THREADS or v / n > 20_000
        },
        renderer_self_ms={k: ms(v) for k, v in renderer_self.most_common(top)},
        injections=round(injections / n, 1),
        injection_ms=ms(injection_us),
        devtools_messages=round(messages / n, 1),
        documents=round(documents / n, 1),
    )


def tracing_wrapper(directory: Path, executable: str, trace_file: Path) -> Path:
    """A stand-in for Chromium that starts the real one with startup tracing into `trace_file`
    (`--trace-startup-duration=0`: until the browser closes)."""
    wrapper = directory / "chromium-traced"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'exec "{executable}" --trace-startup={CATEGORIES} --trace-startup-file="{trace_file}"'
        ' --trace-startup-duration=0 --trace-startup-format=json "$@"\n'
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return wrapper


def read_trace(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["traceEvents"] if isinstance(data, dict) else data


def _table(results: dict[str, Anatomy]) -> None:
    from rich.console import Console
    from rich.table import Table

    names = list(results)
    table = Table(title="Browser time per filing (traced), by runner")
    table.add_column("")
    for name in names:
        table.add_column(name, justify="right")

    def row(label: str, values: list[float | None]) -> None:
        table.add_row(label, *("" if v is None else f"{v:g}" for v in values))

    row("filings", [results[n].filings for n in names])
    row("documents", [results[n].documents for n in names])
    row("injected script runs", [results[n].injections for n in names])
    row("  their renderer ms", [results[n].injection_ms for n in names])
    row("DevTools messages to renderers", [results[n].devtools_messages for n in names])
    threads = sorted(
        {k for a in results.values() for k in a.busy_ms},
        key=lambda k: -max(a.busy_ms.get(k, 0) for a in results.values()),
    )
    for k in threads:
        row(f"busy ms {k}", [results[n].busy_ms.get(k) for n in names])
    events = sorted(
        {k for a in results.values() for k in a.renderer_self_ms},
        key=lambda k: -max(a.renderer_self_ms.get(k, 0) for a in results.values()),
    )
    for k in events:
        row(f"renderer self ms {k}", [results[n].renderer_self_ms.get(k) for n in names])
    Console().print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--procedure", default="dang-ky-khai-tu", choices=compare.PROCEDURES)
    parser.add_argument("--rows", type=int, default=4)
    parser.add_argument("--latency", type=int, default=0, help="ms added to every portal request")
    parser.add_argument("--json", type=Path, help="also write the breakdown here")
    parser.add_argument("--keep", type=Path, help="copy the two traces here (open them in Perfetto)")
    args = parser.parse_args(argv)

    from agent.config import CHROMIUM_ENV, chromium_executable
    from fixtures.mock_portal.testing import MockPortal

    executable = chromium_executable()
    chosen = os.environ.get(CHROMIUM_ENV)
    results: dict[str, Anatomy] = {}
    with (
        tempfile.TemporaryDirectory(prefix="anatomy-") as tmp,
        MockPortal.start(Path(tmp) / "mock") as portal,
    ):
        work = Path(tmp)
        runners: list[tuple[str, compare.Variant | None]] = [
            ("agent", compare.Variant("agent", compare.ROOT)),
            (compare.BASELINE, None),
        ]
        try:
            for index, (name, variant) in enumerate(runners):
                trace = work / f"{name}.json"
                os.environ[CHROMIUM_ENV] = str(tracing_wrapper(work, executable, trace))
                run = compare.run_one(
                    portal,
                    name,
                    variant,
                    args.procedure,
                    1,
                    args.latency,
                    args.rows,
                    work,
                    5000 + 100 * index,
                )
                if not trace.exists() or not run.filed:
                    print(f"{name}: no trace or nothing filed ({run.errors})", file=sys.stderr)
                    return 1
                results[name] = summarize(read_trace(trace), run.filed)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(trace, args.keep / trace.name)
        finally:  # the executable this process was given, for whatever runs after
            if chosen is None:
                os.environ.pop(CHROMIUM_ENV, None)
            else:
                os.environ[CHROMIUM_ENV] = chosen
    _table(results)
    if args.json:
        args.json.write_text(
            json.dumps({k: asdict(v) for k, v in results.items()}, ensure_ascii=False, indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
