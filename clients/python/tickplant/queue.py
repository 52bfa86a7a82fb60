"""A bounded receive queue with an explicit overflow policy, so a slow consumer never grows memory without bound.

``drop_oldest``: a full queue drops its oldest market-data message (never a gap, reset, error or connection event)
and counts it in ``dropped``. ``block``: the receive loop waits until the consumer makes room, which holds back
reading from the socket; the server then conflates or, past its limits, closes a consumer that stays slow.

A blocked receive loop could not read the answer to a request the consumer is awaiting (a ``subscribe`` from inside
the consumer's loop would wait forever), so ``block`` pauses while ``may_block()`` is false: the client makes it
false while a request is in flight, and the queue then holds what arrives meanwhile (one round trip's worth) beyond
its size.
"""

from __future__ import annotations

import asyncio
from collections import deque

from .messages import MarketData

DROP_OLDEST = "drop_oldest"
BLOCK = "block"
POLICIES = (DROP_OLDEST, BLOCK)


class BoundedQueue:
    def __init__(self, maxsize: int, policy: str, may_block=lambda: True) -> None:
        if maxsize < 1:
            raise ValueError("queue size must be at least 1")
        if policy not in POLICIES:
            raise ValueError(f"overflow policy must be one of {POLICIES}, got {policy!r}")
        self.maxsize = maxsize
        self.policy = policy
        self.dropped = 0
        #: times a put had to wait for room (block policy)
        self.blocked = 0
        self._may_block = may_block
        self._items: deque = deque()
        self._readable = asyncio.Event()
        self._writable = asyncio.Event()
        self._writable.set()
        self._closed = False
        self._error: BaseException | None = None

    def __len__(self) -> int:
        return len(self._items)

    @property
    def closed(self) -> bool:
        return self._closed

    async def put(self, item) -> None:
        if self._closed:
            return
        while len(self._items) >= self.maxsize:
            if self.policy == DROP_OLDEST:
                self._drop_one()
                break
            if not self._may_block():
                break
            self.blocked += 1
            self._writable.clear()
            await self._writable.wait()
            if self._closed:
                return
        self._items.append(item)
        self._readable.set()

    def _drop_one(self) -> None:
        for i, queued in enumerate(self._items):
            if isinstance(queued, MarketData):
                del self._items[i]
                self.dropped += 1
                return
        # Only events are queued: they are rare and small, so keep them rather than lose one.

    async def get(self):
        """The next item; raises :class:`StopAsyncIteration` once closed and drained (or the close error)."""
        while not self._items:
            if self._closed:
                if self._error is not None:
                    raise self._error
                raise StopAsyncIteration
            self._readable.clear()
            await self._readable.wait()
        item = self._items.popleft()
        self._writable.set()
        return item

    def get_nowait(self):
        if not self._items:
            raise asyncio.QueueEmpty
        item = self._items.popleft()
        self._writable.set()
        return item

    def wake(self) -> None:
        """Makes a waiting put check ``may_block()`` again."""
        self._writable.set()

    def close(self, error: BaseException | None = None) -> None:
        """No more items; readers drain what is queued, then stop (raising ``error`` if given)."""
        if self._closed:
            return
        self._closed = True
        self._error = error
        self._readable.set()
        self._writable.set()
