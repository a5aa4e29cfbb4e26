"""The drift report without a browser: which names on a page come closest to what a step asked
for, and what the report proposes."""

from __future__ import annotations

from agent.conformance.drift import DriftItem, find_op, rank, similarity, wanted_names
from agent.flow import load_procedure_flow

PAGE = [
    ("label", "Nguyên nhân chết"),
    ("label", "Ngày chết"),
    ("label", "Nơi chết"),
    ("group", "Thông tin người chết"),
    ("button", "Tiếp tục"),
    ("heading", "Đăng ký khai tử"),
]


def test_the_renamed_label_is_the_closest_name_on_the_page():
    best = rank([("label", "Nguyên nhân tử vong")], PAGE)
    assert best[0].name == "Nguyên nhân chết" and best[0].kind == "label"
    assert all(c.score >= 0.45 for c in best)
    assert similarity("Nguyên nhân tử vong", "Nguyên nhân chết") > similarity(
        "Nguyên nhân tử vong", "Ngày chết"
    )


def test_unrelated_names_are_not_offered():
    assert rank([("button", "Nộp hồ sơ trực tuyến")], [("label", "Ngày chết"), ("label", "Dân tộc")]) == []


def test_the_proposal_renames_the_element_or_rescopes_it():
    renamed = DriftItem(
        "flows/hanoi/x.yaml:40",
        "fill",
        ['label "Nguyên nhân tử vong"'],
        candidates=rank([("label", "Nguyên nhân tử vong")], PAGE),
        wanted=[("label", "Nguyên nhân tử vong")],
    )
    assert renamed.proposal == 'name it {label: "Nguyên nhân chết"}'
    assert any("proposal" in line for line in renamed.lines())
    there = DriftItem(
        "flows/hanoi/x.yaml:41",
        "fill",
        ['label "Ngày chết"'],
        scope="group 'Thông tin người mất'",
        candidates=rank([("label", "Ngày chết")], PAGE),
        scope_candidates=rank([("group", "Thông tin người mất")], PAGE),
        wanted=[("label", "Ngày chết")],
        scope_wanted=[("group", "Thông tin người mất")],
    )
    assert there.element_shown and there.proposal == 'scope it within {group: "Thông tin người chết"}'
    fallback = DriftItem(
        "flows/hanoi/x.yaml:9", "step", ["label 'Họ và tên'"], used="placeholder 'Họ và tên'"
    )
    assert fallback.proposal is None and "used instead: placeholder 'Họ và tên'" in "\n".join(
        fallback.lines()
    )


def test_a_step_is_found_by_its_file_and_line_with_its_locators():
    flow = load_procedure_flow("hanoi", "dang-ky-khai-tu")
    source = next(op.step.source for op in _ops(flow) if op.kind == "fill")
    op = find_op([flow.steps, flow.sign_in], source)
    assert op is not None and op.step.source == source
    assert wanted_names(op)[0][0] in ("label", "field", "placeholder")
    assert find_op([flow.steps], "flows/hanoi/nowhere.yaml:1") is None


def _ops(flow):
    from agent.flow import plan

    return plan(flow.steps)
