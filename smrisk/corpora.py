"""Loaders that map the public datasets and our own corpus onto the three risk labels.

Every loader returns a DataFrame with ``text``, the three risk columns (1, 0 or NaN where the
source says nothing about that risk), ``source``, ``subtype`` and ``split``. Public sets get a
fixed split from a hash of the text (80/10/10), so a text is always in the same split.
The datasets are read from ``../shared/datasets`` (or a path given); they are never copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from smrisk.categories import CATEGORIES, CONFIDENTIAL, DEROGATORY, ILLEGAL
from smrisk.errors import InputError

NAN = np.nan
PII_ENTITIES = frozenset(
    {"CREDIT_CARD", "US_SSN", "IBAN_CODE", "PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "IP_ADDRESS",
     "US_DRIVER_LICENSE"}
)


def checkout_root() -> Path | None:
    """The smrisk source checkout in use, which holds ``data/``: the package's own parent when it
    runs from a checkout, else the current directory or its nearest parent that is one (an
    installed package carries no corpus). None when there is none."""
    here = Path.cwd().resolve()
    for folder in (Path(__file__).resolve().parents[1], here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "data" / "corpus").is_dir():
            return folder
    return None


def shared_datasets_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The public datasets folder: ``path``, ``$SMRISK_DATASETS``, or ``shared/datasets`` beside the checkout."""
    if path is not None:
        return Path(path)
    if os.environ.get("SMRISK_DATASETS"):
        return Path(os.environ["SMRISK_DATASETS"])
    root = checkout_root() or Path.cwd()
    return root.parent / "shared" / "datasets"


