"""The floor's arithmetic (fixtures/mock_portal/critical_path.py): sequential round trips are
the largest set of requests no two of which were in flight at once."""

from __future__ import annotations

import httpx

from fixtures.mock_portal.critical_path import CriticalPath, sequential_round_trips


def test_requests_one_after_another_each_count():
    assert sequential_round_trips([(0.0, 0.2), (0.25, 0.45), (0.5, 0.7)]) == 3


def test_requests_in_parallel_count_once():
    # a page (0–0.2) then three XHRs fired together (0.3–0.5 ± a little)
    assert sequential_round_trips([(0.0, 0.2), (0.30, 0.50), (0.31, 0.52), (0.32, 0.51)]) == 2


def test_touching_intervals_are_sequential_and_order_does_not_matter():
    assert sequential_round_trips([(0.4, 0.6), (0.0, 0.2), (0.2, 0.4)]) == 3


def test_a_long_request_spanning_short_ones_does_not_hide_them():
    # a slow upload (0–1.0) while two short requests run one after the other: 2 in a row
    assert sequential_round_trips([(0.0, 1.0), (0.1, 0.3), (0.4, 0.6)]) == 2


def test_empty():
    assert sequential_round_trips([]) == 0


def test_window_and_reset():
    cp = CriticalPath(max_kept=10)
    for i in range(12):  # the two oldest are dropped
        cp.record(i, i + 0.5, "hanoi", f"/p{i}")
    assert cp.summary()["requests"] == 10
    assert cp.summary(since=5, until=8) == {"requests": 3, "sequential": 3, "busy_seconds": 1.5}
    cp.reset()
    assert cp.summary()["requests"] == 0


def test_the_mock_records_delayed_requests_only(mock_portal):
    """Pages are recorded, /static and /__admin are not (the latency fault skips them too)."""
    mock_portal.reset()
    with httpx.Client(base_url=mock_portal.url("hanoi")) as client:
        client.get("/")
        client.get("/static/portal.js")
        client.get("/")
    summary = mock_portal._admin("GET", "/critical-path")
    assert summary["requests"] == 2 and summary["sequential"] == 2
    mock_portal.reset()
    assert mock_portal._admin("GET", "/critical-path")["requests"] == 0
