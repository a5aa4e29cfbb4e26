"""Readiness without a flag (real-markup.md: no `aria-busy`; spinners; cards rendered one by one;
blocks rebuilt ~0.3 s after a choice): loaded, nothing in flight, no spinner, a quiet DOM."""

from __future__ import annotations

import time

import pytest

from agent.config import Targets
from agent.flow import FLOWS_DIR
from agent.flow.errors import FlowError
from agent.runner.faults import TransientFault
from agent.runner.readiness import Readiness, load_readiness

from .harness import TOP, html, op, runner_on

pytestmark = pytest.mark.browser

CARDS = html(
    '<div class="cards"><div class="loading-spinner">Đang tải...</div></div>',
    """
const cards = document.querySelector('.cards');
const add = (name) => { const d = document.createElement('div'); d.className = 'agency-card';
                        d.textContent = name; cards.appendChild(d); };
setTimeout(() => {
  cards.querySelector('.loading-spinner').remove();
  setTimeout(() => add('Ủy ban nhân dân Phường Ba Đình'), 250);
  setTimeout(() => add('Sở Tư pháp Thành phố Hà Nội'), 450);
}, 400);
""",
)


def test_ready_waits_for_the_spinner_and_every_card_rendered_late(run_async):
    async def go() -> None:
        async with runner_on({TOP + "/": CARDS}) as r:
            began = time.monotonic()
            await r.run(op("wait", {"ready": True}))
            assert await r.ctx.page.locator(".agency-card").count() == 2
            assert time.monotonic() - began < 3  # patient, not the 17 s of a missing flag

    run_async(go())


def test_a_spinner_that_never_goes_is_a_transient_fault_naming_it(run_async):
    page_html = html('<div role="progressbar">Đang tải</div>')

    async def go() -> None:
        async with runner_on({TOP + "/": page_html}, timeout_ms=1500) as r:
            with pytest.raises(TransientFault, match="spinner"):
                await r.run(op("wait", {"ready": True}))

    run_async(go())


def test_the_flag_is_still_the_fast_path(run_async):
    flagged = html(
        '<main aria-busy="true"><h1>Trang</h1></main>',
        "setTimeout(() => document.querySelector('main').setAttribute('aria-busy', 'false'), 200);"
        "setInterval(() => document.body.dataset.tick = Date.now(), 50);",
    )  # never quiet

    async def go() -> None:
        async with runner_on({TOP + "/": flagged}) as r:
            await r.run(op("expect", {"heading": "Trang"}))
            assert await r.ctx.page.locator("main").get_attribute("aria-busy") == "false"

    run_async(go())


def test_a_portals_own_spinner_is_waited_for_only_where_its_profile_names_it(run_async, tmp_path):
    """flows/portals.yaml: `.vong-xoay` is this portal's spinner; without the profile the page
    looks ready while it still spins, with it the step waits until it goes."""
    (tmp_path / "portals.yaml").write_text(
        "portals:\n  p: {quiet_ms: 200, spinners: ['.vong-xoay']}\n  other: {spinners: ['.x']}\n",
        encoding="utf-8",
    )
    spinning = html('<div class="vong-xoay">…</div>')  # it never goes
    readiness = load_readiness(tmp_path, Targets({"p": TOP}))
    assert readiness.for_url(TOP + "/trang").quiet_ms == 200
    assert ".vong-xoay" in readiness.for_url(TOP + "/").spinners
    assert ".vong-xoay" not in readiness.for_url("http://elsewhere.test/").spinners

    async def go(profiles: Readiness) -> None:
        async with runner_on({TOP + "/": spinning}, timeout_ms=1500) as r:
            r.ctx.readiness = profiles
            await r.run(op("wait", {"ready": True}))

    run_async(go(Readiness()))  # the default profile does not know this spinner: ready
    with pytest.raises(TransientFault, match="spinner"):
        run_async(go(readiness))


def test_a_malformed_portals_file_is_a_flow_error(tmp_path):
    (tmp_path / "portals.yaml").write_text("portals:\n  p: {quiet: 200}\n", encoding="utf-8")
    with pytest.raises(FlowError, match=r"portals\.p\.quiet"):
        load_readiness(tmp_path, Targets({"p": TOP}))


def test_the_repositorys_portals_file_loads_for_the_mock_names():
    readiness = load_readiness(
        FLOWS_DIR, Targets({"moj": "http://127.0.0.1:1", "dvcqg": "http://127.0.0.1:2"})
    )
    assert ".ant-spin-spinning" in readiness.for_url("http://127.0.0.1:1/nop-ho-so/2089").spinners
    assert ".sv-loading" in readiness.for_url("http://127.0.0.1:2/nop-ho-so").spinners


LATE_BLOCK = html(
    '<div id="form"><input aria-label="Tỉnh"></div>',
    # a choice's dependants rebuilt 700 ms later: longer than the 500 ms quiet window
    "setTimeout(() => { const p = document.createElement('p'); p.id = 'ward'; p.textContent = 'Phường';"
    " document.getElementById('form').appendChild(p); }, 700);"
    # a toast that hides itself after 4 s: not work the page still has to do
    "const t = document.createElement('div'); t.className = 'toast'; t.textContent = 'Đã lưu';"
    " document.body.appendChild(t); setTimeout(() => t.remove(), 4000);",
)


def test_ready_waits_for_the_rebuild_the_page_has_scheduled_not_for_a_toast_hiding_later(run_async):
    """Nothing changes in the DOM for 700 ms, which a quiet window alone reads as ready; the page's
    pending timer says a rebuild is coming, so ready waits for it. A 4 s timer (a toast that hides
    itself) is not waited for."""

    async def go() -> None:
        async with runner_on({TOP + "/": LATE_BLOCK}, timeout_ms=3000) as r:
            await r.run(op("wait", {"ready": True}))
            assert await r.ctx.page.locator("#ward").count() == 1
            assert await r.ctx.page.locator(".toast").count() == 1

    run_async(go())


def test_a_wait_that_ended_leaves_nothing_polling_in_the_page(run_async):
    """Each wait for a quiet DOM polls the page (pending timers, spinners) every 50 ms until it
    ends; one left behind would poll a long-lived page (a one-page form, an SPA) for good, one
    more with every step. Counted over the next 0.4 s, in the page's own time, after three waits."""
    page_html = html('<div class="cards"><div class="agency-card">Ủy ban nhân dân</div></div>')

    async def go() -> None:
        async with runner_on({TOP + "/": page_html}) as r:
            for _ in range(3):
                await r.run(op("wait", {"ready": True}))
            polls = await r.ctx.page.evaluate(
                """() => new Promise((resolve) => {
                  let n = 0;
                  const asked = Document.prototype.querySelectorAll;
                  Document.prototype.querySelectorAll = function (...a) { n += 1; return asked.apply(this, a); };
                  window.__dvcTimers.setTimeout(() => resolve(n), 400);
                })"""
            )
            assert polls == 0

    run_async(go())
