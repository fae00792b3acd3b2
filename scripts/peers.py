"""Adapters for the tools users would pick instead of smrisk, so benchmarks and evaluation
call them the same way: ``predict(texts)`` gives one score in [0, 1] per text.

Install them with ``pip install '.[bench]'``. A peer that is not installed is skipped with a
message; nothing here downloads a model (Presidio runs its regex recognizers over a blank
spaCy pipeline, as its docs allow for a custom NLP engine).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class Peer:
    name: str
    risk: str  # the smrisk risk it is compared on
    predict: Callable[[Sequence[str]], np.ndarray]
    predict_one: Callable[[str], float]
    max_rows: int | None = None  # a slow peer is measured on a seeded sample of at most this many texts


def alt_profanity_check() -> Peer:
    from profanity_check import predict_prob

    return Peer("alt-profanity-check", "derogatory", lambda texts: np.asarray(predict_prob(list(texts)), float),
                lambda text: float(predict_prob([text])[0]))


def better_profanity() -> Peer:
    from better_profanity import profanity

    profanity.load_censor_words()

    def one(text: str) -> float:
        return float(profanity.contains_profanity(text))

    return Peer("better-profanity", "derogatory", lambda texts: np.array([one(t) for t in texts]), one, max_rows=1_000)


def presidio() -> Peer:
    import spacy
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    # the e-mail recognizer fetches the public-suffix list on first use; use the bundled snapshot
    email_recognizer.tldextract = type("Offline", (), {"extract": staticmethod(
        tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None))})
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    folder = tempfile.mkdtemp(prefix="blank_en_")
    spacy.blank("en").to_disk(folder)
    engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": folder}]}).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    entities = ["CREDIT_CARD", "US_SSN", "IBAN_CODE", "PHONE_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS", "US_BANK_NUMBER",
                "CRYPTO", "US_PASSPORT", "US_DRIVER_LICENSE"]

    def one(text: str) -> float:
        results = analyzer.analyze(text=text, language="en", entities=entities)
        return max((r.score for r in results), default=0.0)

    return Peer("presidio (regex)", "confidential", lambda texts: np.array([one(t) for t in texts]), one, max_rows=5_000)


def detect_secrets() -> Peer:
    """detect-secrets' plugins and filters as its file scan runs them on each line (not the
    eager ad-hoc mode of ``scan_line``, which reports any word as a possible secret)."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class  # noqa: F401
    from detect_secrets.core.scan import _is_filtered_out, _scan_line, get_code_snippet, get_plugins
    from detect_secrets.settings import default_settings

    def hits(text: str) -> float:
        for number, line in enumerate(text.splitlines() or [""], start=1):
            context = get_code_snippet(lines=[line], line_number=1)
            for plugin in get_plugins():
                for secret in _scan_line(plugin=plugin, filename="post.txt", line=line, line_number=number,
                                         enable_eager_search=False, context=context):
                    if not _is_filtered_out(required_filter_parameters=["context"], filename=secret.filename,
                                            secret=secret.secret_value, plugin=plugin, line=line, context=context):
                        return 1.0
        return 0.0

    def many(texts: Sequence[str]) -> np.ndarray:
        with default_settings():
            return np.array([hits(t) for t in texts])

    def one(text: str) -> float:
        with default_settings():
            return hits(text)

    return Peer("detect-secrets", "confidential", many, one)


FACTORIES = {"alt-profanity-check": alt_profanity_check, "better-profanity": better_profanity,
             "presidio": presidio, "detect-secrets": detect_secrets}


def available_peers(names: Sequence[str] = tuple(FACTORIES)) -> list[Peer]:
    """The peers that import here; a missing one is reported on stderr and skipped."""
    peers = []
    for name in names:
        try:
            peers.append(FACTORIES[name]())
        except Exception as exc:  # a peer that cannot start must not stop the run
            print(f"peer {name} skipped: {type(exc).__name__}: {exc}", file=sys.stderr)
    return peers
