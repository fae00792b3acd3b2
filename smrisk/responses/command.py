"""``smrisk suggest``, ``smrisk library check`` and batch's ``--library``: argparse wiring and runners.

``cli.py`` adds these with ``add_parsers(sub)`` and ``add_batch_options(batch)`` and runs them from
its command table, so this feature's command-line surface lives here, beside the feature.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from smrisk.responses.library import STARTER

EXIT_OK = 0
_LIBRARY_HELP = f"a response library (TOML); '{STARTER}' is the starter library shipped with smrisk"


def add_parsers(sub: Any) -> None:
    """The ``suggest`` and ``library`` subcommands."""
    suggest = sub.add_parser("suggest", help="the approved responses that best answer an incoming message")
    suggest.add_argument("message", nargs="?", help="the incoming message; read from stdin when omitted")
    suggest.add_argument("--library", required=True, metavar="FILE", help=_LIBRARY_HELP)
    suggest.add_argument("-k", type=int, default=3, help="how many responses to show (default 3)")
    suggest.add_argument("--json", action="store_true", help="print a JSON list, best first: id, score, owner, text, situation, weak")

    library = sub.add_parser("library", help="check a response library file")
    actions = library.add_subparsers(dest="action", required=True, parser_class=type(library))
    check = actions.add_parser("check", help="validate a response library (every reply is scored) and list it")
    check.add_argument("file", help=_LIBRARY_HELP)
    check.add_argument("--policy", metavar="FILE", help="score the replies under this company policy too (its code names, "
                                                        "internal domains and competitors)")


def add_batch_options(batch: argparse.ArgumentParser) -> None:
    """``--library`` and ``--message-column`` for ``smrisk batch``."""
    batch.add_argument("--library", metavar="FILE", help=_LIBRARY_HELP + "; adds suggested_response and suggested_owner "
                                                                       "columns for the rows' incoming messages")
    batch.add_argument("--message-column", metavar="NAME", help="column holding the incoming message each row answers "
                                                                "(needs --library; default: the --text-column)")


def batch_extra(args: argparse.Namespace, screen: Any = None) -> Any:
    """The suggestion columns batch adds (None without ``--library``); ``--message-column`` alone is refused.
    ``screen``: the scorer under the run's policy, which every approved reply must pass too."""
    from smrisk.errors import ConfigError

    if args.library is None:
        if args.message_column:
            raise ConfigError("--message-column needs --library FILE: the suggestions come from a response library "
                              f"(--library {STARTER} is the shipped one)")
        return None
    from smrisk.responses.columns import SuggestionColumns
    from smrisk.responses.library import load_library

    return SuggestionColumns(load_library(args.library, screen), args.message_column or args.text_column)


def run_suggest(args: argparse.Namespace) -> int:
    from smrisk.input_encoding import stdin_text
    from smrisk.responses.library import load_library
    from smrisk.responses.suggest import NO_MATCH_BELOW, suggest

    library = load_library(args.library)
    message = args.message if args.message is not None else stdin_text()
    found = suggest(message, library, k=args.k)
    if args.json:
        print(json.dumps([s.to_dict() for s in found], ensure_ascii=False, indent=2))
    elif not message.strip():
        print("no suggestion: the message is empty")
    else:
        for rank, item in enumerate(found, 1):
            weak = f"; weak: under {NO_MATCH_BELOW}, where batch suggests nothing" if item.weak else ""
            print(f"{rank}. {item.id} ({item.owner}, similarity {item.shown_score()}{weak})\n"
                  f"   when: {item.situation}\n   reply: {item.text}")
        if not found:
            print("no suggestion: no approved response shares any wording or meaning with this message")
    return EXIT_OK


def run_library(args: argparse.Namespace) -> int:
    from smrisk.api import policy_scorer
    from smrisk.policy import load_policy
    from smrisk.responses.library import load_library

    screen = policy_scorer(load_policy(args.policy)) if args.policy else None
    print(load_library(args.file, screen).summary())
    return EXIT_OK
