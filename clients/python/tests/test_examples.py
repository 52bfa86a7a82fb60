"""The seed programs rewritten on the client keep streaming across a restart of the server, by themselves."""

import os
import queue
import subprocess
import sys
import threading

import pytest

from conftest import CLIENT_DIR

EXAMPLES = ["seed000_multi_asset.py", "seed003_ticks.py", "seed004_multi_exchange.py"]


def lines_of(stream, sink: queue.Queue) -> None:
    for line in stream:
        sink.put(line.rstrip("\n"))
    sink.put(None)


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_survives_a_server_restart(node, example):
    env = dict(os.environ, TICKPLANT_URL=node.url, TICKPLANT_KEY="demo", PYTHONPATH=str(CLIENT_DIR))
    proc = subprocess.Popen([sys.executable, "-u", str(CLIENT_DIR / "examples" / example)], cwd=CLIENT_DIR,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out: queue.Queue = queue.Queue()
    threading.Thread(target=lines_of, args=(proc.stdout, out), daemon=True).start()
    try:
        for _ in range(5):
            assert out.get(timeout=60) is not None, "the example stopped before the restart"
        node.stop()
        while not out.empty():  # what it printed while the old node was still sending
            out.get_nowait()
        node.start()
        after = []
        while len([line for line in after if "missed" not in line]) < 5:
            line = out.get(timeout=60)
            assert line is not None, f"the example stopped after the restart: {after}"
            after.append(line)
        assert proc.poll() is None  # still running: the restart did not end it
    finally:
        proc.kill()
        proc.wait()
    if example == "seed004_multi_exchange.py":
        # Trades sent while it was disconnected are lost on a new node: it says so before the next trade.
        assert "missed while disconnected" in after[0]
