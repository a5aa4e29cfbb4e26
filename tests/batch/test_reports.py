"""Results files, the HTML report and JUnit XML all say what the ledger says, name each row by its
person, and keep `unconfirmed` (may be filed) apart from `failed` (not filed)."""

from __future__ import annotations

import base64
import csv
import xml.etree.ElementTree as ET
from pathlib import Path

from openpyxl import load_workbook

from agent.batch import ledger as L
from agent.batch.inputs import InputRow, InputTable
from agent.batch.outcomes import RowOutcome, collect, summary
from agent.batch.plan import InvalidRow, Plan, PlannedRow, RowProblem
from agent.batch.results import STATUS_FILLS
from agent.batch.run import exit_code_for, write_outputs

# A 1×1 PNG, so the report has a real screenshot to embed.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _scenario(tmp_path: Path):
    cols = ["deceased.full_name", "deceased.personal_id", "account"]
    rows = [
        InputRow(
            2,
            "r2-aaaa0001",
            {"deceased.full_name": "Nguyễn Văn A", "deceased.personal_id": "001050000001", "account": "a"},
        ),
        InputRow(
            3,
            "r3-aaaa0002",
            {"deceased.full_name": "Lê Thị B", "deceased.personal_id": "001150000002", "account": "a"},
        ),
        InputRow(4, "r4-aaaa0003", {"deceased.full_name": "", "deceased.personal_id": "12", "account": "a"}),
        InputRow(
            5,
            "r5-aaaa0004",
            {"deceased.full_name": "Phạm C", "deceased.personal_id": "001050000004", "account": "a"},
        ),
        InputRow(
            6,
            "r6-aaaa0005",
            {"deceased.full_name": "Đỗ Thị D", "deceased.personal_id": "001150000005", "account": "a"},
        ),
    ]
    table = InputTable(tmp_path / "rows.csv", None, cols, rows)
    plan = Plan(
        "dang-ky-khai-tu",
        table,
        valid=[
            PlannedRow(rows[0], None, "a"),
            PlannedRow(rows[1], None, "a"),
            PlannedRow(rows[3], None, "a"),
            PlannedRow(rows[4], None, "a"),
        ],
        invalid=[InvalidRow(rows[2], [RowProblem("deceased.personal_id", "phải có đúng 12 chữ số")])],
    )
    ledger = L.Ledger(tmp_path / "out" / "ledger.sqlite")
    ledger.register(
        plan.input_id, plan.procedure, [L.NewRow(p.row.row_id, p.row.number, "h", "a") for p in plan.valid]
    )
    k1, k2 = L.RowKey(plan.input_id, rows[0].row_id), L.RowKey(plan.input_id, rows[1].row_id)
    ledger.begin_attempt(k1)
    ledger.mark_filed(k1, "000.A0.01.H26-260101-0001", "02/01/2026")
    shots = tmp_path / "out" / "artifacts" / "r3"
    shots.mkdir(parents=True)
    (shots / "failure.png").write_bytes(PNG)
    (shots / "trace.zip").write_bytes(b"PK")
    ledger.begin_attempt(k2)
    ledger.mark_failed(k2, "InfrastructureFailure: 502 after 3 tries", str(shots))
    k6 = L.RowKey(plan.input_id, rows[4].row_id)  # its submit went out; the portal never said
    ledger.begin_attempt(k6)
    ledger.mark_submitting(k6)
    ledger.mark_unconfirmed(k6, "TransientFault: 503 while looking it up", fault="transient")
    return plan, ledger


def test_csv_and_xlsx_hold_input_plus_outcome(tmp_path):
    plan, ledger = _scenario(tmp_path)
    outcomes, files = write_outputs(plan, ledger, tmp_path / "out")
    with files["csv"].open(encoding="utf-8-sig") as fh:
        got = list(csv.DictReader(fh))
    assert [r["status"] for r in got] == ["filed", "failed", "invalid", "pending", "unconfirmed"]
    assert list(got[0])[:3] == ["row", "row_id", "person"]
    assert [r["person"] for r in got] == ["Nguyễn Văn A", "Lê Thị B", "", "Phạm C", "Đỗ Thị D"]
    assert (
        got[0]["dossier_code"] == "000.A0.01.H26-260101-0001" and got[0]["appointment_date"] == "02/01/2026"
    )
    assert got[0]["deceased.full_name"] == "Nguyễn Văn A" and got[0]["deceased.personal_id"] == "001050000001"
    assert "12 chữ số" in got[2]["message"] and got[2]["row"] == "4"
    ws = load_workbook(files["xlsx"]).active
    header = [c.value for c in ws[1]]
    assert header[-5:] == ["status", "dossier_code", "appointment_date", "message", "artifacts"]
    assert ws.cell(2, header.index("deceased.personal_id") + 1).value == "001050000001"  # zeros kept
    status = header.index("status") + 1
    fills = [ws.cell(r, status).fill.fgColor.rgb[-6:] for r in range(2, 7)]
    assert fills[4] == STATUS_FILLS["unconfirmed"] and fills[4] not in (fills[0], fills[1])
    assert summary(outcomes)["filed"] == 1 and summary(outcomes)["unconfirmed"] == 1


