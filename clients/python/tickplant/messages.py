"""Typed messages of the tickplant WebSocket protocol, parsed with exact decimals.

Every number with a fraction is parsed straight from the JSON text into :class:`decimal.Decimal` (never through
``float``), so ``65000.10`` stays ``Decimal('65000.10')`` with its trailing zero; integer prices and sizes (an
instrument at scale 0) become ``Decimal`` too, while ``seq``, ``time`` and ``checksum`` stay ``int``.

Each message keeps ``raw``, its JSON text exactly as the server sent it (one element's text in a batched frame), and
``data``, the whole parsed object, so fields a later server adds are never lost. Server message types this client
does not know become :class:`Message` (or :class:`MarketData` when they carry ``symbol`` and ``seq``: a channel the
platform added later).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import ProtocolError

_DECODER = json.JSONDecoder(parse_float=Decimal, parse_int=int)
_WHITESPACE = " \t\n\r"

#: Channels the server documents; any other ``channel`` string is passed through unchanged.
CHANNELS = ("tick", "depth", "trade", "status")


def _dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ProtocolError(f"expected a number, got {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return Decimal(value)
    raise ProtocolError(f"expected a number, got {value!r}")


def _levels(value: Any) -> list[tuple[Decimal, Decimal]]:
    return [(_dec(level[0]), _dec(level[1])) for level in value or []]


def _venue_sizes(value: Any) -> list[dict[str, Decimal]] | None:
    if value is None:
        return None
    return [{venue: _dec(size) for venue, size in level.items()} for level in value]


def number_text(value: Decimal | int) -> str:
    """A number as the server writes it: plain notation, trailing zeros kept (``Decimal('1E-8')`` is ``0.00000001``)."""
    text = str(value)
    return format(value, "f") if "E" in text else text


def depth_checksum(bids: list[tuple[Decimal, Decimal]], asks: list[tuple[Decimal, Decimal]]) -> int:
    """The server's depth checksum: CRC32 (zlib) of ``price:size`` levels, bids ``|``-joined, ``#``, then asks."""
    text = ("|".join(f"{number_text(p)}:{number_text(s)}" for p, s in bids) + "#"
            + "|".join(f"{number_text(p)}:{number_text(s)}" for p, s in asks))
    return zlib.crc32(text.encode("utf-8"))


@dataclass(kw_only=True)
class Message:
    """Any server message; subclasses name the documented fields."""

    type: str
    raw: str = field(default="", repr=False, compare=False)
    data: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass(kw_only=True)
class Welcome(Message):
    message: str | None = None
    server: str | None = None
    version: str | None = None
    authenticated: bool = False
    auth_timeout_seconds: int | None = None


@dataclass(kw_only=True)
class AuthResult(Message):
    success: bool = False
    message: str | None = None
    code: str | None = None


@dataclass(kw_only=True)
class Subscribed(Message):
    symbols: list[str] = field(default_factory=list)
    total_subscriptions: int | None = None
    channel: str = "tick"
    levels: int | None = None


@dataclass(kw_only=True)
class Unsubscribed(Message):
    symbols: list[str] = field(default_factory=list)
    total_subscriptions: int | None = None
    channel: str = "tick"


@dataclass(kw_only=True)
class SubscriptionList(Message):
    symbols: list[str] = field(default_factory=list)
    total_subscriptions: int | None = None
    subscriptions: list[dict] = field(default_factory=list)


@dataclass(kw_only=True)
class Pong(Message):
    time: int | None = None
    id: Any = None


@dataclass(kw_only=True)
class Options(Message):
    batch: bool = False
    batch_max_messages: int | None = None
    batch_linger_ms: int | None = None


@dataclass(kw_only=True)
class Reconnect(Message):
    """The server is shutting down gracefully; the client reconnects by itself after ``retry_after_ms``."""

    message: str | None = None
    retry_after_ms: int | None = None


@dataclass(kw_only=True)
class Error(Message):
    code: str | None = None
    message: str | None = None
    symbol: str | None = None
    suggestions: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)
    count: int | None = None


@dataclass(kw_only=True)
class ServerWarning(Message):
    """A notice that needs no answer: ``SLOW_CONSUMER`` when this client's messages start to wait for its socket
    (ticks and depth are then conflated; the server closes the connection if it stays behind)."""

    code: str | None = None
    message: str | None = None


