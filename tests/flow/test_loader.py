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


#: The fields of dang-ky-khai-tu these small test flows do not type (a branch covers its leaves).
NOT_ON_PORTAL = """\
not_on_portal:
  data.applicant: &test "not on the test form"
  data.requester_relationship: *test
  data.deceased: *test
  data.death: *test
  data.registration_type: *test
  data.last_residence: *test
  data.death_notice: *test
  data.delivery: *test
  attachments.death_evidence: *test
  attachments.place_of_death_proof: *test
"""


def write_flows(
    tmp_path: Path, steps: str, header_extra: str = "", not_on_portal: str = NOT_ON_PORTAL
) -> Path:
    """A test flow of dang-ky-khai-tu: header, `steps`, then `not_on_portal` (last, so that the
    steps' line numbers stay put)."""
    flows = tmp_path / "flows"
    (flows / "blocks" / "test").mkdir(parents=True)
    (flows / "test").mkdir()
    (flows / "blocks" / "test" / "sign-in.yaml").write_text(SIGN_IN, encoding="utf-8")
    (flows / "blocks" / "test" / "my-dossiers.yaml").write_text(MY, encoding="utf-8")
    body = (
        textwrap.dedent(f"""\
        procedure: dang-ky-khai-tu
        portal: test
        title: "Đăng ký khai tử"
        sign_in: blocks/test/sign-in
        my_dossiers: blocks/test/my-dossiers
        match: [data.deceased.personal_id]
        {header_extra}steps:
        """)
        + textwrap.indent(textwrap.dedent(steps), "  ")
        + not_on_portal
    )
    path = flows / "test" / "dang-ky-khai-tu.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_valid_flow_loads_expands_blocks_and_plans(tmp_path):
    path = write_flows(
        tmp_path,
        """\
        - use: blocks/test/sign-in
        - within: {group: "Thông tin người chết"}
          steps:
            - fill: {label: "Họ, chữ đệm, tên", value: data.deceased.full_name}
            - choose: {label: "Tỉnh/Thành phố", value: data.death.place.province}
        - check: {group: "Hình thức nhận kết quả", option: data.delivery.method}
        - fill: {label: "Email", value: data.applicant.email}
          when: data.applicant.email
        - upload: {row: "Giấy báo tử", file: attachments.death_notice}
        - review: {}
        """,
    )
    flow = load_flow(path)
    assert [s.kind for s in flow.steps] == ["use", "within", "check", "fill", "upload", "review"]
    ops = plan(flow.steps)
    kinds = [op.kind for op in ops]
    assert kinds == [
        "goto",
        "exit_if",
        "fill",
        "click",
        "fill",
        "choose",
        "check",
        "fill",
        "upload",
        "review",
    ]
    assert ops[1].block_end == 4  # exit_if leaves the sign-in block only
    assert ops[4].section == "Thông tin người chết"
    assert isinstance(ops[4].args, FillArgs) and ops[4].args.value == "data.deceased.full_name"
    assert ops[7].conditions == ("data.applicant.email",)
    assert flow.sign_in and flow.my_dossiers


def test_path_typo_fails_with_file_and_line(tmp_path):
    path = write_flows(
        tmp_path,
        """\
        - goto: {portal: test, path: /}
        - fill: {label: "Họ, chữ đệm, tên", value: data.deceased.ful_name}
        """,
    )
    with pytest.raises(FlowError) as err:
        load_flow(path)
    message = str(err.value)
    assert "test/dang-ky-khai-tu.yaml:9" in message
    assert "data.deceased.ful_name" in message and "not a field" in message


def test_typo_inside_within_and_condition_is_found(tmp_path):
    path = write_flows(
        tmp_path,
        """\
        - within: {group: "X"}
          steps:
            - fill: {label: "A", value: data.deceased.full_name}
            - fill: {label: "B", value: data.deceased.sex}
              when: data.decesed
        """,
    )
    with pytest.raises(FlowError, match=r"dang-ky-khai-tu\.yaml:11: 'data\.decesed'"):
        load_flow(path)


def test_unknown_attachment_and_match_paths_fail(tmp_path):
    path = write_flows(
        tmp_path,
        """\
        - upload: {row: "Giấy báo tử", file: attachments.death_notise}
        """,
    )
    with pytest.raises(FlowError, match=r":8: 'attachments\.death_notise'"):
        load_flow(path)
    path = write_flows(tmp_path / "b", "- review: {}\n", header_extra="")
    path.write_text(path.read_text().replace("data.deceased.personal_id", "data.deceased.pid"))
    with pytest.raises(FlowError, match=r"match: 'data\.deceased\.pid'"):
        load_flow(path)


