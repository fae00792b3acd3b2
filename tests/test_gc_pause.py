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


def test_overlapping_pauses_in_threads_resume_once_the_last_ends() -> None:
    gc.enable()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with collection_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collection_paused():
        second_in.set()
        first_out.wait(5)
        assert not gc.isenabled()  # the first pause ended, this one has not
    thread.join(5)
    assert gc.isenabled()


def test_scoring_leaves_the_collector_running(tiny_scorer) -> None:  # noqa: ANN001
    gc.enable()
    tiny_scorer.score_many(["you idiot", "hello there"])
    assert gc.isenabled()


def test_an_error_inside_resumes_the_collector() -> None:
    gc.enable()
    with pytest.raises(ZeroDivisionError), collection_paused():
        _ = 1 / 0
    assert gc.isenabled()
