"""Every closed list the agent validates against equals what the portal's pages offer.

A dossier that validates must never be refused for an option the page does not have, and the
agent must not turn away an option the page does have. Both portals are read: the Hanoi wizard's
HTML and the liên thông SPA's form spec and option lists.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from agent.dossier.paths import field_kind_info
from agent.dossier.rules import fold
from tests.contract import lists
from tests.contract.agreement import differences
from tests.contract.offers import agent_slugs
from tests.contract.page_controls import Control

PORTALS = {
    "hanoi": ("the Hanoi wizard", lists.HANOI, lists.HANOI_LEFT_TO_PORTAL, "hanoi_offer"),
    "dvcqg": ("the liên thông forms", lists.LIENTHONG, lists.LIENTHONG_LEFT_TO_PORTAL, "lienthong_offer"),
}
HELD = [(portal, label) for portal, (_, table, _, _) in PORTALS.items() for label in sorted(table)]


def _controls(offer: dict[str, list[Control]]) -> list[Control]:
    return [control for controls in offer.values() for control in controls]


def _places(controls: list[Control]) -> str:
    shown = "; ".join(c.where for c in controls[:3])
    return shown + (f" and {len(controls) - 3} more" if len(controls) > 3 else "")


@pytest.mark.parametrize(("portal_name", "label"), HELD, ids=[f"{p}-{fold(label)}" for p, label in HELD])
def test_portal_list_equals_the_agents(request, portal_name: str, label: str) -> None:
    title, table, _, fixture = PORTALS[portal_name]
    agent = table[label]
    shown = [c for c in _controls(request.getfixturevalue(fixture)) if c.label == label]
    assert shown, f"{title} no longer shows a list named {label!r}: update tests/contract/lists.py"
    by_options: dict[tuple[str, ...], list[Control]] = defaultdict(list)
    for control in shown:
        by_options[control.options].append(control)
    problems = []
    for offered, where in by_options.items():
        if agent.subset_because:
            # Deliberate: the agent takes only part of this list (see lists.py for why), so
            # only options the portal lacks are an error.
            extra = sorted(set(agent.options) - set(offered))
            if extra:
                problems.append(
                    f"{_places(where)}: {agent.name} accepts what the portal does not offer: {extra}"
                )
        elif diff := differences(agent.options, offered):
            problems.append(f"{_places(where)} differs from {agent.name}:\n{diff}")
    assert not problems, f"{title}, {label!r}:\n" + "\n".join(problems)


@pytest.mark.parametrize("portal_name", sorted(PORTALS))
def test_every_closed_list_on_the_portal_is_held_to_an_agent_list(request, portal_name: str) -> None:
    title, table, left_to_portal, fixture = PORTALS[portal_name]
    controls = _controls(request.getfixturevalue(fixture))
    unheld = sorted(
        {
            f"{c.label!r} ({c.kind}, e.g. {c.where})"
            for c in controls
            if c.label not in table and c.label not in left_to_portal and c.label != lists.COMMUNE_LABEL
        }
    )
    assert not unheld, (
        f"{title} offers closed lists no agent list is held to; add each to "
        "tests/contract/lists.py, or to the LEFT_TO_PORTAL table with the reason:\n  " + "\n  ".join(unheld)
    )
    stale = sorted(set(left_to_portal) - {c.label for c in controls})
    assert not stale, f"{title} no longer shows {stale}: remove them from tests/contract/lists.py"


@pytest.mark.parametrize("portal_name", sorted(PORTALS))
def test_every_agent_list_is_compared_with_the_portal_it_files_on(request, portal_name: str) -> None:
    """A choice field added to a model without a contract here would drift unnoticed."""
    title, table, _, fixture = PORTALS[portal_name]
    shown_labels = {c.label for c in _controls(request.getfixturevalue(fixture))}
    compared = {table[label].options for label in shown_labels & set(table)}
    uncompared = sorted(
        f"{slug}: data.{path} ({len(kind.options)} options, e.g. {kind.options[:3]})"
        for slug in agent_slugs(portal_name)
        for path, (kind, _) in field_kind_info(slug).items()
        if kind is not None and kind.name == "choice" and tuple(kind.options) not in compared
    )
    assert not uncompared, (
        f"these agent lists are compared with no list of {title}; hold each to "
        "the page's list in tests/contract/lists.py:\n  " + "\n  ".join(uncompared)
    )