@dataclass(kw_only=True)
class Reset(Message):
    """The sequence of (``channel``, ``symbol``) restarts: the next message of that channel is a fresh snapshot
    carrying ``seq``. A restart of the numbering, not lost data."""

    symbol: str
    channel: str
    seq: int
    reason: str | None = None


@dataclass(kw_only=True)
class MarketData(Message):
    """A message of one (channel, symbol) stream with a ``seq`` that increases by exactly 1, except that a state
    (tick, depth) the server merged from several says how many older ones it stands for in ``conflated``: its
    ``seq`` is then ``conflated`` more than the next one (the server was behind, or the client read too slowly)."""

    symbol: str
    seq: int
    time: int | None = None
    venue: str | None = None
    conflated: int = 0

    @property
    def channel(self) -> str:
        return self.type


@dataclass(kw_only=True)
class Tick(MarketData):
    bid: Decimal | None = None
    ask: Decimal | None = None
    bid_size: Decimal | None = None
    ask_size: Decimal | None = None
    price: Decimal | None = None
    bid_venue: str | None = None
    ask_venue: str | None = None


@dataclass(kw_only=True)
class Depth(MarketData):
    """A full image of the top ``levels`` of the book (best first)."""

    bids: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    asks: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    checksum: int | None = None
    levels: int | None = None
    bid_venues: list[dict[str, Decimal]] | None = None
    ask_venues: list[dict[str, Decimal]] | None = None

    def computed_checksum(self) -> int:
        return depth_checksum(self.bids, self.asks)

    def verify(self) -> bool:
        """True when the levels match the server's ``checksum`` (a message without one cannot be checked: False)."""
        return self.checksum is not None and self.computed_checksum() == self.checksum


@dataclass(kw_only=True)
class Trade(MarketData):
    price: Decimal | None = None
    size: Decimal | None = None
    side: str | None = None
    trade_id: str | None = None


@dataclass(kw_only=True)
class Status(MarketData):
    state: str | None = None
    reason: str | None = None
    venues: list[dict] = field(default_factory=list)


# Events the client itself produces (never sent by the server); they have no ``raw`` text.

@dataclass(kw_only=True)
class Gap(Message):
    """Messages ``expected`` .. ``received - 1`` of (``channel``, ``symbol``) never arrived. ``after_reconnect``: the
    first message after a resubscribe skipped them (the server did not resume); for tick, depth and status that
    message is a fresh snapshot, for trade the trades in between are lost."""

    type: str = "gap"
    symbol: str
    channel: str
    expected: int
    received: int
    after_reconnect: bool = False

    @property
    def missing(self) -> int:
        return self.received - self.expected


@dataclass(kw_only=True)
class ChecksumMismatch(Message):
    """A depth message whose levels do not match its checksum; it is not delivered as :class:`Depth`."""

    type: str = "checksum_mismatch"
    depth: Depth
    computed: int


@dataclass(kw_only=True)
class Disconnected(Message):
    type: str = "disconnected"
    reason: str = ""
    reconnect_in: float | None = None


@dataclass(kw_only=True)
class Connected(Message):
    """The client (re)connected, authenticated and re-sent its subscriptions; ``attempt`` 0 is the first connect."""

    type: str = "connected"
    attempt: int = 0
    reconnects: int = 0


def _common(obj: dict, raw: str) -> dict:
    return {"type": obj.get("type"), "raw": raw, "data": obj}


def _market(obj: dict, raw: str) -> dict:
    return _common(obj, raw) | {"symbol": obj.get("symbol"), "seq": obj.get("seq"), "time": obj.get("time"),
                                "venue": obj.get("venue"), "conflated": obj.get("conflated") or 0}


