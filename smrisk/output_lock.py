"""One run at a time per output file: two batch runs writing the same output (a second run started
with ``--resume`` while the first is still going) would interleave their rows, duplicate some and
lose others, and the first would crash when the second renames the file under it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from smrisk.errors import InputError


def lock_path(output_path: str) -> Path:
    return Path(output_path + ".lock")


@contextmanager
def output_lock(output_path: str) -> Iterator[None]:
    """Hold ``OUTPUT.lock`` (the writer's process id) while the output is written. A lock whose
    process is gone (a run killed with SIGKILL, a machine that restarted) is taken over."""
    if output_path == "-":
        yield
        return
    path = lock_path(output_path)
    for _ in range(2):
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileNotFoundError:
            raise InputError(f"cannot write {output_path}: its directory {str(path.parent)!r} does not exist") from None
        except PermissionError:
            raise InputError(f"cannot write {output_path}: no permission to create files in {str(path.parent)!r}") from None
        except FileExistsError:
            owner = _owner(path)
            if owner is not None and _alive(owner):
                raise InputError(f"another smrisk run (process {owner}) is writing {output_path}; wait for it to finish, "
                                 f"or stop it and run again with --resume (its lock: {path})") from None
            path.unlink(missing_ok=True)  # the run that held it is gone
    else:
        raise InputError(f"cannot lock {output_path}: {path} keeps reappearing; is another run starting?")
    try:
        os.write(descriptor, str(os.getpid()).encode())
        os.close(descriptor)
        yield
    finally:
        path.unlink(missing_ok=True)


def _owner(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
