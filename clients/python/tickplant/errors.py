"""Typed exceptions for what the server refuses and for connection trouble.

Every server refusal carries the server's ``code`` (``UNKNOWN_SYMBOL``, ``AUTH_FAILED``, ...), its ``message`` and,
where the server names one, the ``symbol`` and its ``suggestions``.
"""

from __future__ import annotations


class TickplantError(Exception):
    """Base class of everything this package raises."""

    #: for a subscribe batch refused in part: the :class:`~tickplant.client.Subscription` of the accepted streams
    subscription = None

    def __init__(self, message: str, code: str | None = None, symbol: str | None = None,
                 suggestions: list[str] | None = None):
        super().__init__(message if code is None else f"{code}: {message}")
        self.message = message
        self.code = code
        self.symbol = symbol
        self.suggestions = list(suggestions or [])


class AuthError(TickplantError):
    """The API key was refused (``auth`` answered with ``success: false``, or HTTP 401 on ``?token=``)."""


class SymbolError(TickplantError):
    """A symbol was refused: unknown (see ``suggestions``), malformed, not entitled, or rejected by the venue."""


class SubscriptionError(TickplantError):
    """A subscription request was refused for a reason other than its symbol (channel, levels, state)."""


class LimitError(TickplantError):
    """A limit of the key was hit: subscriptions, message rate or connections."""


class RequestError(TickplantError):
    """Any other ``error`` the server answered a request with."""


class ProtocolError(TickplantError):
    """The server sent something this client cannot read."""


class ConnectionLost(TickplantError):
    """The connection is gone and the client will not reconnect (closed, or reconnect attempts exhausted)."""


_SYMBOL_CODES = {"UNKNOWN_SYMBOL", "INVALID_SYMBOLS", "NOT_ENTITLED", "SYMBOL_REJECTED"}
_AUTH_CODES = {"AUTH_FAILED", "AUTH_REQUIRED", "AUTH_TIMEOUT"}
_LIMIT_CODES = {"SUBSCRIPTION_LIMIT", "RATE_LIMITED", "CONNECTION_LIMIT", "MESSAGE_TOO_LARGE"}
_SUBSCRIPTION_CODES = {"INVALID_CHANNEL", "INVALID_LEVELS", "ALREADY_SUBSCRIBED", "NOT_SUBSCRIBED"}


def error_for(code: str | None, message: str, symbol: str | None = None,
              suggestions: list[str] | None = None) -> TickplantError:
    """The exception class that matches a server error ``code``."""
    if code in _AUTH_CODES:
        cls = AuthError
    elif code in _SYMBOL_CODES:
        cls = SymbolError
    elif code in _LIMIT_CODES:
        cls = LimitError
    elif code in _SUBSCRIPTION_CODES:
        cls = SubscriptionError
    else:
        cls = RequestError
    return cls(message, code=code, symbol=symbol, suggestions=suggestions)