@pytest.mark.parametrize(
    "step, expected",
    [
        ("- clik: {button: X}", r":8: unknown step 'clik'"),
        ("- fill: {label: X}", r":8: fill: .*exactly one of value"),
        ("- fill: {label: X, value: deceased.full_name}", r":8: fill: .*not a data path"),
        ("- click: {button: X, label: Y}", r":8: click: .*exactly one way"),
        ("- fill: {label: X, text: a}\n  click: {button: Y}", r":8: one action per step"),
        ("- use: blocks/test/nope", r":8: no block 'blocks/test/nope'"),
        ("- within: {group: X}", r":8: within needs a non-empty `steps:`"),
        ("- check: {group: G}", r":8: check: .*name the checkbox"),
    ],
)
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

    flows = sorted(
        p for p in FLOWS_DIR.glob("*/*.yaml") if p.parent.name != "blocks" and p.name != "vocabulary.yaml"
    )
    for path in flows:
        flow = load_flow(path)
        assert flow.path.stem == flow.procedure


# -- every model field reaches the portal or says why not --------------------------------------

KHAI_TU_STEPS = """\
- fill: {label: "Họ, chữ đệm, tên", value: data.deceased.full_name}
- upload: {row: "Giấy báo tử", file: attachments.death_notice}
"""


def declared(*paths: str) -> str:
    return "not_on_portal:\n" + "".join(f'  {p}: "not on the test form"\n' for p in paths)


#: NOT_ON_PORTAL less data.deceased, whose leaves the tests below declare one by one.
OTHER_BRANCHES = (
    "data.applicant",
    "data.requester_relationship",
    "data.death",
    "data.registration_type",
    "data.last_residence",
    "data.death_notice",
    "data.delivery",
    "attachments.death_evidence",
    "attachments.place_of_death_proof",
)
DECEASED_REST = (
    "data.deceased.date_of_birth",
    "data.deceased.sex",
    "data.deceased.ethnicity",
    "data.deceased.nationality",
    "data.deceased.personal_id",
    "data.deceased.id_document",
)


def test_a_model_field_no_step_types_fails_with_its_path(tmp_path):
    """deceased.residence.* were offered by `template` and typed by no step: a user filled them
    and believed they were filed."""
    path = write_flows(tmp_path, KHAI_TU_STEPS, not_on_portal=declared(*OTHER_BRANCHES, *DECEASED_REST))
    with pytest.raises(FlowError) as err:
        load_flow(path)
    message = str(err.value)
    assert message.startswith("flows/test/dang-ky-khai-tu.yaml:")
    assert "4 field(s) of dang-ky-khai-tu reach no step" in message
    assert (
        "data.deceased.residence.kind, data.deceased.residence.address.province, "
        "data.deceased.residence.address.commune, data.deceased.residence.address.detail" in message
    )
    assert "not_on_portal" in message


def test_declaring_the_fields_not_on_portal_with_a_reason_loads(tmp_path):
    path = write_flows(
        tmp_path,
        KHAI_TU_STEPS,
        not_on_portal=declared(*OTHER_BRANCHES, *DECEASED_REST, "data.deceased.residence"),
    )
    flow = load_flow(path)
    assert flow.header.not_on_portal["data.deceased.residence"] == "not on the test form"


def test_a_when_does_not_count_as_typing_a_field(tmp_path):
    """`when: data.death.time` reads the time to choose the route; nothing sends it."""
    path = write_flows(
        tmp_path,
        KHAI_TU_STEPS
        + """\
- fill: {label: "Nguyên nhân chết", value: data.death.cause}
  when: data.death.time
""",
        not_on_portal=declared(
            "data.applicant",
            "data.requester_relationship",
            "data.deceased",
            "data.death.date",
            "data.death.place",
            "data.registration_type",
            "data.last_residence",
            "data.death_notice",
            "data.delivery",
            "attachments.death_evidence",
            "attachments.place_of_death_proof",
        ),
    )
    with pytest.raises(
        FlowError,
        match=r"1 field\(s\) of dang-ky-khai-tu reach no step.*: "
        r"data\.death\.time\. Type each",
    ):
        load_flow(path)


