"""JUnit XML so a CI job running a batch shows one test per row, red for each row not filed.

Verdicts: refused and invalid rows are `<failure>`s (the dossier itself is wrong: a person must
fix the data); failed rows are `<error>`s (the run could not file them). Unconfirmed rows are
`<error type="unconfirmed">` too: an error in JUnit means "no verdict could be reached", which is
exactly their state — neither a `<failure>` (nothing is known to be wrong with the dossier) nor
`<skipped>` (CI would show them as harmless, yet someone must act: run `--only-failed`, and never
refile them by hand). Pending, interrupted and reviewed rows are skipped: nothing was attempted
to completion, on purpose.

Messages and row ids are masked with the shared redaction policy (CI keeps and shows this file),
characters XML cannot hold are replaced, and the file is private (0600).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from agent.batch.outcomes import (
    FAILED,
    FILED,
    INTERRUPTED,
    INVALID,
    REFUSED,
    UNCONFIRMED,
    UNCONFIRMED_ADVICE,
    RowOutcome,
)
from agent.batch.results import masked_message, row_policy, xml_text
from agent.secrets.private_files import FILE_MODE, private_dir


def case_name(o: RowOutcome) -> str:
    row_id = row_policy(o.values).mask(o.row_id)
    return xml_text(f"row {o.number} ({row_id})" + (f" {o.person}" if o.person else ""))


def build(outcomes: list[RowOutcome], suite_name: str) -> ET.ElementTree:
    failures = sum(o.status in (REFUSED, INVALID) for o in outcomes)
    errors = sum(o.status in (FAILED, UNCONFIRMED) for o in outcomes)
    skipped = len(outcomes) - failures - errors - sum(o.status == FILED for o in outcomes)
    suite = ET.Element(
        "testsuite",
        name=suite_name,
        tests=str(len(outcomes)),
        failures=str(failures),
        errors=str(errors),
        skipped=str(skipped),
    )
    for o in outcomes:
        case = ET.SubElement(suite, "testcase", classname=suite_name, name=case_name(o))
        message = xml_text(masked_message(o))
        if o.status == FILED:
            ET.SubElement(case, "system-out").text = xml_text(
                f"{o.dossier_code} {o.appointment_date}".strip()
            )
        elif o.status in (REFUSED, INVALID):
            ET.SubElement(case, "failure", type=o.status, message=message).text = message
        elif o.status == FAILED:
            ET.SubElement(case, "error", type=o.status, message=message).text = message
        elif o.status == UNCONFIRMED:
            advice = f"unconfirmed: {UNCONFIRMED_ADVICE}"
            ET.SubElement(case, "error", type=o.status, message=advice).text = f"{advice}\n{message}".strip()
        else:
            advice = " (run again with --resume)" if o.status == INTERRUPTED else ""
            ET.SubElement(case, "skipped", message=o.status + advice)
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.ElementTree(root)


def write_junit(path: Path, outcomes: list[RowOutcome], suite_name: str) -> Path:
    private_dir(path.parent)
    tree = build(outcomes, suite_name)
    ET.indent(tree)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        tree.write(handle, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, path)
    return path