def _build(obj: dict, raw: str) -> Message:
    kind = obj.get("type")
    if kind == "tick":
        return Tick(**_market(obj, raw), bid=_dec(obj.get("bid")), ask=_dec(obj.get("ask")),
                    bid_size=_dec(obj.get("bidSize")), ask_size=_dec(obj.get("askSize")),
                    price=_dec(obj.get("price")), bid_venue=obj.get("bidVenue"), ask_venue=obj.get("askVenue"))
    if kind == "depth":
        return Depth(**_market(obj, raw), bids=_levels(obj.get("bids")), asks=_levels(obj.get("asks")),
                     checksum=obj.get("checksum"), levels=obj.get("levels"),
                     bid_venues=_venue_sizes(obj.get("bidVenues")), ask_venues=_venue_sizes(obj.get("askVenues")))
    if kind == "trade":
        return Trade(**_market(obj, raw), price=_dec(obj.get("price")), size=_dec(obj.get("size")),
                     side=obj.get("side"), trade_id=obj.get("tradeId"))
    if kind == "status":
        return Status(**_market(obj, raw), state=obj.get("state"), reason=obj.get("reason"),
                      venues=obj.get("venues") or [])
    if kind == "reset":
        return Reset(**_common(obj, raw), symbol=obj.get("symbol"), channel=obj.get("channel"),
                     seq=obj.get("seq"), reason=obj.get("reason"))
    if kind == "error":
        return Error(**_common(obj, raw), code=obj.get("code"), message=obj.get("message"),
                     symbol=obj.get("symbol"), suggestions=obj.get("suggestions") or [],
                     symbols=obj.get("symbols") or [], count=obj.get("count"))
    if kind == "warning":
        return ServerWarning(**_common(obj, raw), code=obj.get("code"), message=obj.get("message"))
    if kind == "welcome":
        return Welcome(**_common(obj, raw), message=obj.get("message"), server=obj.get("server"),
                       version=obj.get("version"), authenticated=bool(obj.get("authenticated")),
                       auth_timeout_seconds=obj.get("authTimeoutSeconds"))
    if kind == "auth":
        return AuthResult(**_common(obj, raw), success=obj.get("success") is True, message=obj.get("message"),
                          code=obj.get("code"))
    if kind == "subscribed":
        return Subscribed(**_common(obj, raw), symbols=obj.get("symbols") or [],
                          total_subscriptions=obj.get("totalSubscriptions"), channel=obj.get("channel") or "tick",
                          levels=obj.get("levels"))
    if kind == "unsubscribed":
        return Unsubscribed(**_common(obj, raw), symbols=obj.get("symbols") or [],
                            total_subscriptions=obj.get("totalSubscriptions"), channel=obj.get("channel") or "tick")
    if kind == "list":
        return SubscriptionList(**_common(obj, raw), symbols=obj.get("symbols") or [],
                                total_subscriptions=obj.get("totalSubscriptions"),
                                subscriptions=obj.get("subscriptions") or [])
    if kind == "pong":
        return Pong(**_common(obj, raw), time=obj.get("time"), id=obj.get("id"))
    if kind == "options":
        return Options(**_common(obj, raw), batch=obj.get("batch") is True,
                       batch_max_messages=obj.get("batchMaxMessages"), batch_linger_ms=obj.get("batchLingerMs"))
    if kind == "reconnect":
        return Reconnect(**_common(obj, raw), message=obj.get("message"), retry_after_ms=obj.get("retryAfterMs"))
    if isinstance(obj.get("symbol"), str) and isinstance(obj.get("seq"), int) and isinstance(kind, str):
        return MarketData(**_market(obj, raw))
    return Message(**_common(obj, raw))


def parse_message(obj: Any, raw: str) -> Message:
    """One decoded JSON object (``raw`` its text) as a typed message."""
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
        raise ProtocolError(f"not a tickplant message: {raw[:200]}")
    if isinstance(obj.get("seq"), int) and obj["type"] != "reset" and not isinstance(obj.get("symbol"), str):
        raise ProtocolError(f"message with seq but no symbol: {raw[:200]}")
    return _build(obj, raw)


def parse_frame(text: str) -> list[Message]:
    """The messages of one WebSocket text frame: a single object, or a JSON array of them (batched mode).

    In a batched frame each message's ``raw`` is its own slice of the frame text, byte for byte.
    """
    i = _skip(text, 0)
    if i < len(text) and text[i] == "[":
        out = []
        i = _skip(text, i + 1)
        if i < len(text) and text[i] == "]":
            return out
        while True:
            try:
                obj, end = _DECODER.raw_decode(text, i)
            except json.JSONDecodeError as e:
                raise ProtocolError(f"invalid JSON in batched frame: {e}") from e
            out.append(parse_message(obj, text[i:end]))
            i = _skip(text, end)
            if i < len(text) and text[i] == ",":
                i = _skip(text, i + 1)
                continue
            if i < len(text) and text[i] == "]":
                return out
            raise ProtocolError("invalid batched frame: expected ',' or ']'")
    try:
        obj, end = _DECODER.raw_decode(text, i)
    except json.JSONDecodeError as e:
        raise ProtocolError(f"invalid JSON: {e}") from e
    return [parse_message(obj, text[i:end])]


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WHITESPACE:
        i += 1
    return i