@pytest.mark.parametrize(
    "entry, expected",
    [
        (
            '  data.deceased.residence: ""\n',
            r":\d+: not_on_portal: 'data\.deceased\.residence' needs a reason",
        ),
        (
            '  data.deceased.residense: "typo"\n',
            r"'data\.deceased\.residense' is not a field of dang-ky-khai-tu",
        ),
        (
            '  attachments.death_notice: "but it is uploaded"\n',
            r"'attachments\.death_notice' is typed at flows/test/dang-ky-khai-tu\.yaml:9",
        ),
    ],
)
def test_not_on_portal_entries_are_checked(tmp_path, entry, expected):
    path = write_flows(tmp_path, KHAI_TU_STEPS, not_on_portal=NOT_ON_PORTAL + entry)
    with pytest.raises(FlowError, match=expected):
        load_flow(path)


def test_a_declared_block_whose_fields_are_all_typed_is_refused(tmp_path):
    path = write_flows(
        tmp_path,
        KHAI_TU_STEPS
        + """\
- check: {group: "Loại giấy tờ", option: data.death_notice.kind}
- fill: {label: "Số", value: data.death_notice.number}
- fill: {label: "Ngày cấp", value: data.death_notice.date}
- fill: {label: "Cơ quan cấp", value: data.death_notice.issuer}
""",
        not_on_portal=NOT_ON_PORTAL,
    )
    with pytest.raises(FlowError, match=r"every field under 'data\.death_notice' is typed by a step"):
        load_flow(path)


def test_a_name_typed_in_parts_counts_only_when_every_part_is(tmp_path):
    """Liên thông splits the name (Họ / Chữ đệm / Tên): full_name reaches the portal only when
    all three parts are typed."""
    rest = declared(*OTHER_BRANCHES, *DECEASED_REST, "data.deceased.residence")
    parts = """\
- fill: {label: "Họ", value: data.deceased.family_name}
- fill: {label: "Tên", value: data.deceased.given_name}
- upload: {row: "Giấy báo tử", file: attachments.death_notice}
"""
    with pytest.raises(FlowError, match=r"reach no step.*data\.deceased\.full_name"):
        load_flow(write_flows(tmp_path / "a", parts, not_on_portal=rest))
    load_flow(
        write_flows(
            tmp_path / "b",
            parts + '- fill: {label: "Chữ đệm", value: data.deceased.middle_name}\n',
            not_on_portal=rest,
        )
    )


# -- one place for `when:` ---------------------------------------------------------------------


def test_when_inside_the_arguments_is_refused_with_the_fix(tmp_path):
    path = write_flows(
        tmp_path,
        """\
- fill: {label: "Email", value: data.applicant.email, when: data.applicant.email}
""",
    )
    with pytest.raises(FlowError) as err:
        load_flow(path)
    assert ":8: `when:` goes next to the verb, not inside its arguments" in str(err.value)
    assert "`- fill: {…}` and, on the next line, `  when: …`" in str(err.value)


# -- public block loading, no import cycle -----------------------------------------------------


def test_load_block_reads_one_block_on_its_own(tmp_path):
    from agent.flow import load_block

    flows = write_flows(tmp_path, KHAI_TU_STEPS).parent.parent
    steps = load_block("blocks/test/sign-in", flows)
    assert [s.kind for s in steps] == ["goto", "exit_if", "fill", "click"]
    assert steps[2].source == "flows/blocks/test/sign-in.yaml:6"
    with pytest.raises(FlowError, match="no block 'blocks/test/nope'"):
        load_block("blocks/test/nope", flows)


def test_the_yaml_reader_raises_flow_errors_without_importing_the_loader(tmp_path):
    """yaml_lines imported FlowError from the loader, which imports yaml_lines: the error now
    has a module of its own, re-exported where it was."""
    import ast

    import agent.flow
    import agent.flow.loader
    from agent.flow import errors, yaml_lines

    tree = ast.parse(Path(yaml_lines.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "agent.flow.loader" not in imported
    assert agent.flow.FlowError is agent.flow.loader.FlowError is errors.FlowError
    bad = tmp_path / "bad.yaml"
    bad.write_text("steps: [\n", encoding="utf-8")
    with pytest.raises(errors.FlowError, match="not valid YAML"):
        yaml_lines.load_yaml_with_lines(bad)
