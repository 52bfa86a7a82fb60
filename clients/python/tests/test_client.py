"""The asyncio client against the real node over loopback."""

import asyncio
from decimal import Decimal

import pytest

from support import eventually, run
from tickplant import (AuthError, Client, Connected, Depth, Error, Gap, MarketData, Reset, Status, SubscriptionError,
                       SymbolError, SyncClient, Tick, Trade)
from tickplant.messages import number_text


async def market_data(sub, count: int, kinds=(MarketData,), until=lambda msgs: True):
    """Market-data messages of ``sub``: at least ``count``, and more until ``until(msgs)`` holds; plus the events
    seen meanwhile (checked by the caller)."""
    out, events = [], []
    async for msg in sub:
        if isinstance(msg, kinds):
            out.append(msg)
            if len(out) >= count and until(out):
                return out, events
        elif not isinstance(msg, Connected):
            events.append(msg)
    raise AssertionError("subscription ended early")


def each_seen(keys, times=1):
    """``until`` for :func:`market_data`: every (channel, symbol) of ``keys`` seen ``times`` times."""
    def enough(msgs):
        return all(sum((m.channel, m.symbol) == k for m in msgs) >= times for k in keys)
    return enough


def assert_consecutive(msgs):
    last = {}
    for msg in msgs:
        key = (msg.channel, msg.symbol)
        if key in last:
            assert msg.seq == last[key] + 1 + msg.conflated, f"{key}: {last[key]} then {msg.seq}"
        last[key] = msg.seq
    return last


def test_subscribe_gives_snapshot_then_live_with_consecutive_seq(node):
    async def scenario():
        async with Client(node.url, "demo") as client:
            sub = await client.subscribe(["BTCUSDT", "ETHUSDT"], ["tick", "depth", "trade"])
            status = await client.subscribe("AAPL.US", "status")
            msgs, events = await market_data(sub, 60, until=each_seen(
                [(c, s) for c in ("tick", "depth") for s in ("BTCUSDT", "ETHUSDT")], times=3))
            [first_status], _ = await market_data(status, 1)
            return msgs, events, first_status, client.stats

    msgs, events, first_status, stats = run(scenario())
    assert events == []
    # Each stream starts with the current state (snapshot) and continues live from it, seq + 1 each time.
    assert_consecutive(msgs)
    # A quiet or closed instrument still answers a status subscription with its current state at once.
    assert isinstance(first_status, Status) and first_status.state
    assert stats.gaps == 0 and stats.duplicates == 0


def test_prices_are_exact_decimals_from_the_message_text(node):
    async def scenario():
        async with Client(node.url, "demo") as client:
            sub = await client.subscribe(["EURUSD", "BTCUSDT"], ["tick", "trade"])
            return (await market_data(sub, 10))[0]

    for msg in run(scenario()):
        if isinstance(msg, Tick):
            assert isinstance(msg.bid, Decimal) and isinstance(msg.ask_size, Decimal)
            assert f'"bid":{number_text(msg.bid)},' in msg.raw and f'"askSize":{number_text(msg.ask_size)},' in msg.raw
        if isinstance(msg, Trade):
            assert isinstance(msg.price, Decimal)
            assert f'"price":{number_text(msg.price)},"size":{number_text(msg.size)},' in msg.raw


def test_depth_checksums_of_real_messages_verify(node):
    async def scenario():
        async with Client(node.url, "demo") as client:
            sub = await client.subscribe(["BTCUSDT", "BTCUSDT@binance", "EURUSD"], "depth", levels=5)
            depths, events = await market_data(sub, 40, Depth, until=each_seen(
                [("depth", "BTCUSDT"), ("depth", "BTCUSDT@binance")], times=5))
            return depths, events, client.stats

    depths, events, stats = run(scenario())
    assert events == [] and stats.checksum_failures == 0
    for d in depths:
        assert d.checksum is not None and d.verify(), d.raw
        assert len(d.bids) <= 5 and len(d.asks) <= 5


def test_bad_key_raises_auth_error_both_ways(node):
    async def scenario(auth):
        with pytest.raises(AuthError) as err:
            await Client(node.url, "not-a-key", auth=auth).connect()
        return err.value

    assert run(scenario("message")).code == "AUTH_FAILED"
    assert run(scenario("token")).code == "AUTH_FAILED"


def test_token_auth_connects(node):
    async def scenario():
        async with Client(node.url, "demo", auth="token") as client:
            assert client.welcome.authenticated
            sub = await client.subscribe("BTCUSDT")
            return (await market_data(sub, 2))[0]

    assert all(isinstance(m, Tick) for m in run(scenario()))


def test_unknown_symbol_raises_symbol_error_and_keeps_the_rest(node):
    async def scenario():
        async with Client(node.url, "demo") as client:
            with pytest.raises(SymbolError) as err:
                await client.subscribe("EURUSDD")
            assert err.value.code == "UNKNOWN_SYMBOL" and "EURUSD" in err.value.suggestions
            assert err.value.subscription is None
            with pytest.raises(SymbolError) as mixed:
                await client.subscribe(["BTCUSDT", "NOSUCHCOIN"])
            sub = mixed.value.subscription
            assert sub.pairs == {("tick", "BTCUSDT")}
            got, _ = await market_data(sub, 2)
            listed = await client.list_subscriptions()
            pong = await client.ping()  # the connection survived both refusals
            return got, listed, pong

    got, listed, pong = run(scenario())
    assert {m.symbol for m in got} == {"BTCUSDT"}
    assert listed.symbols == ["BTCUSDT"] and pong.type == "pong"