def hash_split(text: str) -> str:
    """A stable train/validation/test assignment (80/10/10) from the text itself."""
    bucket = int(hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 80 else "validation" if bucket < 90 else "test"


def _frame(texts: list[str], labels: Mapping[str, object], source: str, subtype: object = "") -> pd.DataFrame:
    frame = pd.DataFrame({"text": texts})
    for risk in CATEGORIES:
        frame[risk] = labels.get(risk, NAN)
    frame[list(CATEGORIES)] = frame[list(CATEGORIES)].astype("float64")
    frame["source"] = source
    frame["subtype"] = subtype
    frame["split"] = [hash_split(t) for t in texts]
    return frame


def davidson(root: Path) -> pd.DataFrame:
    data = pd.read_csv(root / "davidson_hate_offensive" / "labeled_data.csv")
    return _frame(data["tweet"].astype(str).tolist(),
                  {DEROGATORY: (data["class"] < 2).astype(float).to_numpy(), CONFIDENTIAL: 0.0}, "davidson")


def jigsaw(root: Path) -> pd.DataFrame:
    folder = root / "jigsaw_toxic"
    full = pd.read_csv(folder / "jigsaw_toxic_labeled.csv")
    tone = full[["toxic", "severe_toxic", "obscene", "insult", "identity_hate"]].max(axis=1).astype(float)
    threat = full["threat"].astype(float).where(full["threat"] == 1, NAN)
    aimed = full[["severe_toxic", "insult", "identity_hate", "threat"]].max(axis=1) == 1
    kind = np.where(aimed, "insult", np.where(tone == 1, "toxic_not_insult", "clean"))
    labelled = _frame(full["comment_text"].astype(str).tolist(),
                      {DEROGATORY: tone.to_numpy(), ILLEGAL: threat.to_numpy(), CONFIDENTIAL: 0.0}, "jigsaw", kind)
    partial = pd.read_csv(folder / "jigsaw_toxic_partial_labels_noid.csv")
    partial = partial[partial["toxic"].notna()]
    only_toxic = _frame(partial["comment_text"].astype(str).tolist(),
                        {DEROGATORY: partial["toxic"].astype(float).to_numpy(), CONFIDENTIAL: 0.0}, "jigsaw_partial")
    return pd.concat([labelled, only_toxic], ignore_index=True)


def hateval(root: Path) -> pd.DataFrame:
    folder = root / "tweeteval_hateval"
    frames = []
    for part in ("train", "val"):
        texts = (folder / f"{part}_text.txt").read_text(encoding="utf-8").splitlines()
        labels = [float(x) for x in (folder / f"{part}_labels.txt").read_text().split()]
        frames.append(_frame(texts, {DEROGATORY: labels, CONFIDENTIAL: 0.0}, "hateval"))
    return pd.concat(frames, ignore_index=True)


def politeness(root: Path) -> pd.DataFrame:
    folder = root / "stanford_politeness"
    texts = []
    for name in ("wikipedia.annotated.csv", "stack-exchange.annotated.csv"):
        texts += pd.read_csv(folder / name)["Request"].astype(str).tolist()
    return _frame(texts, {CONFIDENTIAL: 0.0, DEROGATORY: 0.0, ILLEGAL: 0.0}, "politeness", "hn_impolite")


def presidio(root: Path) -> pd.DataFrame:
    rows = json.loads((root / "presidio_synth_pii" / "synth_dataset_v2.json").read_text(encoding="utf-8"))
    texts = [r["full_text"] for r in rows]
    pii = [float(any(s["entity_type"] in PII_ENTITIES for s in r["spans"])) for r in rows]
    return _frame(texts, {CONFIDENTIAL: pii, DEROGATORY: 0.0, ILLEGAL: 0.0}, "presidio", "personal_data")


def sms(root: Path) -> pd.DataFrame:
    data = pd.read_csv(root / "sms_spam_collection" / "SMSSpamCollection.tsv", sep="\t", quoting=3)
    ham = (data["Label"] == "ham").to_numpy()
    illegal = np.where(ham, 0.0, NAN)
    return _frame(data["SMS"].astype(str).tolist(), {CONFIDENTIAL: 0.0, DEROGATORY: 0.0, ILLEGAL: illegal}, "sms")


def advbench(root: Path) -> pd.DataFrame:
    data = pd.read_csv(root / "advbench" / "harmful_behaviors.csv")
    return _frame(data["goal"].astype(str).tolist(), {ILLEGAL: 1.0}, "advbench")


def do_not_answer(root: Path) -> pd.DataFrame:
    path = root / "do_not_answer" / "malicious_uses.jsonl"
    texts = [json.loads(line)["prompt"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return _frame(texts, {ILLEGAL: 1.0}, "do_not_answer")


def olid(root: Path) -> pd.DataFrame:
    """OLID training tweets: for evaluation only (not in the shipped model's training data)."""
    data = pd.read_csv(root / "olid_offenseval2019" / "olid-training-v1.0.tsv", sep="\t", quoting=3)
    frame = _frame(data["tweet"].astype(str).tolist(), {DEROGATORY: (data["subtask_a"] == "OFF").astype(float).to_numpy()}, "olid")
    frame["subtype"] = data["subtask_c"].fillna("NULL").to_numpy()
    frame["split"] = "evaluation"
    return frame


def _group_split(groups: pd.Series, validation: set[str], test: set[str]) -> np.ndarray:
    """A split by group (account, brand), so a held-out check measures unseen accounts."""
    return np.where(groups.isin(test), "test", np.where(groups.isin(validation), "validation", "train"))


#: Corporate accounts held out whole (families of handles kept together).
CORPORATE_VALIDATION = {"DanoneGroup", "C_PR"}
CORPORATE_TEST = {"Merck", "barclayswealth", "Barclays"}


_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\d[\d ().-]{8,}\d")


def corporate(root: Path) -> pd.DataFrame:
    """Real tweets of nine company accounts: negatives for every risk, split by account."""
    data = pd.read_csv(root / "corporate_messaging_dfe" / "Corporate-messaging-DFE.csv", encoding="latin-1")
    frame = _frame(data["text"].astype(str).tolist(), {CONFIDENTIAL: 0.0, DEROGATORY: 0.0, ILLEGAL: 0.0},
                   "corporate", data["category"].astype(str).to_numpy())
    frame["group"] = data["screenname"].astype(str).to_numpy()
    frame["split"] = _group_split(frame["group"], CORPORATE_VALIDATION, CORPORATE_TEST)
    return frame


def _brand_split(brand: str) -> str:
    """60/20/20 of the customer-care brands, by a hash of the brand handle."""
    bucket = int(hashlib.sha1(brand.encode()).hexdigest()[:8], 16) % 10
    return "train" if bucket < 6 else "validation" if bucket < 8 else "test"


def customer_care(root: Path) -> pd.DataFrame:
    """Real customer-care conversations: brand replies (negatives for every risk) and customer
    complaints: negatives for ``illegal`` (reporting a scam is not committing one) and for
    ``confidential`` unless they give an e-mail address or phone number; some insult the brand,
    so they carry no ``derogatory`` label. Split by brand."""
    texts, kinds, brands = [], [], []
    for brand, turns in _care_conversations(root):
        for kind, message in turns:
            texts.append(message)
            kinds.append(kind)
            brands.append(brand)
    agent = np.array(kinds) == "agent"
    # a complaint that names its own e-mail or phone number discloses personal data: not a negative
    discloses = np.array([bool(_CONTACT.search(t)) for t in texts])
    frame = _frame(texts, {CONFIDENTIAL: np.where(agent | ~discloses, 0.0, NAN), DEROGATORY: np.where(agent, 0.0, NAN),
                           ILLEGAL: 0.0}, "customer_care", np.where(agent, "agent_reply", "complaint"))
    frame["group"] = brands
    frame["split"] = [_brand_split(b) for b in brands]
    return frame.drop_duplicates("text", ignore_index=True)


def _care_conversations(root: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each customer-care conversation: its brand and its turns, ("agent" or "customer", message), in
    order, ending with the agent's closing link."""
    for name in ("dev.json", "test.json"):
        for conversation in json.loads((root / "ibm_twitter_customer_care" / name).read_text(encoding="utf-8")):
            turns = [(("agent" if "agent" in turn else "customer"), str(turn["message"])) for turn in conversation["dialogContent"]]
            turns.append(("agent", str(conversation["agentURL"]["url_utterance"])))
            yield conversation["dialogHeader"]["company"], turns


def care_replies_in_context(root: Path, earlier: int = 3) -> list[tuple[str, list[str]]]:
    """Real brand-agent replies, each with the ``earlier`` messages before it in its conversation (oldest
    first): harmless replies read in their context, the real-text check of ``smrisk.score(context=...)``.
    A reply's first occurrence only; the closing link is left out (it answers nothing)."""
    found: dict[str, list[str]] = {}
    for _, turns in _care_conversations(root):
        for k, (kind, message) in enumerate(turns[:-1]):
            if kind == "agent" and k > 0 and message not in found:
                found[message] = [m for _, m in turns[max(0, k - earlier):k]]
    return list(found.items())


def care_closing_replies_in_context(root: Path, earlier: int = 3) -> list[tuple[str, list[str]]]:
    """Each conversation's closing agent reply (the one with a help link), with the ``earlier`` messages
    before it: real harmless replies in context, kept apart from ``care_replies_in_context`` (a reply found
    there too is left out), so that fitting the context model may keep real conversations quiet while
    those replies stay an untouched check."""
    checked = {reply for reply, _ in care_replies_in_context(root, earlier)}
    found: dict[str, list[str]] = {}
    for _, turns in _care_conversations(root):
        reply = turns[-1][1]
        if reply not in checked and reply not in found and len(turns) > 1:
            found[reply] = [m for _, m in turns[max(0, len(turns) - 1 - earlier):-1]]
    return list(found.items())


def finance_news(root: Path) -> pd.DataFrame:
    """Real finance-news tweets: public news is no leak and reporting a probe is no crime.
    The set's own validation file is our test split."""
    folder = root / "twitter_financial_news"
    train = pd.read_csv(folder / "sent_train.csv")
    test = pd.read_csv(folder / "sent_valid.csv")
    zeros = {CONFIDENTIAL: 0.0, DEROGATORY: 0.0, ILLEGAL: 0.0}
    first = _frame(train["text"].astype(str).tolist(), zeros, "finance_news")
    first["split"] = np.where(first["split"] == "train", "train", "validation")
    second = _frame(test["text"].astype(str).tolist(), zeros, "finance_news")
    second["split"] = "test"
    return pd.concat([first, second], ignore_index=True)


_HATEXPLAIN_PLACEHOLDERS = {"<user>": "@user", "<number>": "0", "<percent>": "0%", "<url>": "http://url"}


def _hatexplain_text(tokens: list[str]) -> str:
    return " ".join(_HATEXPLAIN_PLACEHOLDERS.get(t, t) for t in tokens)


def hatexplain(root: Path) -> pd.DataFrame:
    """HateXplain: its train split (90/10 by text hash into our train and validation) and its
    validation split, which we only test on. Hate speech and offensive are ``derogatory``."""
    folder = root / "hatexplain"
    train = pd.read_csv(folder / "training_data.csv")
    first = _frame([_hatexplain_text(str(t).split()) for t in train["text"]],
                   {DEROGATORY: (train["majority_label"] != 1).astype(float).to_numpy()}, "hatexplain",
                   train["majority_label"].map({0: "hatespeech", 1: "normal", 2: "offensive"}).to_numpy())
    first["split"] = np.where(first["split"] == "train", "train", "validation")
    rows = [json.loads(line) for line in (folder / "hatexplain_validation.json").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    majority = [max(set(r["annotators"]["label"]), key=r["annotators"]["label"].count) for r in rows]
    second = _frame([_hatexplain_text(r["post_tokens"]) for r in rows], {DEROGATORY: [float(m != 1) for m in majority]},
                    "hatexplain", [{0: "hatespeech", 1: "normal", 2: "offensive"}[m] for m in majority])
    second["split"] = "test"
    return pd.concat([first, second], ignore_index=True)


def toxic_spans(root: Path) -> pd.DataFrame:
    """Civil Comments posts selected as toxic (no negatives): SemEval train and trial to train on,
    its test file to test on."""
    folder = root / "toxic_spans"
    frames = []
    for name, split in (("tsd_train.csv", "train"), ("tsd_trial.csv", "train"), ("tsd_test.csv", "test")):
        data = pd.read_csv(folder / name)
        frame = _frame(data["text"].astype(str).tolist(), {DEROGATORY: 1.0}, "toxic_spans")
        frame["split"] = split
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def toxic_spans_masked(root: Path) -> pd.DataFrame:
    """The training posts of ``toxic_spans`` with every annotated toxic span cut out, as harmless rows.

    Civil Comments posts are all toxic and mostly about politics, so without a counterpart every
    word of their topics ("Trump", "liberals", "Trudeau") is learnt as derogatory. With the
    insults removed, the rest of the post is the same topic said without them: the words that
    stay learn nothing from the pair, the words that were cut carry the label. A span marked by
    any one annotator is cut. Skipped: posts most annotators called toxic as a whole, posts no one
    marked a span in, posts with fewer than ``MIN_MASKED_WORDS`` words left, and posts that still
    hold an insult some annotator left unmarked (a word the annotators marked in at least
    ``MARKED_SHARE`` of the posts holding it, in three or more). Only SemEval train and trial posts.
    """
    folder = root / "toxic_spans"
    texts = set(pd.concat([pd.read_csv(folder / name) for name in ("tsd_train.csv", "tsd_trial.csv")])["text"].astype(str))
    comments = pd.read_csv(folder / "comments.csv")
    annotations = pd.read_csv(folder / "annotations.csv").merge(comments[comments["comment_text"].isin(texts)], on="comment_id")
    whole = annotations.groupby("comment_text")["all toxic"].mean()
    spans = pd.read_csv(folder / "spans.csv").merge(annotations[["annotation", "comment_text"]], on="annotation")
    cut: dict[str, set[int]] = {}
    for text, start, end in zip(spans["comment_text"], spans["start"], spans["end"], strict=True):
        cut.setdefault(text, set()).update(range(int(start), int(end)))
    marked = _marked_words(cut)
    kept_texts = []
    for text in sorted(cut):
        if whole.get(text, 0.0) >= 0.5:
            continue
        kept = re.sub(r"[ \t]{2,}", " ", "".join(" " if i in cut[text] else c for i, c in enumerate(text))).strip()
        if len(kept.split()) >= MIN_MASKED_WORDS and not marked.intersection(_SPAN_WORD.findall(kept.lower())):
            kept_texts.append(kept)
    frame = _frame(kept_texts, {DEROGATORY: 0.0}, "toxic_spans_masked", "spans_removed")
    frame["split"] = "train"
    return frame


#: A post cut down to fewer words than this says too little to learn a topic from.
MIN_MASKED_WORDS = 4
#: A word the annotators mark in at least this share of the posts holding it is an insult where unmarked too.
MARKED_SHARE = 0.6
_SPAN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _marked_words(cut: Mapping[str, set[int]]) -> set[str]:
    """Words inside an annotated span in at least ``MARKED_SHARE`` of the posts holding them (three or more)."""
    inside: dict[str, int] = {}
    total: dict[str, int] = {}
    for text, offsets in cut.items():
        held, marked = set(), set()
        for match in _SPAN_WORD.finditer(text.lower()):
            held.add(match.group(0))
            if match.start() in offsets:
                marked.add(match.group(0))
        for word in held:
            total[word] = total.get(word, 0) + 1
        for word in marked:
            inside[word] = inside.get(word, 0) + 1
    return {word for word, n in inside.items() if n >= 3 and n >= MARKED_SHARE * total[word]}


#: The public sets the default model trains on (the datasets README marks them "yes").
TRAINING_SOURCES: dict[str, Callable[[Path], pd.DataFrame]] = {
    "davidson": davidson,
    "jigsaw": jigsaw,
    "hateval": hateval,
    "politeness": politeness,
    "presidio": presidio,
    "sms": sms,
    "advbench": advbench,
    "do_not_answer": do_not_answer,
    "corporate": corporate,
    "customer_care": customer_care,
    "finance_news": finance_news,
    "hatexplain": hatexplain,
    "toxic_spans": toxic_spans,
}
#: Rows derived from a public set, trained on beside it (train split only, never evaluated).
DERIVED_TRAINING_SOURCES: dict[str, Callable[[Path], pd.DataFrame]] = {
    "toxic_spans_masked": toxic_spans_masked,
}

#: Sources of real posts (not synthetic, not written as prompts): the figures that count.
REAL_SOURCES = frozenset({"davidson", "jigsaw", "jigsaw_partial", "hateval", "politeness", "sms", "corporate",
                          "customer_care", "finance_news", "hatexplain", "toxic_spans"})


def public_training_data(root: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Every training source, concatenated; a missing folder is an error naming it."""
    folder = shared_datasets_dir(root)
    if not folder.is_dir():
        raise InputError(f"public datasets folder {folder} not found; pass its path or set SMRISK_DATASETS")
    return pd.concat([load(folder) for load in TRAINING_SOURCES.values()], ignore_index=True)


def _labelled_team_file(path: str | os.PathLike[str] | None, relative: str, what: str, missing_hint: str,
                        labelled: Sequence[str] = CATEGORIES) -> pd.DataFrame:
    """A labelled CSV the team wrote (``relative`` to the checkout unless ``path`` is given), its
    three risk columns as floats: the ``labelled`` ones read from the file, the others NaN (not labelled)."""
    if path is not None:
        source = Path(path)
    else:
        root = checkout_root()
        if root is None:
            raise InputError(f"the {what} lives in a smrisk checkout ({relative}), and none holds {Path.cwd()}: run from "
                             "the checkout's folder (or a folder inside it)")
        source = root / relative
    if not source.is_file():
        raise InputError(f"{what} {source} not found{missing_hint}")
    data = pd.read_csv(source, keep_default_na=False)
    for risk in CATEGORIES:
        data[risk] = data[risk].astype("float64") if risk in labelled else NAN
    return data


def short_drafts(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Short drafts written apart from the corpus and the model (``data/drafts/short_drafts.csv``):
    evaluation only, never trained or tuned on."""
    return _labelled_team_file(path, "data/drafts/short_drafts.csv", "short drafts file", "")


#: HateXplain label id of "normal" (0 hatespeech, 2 offensive).
_HATEXPLAIN_NORMAL = 1


def hatexplain_normal_validation(root: Path) -> list[str]:
    """HateXplain validation posts at least two of three annotators called normal, tokens joined by
    spaces as the dataset writes them (placeholders such as ``<user>`` kept)."""
    texts = []
    for line in (root / "hatexplain" / "hatexplain_validation.json").read_text(encoding="utf-8").splitlines():
        if line.strip():
            post = json.loads(line)
            labels = post["annotators"]["label"]
            if labels.count(_HATEXPLAIN_NORMAL) >= 2:
                texts.append(" ".join(post["post_tokens"]))
    return texts


def davidson_neither_test(root: Path) -> list[str]:
    """Davidson tweets labelled "neither" in the test part of ``davidson``'s split."""
    frame = davidson(root)
    return frame.loc[(frame["split"] == "test") & (frame[DEROGATORY] == 0), "text"].tolist()


#: The real sets a judged sample was drawn from (``data/judged``), by the name its rows give.
JUDGED_POOLS: dict[str, Callable[[Path], list[str]]] = {
    "hatexplain_normal": hatexplain_normal_validation,
    "davidson_neither": davidson_neither_test,
}


def text_sha1(text: str) -> str:
    """How a judged row names its post: sha1 of the exact UTF-8 text (the text itself stays in the dataset)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def judged_benign(datasets: str | os.PathLike[str] | None = None, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Posts public sets call harmless, judged again blind under our definitions (``data/judged``),
    with their texts looked up in the datasets by sha1: a sample of the text is not copied into the repo.
    A row whose post is not found is an error (the dataset changed)."""
    judged = _labelled_team_file(path, "data/judged/real_benign_judged.csv", "judged sample", "")
    root = shared_datasets_dir(datasets)
    texts: dict[str, str] = {}
    for name in judged["source"].unique():
        if name not in JUDGED_POOLS:
            raise InputError(f"judged sample: unknown source {name!r}; known: {sorted(JUDGED_POOLS)}")
        texts.update((text_sha1(t), t) for t in JUDGED_POOLS[name](root))
    missing = sorted(set(judged["text_sha1"]) - set(texts))
    if missing:
        raise InputError(f"judged sample: {len(missing)} posts not found in {root} (first sha1 {missing[0]})")
    return judged.assign(text=judged["text_sha1"].map(texts))


def accusation_drafts(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Drafts that accuse others, report, confess, warn or use the same words harmlessly
    (``data/drafts/accusation_drafts.csv``), written apart from the rules that read them:
    evaluation only, never trained or tuned on."""
    return _labelled_team_file(path, "data/drafts/accusation_drafts.csv", "accusation drafts file", "")


def self_talk_drafts(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Insults of oneself, of others and of things (``data/drafts/self_talk_drafts.csv``), labelled for
    ``derogatory`` only, written apart from the code that reads them: evaluation only, never trained on."""
    return _labelled_team_file(path, "data/drafts/self_talk_drafts.csv", "self-talk drafts file", "", labelled=(DEROGATORY,))


def unaimed_heldout(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Insults of oneself and swearing at no one, at people and at things (``data/drafts/unaimed_heldout.csv``),
    labelled for ``derogatory`` only: held out, measured in aggregate only, never read row by row."""
    return _labelled_team_file(path, "data/drafts/unaimed_heldout.csv", "unaimed held-out drafts file", "", labelled=(DEROGATORY,))


def thing_drafts(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Insult words said of things, against the same words at people, groups and named firms' products
    (``data/drafts/thing_drafts.csv``), labelled for ``derogatory`` only: a development set, never trained on."""
    return _labelled_team_file(path, "data/drafts/thing_drafts.csv", "thing drafts file", "", labelled=(DEROGATORY,))


def thing_heldout(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """As ``thing_drafts``, by another writer (``data/drafts/thing_heldout.csv``): held out, measured in aggregate
    only, never read row by row."""
    return _labelled_team_file(path, "data/drafts/thing_heldout.csv", "thing held-out drafts file", "", labelled=(DEROGATORY,))


#: The identity drafts sets, by number: development sets (read while the stereotype rule was written) and the held-out one
#: (measured in aggregate only). data/DATA_CARD.md says how each was used.
IDENTITY_DRAFTS = {1: "development", 2: "development", 3: "held out", 4: "development"}


def identity_drafts(number: int = 1, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Drafts about groups of people named by identity, insults and look-alikes (``data/drafts/identity_drafts.csv``,
    ``_2``, ``_3``, ``_4``; ``IDENTITY_DRAFTS`` says which are held out): only ``derogatory`` is labelled, the other
    risks are NaN."""
    if number not in IDENTITY_DRAFTS:
        raise InputError(f"there are identity drafts sets {sorted(IDENTITY_DRAFTS)}, not {number}")
    relative = "data/drafts/identity_drafts.csv" if number == 1 else f"data/drafts/identity_drafts_{number}.csv"
    return _labelled_team_file(path, relative, "identity drafts file", "", labelled=(DEROGATORY,))


def workplace_drafts(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Posts by staff and brand accounts in twelve workplace topics, harmless and risky
    (``data/drafts/workplace_drafts.csv``), written apart from the corpus, the model and the rules:
    evaluation only, never trained or tuned on."""
    return _labelled_team_file(path, "data/drafts/workplace_drafts.csv", "workplace drafts file", "")


def everyday_drafts(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Everyday posts by staff and brand accounts in twelve harmless groups and three risky ones
    (``data/drafts/everyday_drafts.csv``), written blind (apart from the corpus, the model, the rules
    and the other evaluation sets): evaluation only, never trained or tuned on."""
    return _labelled_team_file(path, "data/drafts/everyday_drafts.csv", "everyday drafts file", "")


def jobs_care_drafts(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Job ads and customer-care replies, lawful and harmless or risky in the same words
    (``data/drafts/jobs_care_drafts.csv``), written blind (apart from the corpus, the model, the rules
    and the other evaluation sets) to check corpus wave 11: evaluation only, never trained or tuned on."""
    return _labelled_team_file(path, "data/drafts/jobs_care_drafts.csv", "jobs and care drafts file", "")


def team_corpus(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Our post-style corpus (``data/corpus/corpus.csv`` of the checkout) with its stored split."""
    data = _labelled_team_file(path, "data/corpus/corpus.csv", "team corpus",
                               "; build it with `python scripts/build_corpus.py`")
    data["source"] = "team:" + data["part"].astype(str)
    return data
