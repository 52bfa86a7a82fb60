"""The CLI as scripts use it: run from the source tree, without installing."""

import json
import subprocess
import sys
from decimal import Decimal

from conftest import CLIENT_DIR

MARKET = {"tick", "depth", "trade", "status"}


def cli(*args, timeout=90):
    return subprocess.run([sys.executable, "-m", "tickplant.cli", *args], cwd=CLIENT_DIR, capture_output=True,
                          text=True, timeout=timeout)


def test_json_prints_count_messages_as_the_server_sent_them(node):
    done = cli("--url", node.url, "--key", "demo", "subscribe", "BTCUSDT", "EURUSD", "--channel", "tick",
               "--channel", "depth", "--count", "7", "--json")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 7
    for line in lines:
        msg = json.loads(line, parse_float=Decimal)
        assert msg["type"] in MARKET and msg["symbol"] in ("BTCUSDT", "EURUSD")
        # The server's compact text, numbers as written (re-encoding would add spaces and lose trailing zeros).
        assert ": " not in line and ", " not in line
        if msg["type"] == "depth" and msg["bids"]:
            assert f'[[{msg["bids"][0][0]},{msg["bids"][0][1]}]' in line


def test_table_prints_a_row_per_message_when_not_a_terminal(node):
    done = cli("--url", node.url, "--key", "demo", "subscribe", "AAPL.US", "--channel", "status", "--count", "1")
    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    assert header.split()[:3] == ["SYMBOL", "CHANNEL", "SEQ"]
    assert len(rows) == 1 and rows[0].split()[:2] == ["AAPL.US", "status"]


def test_bad_key_and_unknown_symbol_exit_with_a_clear_error(node):
    bad_key = cli("--url", node.url, "--key", "wrong", "subscribe", "EURUSD", "--count", "1")
    assert bad_key.returncode == 3 and "API key refused" in bad_key.stderr
    unknown = cli("--url", node.url, "--key", "demo", "subscribe", "EURUSDD", "--count", "1")
    assert unknown.returncode == 4 and "UNKNOWN_SYMBOL" in unknown.stderr and "EURUSD" in unknown.stderr