def test_html_report_is_self_contained_with_thumbnails_and_trace_links(tmp_path):
    plan, ledger = _scenario(tmp_path)
    _, files = write_outputs(plan, ledger, tmp_path / "out")
    page = files["html"].read_text(encoding="utf-8")
    assert "data:image/png;base64," + base64.b64encode(PNG).decode() in page
    assert 'href="artifacts/r3/trace.zip"' in page
    assert 'href="artifacts/r3/failure.png"' in page  # the thumbnail opens the full-size file
    assert "000.A0.01.H26-260101-0001" in page and "phải có đúng 12 chữ số" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "<td>Đỗ Thị D</td>" in page and "<td>Lê Thị B</td>" in page  # rows named by their person


def test_html_report_tells_what_to_do_about_unconfirmed_rows(tmp_path):
    plan, ledger = _scenario(tmp_path)
    _, files = write_outputs(plan, ledger, tmp_path / "out")
    page = files["html"].read_text(encoding="utf-8")
    assert page.count("do not refile by hand") == 1 and "--only-failed, which checks the portal first" in page
    assert '<tr class="unconfirmed">' in page
    assert f"tr.unconfirmed td.status{{background:#{STATUS_FILLS['unconfirmed'].lower()}}}" in page
    assert STATUS_FILLS["unconfirmed"] != STATUS_FILLS["failed"]
    ledger.mark_filed(L.RowKey(plan.input_id, "r6-aaaa0005"), "000.A0.01.H26-260101-0002", None)
    _, files = write_outputs(plan, ledger, tmp_path / "out")
    assert "do not refile by hand" not in files["html"].read_text(encoding="utf-8")


def test_junit_has_one_case_per_row_with_the_right_verdicts(tmp_path):
    plan, ledger = _scenario(tmp_path)
    _, files = write_outputs(plan, ledger, tmp_path / "out")
    suite = ET.parse(files["junit"]).getroot().find("testsuite")
    assert suite.get("tests") == "5" and suite.get("failures") == "1" and suite.get("errors") == "2"
    assert suite.get("skipped") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["row 3 (r3-aaaa0002) Lê Thị B"].find("error").get("type") == "failed"
    assert cases["row 4 (r4-aaaa0003)"].find("failure").get("type") == "invalid"
    assert cases["row 5 (r5-aaaa0004) Phạm C"].find("skipped") is not None
    unconfirmed = cases["row 6 (r6-aaaa0005) Đỗ Thị D"]
    assert unconfirmed.find("failure") is None and unconfirmed.find("skipped") is None
    error = unconfirmed.find("error")
    assert error.get("type") == "unconfirmed" and "--only-failed" in error.get("message")
    assert "do not refile by hand" in error.get("message")


def test_exit_codes_follow_the_most_urgent_row(tmp_path):
    plan, ledger = _scenario(tmp_path)
    outcomes = collect(plan, ledger)
    assert exit_code_for(outcomes) == 5  # unconfirmed: never refile by hand
    without = [o for o in outcomes if o.status != "unconfirmed"]
    assert exit_code_for(without) == 3  # a failed row (infrastructure)
    flow = RowOutcome(9, "r9", {}, "failed", fault="flow_mismatch")
    assert exit_code_for([*without, flow]) == 4  # a flow to fix comes before retrying
    settled = [o for o in without if o.status in ("filed", "invalid")]
    assert exit_code_for(settled) == 1
    assert exit_code_for([o for o in settled if o.status == "filed"]) == 0
    interrupted = RowOutcome(9, "r9", {}, "interrupted")
    assert exit_code_for([*settled, interrupted]) == 130
