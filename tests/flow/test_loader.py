"""The flow loader: a malformed step or a path the model lacks fails at load time, naming the
file and the line; valid flows expand their blocks and plan into flat ops."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from agent.flow import FlowError, load_flow, plan
from agent.flow.schema import FillArgs

SIGN_IN = """\
block: sign-in
portal: test
steps:
  - goto: {portal: test, path: /}
  - exit_if: {link: "Đăng xuất"}
  - fill: {label: "Tên đăng nhập", secret: username}
  - click: {button: "Đăng nhập"}
"""
MY = """\
block: my-dossiers
portal: test
steps:
  - click: {link: "Hồ sơ của tôi"}
"""


def write_flows(tmp_path: Path, steps: str, header_extra: str = "") -> Path:
    flows = tmp_path / "flows"
    (flows / "blocks" / "test").mkdir(parents=True)
    (flows / "test").mkdir()
    (flows / "blocks" / "test" / "sign-in.yaml").write_text(SIGN_IN, encoding="utf-8")
    (flows / "blocks" / "test" / "my-dossiers.yaml").write_text(MY, encoding="utf-8")
    body = textwrap.dedent(f"""\
        procedure: dang-ky-khai-tu
        portal: test
        title: "Đăng ký khai tử"
        sign_in: blocks/test/sign-in
        my_dossiers: blocks/test/my-dossiers
        match: [data.deceased.personal_id]
        {header_extra}steps:
        """) + textwrap.indent(textwrap.dedent(steps), "  ")
    path = flows / "test" / "dang-ky-khai-tu.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_valid_flow_loads_expands_blocks_and_plans(tmp_path):
    path = write_flows(tmp_path, """\
        - use: blocks/test/sign-in
        - within: {group: "Thông tin người chết"}
          steps:
            - fill: {label: "Họ, chữ đệm, tên", value: data.deceased.full_name}
            - choose: {label: "Tỉnh/Thành phố", value: data.death.place.province}
        - check: {group: "Hình thức nhận kết quả", option: data.delivery.method}
        - fill: {label: "Email", value: data.applicant.email, when: data.applicant.email}
        - upload: {row: "Giấy báo tử", file: attachments.death_notice}
        - review: {}
        """)
    flow = load_flow(path)
    assert [s.kind for s in flow.steps] == ["use", "within", "check", "fill", "upload", "review"]
    ops = plan(flow.steps)
    kinds = [op.kind for op in ops]
    assert kinds == ["goto", "exit_if", "fill", "click", "fill", "choose", "check", "fill", "upload",
                     "review"]
    assert ops[1].block_end == 4            # exit_if leaves the sign-in block only
    assert ops[4].section == "Thông tin người chết"
    assert isinstance(ops[4].args, FillArgs) and ops[4].args.value == "data.deceased.full_name"
    assert ops[7].conditions == ("data.applicant.email",)
    assert flow.sign_in and flow.my_dossiers


def test_path_typo_fails_with_file_and_line(tmp_path):
    path = write_flows(tmp_path, """\
        - goto: {portal: test, path: /}
        - fill: {label: "Họ, chữ đệm, tên", value: data.deceased.ful_name}
        """)
    with pytest.raises(FlowError) as err:
        load_flow(path)
    message = str(err.value)
    assert "test/dang-ky-khai-tu.yaml:9" in message
    assert "data.deceased.ful_name" in message and "not a field" in message


def test_typo_inside_within_and_condition_is_found(tmp_path):
    path = write_flows(tmp_path, """\
        - within: {group: "X"}
          steps:
            - fill: {label: "A", value: data.deceased.full_name}
            - fill: {label: "B", value: data.deceased.sex, when: data.decesed}
        """)
    with pytest.raises(FlowError, match=r"dang-ky-khai-tu\.yaml:11: 'data\.decesed'"):
        load_flow(path)


def test_unknown_attachment_and_match_paths_fail(tmp_path):
    path = write_flows(tmp_path, """\
        - upload: {row: "Giấy báo tử", file: attachments.death_notise}
        """)
    with pytest.raises(FlowError, match=r":8: 'attachments\.death_notise'"):
        load_flow(path)
    path = write_flows(tmp_path / "b", "- review: {}\n", header_extra="")
    path.write_text(path.read_text().replace("data.deceased.personal_id", "data.deceased.pid"))
    with pytest.raises(FlowError, match=r"match: 'data\.deceased\.pid'"):
        load_flow(path)


@pytest.mark.parametrize("step, expected", [
    ("- clik: {button: X}", r":8: unknown step 'clik'"),
    ("- fill: {label: X}", r":8: fill: .*exactly one of value"),
    ("- fill: {label: X, value: deceased.full_name}", r":8: fill: .*not a data path"),
    ("- click: {button: X, label: Y}", r":8: click: .*exactly one way"),
    ("- fill: {label: X, text: a}\n  click: {button: Y}", r":8: one action per step"),
    ("- use: blocks/test/nope", r":8: no block 'blocks/test/nope'"),
    ("- within: {group: X}", r":8: within needs a non-empty `steps:`"),
    ("- check: {group: G}", r":8: check: .*name the checkbox"),
])
def test_malformed_steps_fail_with_line(tmp_path, step, expected):
    with pytest.raises(FlowError, match=expected):
        load_flow(write_flows(tmp_path, step + "\n"))


def test_error_in_block_names_the_block_file(tmp_path):
    path = write_flows(tmp_path, "- use: blocks/test/sign-in\n")
    block = path.parent.parent / "blocks" / "test" / "sign-in.yaml"
    block.write_text(block.read_text().replace("secret: username", "secret: pin"))
    with pytest.raises(FlowError, match=r"blocks/test/sign-in\.yaml:6: fill"):
        load_flow(path)


def test_repository_flows_all_load():
    """Every shipped flow validates and binds only real paths of its procedure."""
    from agent.flow import FLOWS_DIR
    flows = sorted(p for p in FLOWS_DIR.glob("*/*.yaml") if p.parent.name != "blocks")
    for path in flows:
        flow = load_flow(path)
        assert flow.path.stem == flow.procedure
