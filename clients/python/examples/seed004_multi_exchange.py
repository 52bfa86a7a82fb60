"""Seed 004 on the client: BTCUSDT trades from Binance, OKX and Huobi (HTX) on one connection, in one schema.

Trades arrive normalized and de-duplicated (by seq); a gap (trades lost while the connection was down) is reported.
Usage: python3 seed004_multi_exchange.py [TRADES]  (TICKPLANT_URL, TICKPLANT_KEY; default: forever)
"""
import asyncio, os, sys
from tickplant import Client, Gap, Trade


async def main(limit):
    async with Client(os.environ.get("TICKPLANT_URL", "ws://127.0.0.1:8080/"), os.environ.get("TICKPLANT_KEY", "demo")) as c:
        async for msg in await c.subscribe([f"BTCUSDT@{v}" for v in ("binance", "okx", "huobi")], "trade"):
            if isinstance(msg, Gap):
                print(f"{msg.symbol}: trades missed while disconnected (seq {msg.expected}..{msg.received - 1})", flush=True)
            elif isinstance(msg, Trade):
                print({"exchange": msg.venue, "symbol": msg.symbol, "price": msg.price, "volume": msg.size, "timestamp": msg.time}, flush=True)
                if limit is not None and (limit := limit - 1) <= 0:
                    break

asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else None))
