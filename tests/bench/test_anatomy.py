"""The breakdown of a Chromium trace (`bench.anatomy`): busy time per thread from top-level tasks,
self time per event, Playwright's injected-script runs and documents, per filing."""

from __future__ import annotations

import subprocess

from bench.anatomy import INJECTION_BYTES, summarize, tracing_wrapper

RENDERER, BROWSER = 10, 20


def _meta(pid: int, tid: int, process: str, thread: str) -> list[dict]:
    return [
        {"ph": "M", "name": "process_name", "pid": pid, "tid": tid, "args": {"name": process}},
        {"ph": "M", "name": "thread_name", "pid": pid, "tid": tid, "args": {"name": thread}},
    ]


def _span(pid: int, name: str, ts: int, dur: int, size: int = 0) -> dict:
    args = {}
    if size:
        args = {
            "chrome_mojo_event_info": {
                "data_num_bytes": size,
                "mojo_interface_tag": "blink.mojom.DevToolsSession",
            }
        }
    return {"ph": "X", "pid": pid, "tid": pid, "name": name, "ts": ts, "dur": dur, "args": args}


TRACE = [
    *_meta(RENDERER, RENDERER, "Renderer", "CrRendererMain"),
    *_meta(BROWSER, BROWSER, "Browser", "CrBrowserMain"),
    # a task receiving the injected script (900 µs), which runs it (600 µs) inside
    _span(RENDERER, "RunTask", 0, 1_000),
    _span(RENDERER, "Receive mojo message", 50, 900, size=INJECTION_BYTES + 1),
    _span(RENDERER, "EvaluateScript", 100, 600),
    # a small DevTools command, then a document committed, in later tasks
    _span(RENDERER, "RunTask", 2_000, 300),
    _span(RENDERER, "Receive mojo message", 2_000, 250, size=300),
    _span(RENDERER, "RunTask", 3_000, 500),
    _span(RENDERER, "NavigationBodyLoader::StartLoadingBody", 3_100, 400),
    _span(BROWSER, "RunTask", 0, 4_000),
]


def test_a_trace_is_broken_down_per_filing_by_thread_event_and_cause():
    a = summarize(TRACE, filings=2)
    # busy: top-level tasks only (1000 + 300 + 500 µs), halved per filing, in ms
    assert a.busy_ms == {"Renderer/CrRendererMain": 0.9, "Browser/CrBrowserMain": 2.0}
    # self time: a span less what it encloses
    assert a.renderer_self_ms["EvaluateScript"] == 0.3
    assert a.renderer_self_ms["Receive mojo message"] == round((300 + 250) / 1000 / 2, 1)
    assert a.renderer_self_ms["RunTask"] == round((100 + 50 + 100) / 1000 / 2, 1)
    assert (a.injections, a.injection_ms) == (0.5, 0.5)  # one run of 900 µs in two filings
    assert (a.devtools_messages, a.documents) == (1.0, 0.5)


def test_the_wrapper_starts_the_real_executable_with_tracing_and_the_callers_arguments(tmp_path):
    wrapper = tracing_wrapper(tmp_path, "/bin/echo", tmp_path / "t.json")
    said = subprocess.run(
        [str(wrapper), "--no-sandbox", "about:blank"], capture_output=True, text=True
    ).stdout.split()
    assert said[0].startswith("--trace-startup=toplevel")
    assert f"--trace-startup-file={tmp_path / 't.json'}" in said
    assert said[-2:] == ["--no-sandbox", "about:blank"]
