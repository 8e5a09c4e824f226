"""What a viewer asked for (Filters) and what they may see (Scope)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def _clean(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


@dataclass(frozen=True)
class Filters:
    """User filters: OR inside one field, AND between fields, empty = no restriction.

    Values are kept sorted and unique so that equal filters hash equally (cache keys).
    """

    branches: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("branches", "regions", "segments", "channels"):
            object.__setattr__(self, name, _clean(getattr(self, name)))

    def as_dict(self) -> dict[str, list[str]]:
        """The filter values used, keyed as the command-line flags are named."""
        return {
            "branch": list(self.branches),
            "region": list(self.regions),
            "segment": list(self.segments),
            "channel": list(self.channels),
        }


@dataclass(frozen=True)
class Scope:
    """The rows a viewer may see: ``None`` means no restriction.

    ``branches`` limits every user-based figure; ``regions`` limits market data,
    which is regional.
    """

    branches: frozenset[str] | None = None
    regions: frozenset[str] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls()
