"""`dvc-agent validate`, `template` and `flows`, run through the real Typer app."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import yaml
from typer.testing import CliRunner

from agent.cli import app
from agent.dossier import template

from .helpers import EXAMPLES, SLUGS

runner = CliRunner()


def test_validate_accepts_every_example():
    result = runner.invoke(app, ["validate", *(str(EXAMPLES / f"{s}.yaml") for s in SLUGS)])
    assert result.exit_code == 0, result.output
    assert result.output.count("✓") == len(SLUGS)


def test_validate_rejects_with_field_specific_messages_and_exit_2(tmp_path):
    shutil.copytree(EXAMPLES / "files", tmp_path / "files")
    text = (EXAMPLES / "dang-ky-ket-hon.yaml").read_text(encoding="utf-8")
    text = text.replace('phone: "0912345678"', 'phone: "0112345678"')
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), str(EXAMPLES / "dang-ky-khai-tu.yaml")])
    assert result.exit_code == 2
    assert "data.applicant.phone: phone number '0112345678' is not a Vietnamese phone number" in result.output
    assert "✓" in result.output  # the valid file is still reported valid
    # Rules across fields (ages) are judged once every field is well-formed.
    text = text.replace('phone: "0112345678"', 'phone: "0912345678"')
    text = text.replace("date_of_birth: 07/07/1994", "date_of_birth: 07/07/2010")
    text = text.replace("001194067890", "001310067890")  # a girl born in 2010
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "data: bride is 16 on 25/11/2026; the legal minimum is 18" in result.output


def test_validate_json_output(tmp_path):
    result = runner.invoke(
        app, ["validate", "--json", str(EXAMPLES / "lien-thong-khai-tu.yaml"), str(tmp_path / "missing.yaml")]
    )
    assert result.exit_code == 2
    report = json.loads(result.output)
    assert report[0]["valid"] is True and report[0]["procedure"] == "lien-thong-khai-tu"
    assert report[1]["valid"] is False and "cannot read" in report[1]["problems"][0]["message"]


def test_yaml_template_lists_every_field_and_validates_once_filled(tmp_path):
    result = runner.invoke(app, ["template", "dang-ky-khai-tu"])
    assert result.exit_code == 0
    blank = yaml.safe_load(result.output)
    assert blank["procedure"] == "dang-ky-khai-tu" and set(blank["attachments"]) == {
        "death_notice",
        "death_evidence",
        "place_of_death_proof",
    }
    flat = {f"{a}.{b}" for a, v in blank["data"].items() if isinstance(v, dict) for b in v}
    assert {"deceased.full_name", "death.date", "death_notice.issuer"} <= flat
    path = tmp_path / "blank.yaml"
    path.write_text(result.output, encoding="utf-8")
    refused = runner.invoke(app, ["validate", str(path)])
    assert refused.exit_code == 2 and "data.deceased.full_name: is required" in refused.output


def test_csv_and_xlsx_templates_write_the_batch_header(tmp_path):
    result = runner.invoke(app, ["template", "lien-thong-khai-sinh", "--format", "csv"])
    header = next(csv.reader(io.StringIO(result.output)))
    assert header == template.template_columns("lien-thong-khai-sinh")
    assert header[0] == "account" and "attachments.ct01" in header
    target = tmp_path / "batch.xlsx"
    result = runner.invoke(app, ["template", "dang-ky-ket-hon", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    assert [c.value for c in sheet[1]] == template.template_columns("dang-ky-ket-hon")


def test_template_of_an_unknown_procedure_exits_2():
    result = runner.invoke(app, ["template", "khai-sinh"])
    assert result.exit_code == 2


def test_flows_lists_the_procedures_and_codes():
    result = runner.invoke(app, ["flows"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for code in ("1.004873", "1.004884", "1.000894", "1.004746", "1.000656", "2.000986", "1.006714"):
        assert code in result.output


def test_the_installed_command_exits_2_on_an_invalid_dossier(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("procedure: dang-ky-khai-tu\naccount: citizen-a\ndata: {}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "agent", "validate", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "data.applicant: is required" in done.stdout
