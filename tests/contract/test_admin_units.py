"""The agent's provinces and communes are exactly those the portals' comboboxes offer.

Communes are fetched per province the way each page's script does (its URL template), over one
plain HTTP connection: 34 requests a portal, no browser.
"""

from __future__ import annotations

import httpx
import pytest

from agent.dossier import admin_units
from tests.contract import lists
from tests.contract.agreement import differences
from tests.contract.offers import fetch_lists
from tests.contract.page_controls import Control

#: portal → (origin serving the commune lists, fixture with its pages)
PORTALS = {"hanoi": ("hanoi", "hanoi_offer"), "lienthong": ("lienthong", "lienthong_offer")}


def _one(controls: list[Control], label: str, what: str) -> Control:
    """The portal's lists of this label must all be alike; return one of them."""
    found = [c for c in controls if c.label == label]
    assert found, f"no {label!r} list found"
    distinct = {(c.options, c.source) for c in found}
    assert len(distinct) == 1, f"{what} differ from field to field: {sorted(c.where for c in found)[:6]}"
    return found[0]


def test_the_agent_knows_the_34_provinces_of_the_2025_reform() -> None:
    names = lists.PROVINCES.options
    assert len(names) == len(set(names)) == 34
    assert {"Hà Nội", "Hồ Chí Minh", "Huế", "Tuyên Quang"} <= set(names)  # in force
    assert not {"Thái Bình", "Hà Giang", "Bình Dương"} & set(names)  # merged in 2025


@pytest.mark.parametrize("portal_name", sorted(PORTALS))
def test_communes_of_every_province_equal_the_agents(request, portal, portal_name: str) -> None:
    origin, fixture = PORTALS[portal_name]
    controls = [c for cs in request.getfixturevalue(fixture).values() for c in cs]
    provinces = _one(controls, "Tỉnh/Thành phố", "province lists").options
    communes = _one(controls, lists.COMMUNE_LABEL, "commune lists")
    assert communes.source, f"{communes.where} names no URL to fetch its communes from"
    assert len(provinces) == 34

    with httpx.Client(base_url=portal.url(origin), timeout=15) as client:
        offered_by_province = fetch_lists(client, communes.source, provinces)

    problems = []
    for province_name, offered in offered_by_province.items():
        province = admin_units.find_province(province_name)
        assert province is not None and province.name == province_name, province_name
        agent = [u.name for u in admin_units.communes(province)]
        if diff := differences(agent, offered):
            problems.append(f"{province_name}:\n{diff}")
        # What the agent does with the page's own text: it must read it as that very commune.
        misread = [
            f"{name!r} → {found.name if found else None!r}"
            for name in offered
            if (found := admin_units.find_commune(province, name)) is None or found.name != name
        ]
        if misread:
            problems.append(f"{province_name}: the agent reads the portal's names otherwise: {misread}")
    assert not problems, f"communes on {portal_name}:\n" + "\n".join(problems)
    offered_total = sum(len(names) for names in offered_by_province.values())
    assert offered_total == sum(len(admin_units.communes(p)) for p in admin_units.provinces().values())
