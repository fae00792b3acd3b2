"""Cyclic garbage collection paused while a batch is scored.

A batch allocates thousands of short-lived objects (documents, evidence, reports) that reference
counting frees on its own; every few hundred of them the cyclic collector wakes up and walks the
model's long-lived objects again, which costs about a tenth of a batch's time. Collection is
paused for the batch and resumed after it (anything cyclic made meanwhile is collected then).
Pauses nest and may overlap across threads: the collector is resumed when the last one ends, and
only if it was running when the first began, so a caller who disabled it keeps it disabled.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector paused."""
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
