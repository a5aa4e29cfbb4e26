"""The conformance check itself: a flow that types the wrong field into a box is caught, even
though the portal accepted the dossier and the flow's own review agreed with what it typed."""

from __future__ import annotations

import shutil

import pytest

from agent.flow import FLOWS_DIR
from e2e.conformance import assert_conforms, file_example

pytestmark = pytest.mark.browser

RIGHT = '      - fill: {label: "Nguyên nhân chết", value: data.death.cause}\n'
#: The slip: the death notice's issuer goes into the cause box, and the cause itself is typed
#: only on a route this dossier does not take, so the flow still loads (every field is bound).
SLIP = """\
      - fill: {label: "Nguyên nhân chết", value: data.death_notice.issuer}
      - fill: {label: "Nguyên nhân chết", value: data.death.cause}
        when: {equals: [data.death_notice.kind, "Giấy tờ thay thế"]}
"""


def test_a_flow_that_types_the_wrong_field_does_not_conform(mock_portal, run_async, tmp_path):
    flows = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, flows)
    flow_file = flows / "hanoi" / "dang-ky-khai-tu.yaml"
    text = flow_file.read_text(encoding="utf-8")
    assert RIGHT in text
    flow_file.write_text(text.replace(RIGHT, SLIP), encoding="utf-8")

    receipt = run_async(file_example(mock_portal, "dang-ky-khai-tu", tmp_path / "runs", flows_dir=flows))
    stored = mock_portal.dossier(receipt.code)
    assert [f["value"] for f in stored["fields"] if f["label"] == "Nguyên nhân chết"] == [
        "Bệnh viện Bạch Mai"
    ]  # the slip really reached the portal
    with pytest.raises(AssertionError, match=r"data\.death\.cause = 'Bệnh già' reached no field"):
        assert_conforms(mock_portal, "dang-ky-khai-tu", receipt.code, flows_dir=flows)