def test_unknown_channel_is_sent_to_the_server(node):
    async def scenario():
        async with Client(node.url, "demo") as client:
            with pytest.raises(SubscriptionError) as err:
                await client.subscribe("BTCUSDT", "orderflow")
            return err.value

    assert run(scenario()).code == "INVALID_CHANNEL"


def test_unsubscribe_ends_the_subscription(node):
    async def scenario():
        async with Client(node.url, "demo") as client:
            sub = await client.subscribe("BTCUSDT", ["tick", "trade"])
            await market_data(sub, 1)
            await sub.unsubscribe()
            async for msg in sub:  # drains what was queued, then ends
                assert isinstance(msg, (MarketData, Connected))
            return await client.list_subscriptions()

    assert run(scenario()).symbols == []


def test_batched_mode_is_transparent(node):
    async def scenario():
        async with Client(node.url, "demo", batch=True) as client:
            sub = await client.subscribe(["BTCUSDT", "ETHUSDT"], ["tick", "depth"])
            msgs, events = await market_data(sub, 40)
            return msgs, events, client.stats

    msgs, events, stats = run(scenario())
    assert events == [] and stats.batched_frames > 0 and stats.batched_frames == stats.frames
    assert_consecutive(msgs)
    assert all(m.raw.startswith('{"type":') and m.raw.endswith("}") for m in msgs)


def test_drop_oldest_bounds_the_queue_and_counts(node):
    async def scenario():
        async with Client(node.url, "demo", queue_size=3) as client:
            sub = await client.subscribe(["BTCUSDT", "ETHUSDT"], ["tick", "depth", "trade"])
            await eventually(lambda: sub.dropped > 0, what="a drop")
            assert len(sub.queue) <= 3
            return sub.dropped, client.stats

    dropped, stats = run(scenario())
    assert dropped > 0 and stats.dropped >= dropped


def test_block_holds_back_reading_and_loses_nothing(node):
    async def scenario():
        async with Client(node.url, "demo", queue_size=2, overflow="block") as client:
            sub = await client.subscribe(["BTCUSDT", "ETHUSDT"], ["tick", "depth"])
            await eventually(lambda: sub.queue.blocked > 0, what="the reader to block")
            got = []
            async for msg in sub:
                got.append(msg)
                if sum(isinstance(m, MarketData) for m in got) >= 40:
                    break
            return got, client.stats

    got, stats = run(scenario())
    assert stats.dropped == 0
    # Every jump in seq (a server-side conflation of a slow reader, should one happen) is announced by a Gap.
    last = {}
    for msg in got:
        if isinstance(msg, (Gap, Reset)):
            last[(msg.channel, msg.symbol)] = None
        elif isinstance(msg, MarketData):
            key = (msg.channel, msg.symbol)
            if last.get(key) is not None:
                assert msg.seq == last[key] + 1 + msg.conflated
            last[key] = msg.seq


def test_callbacks_receive_messages(node):
    async def scenario():
        got, done = [], asyncio.Event()

        def on_message(msg):
            if isinstance(msg, MarketData):
                got.append(msg)
                if len(got) == 5:
                    done.set()

        async with Client(node.url, "demo") as client:
            sub = await client.subscribe("BTCUSDT", ["tick", "depth"], callback=on_message)
            await done.wait()
            with pytest.raises(TypeError):
                sub.__aiter__()
        return got

    assert_consecutive(run(scenario()))


def test_clean_shutdown_ends_iterators_and_frees_the_server_session(node):
    async def scenario():
        client = Client(node.url, "demo")
        await client.connect()
        sub = await client.subscribe("BTCUSDT", "tick")
        await eventually(lambda: node.metric("tickplant_gateway_clients") >= 1, what="the server to count us")

        async def consume():
            n = 0
            async for msg in sub:
                n += 1
            return n

        consumer = asyncio.create_task(consume())
        await market_data(client.messages(), 1)
        await client.close()
        count = await consumer  # the iterator ended by itself, without an exception
        assert client._runner.done() and not client.connected
        await eventually(lambda: node.metric("tickplant_gateway_clients") == 0, what="the server to drop us")
        return count

    assert run(scenario()) >= 1


def test_sync_wrapper(node):
    with SyncClient(node.url, "demo") as client:
        ticks = []
        for msg in client.subscribe(["BTCUSDT", "EURUSD"]):
            if isinstance(msg, Tick):
                ticks.append(msg)
                if len(ticks) == 3:
                    break
        assert client.ping().type == "pong"
    assert all(isinstance(t.bid, Decimal) for t in ticks)


def test_errors_about_a_symbol_reach_its_subscription(node):
    async def scenario():
        client = Client(node.url, "demo")
        sub = await client.subscribe(["BTCUSDT", "NOPE"])  # before connect(): sent with the first subscribe
        await client.connect()
        try:
            msgs = []
            async for msg in sub:
                msgs.append(msg)
                if isinstance(msg, Tick):
                    return msgs, sub.pairs
        finally:
            await client.close()

    msgs, pairs = run(scenario())
    assert any(isinstance(m, Error) and m.code == "UNKNOWN_SYMBOL" and m.symbol == "NOPE" for m in msgs)
    assert pairs == {("tick", "BTCUSDT")}
