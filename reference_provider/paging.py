"""Page windows: which slice of the ordered matches a request asks for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# No document gives a maximum page size for PAI-EAS or HA3: any size is served, but never more than this
# many items per response, so a careless client cannot make the provider build a huge body.
SERVED_PAGE_SIZE_CAP = 10_000


@dataclass(frozen=True)
class Window:
    offset: int
    size: int

    def slice(self, items: Sequence[T]) -> list[T]:
        return list(items[self.offset : self.offset + self.size])


def offset_window(offset: int, size: int) -> Window:
    return Window(offset=offset, size=size)


def page_window(page_number: int, size: int, first_page: int = 1) -> Window:
    served = min(size, SERVED_PAGE_SIZE_CAP)
    return Window(offset=(page_number - first_page) * size, size=served)
