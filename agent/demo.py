"""`make demo`: start the mock portal, file an example dossier through the real CLI, show what
arrived. Everything a newcomer needs to see that the agent works, in one command."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from fixtures.mock_portal.config import ORIGINS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dang-ky-khai-tu.yaml"
CREDENTIALS = ROOT / "examples" / "credentials.mock.yaml"
ORIGIN_COUNT = len(ORIGINS)  # `portal serve` binds one port per origin, from the base port on

console = Console()


def _free_base_port(count: int = ORIGIN_COUNT) -> int:
    """A base port P such that P..P+count-1 are free right now."""
    for base in range(8701, 9700, 10):
        try:
            socks = []
            for port in range(base, base + count):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports between 8701 and 9700")


def _start_portal(data_dir: str) -> tuple[subprocess.Popen, dict[str, str]]:
    cmd = [
        sys.executable,
        "-m",
        "agent",
        "portal",
        "serve",
        "--port",
        str(_free_base_port()),
        "--data-dir",
        data_dir,
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    urls: dict[str, str] = {}
    assert proc.stdout is not None
    while len(urls) < ORIGIN_COUNT:  # the server prints name=url lines once it listens
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"mock portal exited early (code {proc.wait()})")
        name, sep, url = line.strip().partition("=")
        if sep and url.startswith("http"):
            urls[name] = url
    return proc, urls


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dvc-demo-") as data_dir:
        console.rule("[bold]dvc-agent demo")
        proc, urls = _start_portal(data_dir)
        try:
            httpx.get(urls["hanoi"] + "/__admin/health", timeout=10).raise_for_status()
            for name, url in urls.items():
                console.print(f"  mock [cyan]{name}[/] → {url}")
            env = {
                **os.environ,
                "DVC_AGENT_PORTALS": ",".join(f"{k}={v}" for k, v in urls.items()),
                "DVC_AGENT_CREDENTIALS": str(CREDENTIALS),
            }
            console.print(f"\n[bold]1.[/] dvc-agent validate {EXAMPLE.relative_to(ROOT)}")
            subprocess.run(
                [sys.executable, "-m", "agent", "validate", str(EXAMPLE)], env=env, cwd=ROOT, check=True
            )
            console.print(f"\n[bold]2.[/] dvc-agent submit {EXAMPLE.relative_to(ROOT)} --json")
            done = subprocess.run(
                [sys.executable, "-m", "agent", "submit", str(EXAMPLE), "--json"],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                console.print(done.stdout, done.stderr, style="red")
                return done.returncode
            receipt = json.loads(done.stdout)
            console.print_json(data=receipt)
            dossier = httpx.get(f"{urls['hanoi']}/__admin/dossiers/{receipt['code']}", timeout=10).json()
            table = Table(title=f"What the mock portal received: {dossier['code']} ({dossier['status']})")
            for col in ("Mục", "Trường", "Giá trị"):
                table.add_column(col)
            for field in dossier["fields"]:
                table.add_row(field["section"], field["label"], str(field["value"]))
            for att in dossier["attachments"]:
                table.add_row(
                    "Thành phần hồ sơ", att["row"], f"{att['filename']} sha256={att['sha256'][:16]}…"
                )
            console.print(table)
            console.print(
                f"\n[bold green]Filed:[/] mã hồ sơ [bold]{receipt['code']}[/], "
                f"ngày hẹn trả {receipt.get('appointment_date')}"
            )
            return 0
        finally:
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
