"""Rule detectors: generic bases, a registry, and the shipped rules of each risk."""

from __future__ import annotations

from smrisk.categories import CATEGORIES
from smrisk.detectors import confidential
from smrisk.detectors.base import Detector, LexiconDetector, LexiconRule, RegexDetector, RegexRule
from smrisk.detectors.discrimination import DiscriminationDetector
from smrisk.detectors.lexicon_files import lexicon_rules
from smrisk.detectors.registry import DetectorRegistry
from smrisk.detectors.stereotype import StereotypeDetector
from smrisk.nlp import shared_nlp

__all__ = [
    "Detector",
    "DetectorRegistry",
    "LexiconDetector",
    "LexiconRule",
    "RegexDetector",
    "RegexRule",
    "default_registry",
]


def default_registry() -> DetectorRegistry:
    """Every shipped detector: pattern rules for confidential data, one lexicon per risk, and the
    stereotype and discriminatory-terms rules (sentence structures a lexicon cannot express)."""
    nlp = shared_nlp()
    registry = DetectorRegistry(confidential.detectors())
    for category in CATEGORIES:
        registry.add(LexiconDetector(category, lexicon_rules(category), nlp))
    registry.add(StereotypeDetector())
    registry.add(DiscriminationDetector())
    return registry
