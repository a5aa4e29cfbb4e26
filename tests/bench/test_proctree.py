"""The benchmark's view of a runner's process tree: which kind each process is, which browser ran."""

from __future__ import annotations

import os
import sys

from bench.proctree import TreeMonitor, process_kind


def test_process_kinds_follow_chromiums_type_switch():
    assert process_kind(["/usr/bin/chromium-headless-shell", "--no-sandbox"]) == "chromium-browser"
    assert process_kind(["/usr/lib/chromium/chromium", "--type=renderer"]) == "chromium-renderer"
    assert process_kind(["/usr/bin/python3", "-m", "agent"]) == "python"


def test_the_browser_executable_a_runner_launched_is_recorded(tmp_path):
    # a stand-in "browser": Python itself, reached through a link named as Debian's shell is
    fake = tmp_path / "chromium-headless-shell"
    os.symlink(sys.executable, fake)
    child = f"import subprocess; subprocess.run([{str(fake)!r}, '-c', 'import time; time.sleep(1)'])"
    usage = TreeMonitor(interval=0.05).run([sys.executable, "-c", child], dict(os.environ), tmp_path / "log")
    assert usage.exit_code == 0
    assert usage.browsers == [str(fake)]
    assert usage.cpu_by_kind.get("python", 0) > 0
