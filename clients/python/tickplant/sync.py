"""A blocking wrapper for scripts: the asyncio client runs on its own thread, calls block until done.

Usage::

    with SyncClient("ws://127.0.0.1:8080/", "demo") as client:
        for msg in client.subscribe(["EURUSD", "XAUUSD"]):
            if isinstance(msg, Tick):
                print(msg.symbol, msg.bid, msg.ask)

Reconnects, resubscribes and the seq checks work as in :class:`~tickplant.client.Client`.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Iterable

from .client import Client, Stats, Subscription
from .messages import Message


class SyncSubscription:
    """A blocking iterator over a :class:`~tickplant.client.Subscription`."""

    def __init__(self, owner: SyncClient, sub: Subscription):
        self._owner = owner
        self.subscription = sub

    def __iter__(self):
        return self

    def __next__(self) -> Message:
        try:
            return self._owner._call(self.subscription.get())
        except StopAsyncIteration:
            raise StopIteration from None

    def get(self, timeout: float | None = None) -> Message:
        """The next message; ``TimeoutError`` after ``timeout`` seconds, ``StopIteration`` once closed."""
        try:
            return self._owner._call(self.subscription.get(timeout))
        except StopAsyncIteration:
            raise StopIteration from None
        except asyncio.TimeoutError:
            raise TimeoutError(f"no message within {timeout} s") from None

    def unsubscribe(self) -> None:
        self._owner._call(self.subscription.unsubscribe())


class SyncClient:
    """Same arguments as :class:`~tickplant.client.Client`; connects on construction."""

    def __init__(self, url: str, key: str | None = None, **options: Any):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tickplant-sync", daemon=True)
        self._thread.start()
        try:
            self.client: Client = self._call(_make(url, key, options))
            self.welcome = self._call(self.client.connect())
        except BaseException:
            self._stop()
            raise

    def _call(self, coro) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def subscribe(self, symbols: str | Iterable[str], channels: str | Iterable[str] = "tick", *,
                  levels: int | None = None) -> SyncSubscription:
        return SyncSubscription(self, self._call(self.client.subscribe(symbols, channels, levels=levels)))

    def unsubscribe(self, symbols: str | Iterable[str], channels: str | Iterable[str] | None = None) -> None:
        self._call(self.client.unsubscribe(symbols, channels))

    def ping(self):
        return self._call(self.client.ping())

    @property
    def stats(self) -> Stats:
        return self.client.stats

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            self._call(self.client.close())
        finally:
            self._stop()

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


async def _make(url: str, key: str | None, options: dict) -> Client:
    # Built on the loop's thread, so its asyncio objects belong to that loop.
    return Client(url, key, **options)
