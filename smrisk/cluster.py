"""Batch scoring on Dask: N local worker processes, or an existing cluster by its scheduler address.

``DaskRunner`` is a ``ChunkRunner`` for ``smrisk.batch.score_file``: the driver keeps reading and
writing the file (so CSV records are never split mid-row, statuses, ``--resume`` and the progress
bar behave as in one process); the workers only score. At most a few chunks per worker thread are
in flight, so the driver's memory stays flat however long the file. Imported only for
``--workers``/``--scheduler``, so the core install needs no Dask.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager
from types import ModuleType, TracebackType
from typing import Any

from smrisk.batch import Chunk
from smrisk.errors import ConfigError, InputError, SmriskError, install_hint
from smrisk.policy import Policy, load_policy
from smrisk.score_columns import Cells
from smrisk.worker import ConfigLike, PolicyLike, config_dict, pack, policy_blob, score_chunk, unpack

DASK_EXTRA = install_hint("dask")
_CONNECT_TIMEOUT = "10s"


def import_distributed(what: str = "--workers and --scheduler") -> ModuleType:
    """``distributed``, or a one-line error naming the extra to install."""
    try:
        import dask  # noqa: F401  (distributed needs it; checked on its own in case distributed is already imported)
        import distributed
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in {"dask", "distributed"}:
            raise
        raise ConfigError(f"{what} need Dask, which is not installed: {DASK_EXTRA}") from None
    return distributed


def local_cluster(workers: int) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded processes, set up for scoring.

    Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (return freed memory to the
    system at once); scoring allocates many small objects and is slower under it (measured per
    2,000 posts, same peak memory: 5-10% with the current scorer, 1.7x with the earlier one), so
    these workers get glibc's default instead, unless the variable is set in the environment.
    """
    import dask

    distributed = import_distributed()
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}), _workers_ignore_ctrl_c():
        # the scheduler's HTTP server on a free local port: a fixed one (8787) clashes with any other cluster
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                        silence_logs=logging.ERROR)  # a cancelled chunk (Ctrl-C) is no warning


@contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Start worker processes with Ctrl-C ignored (a child started while SIGINT is ignored keeps
    it so): Ctrl-C then stops only the driver, which closes the cluster and says how to resume,
    instead of every worker printing its own traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class DaskRunner:
    """Scores chunks on Dask workers and hands them back in input order.

    ``workers``: start a ``LocalCluster`` of that many single-threaded worker processes (closed
    again by ``close``). ``scheduler``: use the running cluster at that address; its workers need
    smrisk installed, and ``model`` must be a directory they can read. ``model`` None is the
    shipped model; ``config`` is checked here and sent as a plain dict; ``policy`` (a ``Policy``
    or a policy file's path) is checked here and sent as the file's bytes, which each worker parses
    once. The cluster is started or reached on the first chunk, so a bad input file fails before
    any worker starts.
    """

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        model: str | os.PathLike[str] | None = None,
        config: ConfigLike = None,
        in_flight: int | None = None,
        policy: PolicyLike = None,
    ) -> None:
        if (workers is None) == (scheduler is None):
            raise ConfigError("give either a number of local workers or a scheduler address")
        if workers is not None and workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {workers}")
        import_distributed()
        self.workers = workers
        self.scheduler = scheduler
        self.model = None if model is None else os.fspath(model)
        if self.model is not None and workers is not None:
            self.model = os.path.abspath(self.model)  # local workers share this machine's files, maybe not its cwd
        self.config = config_dict(config)
        self.policy: Policy | None = load_policy(policy) if isinstance(policy, str | os.PathLike) else policy
        self._policy = policy_blob(self.policy)
        self.in_flight = in_flight
        self._client: Any = None
        self._cluster: Any = None

    @property
    def model_id(self) -> str:
        """The id of the model the workers load (read from its card here: the weights stay on the workers)."""
        from smrisk.model.store import default_model_dir, model_id_at

        return model_id_at(self.model if self.model is not None else default_model_dir())

    @property
    def client(self) -> Any:
        """The ``distributed.Client``, connected (or its local cluster started) on first use."""
        if self._client is None:
            distributed = import_distributed()
            if self.scheduler is not None:
                try:  # a malformed address is refused before a Client exists (a failed one hangs at exit)
                    distributed.comm.resolve_address(self.scheduler)
                    self._client = distributed.Client(self.scheduler, timeout=_CONNECT_TIMEOUT, set_as_default=False)
                except (OSError, ValueError, TypeError) as exc:
                    raise InputError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
            else:
                self._cluster = local_cluster(self.workers or 1)
                self._client = distributed.Client(self._cluster, set_as_default=False)
        return self._client

    def map(self, chunks: Iterable[Chunk], reveal: bool) -> Iterator[tuple[Chunk, list[Cells]]]:
        """Each chunk with its cells, in input order; keeps about two chunks per worker thread in flight."""
        client = self.client
        window = self.in_flight or max(2, 2 * sum(client.nthreads().values()))
        pending: deque[tuple[Chunk, Any]] = deque()
        for chunk in chunks:
            rows = pack((chunk.texts, chunk.problems, chunk.authors, chunk.channels, chunk.contexts))
            future = client.submit(score_chunk, rows, self.model, self.config, reveal, self._policy, pure=False)
            pending.append((chunk, future))
            if len(pending) >= window:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this runner started one."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()


def _result(chunk: Chunk, future: Any) -> tuple[Chunk, list[Cells]]:
    """A chunk's cells; a cluster that failed under it is one line that says how to go on."""
    import distributed

    try:
        return chunk, unpack(future.result())
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] == "smrisk":
            raise ConfigError(f"the Dask workers cannot import smrisk: install it on every worker ({exc})") from None
        raise
    except (distributed.KilledWorker, CancelledError, distributed.comm.CommClosedError) as exc:
        raise SmriskError(f"the Dask cluster failed while scoring ({type(exc).__name__}: {exc}); the rows written so far are "
                          "kept: run again with --resume (see the workers' logs for why)") from None
