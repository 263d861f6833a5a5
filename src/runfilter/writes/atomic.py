"""What makes a commit all-or-nothing even when an exception arrives mid-way.

Two threats, two answers:

* a signal (Ctrl+C, SIGTERM under a handler that raises) can interrupt Python
  between any two bytecodes: :func:`interrupts_deferred` holds the main
  thread's SIGINT/SIGTERM handlers back for the few statements of a commit
  and delivers a signal that arrived meanwhile right after it, so a commit
  started is a commit finished;
* an exception from inside the commit itself (``MemoryError`` while an index
  grows): the store puts its tables back from the commit's inverse and drops
  the structures that follow them (indexes, unique maps, counts), which are
  rebuilt from the restored tables when next needed
  (:meth:`runfilter.Store.apply`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The signals whose Python handlers a commit holds back.
DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Run the block with SIGINT/SIGTERM handlers deferred; a signal that arrives is handled after it.

    Python runs signal handlers in the main thread only, so elsewhere there is
    nothing to defer. Handlers that are not Python callables (SIG_DFL, SIG_IGN)
    are left alone: the default SIGTERM action ends the process, store and all.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[tuple[int, Any]] = []
    saved: dict[int, Any] = {}

    def hold(signum: int, frame: Any) -> None:
        pending.append((signum, frame))

    for signum in DEFERRED_SIGNALS:
        handler = signal.getsignal(signum)
        if callable(handler):
            saved[signum] = handler
            signal.signal(signum, hold)
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
        for signum, frame in pending:
            saved[signum](signum, frame)


__all__ = ["DEFERRED_SIGNALS", "interrupts_deferred"]
