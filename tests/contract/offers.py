"""What each portal offers, read from the running mock over plain HTTP — never from its Python.

- Hanoi: the wizard's pages (steps 1, 2, 3 and 5) of every procedure the agent files there,
  signed in as citizen A and walked with valid answers; options come from the HTML.
- Liên thông: the form spec the SPA renders (`/api/thu-tuc/<code>/bieu-mau`) and the lists its
  comboboxes fetch (`/api/danh-muc/<source>`, communes per province), as `lienthong.js` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx

from agent.dossier.procedures import PROCEDURES
from tests.contract.page_controls import Control, closed_controls
from tests.mock_portal.helpers import fill_to_review, login

#: The wizard steps that hold form fields (4 is the attachment table, 6 the review).
HANOI_FORM_STEPS = (1, 2, 3, 5)
#: The liên thông SPA builds each combobox's URL like this (`list()` in lienthong.js).
LIENTHONG_LIST = "/api/danh-muc/{source}"
LIENTHONG_COMMUNES = "/api/danh-muc/communes?tinh={parent}"


def agent_slugs(portal: str) -> list[str]:
    """The procedures the agent files on a portal (`hanoi` or `dvcqg`)."""
    return [slug for slug, spec in PROCEDURES.items() if spec.portal == portal]


def hanoi_offer(portal) -> dict[str, list[Control]]:
    """Slug → the closed controls of its wizard pages."""
    offer: dict[str, list[Control]] = {}
    client = login(portal)
    try:
        for slug in agent_slugs("hanoi"):
            review = fill_to_review(portal, client, slug)
            base = review.url.path.rsplit("/", 1)[0]
            offer[slug] = []
            for step in HANOI_FORM_STEPS:
                page = client.get(portal.url("hanoi", f"{base}/buoc-{step}"))
                assert page.status_code == 200, (slug, step, page.status_code)
                offer[slug] += closed_controls(page.text, f"{slug} bước {step}")
    finally:
        client.close()
    return offer


def lienthong_offer(portal) -> dict[str, list[Control]]:
    """Slug → the closed controls of its liên thông form, with every fixed list fetched."""
    offer: dict[str, list[Control]] = {}
    lists: dict[str, tuple[str, ...]] = {}
    with httpx.Client(base_url=portal.url("lienthong"), timeout=15) as client:
        for slug in agent_slugs("dvcqg"):
            spec = client.get(f"/api/thu-tuc/{PROCEDURES[slug].code}/bieu-mau")
            assert spec.status_code == 200, (slug, spec.text)
            offer[slug] = []
            for step in spec.json()["steps"]:
                for section in step.get("sections", []):
                    for field in section["fields"]:
                        control = _lienthong_control(
                            client, lists, f"{slug} › {step['title']}", section["legend"], field
                        )
                        if control is not None:
                            offer[slug].append(control)
    return offer


def _lienthong_control(
    client: httpx.Client, lists: dict[str, tuple[str, ...]], page: str, group: str, field: dict
) -> Control | None:
    kind = field["type"]
    if kind == "radio":
        return Control(page, group, field["label"], "radio", tuple(field["options"]))
    if kind != "combobox":
        return None  # checkboxes are yes/no flags, not lists; the rest is typed text
    source = field["source"]
    if source == "communes":
        return Control(page, group, field["label"], "combobox", source=LIENTHONG_COMMUNES)
    if source not in lists:
        answer = client.get(LIENTHONG_LIST.format(source=source))
        assert answer.status_code == 200, (source, answer.text)
        lists[source] = tuple(item["name"] for item in answer.json())
    return Control(page, group, field["label"], "combobox", lists[source])


def fetch_list(client: httpx.Client, template: str, parent: str) -> tuple[str, ...]:
    """A list the page fetches for a parent value (the communes of a province)."""
    answer = client.get(template.replace("{parent}", quote(parent, safe="")))
    assert answer.status_code == 200, (template, parent, answer.status_code, answer.text[:200])
    return tuple(item["name"] for item in answer.json())


def fetch_lists(client: httpx.Client, template: str, parents: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """`fetch_list` for many parents over a few parallel connections: each answer takes tens of
    milliseconds of network round trips, not of work, so they overlap well."""
    wanted = list(parents)
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = pool.map(lambda parent: fetch_list(client, template, parent), wanted)
        return dict(zip(wanted, answers, strict=True))
