"""Starts the real tickplant jar (embedded default: simulators, ingest, normalizer, gateway) on loopback.

The node binds its gateway and management ports to 0 and reports them in its "ready" log line; a restart reuses the
gateway port it got first, so reconnecting clients find the new process at the same URL.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CLIENT_DIR = Path(__file__).resolve().parents[1]
REPO = CLIENT_DIR.parents[1]
JAR = Path(os.environ.get("TICKPLANT_JAR", REPO / "deploy" / "target" / "tickplant.jar"))
READY = re.compile(r"ready roles=.* gatewayPort=(\d+) managementPort=(\d+)")
START_TIMEOUT_S = 120

sys.path.insert(0, str(CLIENT_DIR))


class Node:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None
        self.gateway_port = 0
        self.management_port = 0
        self.starts = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.gateway_port}/"

    def start(self) -> None:
        self.starts += 1
        config = self.workdir / f"tickplant-{self.starts}.json"
        config.write_text(json.dumps({
            "gateway": {"host": "127.0.0.1", "port": self.gateway_port},
            "management": {"host": "127.0.0.1", "port": 0},
        }))
        log_path = self.workdir / f"node-{self.starts}.log"
        log = log_path.open("wb")
        self.proc = subprocess.Popen(["java", "-Xmx512m", "-jar", str(JAR), "-conf", str(config)],
                                     stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            match = READY.search(log_path.read_text(errors="replace"))
            if match:
                self.gateway_port = int(match.group(1))
                self.management_port = int(match.group(2))
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        tail = log_path.read_text(errors="replace")[-3000:]
        self.stop(signal.SIGKILL)
        raise RuntimeError(f"tickplant node did not report ready within {START_TIMEOUT_S} s:\n{tail}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)
        self.proc = None

    def restart(self, sig: int = signal.SIGTERM) -> None:
        """Stops the process (SIGTERM: graceful, clients get ``reconnect``; SIGKILL: abrupt) and starts a new one
        on the same gateway port."""
        self.stop(sig)
        self.start()

    def metric(self, name: str) -> float:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.management_port}/metrics", timeout=10) as r:
            text = r.read().decode()
        values = [float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                  if line.startswith(name + "{") or line.startswith(name + " ")]
        if not values:
            raise AssertionError(f"metric {name} not found")
        return sum(values)


@pytest.fixture(scope="session")
def node(tmp_path_factory):
    if not JAR.is_file():
        pytest.fail(f"{JAR} is missing: build it with ./mvnw -q -B package -DskipTests (run-tests.sh does)")
    n = Node(tmp_path_factory.mktemp("node"))
    n.start()
    yield n
    n.stop()
