"""Seed 003 on the client: bid/ask ticks of EURUSD, GBPUSD and XAUUSD, with reconnect and resubscribe built in.

Usage: python3 seed003_ticks.py [TICKS]  (TICKPLANT_URL, TICKPLANT_KEY; default: forever)
"""
import os, sys
from tickplant import SyncClient, Tick

limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
with SyncClient(os.environ.get("TICKPLANT_URL", "ws://127.0.0.1:8080/"), os.environ.get("TICKPLANT_KEY", "demo")) as c:
    for msg in c.subscribe(["EURUSD", "GBPUSD", "XAUUSD"]):
        if isinstance(msg, Tick):
            print(f"{msg.symbol:>8} {msg.bid} / {msg.ask}", flush=True)
            if limit is not None and (limit := limit - 1) <= 0:
                break
