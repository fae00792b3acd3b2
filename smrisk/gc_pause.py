"""Cyclic garbage collection paused while a batch is scored in the main thread.

A batch allocates thousands of short-lived objects (documents, evidence, reports) that reference
counting frees on its own; every few hundred of them the cyclic collector wakes up and walks the
model's long-lived objects again, which costs about a tenth of a batch's time. In the main thread
collection is paused for the batch and resumed after it (anything cyclic made meanwhile is
collected then); pauses there nest, and a collector the caller disabled stays disabled. The
collector is process-wide, so batches scored in other threads leave it alone: overlapping pauses
from several threads could keep it off for as long as any thread is busy.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector paused (main thread only)."""
    global _depth, _was_enabled
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _depth == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _was_enabled:
            gc.enable()
