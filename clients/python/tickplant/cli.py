"""Command line: ``python3 -m tickplant.cli --url ws://HOST:8080/ --key KEY subscribe SYMBOL... [--channel C]
[--count N] [--json]``.

Prints a live table (redrawn in place on a terminal, one row per update otherwise), or with ``--json`` each
market-data, ``reset`` and ``error`` message one per line exactly as the server sent it (not the confirmations), and
exits after ``--count`` market-data messages. Gaps, resets, errors and reconnects are also noted on stderr as lines
starting with ``#``.

Exit status: 0 done, 2 bad arguments, 3 API key refused, 4 symbol or request refused, 5 connection lost.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from . import messages as m
from .client import Client
from .errors import AuthError, ConnectionLost, TickplantError
from .messages import CHANNELS, number_text
from .queue import BLOCK, DROP_OLDEST


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m tickplant.cli", description="Stream tickplant market data.")
    p.add_argument("--url", default="ws://127.0.0.1:8080/", help="gateway WebSocket URL (default %(default)s)")
    p.add_argument("--key", default="demo", help="API key (default %(default)s)")
    p.add_argument("--auth", choices=("message", "token"), default="message",
                   help="send the key as an auth message or as ?token= (default %(default)s)")
    commands = p.add_subparsers(dest="command", required=True)
    s = commands.add_parser("subscribe", help="subscribe and print messages")
    s.add_argument("symbols", nargs="+", metavar="SYMBOL")
    s.add_argument("--channel", action="append", metavar="|".join(CHANNELS),
                   help="channel to subscribe (repeatable; default tick; other names are passed to the server)")
    s.add_argument("--levels", type=int, help="depth levels per side (1-50)")
    s.add_argument("--count", type=int, help="exit after this many market-data messages")
    s.add_argument("--json", action="store_true", help="print each message as the server sent it, one per line")
    s.add_argument("--batch", action="store_true", help="use the server's batched mode")
    s.add_argument("--queue", type=int, default=10_000, help="receive queue size (default %(default)s)")
    s.add_argument("--overflow", choices=(DROP_OLDEST, BLOCK), default=DROP_OLDEST,
                   help="what a full queue does (default %(default)s)")
    return p


def _row(msg: m.MarketData) -> list[str]:
    def n(v):
        return "" if v is None else number_text(v)

    if isinstance(msg, m.Tick):
        detail = [n(msg.bid), n(msg.ask), n(msg.price), msg.venue or ""]
    elif isinstance(msg, m.Depth):
        bid = msg.bids[0] if msg.bids else (None, None)
        ask = msg.asks[0] if msg.asks else (None, None)
        detail = [f"{n(bid[0])} x {n(bid[1])}", f"{n(ask[0])} x {n(ask[1])}", f"{len(msg.bids)}/{len(msg.asks)} lv",
                  msg.venue or ""]
    elif isinstance(msg, m.Trade):
        detail = [n(msg.price), n(msg.size), msg.side or "", msg.venue or ""]
    elif isinstance(msg, m.Status):
        detail = [msg.state or "", (msg.reason or "")[:60], "", msg.venue or ""]
    else:
        detail = ["", "", "", msg.venue or ""]
    return [msg.symbol, msg.channel, str(msg.seq)] + detail


_HEADER = ["SYMBOL", "CHANNEL", "SEQ", "BID/PRICE/STATE", "ASK/SIZE/REASON", "LAST/SIDE", "VENUE"]
_WIDTHS = [16, 8, 17, 26, 26, 14, 12]


def _format(cells: list[str]) -> str:
    return " ".join(c.ljust(w) for c, w in zip(cells, _WIDTHS)).rstrip()


class _Table:
    """The latest row per (symbol, channel); redrawn in place on a terminal at most ten times a second."""

    def __init__(self, out):
        self.out = out
        self.tty = out.isatty()
        self.rows: dict[tuple[str, str], list[str]] = {}
        self.drawn = 0.0
        if not self.tty:
            print(_format(_HEADER), file=out, flush=True)

    def update(self, msg: m.MarketData, final: bool = False) -> None:
        row = _row(msg)
        self.rows[(msg.symbol, msg.channel)] = row
        if not self.tty:
            print(_format(row), file=self.out, flush=True)
            return
        now = time.monotonic()
        if final or now - self.drawn >= 0.1:
            self.drawn = now
            lines = [_format(_HEADER)] + [_format(r) for _, r in sorted(self.rows.items())]
            self.out.write("\x1b[H\x1b[2J" + "\n".join(lines) + "\n")
            self.out.flush()


def _note(event: m.Message) -> str | None:
    if isinstance(event, m.Gap):
        where = "after reconnect" if event.after_reconnect else "live"
        return (f"# gap {event.symbol} {event.channel}: expected seq {event.expected}, got {event.received} "
                f"({event.missing} missing, {where})")
    if isinstance(event, m.Reset):
        return f"# reset {event.symbol} {event.channel}: next seq {event.seq} ({event.reason})"
    if isinstance(event, m.Disconnected):
        return f"# disconnected: {event.reason}; reconnecting in {event.reconnect_in:.2f} s"
    if isinstance(event, m.Connected):
        return f"# reconnected (reconnect {event.reconnects})" if event.attempt else None
    if isinstance(event, m.ChecksumMismatch):
        return f"# checksum mismatch {event.depth.symbol} seq {event.depth.seq}: dropped"
    if isinstance(event, m.Error):
        return f"# error {event.code}: {event.message}"
    if isinstance(event, m.Reconnect):
        return f"# server asks to reconnect: {event.message}"
    return None


async def _subscribe(args) -> int:
    client = Client(args.url, args.key, auth=args.auth, batch=args.batch, queue_size=args.queue,
                    overflow=args.overflow)
    await client.connect()
    try:
        sub = await client.subscribe(args.symbols, args.channel or ["tick"], levels=args.levels)
        table = None if args.json else _Table(sys.stdout)
        seen = 0
        async for msg in sub:
            if args.json and msg.raw:
                print(msg.raw, flush=True)
            elif not isinstance(msg, m.MarketData) or args.json:
                pass
            else:
                table.update(msg, final=args.count is not None and seen + 1 >= args.count)
            if not isinstance(msg, m.MarketData):
                note = _note(msg)
                if note:
                    print(note, file=sys.stderr, flush=True)
                continue
            seen += 1
            if args.count is not None and seen >= args.count:
                break
        return 0
    finally:
        await client.close()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.count is not None and args.count < 1:
        print("--count must be at least 1", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_subscribe(args))
    except AuthError as e:
        print(f"error: API key refused: {e}", file=sys.stderr)
        return 3
    except ConnectionLost as e:
        print(f"error: {e}", file=sys.stderr)
        return 5
    except TickplantError as e:
        hint = f" (did you mean {', '.join(e.suggestions)}?)" if e.suggestions and "did you mean" not in str(e) else ""
        print(f"error: {e}{hint}", file=sys.stderr)
        return 4
    except OSError as e:
        print(f"error: cannot connect to {args.url}: {e}", file=sys.stderr)
        return 5
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
