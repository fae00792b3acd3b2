"""``smrisk review SCORED --decisions FILE``: serve the review page on 127.0.0.1 until Ctrl-C.

Only this module's ``run_review`` imports the web stack (Starlette, uvicorn, Jinja2: the
``review`` extra), so ``smrisk --help`` and every other command work without it.
"""

from __future__ import annotations

import argparse
import errno
import getpass
import socket
import sys
import webbrowser
from collections.abc import Callable
from typing import TYPE_CHECKING

from smrisk.errors import ConfigError

if TYPE_CHECKING:
    from smrisk.scorer import Scorer

REVIEW_EXTRA = "pip install 'smrisk[review]'"


def add_review_parser(sub: argparse._SubParsersAction, policy_option: Callable[..., None]) -> None:
    """The ``review`` subcommand's options (``policy_option`` adds the CLI's shared ``--policy``)."""
    review = sub.add_parser("review", help="review flagged posts in the browser; decisions go to a JSONL file")
    review.add_argument("input", help="the output of smrisk batch (CSV, or .parquet)")
    review.add_argument("--decisions", required=True, metavar="FILE",
                        help="JSONL file the decisions are appended to; reopening it resumes where the review stopped")
    review.add_argument("--reviewer", default=None, help="name recorded with each decision (default: your user name)")
    review.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    review.add_argument("--no-browser", action="store_true", help="print the address, do not open a browser")
    review.add_argument("--text-column", default="text")
    review.add_argument("--id-column", metavar="NAME", help="column with each post's own id, shown and recorded")
    review.add_argument("--context-column", metavar="NAME",
                        help="column with the message each post answers (as batch --context-column), shown above it")
    review.add_argument("--model", help="the model directory the file was scored with, for the decisions' model id "
                                        "(default: the shipped model)")
    policy_option(review, "the policy file the batch run used, if any: its rules find the secrets the page masks")


def run_review(args: argparse.Namespace, scorer: Callable[[], Scorer]) -> int:
    """Load the queue (masked by ``scorer``'s rules) and the decisions, then serve until interrupted."""
    try:
        import uvicorn

        from smrisk.review.app import create_app
    except ModuleNotFoundError as exc:
        raise ConfigError(f"smrisk review needs the {exc.name} package: {REVIEW_EXTRA}") from None
    from smrisk.decisions import DecisionLog
    from smrisk.review.queue import load_queue
    from smrisk.review.session import ReviewSession
    from smrisk.shown_texts import masker_of

    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port must be between 1 and 65535 (or 0 for a free one), not {args.port}")
    used = scorer()
    queue = load_queue(args.input, masker_of(used), args.text_column, args.id_column, args.context_column)
    log = DecisionLog(args.decisions)
    session = ReviewSession(queue, log, args.reviewer or _user(), used.model_id)
    listener = _listen(args.port)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    print(f"smrisk review: {len(queue.posts)} flagged posts of {queue.rows} rows in {queue.source}, "
          f"{session.progress().line()}; decisions go to {args.decisions}", flush=True)
    print(f"open {url}  (Ctrl-C stops; every decision is saved as it is made)", flush=True)
    if not args.no_browser:
        webbrowser.open(url)
    server = uvicorn.Server(uvicorn.Config(create_app(session), log_level="warning", lifespan="off"))
    server.run(sockets=[listener])
    print(f"smrisk review: stopped at {session.progress().line()}; decisions are in {args.decisions}", file=sys.stderr)
    return 0


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or the password database
        return "unknown"


def _listen(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1 (never another interface), on ``port`` or a free one."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart may take the port back at once
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(f"port {port} on 127.0.0.1 is in use; pass another --port, or none for a free one") from None
        raise ConfigError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    listener.listen(64)
    return listener
