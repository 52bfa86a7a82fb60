"""tickplant: a Python client for the tickplant market-data WebSocket (asyncio, with a synchronous wrapper)."""

from .client import Client, Stats, Subscription
from .errors import (AuthError, ConnectionLost, LimitError, ProtocolError, RequestError, SubscriptionError,
                     SymbolError, TickplantError)
from .messages import (AuthResult, ChecksumMismatch, Connected, Depth, Disconnected, Error, Gap, MarketData, Message,
                       Options, Pong, Reconnect, Reset, Status, Subscribed, SubscriptionList, Tick, Trade,
                       Unsubscribed, Welcome, depth_checksum, parse_frame)
from .queue import BLOCK, DROP_OLDEST
from .sync import SyncClient, SyncSubscription

__version__ = "0.1.0"

__all__ = [
    "Client", "Stats", "Subscription", "SyncClient", "SyncSubscription", "BLOCK", "DROP_OLDEST",
    "AuthError", "ConnectionLost", "LimitError", "ProtocolError", "RequestError", "SubscriptionError",
    "SymbolError", "TickplantError",
    "AuthResult", "ChecksumMismatch", "Connected", "Depth", "Disconnected", "Error", "Gap", "MarketData",
    "Message", "Options", "Pong", "Reconnect", "Reset", "Status", "Subscribed", "SubscriptionList", "Tick",
    "Trade", "Unsubscribed", "Welcome", "depth_checksum", "parse_frame",
]
