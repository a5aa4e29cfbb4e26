"""JUnit XML so a CI job running a batch shows one test per row, red for each row not filed."""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from agent.batch.outcomes import (FAILED, FILED, INVALID, PENDING, REFUSED, REVIEWED, UNCONFIRMED,
                                  RowOutcome)


def build(outcomes: list[RowOutcome], suite_name: str) -> ET.ElementTree:
    failures = sum(o.status in (REFUSED, INVALID) for o in outcomes)
    errors = sum(o.status in (FAILED, UNCONFIRMED) for o in outcomes)
    skipped = sum(o.status in (PENDING, REVIEWED) for o in outcomes)
    suite = ET.Element("testsuite", name=suite_name, tests=str(len(outcomes)),
                       failures=str(failures), errors=str(errors), skipped=str(skipped))
    for o in outcomes:
        case = ET.SubElement(suite, "testcase", classname=suite_name,
                             name=f"row {o.number} ({o.row_id})")
        if o.status == FILED:
            ET.SubElement(case, "system-out").text = f"{o.dossier_code} {o.appointment_date}".strip()
        elif o.status in (REFUSED, INVALID):
            ET.SubElement(case, "failure", type=o.status, message=o.message).text = o.message
        elif o.status in (FAILED, UNCONFIRMED):
            ET.SubElement(case, "error", type=o.status, message=o.message).text = o.message
        else:
            ET.SubElement(case, "skipped", message=o.status)
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.ElementTree(root)


def write_junit(path: Path, outcomes: list[RowOutcome], suite_name: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tree = build(outcomes, suite_name)
    ET.indent(tree)
    tmp = path.with_name(f".{path.name}.tmp")
    tree.write(tmp, encoding="utf-8", xml_declaration=True)
    os.replace(tmp, path)
    return path
