"""The score table as JUnit XML, for CI: one `<testsuite>` per row, one `<testcase>` per scenario.
A failed cell is a `<failure>` (with its drift report), a skipped one `<skipped>` with its reason,
a passed one says what was proved in `<system-out>`.

Written the batch report's way (`agent.batch.junit`): every text masked with the shared redaction
policy and cleaned of what XML cannot hold, the file private (0600) and replaced atomically.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from agent.batch.results import _replace_atomically, xml_text
from agent.conformance.judge import FAIL, PASS
from agent.conformance.results import CellResult, SuiteResult
from agent.secrets.redaction import mask_message

SUITE_NAME = "dvc-agent conformance"


def clean(text: str) -> str:
    return xml_text(mask_message(text) or "")


def _case(parent: ET.Element, classname: str, cell: CellResult) -> None:
    case = ET.SubElement(
        parent, "testcase", classname=classname, name=cell.scenario, time=f"{cell.seconds:.1f}"
    )
    if cell.status == FAIL:
        drift = [line for item in cell.drift for line in item.lines()]
        body = "\n".join([cell.reason, *drift])
        ET.SubElement(case, "failure", type="conformance", message=clean(cell.reason)).text = clean(body)
    elif cell.status == PASS:
        notes = "\n".join(
            [cell.reason, *cell.notes, f"artifacts: {cell.artifacts}" if cell.artifacts else ""]
        )
        ET.SubElement(case, "system-out").text = clean(notes.strip())
    else:
        kind = "not applicable" if not cell.applicable else "not run"
        ET.SubElement(case, "skipped", message=clean(f"{kind}: {cell.reason}"))


def build(result: SuiteResult) -> ET.ElementTree:
    total = result.total()
    cells = list(result.cells.values())
    root = ET.Element(
        "testsuites",
        name=SUITE_NAME,
        tests=str(len(cells)),
        failures=str(sum(c.status == FAIL for c in cells)),
        skipped=str(sum(not c.ran for c in cells)),
        time=f"{result.seconds:.1f}",
    )
    root.set("conformance_index", f"{total.index:.3f}")
    root.set("pass_rate", f"{total.pass_rate:.3f}")
    for row in result.rows:
        row_cells = result.row_cells(row.key)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=clean(row.key),
            tests=str(len(row_cells)),
            failures=str(sum(c.status == FAIL for c in row_cells)),
            errors="0",
            skipped=str(sum(not c.ran for c in row_cells)),
            time=f"{sum(c.seconds for c in row_cells):.1f}",
        )
        classname = "conformance." + row.key.replace("/", ".")
        for cell in row_cells:
            _case(suite, clean(classname), cell)
    return ET.ElementTree(root)


def write_junit(path: Path, result: SuiteResult) -> Path:
    tree = build(result)
    ET.indent(tree)

    def write(tmp: Path) -> None:
        with tmp.open("wb") as handle:
            tree.write(handle, encoding="utf-8", xml_declaration=True)

    _replace_atomically(path, write)
    return path
