"""Seed 000 on the client: US stocks, HK stocks and gold/silver on one connection, classified by asset class.

Reconnects and resubscribes by itself; prices are Decimals at each instrument's precision; status says when a
market is closed. Usage: python3 seed000_multi_asset.py [TICKS]  (TICKPLANT_URL, TICKPLANT_KEY; default: forever)
"""
import logging, os, sys
from tickplant import Status, SyncClient, Tick

ASSET = {"AAPL": "US", "MSFT": "US", "00001.HK": "HK", "00002.HK": "HK", "XAUUSD": "metal", "XAGUSD": "metal"}
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
limit, latest = int(sys.argv[1]) if len(sys.argv) > 1 else None, {}
with SyncClient(os.environ.get("TICKPLANT_URL", "ws://127.0.0.1:8080/"), os.environ.get("TICKPLANT_KEY", "demo")) as c:
    for msg in c.subscribe(list(ASSET), ["tick", "status"]):
        if isinstance(msg, Status):
            logging.info("%s %s: %s", msg.symbol, msg.state, msg.reason)
        elif isinstance(msg, Tick):
            latest[msg.symbol] = msg.price
            print(f"{ASSET[msg.symbol]:>5} {msg.symbol:>8} latest: {msg.price}", flush=True)
            if limit is not None and len(latest) == len(ASSET) and (limit := limit - 1) <= 0:
                break
