"""CPU seconds and peak memory of a process and everything it starts (Python, Playwright's node
driver, every Chromium process), measured from outside while it runs.

CPU: two views, and the larger is kept. (1) Sampling: every `interval` each live process of the
tree is read (psutil `cpu_times`, its own user + system time) and the last reading of every
(pid, start time) is summed at the end; a process that exits between two samples loses at most
one interval of CPU. (2) The kernel's account: `wait4` on the root returns the CPU of the root
and of every descendant that was reaped by a waited-for parent; orphans re-parented to init are
missing from it. With both, a short-lived renderer or a child that was never reaped is still
counted.

Memory: summed PSS (proportional set size, from /proc/PID/smaps_rollup) of the tree at each
sample; its peak is what the tree really held (RSS would count Chromium's shared pages once per
process). The benchmark's own process and the mock (a thread of it) are not in the tree.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):  # the process ended meanwhile
        pass
    return 0


@dataclass
class TreeUsage:
    cpu_seconds: float = 0.0
    cpu_sampled: float = 0.0
    cpu_waited: float = 0.0
    peak_pss_mb: float = 0.0
    peak_processes: int = 0
    exit_code: int | None = None
    wall_seconds: float = 0.0
    cpu_by_kind: dict[str, float] = field(default_factory=dict)
    browsers: list[str] = field(default_factory=list)  # each Chromium browser process's executable


def process_kind(cmdline: list[str]) -> str:
    """What a process of the tree is, for the CPU breakdown: python, driver (Playwright's node),
    or Chromium's browser, renderer, gpu, utility (network, storage) and zygote processes."""
    exe = Path(cmdline[0]).name if cmdline else "?"
    if "python" in exe:
        return "python"
    if exe == "node" or "playwright" in " ".join(cmdline[:2]):
        return "driver"
    if "chrom" in exe:
        kind = next((a.split("=", 1)[1] for a in cmdline if a.startswith("--type=")), "browser")
        return "chromium-" + kind.replace("-process", "")
    return exe


@dataclass
class TreeMonitor:
    """Start a command and follow its process tree until it exits."""

    interval: float = 0.25
    _cpu: dict[tuple[int, float], float] = field(default_factory=dict)
    _kind: dict[tuple[int, float], str] = field(default_factory=dict)

    def run(self, cmd: list[str], env: dict[str, str], log_path: Path, cwd: Path | None = None) -> TreeUsage:
        usage = TreeUsage()
        started = time.monotonic()
        with open(log_path, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
            root = psutil.Process(proc.pid)
            status, rusage = 0, None
            while True:
                self._sample(root, usage)
                waited_pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
                if waited_pid == proc.pid:
                    break
                time.sleep(self.interval)  # the sampling period of a measurement, not synchronisation
            proc.returncode = os.waitstatus_to_exitcode(status)
        usage.wall_seconds = time.monotonic() - started
        usage.exit_code = proc.returncode
        usage.cpu_waited = rusage.ru_utime + rusage.ru_stime if rusage else 0.0
        usage.cpu_sampled = sum(self._cpu.values())
        usage.cpu_seconds = max(usage.cpu_waited, usage.cpu_sampled)
        for key, seconds in self._cpu.items():
            kind = self._kind.get(key, "?")
            usage.cpu_by_kind[kind] = round(usage.cpu_by_kind.get(kind, 0.0) + seconds, 2)
        return usage

    def _sample(self, root: psutil.Process, usage: TreeUsage) -> None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        pss = 0
        alive = 0
        for p in procs:
            try:
                with p.oneshot():
                    t = p.cpu_times()
                    key = (p.pid, p.create_time())
                    if self._kind.get(key, "?") in ("?", "sh"):  # read again once it has exec'd
                        cmdline = p.cmdline()
                        self._kind[key] = process_kind(cmdline)
                        if self._kind[key] == "chromium-browser" and cmdline[0] not in usage.browsers:
                            usage.browsers.append(cmdline[0])
                self._cpu[key] = t.user + t.system
                pss += _pss_kb(p.pid)
                alive += 1
            except psutil.Error:
                continue
        usage.peak_pss_mb = max(usage.peak_pss_mb, pss / 1024)
        usage.peak_processes = max(usage.peak_processes, alive)
