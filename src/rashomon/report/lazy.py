"""A list whose items are made when read: a large report's story dicts and views never all exist at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

In = TypeVar("In")
Out = TypeVar("Out")


class LazyList(Sequence[Out], Generic[In, Out]):
    """`[make(item) for item in items]`, each element made again whenever it is read.

    A 10,000-article report's stories take about 0.7 GB as dicts, and their views as much again; the
    report writers read each once, so holding one at a time is enough.
    """

    def __init__(self, items: Sequence[In], make: Callable[[In], Out]) -> None:
        self.items = items
        self.make = make

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Out: ...
    @overload
    def __getitem__(self, index: slice) -> list[Out]: ...
    def __getitem__(self, index: int | slice) -> Out | list[Out]:
        if isinstance(index, slice):
            return [self.make(item) for item in self.items[index]]
        return self.make(self.items[index])

    def __iter__(self) -> Iterator[Out]:
        return (self.make(item) for item in self.items)
