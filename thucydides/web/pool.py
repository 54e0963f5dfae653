"""What a server holds while it runs: its read-only connections to the store, and the answers it
has already computed.

Each request borrows a connection of its own (a DuckDB connection is not thread-safe) and gives it
back. Whether a failed read means a damaged file is the store's judgement (``Store.reading``):
such a read is answered 503 ``store_damaged``, and ``/health`` answers 503 from then on.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..store import Store
from . import params

POOL_SIZE = 8  # DuckDB connections; DuckDB runs each query on several threads itself

_log = logging.getLogger("thucydides.web")


class Connections:
    """A fixed set of read-only connections to one store; a thread borrows one at a time.

    A read that fails because the file is damaged is answered 503 ``store_damaged``; the first
    such failure is kept, and ``check`` (for ``/health``) reports it from then on."""

    def __init__(self, path: Path, size: int = POOL_SIZE) -> None:
        self.path = path
        self.damage: str | None = None
        self._lock = threading.Lock()
        self._stores: list[Store] = []
        self._idle: queue.SimpleQueue[Store] = queue.SimpleQueue()
        try:
            for _ in range(size):
                store = Store.open(path, read_only=True)
                self._stores.append(store)
                self._idle.put(store)
        except StoreError:
            self.close()
            raise

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        store = self._idle.get()
        try:
            yield store
        finally:
            self._idle.put(store)

    @contextmanager
    def read(self) -> Iterator[Store]:
        """A store to read for a request; a read failing on a damaged file leaves as an
        :class:`~thucydides.web.params.ApiError` (503 ``store_damaged``)."""
        with self.borrow() as store:
            try:
                with store.reading():
                    yield store
            except StoreError as exc:  # StoreDamaged, and thucydides.dyads failing to read the events
                raise self._damaged(str(exc)) from None

    def check(self, store: Store) -> None:
        """Raise :class:`~thucydides.web.params.ApiError` (503) when a read has failed on damage
        since the start, or ``store`` finds itself damaged now (``Store.check``: metadata and a few
        rows, no scan)."""
        if self.damage is not None:
            raise params.ApiError("store_damaged", self.damage)
        store.check()

    def _damaged(self, message: str) -> params.ApiError:
        _log.error("%s", message)
        shown = message.replace(str(self.path), self.path.name)  # the server's folders are not the client's business
        with self._lock:
            if self.damage is None:
                self.damage = shown
        return params.ApiError("store_damaged", shown)

    def close(self) -> None:
        for store in self._stores:
            store.close()


class AnswerCache:
    """Answers already computed, by endpoint and normalised parameters. The store is opened
    read-only and DuckDB's file lock keeps writers out while the server holds it, so an answer
    never goes stale; the oldest answers leave first past ``size``."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self.answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.answers:
                self.answers.move_to_end(key)
                return self.answers[key]
        answer = compute()  # outside the lock: two threads may compute the same answer once each
        with self.lock:
            self.answers[key] = answer
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)
        return answer
