"""One dossier, several routes: a Hanoi procedure's dossier files by the legacy Hanoi portal or by
the national path (`portal:` in the file, `--portal` on the command line, a `portal` column in a
batch), and every route a procedure declares has its flow — and no flow exists for an undeclared one."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.dossier import PROCEDURES, InvalidDossier, load_dossier
from agent.dossier.paths import from_flat, to_flat
from agent.flow import FLOWS_DIR, flow_path

from .helpers import EXAMPLES

HANOI = [s.slug for s in PROCEDURES.values() if s.portal == "hanoi"]
runner = CliRunner()


def test_the_five_hanoi_procedures_also_go_by_the_national_path():
    assert sorted(HANOI) == sorted(
        [
            "xac-nhan-tinh-trang-hon-nhan",
            "dang-ky-lai-khai-sinh",
            "dang-ky-ket-hon",
            "dang-ky-lai-ket-hon",
            "dang-ky-khai-tu",
        ]
    )
    for slug in HANOI:
        assert PROCEDURES[slug].routes == ("hanoi", "national")


@pytest.mark.parametrize("slug", HANOI)
def test_the_command_line_route_wins_over_the_file(slug):
    assert load_dossier(EXAMPLES / f"{slug}.yaml").portal == "hanoi"
    assert load_dossier(EXAMPLES / f"{slug}.yaml", portal="national").portal == "national"


def test_portal_national_in_the_file_is_accepted(tmp_path):
    shutil.copytree(EXAMPLES / "files", tmp_path / "files")
    text = (EXAMPLES / "dang-ky-khai-tu.yaml").read_text(encoding="utf-8")
    assert "portal: hanoi" in text
    (tmp_path / "d.yaml").write_text(text.replace("portal: hanoi", "portal: national"), encoding="utf-8")
    assert load_dossier(tmp_path / "d.yaml").portal == "national"


def test_a_route_the_procedure_does_not_have_is_refused_with_the_routes_it_has():
    with pytest.raises(InvalidDossier) as caught:
        load_dossier(EXAMPLES / "lien-thong-khai-tu.yaml", portal="national")
    [problem] = caught.value.problems
    assert problem.location == "portal"
    assert "cannot be filed by the 'national' route" in problem.message
    assert "dvcqg" in problem.hint


def test_a_batch_row_takes_the_default_route_unless_its_column_names_one():
    flat = to_flat(load_dossier(EXAMPLES / "dang-ky-khai-tu.yaml"))
    row = {k: v for k, v in flat.items() if k not in ("procedure", "portal", "account")}
    assert from_flat("dang-ky-khai-tu", row, EXAMPLES, portal="national").portal == "national"
    assert from_flat("dang-ky-khai-tu", row, EXAMPLES).portal == "hanoi"
    own = {**row, "portal": "hanoi"}
    assert from_flat("dang-ky-khai-tu", own, EXAMPLES, portal="national").portal == "hanoi"


def test_validate_takes_the_route_from_the_command_line():
    ok = runner.invoke(app, ["validate", str(EXAMPLES / "dang-ky-khai-tu.yaml"), "--portal", "national"])
    assert ok.exit_code == 0, ok.output
    assert "on national" in ok.output
    bad = runner.invoke(app, ["validate", str(EXAMPLES / "lien-thong-khai-sinh.yaml"), "--portal", "hanoi"])
    assert bad.exit_code == 2
    assert "cannot be filed by the 'hanoi' route" in bad.output


def test_every_declared_route_has_its_flow_and_every_flow_a_declared_route():
    declared = {(route, spec.slug) for spec in PROCEDURES.values() for route in spec.routes}
    missing = sorted(f"{r}/{s}" for r, s in declared if not flow_path(r, s).exists())
    assert not missing, f"routes without a flow: {missing}"
    on_disk = {
        (path.parent.name, path.stem)
        for path in FLOWS_DIR.glob("*/*.yaml")
        if path.parent.name != "blocks" and path.stem in PROCEDURES
    }
    assert on_disk <= declared, f"flows for undeclared routes: {sorted(on_disk - declared)}"
