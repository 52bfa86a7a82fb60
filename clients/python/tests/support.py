"""Helpers shared by the tests."""

from __future__ import annotations

import asyncio
import time


def run(coro, timeout: float = 90):
    """Runs a coroutine on a fresh event loop, failing the test if it does not finish in ``timeout`` seconds."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def eventually(predicate, timeout: float = 30, what: str = "condition"):
    """Polls ``predicate`` until true (bounded): for states that have no event to wait on."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
