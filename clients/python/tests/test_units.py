"""The client's pure parts without a server: parsing, checksum, sequence checks, queue policies, request grouping."""

import asyncio
import json
import zlib
from decimal import Decimal

import pytest

from support import run
from tickplant import Client, ChecksumMismatch, Depth, Gap, MarketData, Tick, depth_checksum, parse_frame
from tickplant.client import _groups
from tickplant.errors import ProtocolError
from tickplant.messages import number_text
from tickplant.queue import BLOCK, DROP_OLDEST, BoundedQueue
from tickplant.sequence import DUPLICATE, GAP, OK, SequenceTracker

DEPTH = ('{"type":"depth","symbol":"BTCUSDT","bids":[[65000.10,0.50000000],[65000.00,1.00000000]],'
         '"asks":[[65000.20,1.20000000]],"seq":42,"checksum":%d,"time":1709742000000,"venue":"okx","levels":10}')
LEVELS = "65000.10:0.50000000|65000.00:1.00000000#65000.20:1.20000000"


def test_prices_are_decimals_with_the_text_of_the_message():
    [tick] = parse_frame('{"type":"tick","symbol":"EURUSD","bid":1.08500,"ask":1.08520,"time":1709742000000,'
                         '"seq":7,"bidSize":1000000.00,"askSize":2,"price":1.08510,"venue":"alltick"}')
    assert isinstance(tick, Tick)
    assert tick.bid == Decimal("1.08500") and str(tick.bid) == "1.08500"
    assert tick.ask_size == Decimal(2) and isinstance(tick.ask_size, Decimal)
    assert isinstance(tick.seq, int) and isinstance(tick.time, int)
    assert number_text(Decimal("0.00000001")) == "0.00000001"


def test_checksum_is_crc32_of_the_levels_as_sent():
    frame = DEPTH % zlib.crc32(LEVELS.encode())
    [depth] = parse_frame(frame)
    assert depth.verify()
    assert depth_checksum([], []) == zlib.crc32(b"#")
    tampered = frame.replace("0.50000000", "0.50000001")
    assert not parse_frame(tampered)[0].verify()


def test_batched_frame_keeps_each_message_text():
    one = '{"type":"tick","symbol":"A","bid":1.0,"ask":1.1,"seq":1}'
    two = '{"type":"trade","symbol":"A","price":1.05,"size":3,"side":"buy","seq":9}'
    msgs = parse_frame(f"[{one}, {two}]")
    assert [x.raw for x in msgs] == [one, two]
    assert parse_frame("[]") == []
    with pytest.raises(ProtocolError):
        parse_frame("[{\"type\":\"tick\"} {}]")


def test_an_unknown_channel_passes_through_as_market_data():
    [msg] = parse_frame('{"type":"funding","symbol":"BTCUSDT","rate":0.0001,"seq":5}')
    assert type(msg) is MarketData and msg.channel == "funding" and msg.data["rate"] == Decimal("0.0001")


def test_sequence_tracker_counts_duplicates_and_reports_gaps():
    t = SequenceTracker()
    assert t.check("tick", "A", 10).kind == OK
    assert t.check("tick", "A", 11).kind == OK
    assert t.check("tick", "A", 11).kind == DUPLICATE
    gap = t.check("tick", "A", 15)
    assert gap.kind == GAP and gap.expected == 12
    assert t.check("trade", "A", 3).kind == OK  # streams are per (channel, symbol)
    t.reset("tick", "A", 100)
    assert t.check("tick", "A", 100).kind == OK
    assert (t.duplicates, t.gaps) == (1, 1)


def test_drop_oldest_keeps_events_and_counts_drops():
    async def scenario():
        q = BoundedQueue(2, DROP_OLDEST)
        gap = Gap(symbol="A", channel="tick", expected=1, received=3)
        await q.put(gap)
        for seq in (1, 2, 3):
            await q.put(parse_frame('{"type":"tick","symbol":"A","seq":%d}' % seq)[0])
        assert q.dropped == 2
        return [await q.get(), await q.get()]

    first, second = run(scenario())
    assert first is not None and isinstance(first, Gap)
    assert second.seq == 3


def test_block_waits_for_room():
    async def scenario():
        q = BoundedQueue(1, BLOCK)
        await q.put("a")
        putter = asyncio.create_task(q.put("b"))
        while q.blocked == 0:
            await asyncio.sleep(0)
        assert not putter.done()
        assert await q.get() == "a"
        await putter
        q.close()
        got = [await q.get()]
        with pytest.raises(StopAsyncIteration):
            await q.get()
        return got

    assert run(scenario()) == ["b"]


def test_resubscribe_groups_symbols_by_channels_and_levels():
    pairs = [("trade", "BTCUSDT"), ("depth", "BTCUSDT"), ("trade", "ETHUSDT"), ("depth", "ETHUSDT"),
             ("tick", "EURUSD"), ("depth", "SOLUSDT")]
    levels = {("depth", "BTCUSDT"): None, ("depth", "ETHUSDT"): None, ("depth", "SOLUSDT"): 5}
    groups = _groups(pairs, levels)
    assert groups == [
        ([("trade", "BTCUSDT"), ("depth", "BTCUSDT"), ("trade", "ETHUSDT"), ("depth", "ETHUSDT")], None),
        ([("tick", "EURUSD")], None),
        ([("depth", "SOLUSDT")], 5),
    ]


def test_a_depth_that_fails_its_checksum_becomes_an_event():
    async def scenario():
        client = Client("ws://127.0.0.1:1/", "demo")
        stream = client.messages()
        good = parse_frame(DEPTH % zlib.crc32(LEVELS.encode()))[0]
        bad = parse_frame((DEPTH % zlib.crc32(LEVELS.encode())).replace('"seq":42', '"seq":43')
                          .replace("65000.20", "65000.30"))[0]
        await client._dispatch(good)
        await client._dispatch(bad)
        return await stream.get(1), await stream.get(1), client.stats

    first, second, stats = run(scenario())
    assert isinstance(first, Depth) and first.seq == 42
    assert isinstance(second, ChecksumMismatch) and second.depth.seq == 43
    assert stats.checksum_failures == 1


def test_resume_request_has_the_documented_shape():
    async def scenario():
        client = Client("ws://127.0.0.1:1/", "demo")
        sent = []

        class Socket:
            async def send(self, text):
                sent.append(text)

        client._ws = Socket()
        client._desired = {("trade", "BTCUSDT"): None, ("depth", "BTCUSDT"): None}
        client._tracker.check("trade", "BTCUSDT", 1234)
        client._tracker.check("depth", "BTCUSDT", 5678)
        await client._on_open(1)
        return sent

    assert run(scenario()) == ['{"type":"subscribe","symbols":["BTCUSDT"],"channels":["trade","depth"],'
                               '"resume":{"BTCUSDT":{"trade":1234,"depth":5678}}}']
    assert json.loads(run(scenario())[0])["resume"]["BTCUSDT"]["depth"] == 5678
