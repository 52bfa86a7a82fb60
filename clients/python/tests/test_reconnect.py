"""Reconnects: after a server restart (graceful or killed) and after a dropped socket to the same server."""

import asyncio
import json
import logging
import signal

import pytest

from support import eventually, run
from tickplant import Client, Connected, Disconnected, Gap, MarketData, Reconnect, Reset

STREAMS = {("trade", "BTCUSDT"), ("depth", "BTCUSDT")}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["graceful", "killed"])
def test_restart_resubscribes_with_resume_and_surfaces_the_jump(node, sig, caplog):
    caplog.set_level(logging.DEBUG, logger="tickplant")

    async def scenario():
        loop = asyncio.get_running_loop()
        async with Client(node.url, "demo", backoff_initial=0.2, backoff_max=2.0) as client:
            sub = await client.subscribe(["BTCUSDT"], ["trade", "depth"])
            before, after, events = {}, {}, []
            restart = None
            async for msg in sub:
                if isinstance(msg, MarketData):
                    key = (msg.channel, msg.symbol)
                    side = after if any(isinstance(e, Connected) for e in events) else before
                    if key in side:
                        assert msg.seq == side[key][-1] + 1 + msg.conflated, f"{key}: {side[key][-1]} then {msg.seq} unannounced"
                    side.setdefault(key, []).append(msg.seq)
                    if restart is None and set(before) == STREAMS:
                        restart = loop.run_in_executor(None, node.restart, sig)
                    if all(len(after.get(k, [])) >= 2 for k in STREAMS):
                        break
                elif isinstance(msg, (Gap, Reset)):
                    events.append(msg)
                    after.pop((msg.channel, msg.symbol), None)  # a new run of consecutive seq starts here
                elif isinstance(msg, (Disconnected, Connected, Reconnect)):
                    events.append(msg)
            await restart
            return before, after, events, client.stats, sub.dropped

    before, after, events, stats, dropped = run(scenario(), timeout=240)
    assert dropped == 0 and stats.reconnects == 1
    kinds = [type(e) for e in events]
    assert Disconnected in kinds and kinds.index(Disconnected) < kinds.index(Connected)
    if sig == signal.SIGTERM:
        assert Reconnect in kinds  # the server said so before closing
    # The resubscribe asked to resume each stream from the last seq delivered before the drop, in the documented
    # shape.
    sent = [r.getMessage()[len("send "):] for r in caplog.records if r.getMessage().startswith("send {")]
    resubscribe = json.loads(sent[-1])
    assert list(resubscribe) == ["type", "symbols", "channels", "resume"]
    assert resubscribe["symbols"] == ["BTCUSDT"] and resubscribe["channels"] == ["trade", "depth"]
    assert resubscribe["resume"] == {"BTCUSDT": {c: before[(c, "BTCUSDT")][-1] for c in ("trade", "depth")}}
    # A new node numbers its streams from its start time, so it cannot resume: each stream's jump is surfaced,
    # never passed off as consecutive.
    for channel, symbol in STREAMS:
        jump = [e for e in events if isinstance(e, (Gap, Reset)) and (e.channel, e.symbol) == (channel, symbol)]
        assert jump, f"no gap or reset surfaced for {channel} {symbol}"
        if isinstance(jump[0], Gap):
            assert jump[0].after_reconnect
            assert jump[0].expected == before[(channel, symbol)][-1] + 1
            assert jump[0].received > jump[0].expected


def test_reconnect_to_the_same_node_drops_the_repeated_snapshot_as_a_duplicate(node):
    async def scenario():
        async with Client(node.url, "demo", backoff_initial=0.05, backoff_max=0.2) as client:
            sub = await client.subscribe("AAPL.US", "status")
            delivered = []
            drops = 0
            # Each round the network drops the connection under the client after a status. The new connection's first
            # status is the current state again: while that state is unchanged it carries a seq already delivered and
            # must be dropped as a duplicate. If the state did change meanwhile (on a busy machine the feed can go
            # stale and back), the status is new and delivered, and the next round drops the connection again.
            async for msg in sub:
                if isinstance(msg, MarketData):
                    delivered.append(msg)
                    client._ws.transport.abort()  # the network drops the connection under the client
                    drops += 1
                elif isinstance(msg, Connected) and msg.attempt >= 1:
                    await eventually(lambda: client.stats.duplicates >= 1 or len(sub.queue) > 0,
                                     what="the new connection's first status")
                    if client.stats.duplicates >= 1:
                        break
            queued = []
            while len(sub.queue):
                queued.append(sub.queue.get_nowait())
            # The repeated status was dropped, not delivered again (a later change of state may follow it).
            assert all(m.seq > delivered[-1].seq for m in queued if isinstance(m, MarketData)), queued
            return delivered, drops, client.stats

    delivered, drops, stats = run(scenario())
    seqs = [m.seq for m in delivered]
    assert seqs == sorted(set(seqs)), f"no status delivered twice: {seqs}"
    assert stats.duplicates == 1 and stats.reconnects >= drops, stats
