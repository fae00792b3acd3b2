"""The ``smrisk`` command: score, batch, train, evaluate, policy, report. ``main(argv)`` returns the exit code.

Exit codes: 0 ok, 1 a risk named by ``--fail-on`` was flagged, 2 bad usage or bad input.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from smrisk.audit.command import add_report_parser, run_report
from smrisk.categories import CATEGORIES, DEFINITIONS
from smrisk.errors import SmriskError
from smrisk.responses.command import add_batch_options, add_parsers, batch_extra, run_library, run_suggest
from smrisk.review.command import add_review_parser, run_review

if TYPE_CHECKING:
    from smrisk.policy import Policy

EXIT_OK, EXIT_FLAGGED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as shells report it


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so ``main`` controls the exit code."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


_POLICY_HELP = ("a company policy file (TOML): lexicons, allow-list, routes, speakers and a [scoring] table; "
                "--config is its old name (a file with only [scoring] is a valid policy)")


def _policy_option(parser: argparse.ArgumentParser, help: str = _POLICY_HELP) -> None:  # noqa: A002
    """``--policy FILE``, and ``--config FILE`` as its alias (the same option)."""
    parser.add_argument("--policy", "--config", dest="policy", metavar="FILE", help=help)


def _version() -> str:
    from smrisk import __version__

    return __version__


def _parser() -> _Parser:
    risks = "\n".join(f"  {c}: {d}" for c, d in DEFINITIONS.items())
    parser = _Parser(
        prog="smrisk",
        description=f"Screen social-media text for three risks:\n{risks}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument("--version", action="version", version=f"smrisk {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    score = sub.add_parser("score", help="score one text (argument or stdin) and explain it")
    score.add_argument("text", nargs="?", help="the text; read from stdin when omitted")
    score.add_argument("--json", action="store_true", help="print the report as JSON")
    score.add_argument("--fail-on", default="", metavar="RISK[,RISK]", help="exit 1 when one of these is flagged")
    score.add_argument("--model", help="a model directory (default: the shipped model)")
    _policy_option(score)
    score.add_argument("--author", help="who drafted the text, for the policy's speaker rules (needs --policy)")
    score.add_argument("--channel", help="where it will be posted, e.g. @acme (needs --policy)")
    score.add_argument("--reveal", action="store_true", help="show detected secrets and PII unmasked")
    score.add_argument("--context", action="append", metavar="MESSAGE",
                       help="the message the text answers, scored with it (repeat for earlier messages, oldest first)")
    score.add_argument("--library", metavar="FILE",
                       help="a response library ('starter' is the shipped one): name the nearest approved response")

    batch = sub.add_parser("batch", help="score a CSV or Parquet file, appending score columns")
    batch.add_argument("input", help="input CSV (- for stdin), or .parquet")
    batch.add_argument("-o", "--output", required=True, help="output CSV (- for stdout), or .parquet")
    batch.add_argument("--text-column", default="text", help="the column holding the posts (default: text)")
    batch.add_argument("--model", help="a model directory (default: the shipped model)")
    _policy_option(batch, _POLICY_HELP + "; adds route, speaker and policy_sha256 columns after status")
    batch.add_argument("--author-column", metavar="NAME", help="column holding each post's author (needs --policy)")
    batch.add_argument("--channel-column", metavar="NAME", help="column holding each post's channel (needs --policy)")
    batch.add_argument("--context-column", metavar="NAME",
                       help="column holding the message each post answers (a JSON array of strings: several, oldest first)")
    batch.add_argument("--encoding", default="auto", help="input encoding (default: detect)")
    batch.add_argument("--chunk-rows", type=int, default=2000, help="rows scored per chunk")
    batch.add_argument("--resume", action="store_true", help="continue an interrupted run into the same output")
    batch.add_argument("--reveal", action="store_true", help="show detected secrets and PII unmasked")
    batch.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    where = batch.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N",
                       help="score on N local worker processes (a Dask LocalCluster; needs the dask extra)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="score on a running Dask cluster, e.g. tcp://10.0.0.5:8786; its workers need smrisk and the --model "
                            "directory")
    add_batch_options(batch)

    train = sub.add_parser("train", help="train a model on a labelled CSV and print held-out metrics")
    train.add_argument("input", help=f"CSV with a text column and 0/1 columns named {', '.join(CATEGORIES)}")
    train.add_argument("-o", "--output", required=True, help="model directory to write")
    train.add_argument("--text-column", default="text")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--base", choices=["default", "none"], default="none",
                       help="default: add these rows to the default model's training data (needs the public datasets "
                            "and a smrisk checkout); none: learn from these rows alone (default)")
    train.add_argument("--datasets", help="the public datasets folder, for --base default (default: ../shared/datasets)")
    _policy_option(train, "a company policy file, checked before training; it is not used to train: pass it to score, "
                          "batch and evaluate too (--config is its old name)")
    train.add_argument("--feedback", metavar="DECISIONS", help="a decisions file from smrisk review: accepted flags are "
                                                               "positives, rejected ones negatives, added to the rows")
    train.add_argument("--previous-model", metavar="DIR", help="the model to compare with on the same held-out rows "
                                                               "(default: the shipped model)")

    evaluate = sub.add_parser("evaluate", help="per-risk metrics of a model on a labelled CSV")
    evaluate.add_argument("input", help="CSV with a text column and 0/1 risk columns")
    evaluate.add_argument("--text-column", default="text")
    evaluate.add_argument("--model", help="a model directory (default: the shipped model)")
    _policy_option(evaluate)
    evaluate.add_argument("--json", action="store_true", help="print metrics as JSON")

    policy = sub.add_parser("policy", help="check a company policy file, or write an example to start from")
    actions = policy.add_subparsers(dest="action", required=True, parser_class=_Parser)
    check = actions.add_parser("check", help="validate a policy file and print what it holds")
    check.add_argument("file", help="the policy file (TOML)")
    init = actions.add_parser("init", help="write a commented example policy to start from")
    init.add_argument("-o", "--output", default="policy.toml", help="file to write (default: policy.toml; - for stdout)")
    init.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    add_parsers(sub)
    add_report_parser(sub, _policy_option)
    add_review_parser(sub, _policy_option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting."""
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="smrisk: %(message)s")
    try:
        return _COMMANDS[args.command](args)
    except SmriskError as exc:
        print(f"smrisk: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        from smrisk.batch import is_parquet

        output = str(getattr(args, "output", "-"))
        resume = " (the rows written so far are kept: run the same command with --resume to continue)" \
            if getattr(args, "command", None) == "batch" and output != "-" and not is_parquet(output) else ""
        print(f"smrisk: interrupted{resume}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`smrisk score ... | head`): stop quietly, like other tools
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _policy(args: argparse.Namespace) -> Policy | None:
    """The ``--policy`` file, read and validated (None without one)."""
    from smrisk.policy import load_policy

    return load_policy(args.policy) if args.policy else None


def _scorer(args: argparse.Namespace, policy: Policy | None = None):  # noqa: ANN202
    """The scorer the command asked for: its model (or the default) under its policy file (``policy``
    when already read), if any."""
    from smrisk.api import default_scorer, load_model
    from smrisk.scorer import Scorer

    policy = policy if policy is not None else _policy(args)
    if args.model:
        return load_model(args.model, policy=policy)
    return Scorer(default_scorer().bundles, policy=policy) if policy else default_scorer()


def _needs_policy(args: argparse.Namespace, *options: str) -> None:
    """Speaker options without a policy would be silently ignored: refuse them instead."""
    given = [f"--{name.replace('_', '-')}" for name in options if getattr(args, name)]
    if given and not args.policy:
        from smrisk.errors import ConfigError

        verb = "needs" if len(given) == 1 else "need"
        raise ConfigError(f"{' and '.join(given)} {verb} --policy FILE: the speaker rules are in the policy "
                          "(smrisk policy init writes an example)")


def _warn_without_channel(args: argparse.Namespace, author: str, channel: str) -> None:
    """An author without a channel gets no speaker verdict (the rules judge who posts where): say so."""
    if getattr(args, author) and not getattr(args, channel):
        given, missing = (f"--{name.replace('_', '-')}" for name in (author, channel))
        print(f"smrisk: warning: {given} without {missing}: no speaker verdict (the speaker rules judge "
              "who posts on which channel)", file=sys.stderr)


def _risks(value: str) -> list[str]:
    from smrisk.categories import check_category

    return [check_category(r.strip()) for r in value.split(",") if r.strip()]


def _cmd_score(args: argparse.Namespace) -> int:
    fail_on = _risks(args.fail_on)
    _needs_policy(args, "author", "channel")
    _warn_without_channel(args, "author", "channel")
    from smrisk.api import score_with
    from smrisk.input_encoding import stdin_text

    text = args.text if args.text is not None else stdin_text()
    report = score_with(_scorer(args), text, author=args.author, channel=args.channel, context=args.context or None,
                        library=args.library)
    if args.json:
        print(json.dumps(report.to_dict(reveal=args.reveal), ensure_ascii=False, indent=2))
    else:
        print(report.explain(reveal=args.reveal))
    if fail_on and report.truncated:  # a gate cannot pass what it did not read
        print(f"smrisk: {len(text):,} characters, of which only the first {report.scored_chars:,} were scored: "
              "--fail-on cannot clear the rest", file=sys.stderr)
        return EXIT_FLAGGED
    return EXIT_FLAGGED if set(fail_on) & set(report.flagged) else EXIT_OK


def _cmd_batch(args: argparse.Namespace) -> int:
    from smrisk.batch import BatchSummary, ChunkRunner, score_file
    from smrisk.scorer import Scorer

    def run(scorer: Scorer | ChunkRunner) -> BatchSummary:
        return score_file(args.input, args.output, scorer, text_column=args.text_column, encoding=args.encoding,
                          chunk_rows=max(1, args.chunk_rows), reveal=args.reveal, resume=args.resume,
                          progress=False if args.no_progress else None, author_column=args.author_column,
                          channel_column=args.channel_column, context_column=args.context_column, extra=extra)

    _needs_policy(args, "author_column", "channel_column")
    policy = _policy(args)
    local = args.workers is None and args.scheduler is None  # one process, and no Dask import
    scorer = _scorer(args, policy) if local or policy else None  # built once: it screens the library under the policy too
    extra = batch_extra(args, scorer if policy else None)
    if scorer is not None and local:
        summary = run(scorer)
    else:
        from smrisk.cluster import DaskRunner

        dask_log = logging.getLogger("distributed")
        with DaskRunner(workers=args.workers, scheduler=args.scheduler, model=args.model, policy=policy) as runner:
            if not args.verbose:  # once imported, Dask's scheduler and nannies log every start and stop at INFO
                dask_log.setLevel(logging.WARNING)
            try:
                summary = run(runner)
            finally:  # -v too: closing the cluster logs ~30 INFO lines, at times a CommClosedError traceback (harmless)
                dask_log.setLevel(max(dask_log.getEffectiveLevel(), logging.WARNING))
    _warn_without_channel(args, "author_column", "channel_column")
    print(f"smrisk: {summary.line()}", file=sys.stderr)
    return EXIT_OK


def _read_labelled(path: str, text_column: str):  # noqa: ANN202
    import pandas as pd

    from smrisk.errors import InputError
    from smrisk.score_columns import column_position, missing_input

    try:
        data = pd.read_csv(path, dtype=str, keep_default_na=False, encoding_errors="replace")
    except (FileNotFoundError, IsADirectoryError):
        raise InputError(missing_input(path)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as exc:
        raise InputError(f"cannot read {path} as CSV: {exc}") from None
    column_position(data.columns, text_column, path)
    return data


def _cmd_train(args: argparse.Namespace) -> int:
    from smrisk.training import train

    _policy(args)  # a bad file fails before minutes of training
    data = _read_labelled(args.input, args.text_column)
    previous = _scorer(argparse.Namespace(model=args.previous_model, policy=None)) if args.previous_model else None
    scorer = train(data, text_column=args.text_column, random_state=args.seed, name=args.output.rstrip("/").split("/")[-1],
                   base="default" if args.base == "default" else None, datasets=args.datasets, feedback=args.feedback,
                   previous=previous)
    path = scorer.save(args.output)
    card = scorer.bundles[0].card
    print(f"saved model to {path}" + (" (built on the default model's training data)" if card.get("base") == "default" else ""))
    if "feedback" in card:
        from smrisk.api import default_scorer
        from smrisk.feedback import feedback_note

        print(feedback_note(card["feedback"], (previous or default_scorer()).model_id))
    for risk, reason in card.get("fallback_reasons", {}).items():
        print(f"not trained: {risk} ({reason}); the default model scores it")
    print(_metrics_table(card["metrics"]["test"], f"held-out test rows: {card['rows']['test']}, new model"))
    if card["metrics"].get("test_previous_model"):
        print(_metrics_table(card["metrics"]["test_previous_model"], f"the same rows, previous model {card['previous_model_id']}"))
    elif card["metrics"].get("test_default_model"):
        print(_metrics_table(card["metrics"]["test_default_model"], "the same rows, default model"))
    if args.policy:
        print(f"the policy was checked, not trained on; it applies when scoring: pass --policy {args.policy} to score, "
              f"batch and evaluate with this model (--model {path})")
    return EXIT_OK


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from smrisk.errors import InputError
    from smrisk.training import evaluate, label_matrix

    policy = _policy(args)  # a bad policy file fails before the data is read
    data = _read_labelled(args.input, args.text_column)
    risks = [c for c in CATEGORIES if c in data.columns]
    if not risks:
        raise InputError(f"no label columns in {args.input}; name at least one of: {', '.join(CATEGORIES)}")
    metrics = evaluate(_scorer(args, policy), data[args.text_column].tolist(), label_matrix(data, risks), risks)
    table = {risk: m.to_dict() for risk, m in metrics.items()}
    print(json.dumps(table, indent=2) if args.json else _metrics_table(table, f"{len(data)} rows from {args.input}"))
    return EXIT_OK


def _cmd_policy(args: argparse.Namespace) -> int:
    from smrisk.policy import example_policy, load_policy

    if args.action == "check":
        checked = load_policy(args.file)
        print(checked.summary())
        for warning in checked.warnings:  # valid, so exit 0; but probably not what the author meant
            print(f"smrisk: warning: {warning}", file=sys.stderr)
        return EXIT_OK
    text = example_policy()
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    _write_new(args.output, text, args.force)
    print(f"wrote {args.output}: an example policy for a fictional company (Acme Robotics). Next:\n"
          f"  1. edit it: your company and domains, code names, competitors, allow-list, owners and official channels\n"
          f"  2. smrisk policy check {args.output}\n"
          f"  3. smrisk score --policy {args.output} --author j.doe --channel @acme \"draft text\"\n"
          f"     smrisk batch posts.csv -o scored.csv --policy {args.output} --author-column author --channel-column channel")
    return EXIT_OK


def _write_new(path: str, text: str, force: bool) -> None:
    """Write ``text`` to ``path``, refusing to replace an existing file unless ``force``."""
    from smrisk.errors import InputError

    try:
        with open(path, "w" if force else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise InputError(f"{path} exists; pass --force to overwrite it, or -o another file") from None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _metrics_table(metrics: dict[str, dict], title: str) -> str:
    columns = ("roc_auc", "average_precision", "precision", "recall", "f1", "threshold", "positives", "n")
    lines = [title, f"{'risk':<13}" + "".join(f"{c[:9]:>10}" for c in columns)]
    for risk, values in metrics.items():
        lines.append(f"{risk:<13}" + "".join(f"{_cell(values[c]):>10}" for c in columns))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _cmd_report(args: argparse.Namespace) -> int:
    return run_report(args, lambda: _scorer(args))


def _cmd_review(args: argparse.Namespace) -> int:
    return run_review(args, lambda: _scorer(args))


_COMMANDS = {"score": _cmd_score, "batch": _cmd_batch, "train": _cmd_train, "evaluate": _cmd_evaluate, "policy": _cmd_policy,
             "suggest": run_suggest, "library": run_library, "report": _cmd_report,
             "review": _cmd_review}


def main_entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
