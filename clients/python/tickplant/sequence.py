"""Gap and duplicate detection on the per-(channel, symbol) ``seq`` of market data.

The server's ``seq`` increases by exactly 1 per (channel, symbol), or by 1 + ``conflated`` for a state the server
merged from several (it says so, so that is not a gap); only a ``reset`` announces any other jump. The tracker
remembers the last ``seq`` delivered per stream, which is also what a resubscribe asks the server to resume from.
"""

from __future__ import annotations

from dataclasses import dataclass

OK = "ok"
DUPLICATE = "duplicate"
GAP = "gap"


@dataclass(frozen=True)
class Verdict:
    kind: str
    expected: int | None = None


class SequenceTracker:
    def __init__(self) -> None:
        self._last: dict[tuple[str, str], int] = {}
        self.duplicates = 0
        self.gaps = 0

    def check(self, channel: str, symbol: str, seq: int, conflated: int = 0) -> Verdict:
        """Judges ``seq`` (of a message standing for ``conflated`` merged older ones) and, unless it is a duplicate,
        records it as the stream's last."""
        key = (channel, symbol)
        last = self._last.get(key)
        if last is not None and seq <= last:
            self.duplicates += 1
            return Verdict(DUPLICATE)
        self._last[key] = seq
        if last is None or seq == last + 1 + conflated:
            return Verdict(OK)
        self.gaps += 1
        return Verdict(GAP, expected=last + 1)

    def reset(self, channel: str, symbol: str, next_seq: int) -> None:
        """A server ``reset``: the stream's next message carries ``next_seq``."""
        self._last[(channel, symbol)] = next_seq - 1

    def forget(self, channel: str, symbol: str) -> None:
        self._last.pop((channel, symbol), None)

    def last(self, channel: str, symbol: str) -> int | None:
        return self._last.get((channel, symbol))
