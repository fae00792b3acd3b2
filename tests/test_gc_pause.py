"""Scoring pauses the cyclic garbage collector for a batch and leaves it as it found it."""

from __future__ import annotations

import gc
import threading

import pytest

from smrisk.gc_pause import collection_paused


@pytest.fixture(autouse=True)
def _collector_restored():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_paused_inside_and_running_after() -> None:
    gc.enable()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still on
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_a_batch_in_another_thread_leaves_the_collector_alone() -> None:
    """The collector is process-wide: a pause per thread could overlap forever, so only the main
    thread pauses it."""
    gc.enable()
    seen: list[bool] = []

    def worker() -> None:
        with collection_paused():
            seen.append(gc.isenabled())

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5)
    assert seen == [True] and gc.isenabled()
    with collection_paused():  # the main thread's pause is untouched by a worker's
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(5)
        assert not gc.isenabled()
    assert seen == [True, False] and gc.isenabled()


def test_scoring_leaves_the_collector_running(tiny_scorer) -> None:  # noqa: ANN001
    gc.enable()
    tiny_scorer.score_many(["you idiot", "hello there"])
    assert gc.isenabled()


def test_an_error_inside_resumes_the_collector() -> None:
    gc.enable()
    with pytest.raises(ZeroDivisionError), collection_paused():
        _ = 1 / 0
    assert gc.isenabled()
