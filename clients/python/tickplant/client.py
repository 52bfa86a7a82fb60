"""The asyncio client: one WebSocket, automatic reconnect, resubscribe with resume, gap/duplicate/checksum checks.

Usage::

    async with Client("ws://127.0.0.1:8080/", "demo") as client:
        sub = await client.subscribe(["BTCUSDT"], channels=["trade", "depth"])
        async for msg in sub:
            print(msg)

What the user sees, per (channel, symbol) stream: messages with ``seq`` increasing by exactly 1; a duplicate ``seq``
is dropped and counted; a jump is delivered as a :class:`~tickplant.messages.Gap` event before the message that
jumped; a server ``reset`` is delivered as :class:`~tickplant.messages.Reset`. A depth message whose levels do not
match its ``checksum`` is replaced by a :class:`~tickplant.messages.ChecksumMismatch` event.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import random
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Iterable

import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatusCode

from . import messages as m
from .errors import AuthError, ConnectionLost, LimitError, ProtocolError, TickplantError, error_for
from .queue import DROP_OLDEST, BoundedQueue
from .sequence import DUPLICATE, GAP, SequenceTracker

LOG = logging.getLogger("tickplant")

Callback = Callable[[m.Message], Any]
_Pair = tuple[str, str]  # (channel, symbol)

# Errors the server sends on its own, never as the answer to a request.
_UNSOLICITED_CODES = {"SYMBOL_REJECTED", "SLOW_CONSUMER", "AUTH_TIMEOUT"}


@dataclass
class Stats:
    """Counters since the client was created."""

    messages: int = 0
    duplicates: int = 0
    gaps: int = 0
    resets: int = 0
    checksum_failures: int = 0
    dropped: int = 0
    reconnects: int = 0
    frames: int = 0
    #: frames that were JSON arrays (batched mode)
    batched_frames: int = 0


@dataclass(eq=False)  # identity: two requests alike are still two requests
class _Request:
    kind: str
    pairs: set[_Pair] = field(default_factory=set)
    done: set[_Pair] = field(default_factory=set)
    errors: list[TickplantError] = field(default_factory=list)
    future: asyncio.Future | None = None
    #: a resubscribe nobody awaits: its refusals go to the subscribers as Error messages
    surface: bool = False

    def complete(self) -> bool:
        return self.done >= self.pairs


class Subscription:
    """The messages of some (channel, symbol) streams: an async iterator, or a callback when one was given.

    Besides market data it yields the :class:`~tickplant.messages.Gap`, :class:`~tickplant.messages.Reset`,
    :class:`~tickplant.messages.ChecksumMismatch` and ``Error`` events of its streams, and the client's
    :class:`~tickplant.messages.Connected` / :class:`~tickplant.messages.Disconnected` events.
    """

    def __init__(self, client: Client, pairs: Iterable[_Pair], callback: Callback | None, match_all: bool = False):
        self._client = client
        self.pairs: set[_Pair] = set(pairs)
        self.callback = callback
        self.match_all = match_all
        self.queue = None if callback else BoundedQueue(client.queue_size, client.overflow,
                                                        may_block=lambda: not client._pending)

    @property
    def symbols(self) -> list[str]:
        return sorted({s for _, s in self.pairs})

    @property
    def dropped(self) -> int:
        return self.queue.dropped if self.queue else 0

    def matches(self, msg: m.Message) -> bool:
        if self.match_all:
            return True
        if isinstance(msg, (m.MarketData, m.Reset, m.Gap)):
            return (msg.channel, msg.symbol) in self.pairs
        if isinstance(msg, m.ChecksumMismatch):
            return (msg.depth.channel, msg.depth.symbol) in self.pairs
        if isinstance(msg, m.Error) and msg.symbol is not None:
            return any(s == msg.symbol for _, s in self.pairs)
        return True  # connection events and errors about the connection concern everyone

    async def _deliver(self, msg: m.Message) -> None:
        if self.queue is not None:
            await self.queue.put(msg)
            return
        try:
            result = self.callback(msg)
            if inspect.isawaitable(result):
                await result
        except Exception:  # a failing callback must not take the connection down
            LOG.exception("subscription callback failed on %s", msg.type)

    def _close(self, error: BaseException | None = None) -> None:
        if self.queue is not None:
            self.queue.close(error)

    def __aiter__(self):
        if self.queue is None:
            raise TypeError("a subscription with a callback is not iterable")
        return self

    async def __anext__(self) -> m.Message:
        return await self.queue.get()

    async def get(self, timeout: float | None = None) -> m.Message:
        """The next message, waiting at most ``timeout`` seconds (``asyncio.TimeoutError`` after that)."""
        if self.queue is None:
            raise TypeError("a subscription with a callback has no queue to read")
        return await asyncio.wait_for(self.queue.get(), timeout)

    async def unsubscribe(self) -> None:
        """Stops this subscription; streams no other subscription holds are unsubscribed on the server."""
        await self._client._release(self)


class Client:
    """An asyncio tickplant client. Construct, then ``await connect()`` (or use ``async with``).

    :param url: ``ws://HOST:8080/``
    :param key: API key, sent as an ``auth`` message (``auth="message"``) or as ``?token=`` (``auth="token"``)
    :param batch: ask the server for batched frames (JSON arrays); reading them is transparent either way
    :param queue_size: capacity of each subscription's receive queue
    :param overflow: ``"drop_oldest"`` (count in ``stats.dropped``) or ``"block"`` (hold back reading the socket)
    :param reconnect: reconnect, re-authenticate and resubscribe after the connection drops
    :param backoff_initial, backoff_max, backoff_factor: exponential backoff between attempts, each delay jittered
        uniformly within its upper half
    :param max_reconnect_attempts: give up after this many failed attempts in a row (None: never)
    :param verify_checksums: check every depth message against its ``checksum``
    :param request_timeout: how long subscribe/unsubscribe/ping wait for the server's answer
    """

    def __init__(self, url: str, key: str | None = None, *, auth: str = "message", batch: bool = False,
                 queue_size: int = 10_000, overflow: str = DROP_OLDEST, reconnect: bool = True,
                 backoff_initial: float = 0.25, backoff_max: float = 10.0, backoff_factor: float = 2.0,
                 max_reconnect_attempts: int | None = None, verify_checksums: bool = True,
                 request_timeout: float = 10.0, open_timeout: float = 10.0, ping_interval: float | None = 20.0,
                 rng: random.Random | None = None):
        if auth not in ("message", "token"):
            raise ValueError("auth must be 'message' or 'token'")
        BoundedQueue(queue_size, overflow)  # validates both before anything connects
        self.url = url
        self.key = key
        self.auth = auth
        self.batch = batch
        self.queue_size = queue_size
        self.overflow = overflow
        self.reconnect = reconnect
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.backoff_factor = backoff_factor
        self.max_reconnect_attempts = max_reconnect_attempts
        self.verify_checksums = verify_checksums
        self.request_timeout = request_timeout
        self.open_timeout = open_timeout
        self.ping_interval = ping_interval
        self._rng = rng or random.Random()
        self._stats = Stats()
        self._tracker = SequenceTracker()
        #: every (channel, symbol) the user wants, with its depth levels (None: the server's default)
        self._desired: dict[_Pair, int | None] = {}
        self._sinks: list[Subscription] = []
        self._dropped_by_closed_sinks = 0
        self._pending: deque[_Request] = deque()
        self._ws = None
        self._ready = False
        self._closing = False
        self._closed = asyncio.Event()
        self._runner: asyncio.Task | None = None
        self._retry_after: float | None = None
        self._after_reconnect: set[_Pair] = set()
        self._ping_id = 0
        self.welcome: m.Welcome | None = None

    # --- lifecycle -------------------------------------------------------------------------------------------

    async def connect(self) -> m.Welcome:
        """Connects and authenticates; raises :class:`AuthError` for a bad key, ``OSError`` if nothing listens."""
        if self._runner is not None:
            raise RuntimeError("already connected")
        ws, welcome = await self._open()
        self._ws = ws
        await self._on_open(0)  # subscriptions made before connect() go out now, and later ones are awaited
        self._runner = asyncio.create_task(self._run(ws), name="tickplant-client")
        return welcome

    async def close(self) -> None:
        """Closes the connection, ends every subscription's iterator (after what is queued) and stops reconnecting."""
        if self._closing:
            if self._runner is not None:
                await asyncio.shield(self._runner)
            return
        self._closing = True
        self._closed.set()
        for sink in self._sinks:
            sink._close()  # first, so a receive loop blocked on a full queue lets go
        ws = self._ws
        if ws is not None:
            await ws.close()
        if self._runner is not None:
            await self._runner
        self._finish(None)

    async def __aenter__(self) -> Client:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    @property
    def connected(self) -> bool:
        return self._ready

    @property
    def stats(self) -> Stats:
        s = self._stats
        return Stats(messages=s.messages, duplicates=self._tracker.duplicates, gaps=self._tracker.gaps,
                     resets=s.resets, checksum_failures=s.checksum_failures,
                     dropped=self._dropped_by_closed_sinks + sum(x.dropped for x in self._sinks),
                     reconnects=s.reconnects, frames=s.frames, batched_frames=s.batched_frames)

    def last_seq(self, channel: str, symbol: str) -> int | None:
        """The last ``seq`` delivered for (channel, symbol): what a resubscribe resumes from."""
        return self._tracker.last(channel, symbol)

    # --- requests ----------------------------------------------------------------------------------------------

    async def subscribe(self, symbols: str | Iterable[str], channels: str | Iterable[str] = "tick", *,
                        levels: int | None = None, callback: Callback | None = None) -> Subscription:
        """Subscribes ``symbols`` on ``channels`` (tick, depth, trade, status, or any channel the server adds).

        Returns once the server confirmed every stream. A refused symbol raises :class:`SymbolError` (others:
        :class:`SubscriptionError`, :class:`LimitError`); the streams it did accept stay subscribed and the error's
        ``subscription`` attribute holds them. While disconnected it returns at once and the streams are sent with
        the resubscribe. A stream another subscription already holds is not requested again: this one gets its
        messages from now on, without a new snapshot.
        """
        symbols = [symbols] if isinstance(symbols, str) else list(symbols)
        channels = [channels] if isinstance(channels, str) else list(channels)
        if not symbols or not channels:
            raise ValueError("subscribe needs at least one symbol and one channel")
        pairs = [(c, s) for c in channels for s in symbols]
        sink = Subscription(self, pairs, callback)
        self._sinks.append(sink)
        new = [p for p in pairs if p not in self._desired]
        for p in new:
            self._desired[p] = levels if p[0] == "depth" else None
        if not new or not self._ready:
            return sink
        # One request at a time, so the pending list has the order the server answers in.
        requests = [await self._send_subscribe(group_pairs, group_levels, resume=False, surface=False)
                    for group_pairs, group_levels in _groups(new, self._desired)]
        errors = await self._await_requests(requests)
        if errors:
            if not sink.pairs:
                self._drop_sink(sink)
            error = errors[0]
            error.subscription = sink if sink.pairs else None
            raise error
        return sink

    async def unsubscribe(self, symbols: str | Iterable[str], channels: str | Iterable[str] | None = None) -> None:
        """Unsubscribes the symbols (on ``channels``, or every channel), whichever subscription holds them."""
        symbols = {symbols} if isinstance(symbols, str) else set(symbols)
        channels = None if channels is None else ({channels} if isinstance(channels, str) else set(channels))
        pairs = {p for p in self._desired if p[1] in symbols and (channels is None or p[0] in channels)}
        for sink in list(self._sinks):
            if not sink.match_all and sink.pairs & pairs:
                sink.pairs -= pairs
                if not sink.pairs:
                    self._drop_sink(sink)
        await self._unsubscribe_pairs(pairs)

    def messages(self) -> Subscription:
        """An iterator over every message the client delivers, whatever subscription it belongs to."""
        sink = Subscription(self, (), None, match_all=True)
        self._sinks.append(sink)
        return sink

    async def ping(self) -> m.Pong:
        """An application-level ping, answered by the server's ``pong``."""
        self._ping_id += 1
        return await self._simple_request("pong", {"type": "ping", "id": self._ping_id})

    async def list_subscriptions(self) -> m.SubscriptionList:
        return await self._simple_request("list", {"type": "list"})

    async def limits(self) -> m.Message:
        """The key's entitlements and current usage."""
        return await self._simple_request("limits", {"type": "limits"})

    async def _release(self, sink: Subscription) -> None:
        mine = set(sink.pairs)
        self._drop_sink(sink)
        held = set().union(*(x.pairs for x in self._sinks if not x.match_all)) if self._sinks else set()
        await self._unsubscribe_pairs(mine - held)

    def _drop_sink(self, sink: Subscription, error: BaseException | None = None) -> None:
        if sink in self._sinks:
            self._sinks.remove(sink)
            self._dropped_by_closed_sinks += sink.dropped
        sink._close(error)

    async def _unsubscribe_pairs(self, pairs: set[_Pair]) -> None:
        pairs = {p for p in pairs if p in self._desired}
        for p in pairs:
            del self._desired[p]
            self._tracker.forget(*p)
        if not pairs or not self._ready:
            return
        requests = []
        for group_pairs, _ in _groups(sorted(pairs), {p: None for p in pairs}):
            syms = _unique(s for _, s in group_pairs)
            chans = _unique(c for c, _ in group_pairs)
            request = _Request("unsubscribe", set(group_pairs))
            requests.append(await self._send_request(request, {"type": "unsubscribe", "symbols": syms,
                                                               "channels": chans}))
        errors = await self._await_requests(requests)
        if errors:
            raise errors[0]

    async def _simple_request(self, kind: str, payload: dict) -> Any:
        if not self._ready:
            raise ConnectionLost("not connected")
        request = await self._send_request(_Request(kind), payload)
        try:
            return await asyncio.wait_for(request.future, self.request_timeout)
        finally:
            self._forget_requests([request])

    async def _send_subscribe(self, pairs: list[_Pair], levels: int | None, resume: bool, surface: bool) -> _Request:
        syms = _unique(s for _, s in pairs)
        chans = _unique(c for c, _ in pairs)
        payload: dict[str, Any] = {"type": "subscribe", "symbols": syms, "channels": chans}
        if levels is not None:
            payload["levels"] = levels
        if resume:
            marks: dict[str, dict[str, int]] = {}
            for c, s in pairs:
                last = self._tracker.last(c, s)
                if last is not None:
                    marks.setdefault(s, {})[c] = last
            if marks:
                payload["resume"] = marks
        return await self._send_request(_Request("subscribe", set(pairs), surface=surface), payload)

    async def _send_request(self, request: _Request, payload: dict) -> _Request:
        request.future = asyncio.get_running_loop().create_future()
        self._pending.append(request)
        for sink in self._sinks:
            if sink.queue is not None:
                sink.queue.wake()  # a receive loop blocked on a full queue must read the answer
        try:
            await self._send(payload)
        except ConnectionClosed:
            pass  # the resubscribe after the reconnect carries it; _disconnected settles the future
        return request

    async def _await_requests(self, requests: list[_Request]) -> list[TickplantError]:
        try:
            await asyncio.wait_for(asyncio.gather(*(r.future for r in requests)), self.request_timeout)
        except asyncio.TimeoutError:
            raise asyncio.TimeoutError(f"no answer from the server within {self.request_timeout} s") from None
        finally:
            self._forget_requests(requests)
        return [e for r in requests for e in r.errors]

    def _forget_requests(self, requests: list[_Request]) -> None:
        # An unanswered request must not stay pending: it would also keep the block policy from blocking.
        for request in requests:
            if request in self._pending:
                self._pending.remove(request)

    async def _send(self, payload: dict) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        LOG.debug("send %s", text)
        await self._ws.send(text)

    # --- connection --------------------------------------------------------------------------------------------

    def _connect_url(self) -> str:
        if self.auth != "token" or self.key is None:
            return self.url
        parts = urllib.parse.urlsplit(self.url)
        query = urllib.parse.parse_qsl(parts.query) + [("token", self.key)]
        return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))

    async def _open(self):
        """A connected, authenticated socket (and the welcome), or an exception."""
        try:
            ws = await websockets.connect(self._connect_url(), open_timeout=self.open_timeout,
                                          ping_interval=self.ping_interval, ping_timeout=self.ping_interval,
                                          close_timeout=2, max_size=16 * 1024 * 1024, max_queue=64)
        except InvalidStatusCode as e:
            if e.status_code == 401:
                raise AuthError("API key refused at the handshake (HTTP 401)", code="AUTH_FAILED") from None
            if e.status_code == 429:
                raise LimitError("connection refused (HTTP 429)", code="CONNECTION_LIMIT") from None
            raise
        try:
            welcome = await asyncio.wait_for(self._handshake(ws), self.open_timeout)
        except BaseException:
            await ws.close()
            raise
        return ws, welcome

    async def _handshake(self, ws) -> m.Welcome:
        welcome = await self._expect(ws, m.Welcome)
        if self.auth == "message" and not welcome.authenticated:
            if self.key is None:
                raise AuthError("the server asks for an API key and none was given", code="AUTH_REQUIRED")
            LOG.debug("send auth")
            await ws.send(json.dumps({"type": "auth", "apiKey": self.key}))
            result = await self._expect(ws, m.AuthResult)
            if not result.success:
                raise AuthError(result.message or "authentication failed", code=result.code or "AUTH_FAILED")
        if self.batch:
            await ws.send(json.dumps({"type": "options", "batch": True}))
            await self._expect(ws, m.Options)
        self.welcome = welcome
        return welcome

    async def _expect(self, ws, kind: type) -> Any:
        while True:
            text = await ws.recv()
            if not isinstance(text, str):
                continue
            for msg in m.parse_frame(text):
                if isinstance(msg, kind):
                    return msg
                if isinstance(msg, m.Error):
                    raise error_for(msg.code, msg.message or "", msg.symbol, msg.suggestions)

    async def _run(self, ws) -> None:
        try:
            fatal = await self._connection_loop(ws)
        except Exception as e:  # a bug must end the iterators with its error, never leave them waiting
            LOG.exception("client loop failed")
            fatal = e
        self._ws = None
        self._ready = False
        if fatal is not None:
            LOG.error("client stopped: %s", fatal)
            self._closing = True
            self._finish(fatal)

    async def _connection_loop(self, ws) -> BaseException | None:
        """Reads ``ws`` until it drops, then reconnects; returns the reason it gave up (None: closed by the user)."""
        attempt = 0
        fatal: BaseException | None = None
        while True:
            if attempt > 0:
                self._ws = ws
                await self._on_open(attempt)
            reason = await self._read(ws)
            self._disconnected()
            if self._closing:
                break
            if not self.reconnect:
                fatal = ConnectionLost(f"connection lost: {reason}")
                break
            ws = None
            failures = 0
            while ws is None and not self._closing:
                failures += 1
                if self.max_reconnect_attempts is not None and failures > self.max_reconnect_attempts:
                    fatal = ConnectionLost(f"gave up after {self.max_reconnect_attempts} reconnect attempts")
                    break
                delay = self._backoff(failures)
                if failures == 1:
                    LOG.info("disconnected (%s); reconnecting in %.2f s", reason, delay)
                    await self._emit(m.Disconnected(reason=reason, reconnect_in=delay))
                try:
                    await asyncio.wait_for(self._closed.wait(), delay)
                    break  # closed while waiting
                except asyncio.TimeoutError:
                    pass
                try:
                    ws, _ = await self._open()
                except AuthError as e:
                    fatal = e
                    break
                except (OSError, InvalidHandshake, ConnectionClosed, asyncio.TimeoutError, ProtocolError,
                        LimitError) as e:
                    LOG.info("reconnect attempt %d failed: %s", failures, e)
            if self._closing and ws is not None:
                await ws.close()  # opened while close() ran: close() did not see it
                ws = None
            if fatal is not None or ws is None:
                break
            attempt += 1
            self._stats.reconnects += 1
        return fatal

    def _backoff(self, failures: int) -> float:
        ceiling = min(self.backoff_max, self.backoff_initial * self.backoff_factor ** (failures - 1))
        delay = ceiling / 2 + self._rng.uniform(0, ceiling / 2)
        if failures == 1 and self._retry_after is not None:
            delay = max(delay, self._retry_after)
        self._retry_after = None
        return delay

    async def _on_open(self, attempt: int) -> None:
        """Resubscribes everything wanted, with the last seq of each stream as its resume point."""
        wanted = list(self._desired.items())
        self._after_reconnect = {p for p, _ in wanted if self._tracker.last(*p) is not None}
        self._ready = True
        for group_pairs, group_levels in _groups([p for p, _ in wanted], self._desired):
            await self._send_subscribe(group_pairs, group_levels, resume=True, surface=True)
        await self._emit(m.Connected(attempt=attempt, reconnects=self._stats.reconnects))

    async def _read(self, ws) -> str:
        try:
            async for text in ws:
                if not isinstance(text, str):
                    LOG.warning("ignoring a binary frame of %d bytes", len(text))
                    continue
                self._stats.frames += 1
                if text[:1] == "[":
                    self._stats.batched_frames += 1
                try:
                    batch = m.parse_frame(text)
                except ProtocolError as e:
                    LOG.warning("ignoring an unreadable frame: %s", e)
                    continue
                for msg in batch:
                    await self._dispatch(msg)
            return f"closed by server (code {ws.close_code}{', ' + ws.close_reason if ws.close_reason else ''})"
        except ConnectionClosed as e:
            return f"connection closed ({e})"

    def _disconnected(self) -> None:
        self._ready = False
        # Requests in flight: their streams are in _desired, so the resubscribe sends them again.
        while self._pending:
            request = self._pending.popleft()
            if request.future is not None and not request.future.done():
                if request.kind in ("subscribe", "unsubscribe"):
                    request.future.set_result(None)
                else:
                    request.future.set_exception(ConnectionLost("connection lost before the answer"))

    def _finish(self, error: BaseException | None) -> None:
        for request in self._pending:
            if request.future is not None and not request.future.done():
                request.future.set_exception(error or ConnectionLost("client closed"))
        self._pending.clear()
        for sink in self._sinks:
            sink._close(error)

    # --- incoming ----------------------------------------------------------------------------------------------

    async def _dispatch(self, msg: m.Message) -> None:
        if isinstance(msg, m.MarketData):
            await self._on_market_data(msg)
        elif isinstance(msg, m.Reset):
            self._tracker.reset(msg.channel, msg.symbol, msg.seq)
            self._after_reconnect.discard((msg.channel, msg.symbol))
            self._stats.resets += 1
            await self._emit(msg)
        elif isinstance(msg, m.Subscribed):
            self._confirm("subscribe", msg.channel, msg.symbols)
        elif isinstance(msg, m.Unsubscribed):
            self._confirm("unsubscribe", msg.channel, msg.symbols)
        elif isinstance(msg, m.Error):
            await self._on_error(msg)
        elif isinstance(msg, m.Pong):
            self._answer("pong", msg)
        elif isinstance(msg, m.SubscriptionList):
            self._answer("list", msg)
        elif msg.type == "limits":
            self._answer("limits", msg)
        elif isinstance(msg, m.Reconnect):
            self._retry_after = (msg.retry_after_ms or 0) / 1000
            await self._emit(msg)
        elif isinstance(msg, (m.Welcome, m.AuthResult, m.Options)):
            LOG.debug("ignoring %s after the handshake", msg.type)
        else:
            await self._emit(msg)

    async def _on_market_data(self, msg: m.MarketData) -> None:
        pair = (msg.channel, msg.symbol)
        verdict = self._tracker.check(msg.channel, msg.symbol, msg.seq, msg.conflated)
        if verdict.kind == DUPLICATE:
            return
        after_reconnect = pair in self._after_reconnect
        self._after_reconnect.discard(pair)
        if verdict.kind == GAP:
            await self._emit(m.Gap(symbol=msg.symbol, channel=msg.channel, expected=verdict.expected,
                                   received=msg.seq, after_reconnect=after_reconnect))
        if self.verify_checksums and isinstance(msg, m.Depth) and msg.checksum is not None:
            computed = msg.computed_checksum()
            if computed != msg.checksum:
                self._stats.checksum_failures += 1
                LOG.warning("depth checksum mismatch %s seq=%d: computed %d, sent %d", msg.symbol, msg.seq,
                            computed, msg.checksum)
                await self._emit(m.ChecksumMismatch(depth=msg, computed=computed))
                return
        self._stats.messages += 1
        await self._emit(msg)

    def _confirm(self, kind: str, channel: str, symbols: list[str]) -> None:
        for symbol in symbols:
            pair = (channel, symbol)
            request = next((r for r in self._pending if r.kind == kind and pair in r.pairs - r.done), None)
            if request is not None:
                request.done.add(pair)
                self._settle(request)

    async def _on_error(self, msg: m.Error) -> None:
        error = error_for(msg.code, msg.message or "", msg.symbol, msg.suggestions)
        request = None
        refused: list[_Pair] = []
        if msg.code not in _UNSOLICITED_CODES:
            if msg.symbol is not None:
                request = next((r for r in self._pending if r.kind in ("subscribe", "unsubscribe")
                                and any(s == msg.symbol for _, s in r.pairs - r.done)), None)
                if request is not None:
                    pair = next(p for p in sorted(request.pairs - request.done) if p[1] == msg.symbol)
                    request.done.add(pair)
                    if request.kind == "subscribe" and msg.code != "ALREADY_SUBSCRIBED":
                        refused.append(pair)
            elif self._pending:
                request = self._pending[0]
                if request.kind == "subscribe":
                    refused.extend(request.pairs - request.done)
                request.done = set(request.pairs)
        if request is None:
            await self._emit(msg)
            return
        request.errors.append(error)
        if request.surface:
            # Nobody awaits a resubscribe: the subscribers of the refused streams hear it (before they lose them).
            await self._emit(msg)
        for pair in refused:
            self._refused(pair, error if request.surface else None)
        self._settle(request, error)

    def _refused(self, pair: _Pair, error: TickplantError | None) -> None:
        self._desired.pop(pair, None)
        self._tracker.forget(*pair)
        for sink in list(self._sinks):
            sink.pairs.discard(pair)
            if error is not None and not sink.pairs and not sink.match_all:
                self._drop_sink(sink, error)

    def _settle(self, request: _Request, error: TickplantError | None = None) -> None:
        if request.kind in ("subscribe", "unsubscribe"):
            if not request.complete():
                return
            result = None
        else:
            result = error
        if request in self._pending:
            self._pending.remove(request)
        if request.future is not None and not request.future.done():
            if isinstance(result, BaseException):
                request.future.set_exception(result)
            else:
                request.future.set_result(None)

    def _answer(self, kind: str, msg: m.Message) -> None:
        request = next((r for r in self._pending if r.kind == kind), None)
        if request is None:
            return
        self._pending.remove(request)
        if request.future is not None and not request.future.done():
            request.future.set_result(msg)

    async def _emit(self, msg: m.Message) -> None:
        for sink in list(self._sinks):
            if sink.matches(msg):
                await sink._deliver(msg)


def _groups(pairs: Iterable[_Pair], levels: dict[_Pair, int | None]) -> list[tuple[list[_Pair], int | None]]:
    """Pairs grouped into subscribe requests: symbols sharing the same channels (and depth levels) go together,
    since the server subscribes every symbol of a request on every channel of it."""
    by_symbol: dict[str, list[str]] = {}
    for c, s in pairs:
        by_symbol.setdefault(s, []).append(c)
    groups: dict[tuple[tuple[str, ...], int | None], list[str]] = {}
    for s, chans in by_symbol.items():
        depth_levels = levels.get(("depth", s)) if "depth" in chans else None
        groups.setdefault((tuple(chans), depth_levels), []).append(s)
    return [([(c, s) for s in syms for c in chans], lv) for (chans, lv), syms in groups.items()]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
