"""Lower layers never import higher ones, and importing smrisk loads no model."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "smrisk"

# Each module may import only modules of a lower or equal layer.
LAYERS = [
    {"categories", "errors", "model_files", "gc_pause", "input_encoding", "rule_kinds", "output_lock"},
    {"evidence", "config", "normalize", "nlp", "language", "document", "combine", "evaluation", "obfuscation", "style",
     "augment", "phrases", "reply_relation", "reply_model", "approved"},
    {"detectors", "context", "self_directed", "interjections", "thing_insults", "refusals", "idioms", "model", "policy",
     "speakers", "word_vectors", "claims_model", "credential_answers"},
    {"report", "routing", "attribution"},
    {"scorer"},
    {"training", "batch", "score_columns", "parquet", "corpora", "recipe", "rationales", "decisions", "feedback", "evidence_cells",
     "conversation", "reply_training", "batch_output", "shown_texts", "secret_leaks"},
    {"api", "responses"},
    {"worker"},
    {"cluster", "frames", "review"},
    {"audit"},
    {"cli", "__init__", "__main__"},
]


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    for index, names in enumerate(LAYERS):
        if top in names:
            return index
    raise AssertionError(f"module {module} is not placed in a layer")


def test_imports_point_downwards() -> None:
    problems = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        own = layer_of(module if module != "__init__" else "__init__")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("smrisk."):
                target = node.module.removeprefix("smrisk.")
                if layer_of(target) > own:
                    problems.append(f"{module} imports {target}")
    allowed = {"training imports api"}  # train() falls back to the default model, imported lazily
    assert set(problems) <= allowed, problems


def test_import_loads_no_model() -> None:
    code = "import smrisk, smrisk.api; assert smrisk.api._default is None"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_scoring_imports_neither_scikit_learn_nor_pandas() -> None:
    """Import time and memory are a user's first impression: scoring needs numpy, scipy and spaCy only."""
    code = ("import sys, smrisk; smrisk.score('our wifi password is hunter22, you idiot'); "
            "heavy = sorted({'sklearn', 'pandas'} & set(sys.modules)); assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)
