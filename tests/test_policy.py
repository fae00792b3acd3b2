"""A company's policy file: strict validation, its lexicons through obfuscation, the allow-list
reaching the model, routing to owners, speaker rules and the digest every report carries."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import smrisk
from smrisk.attribution import claims_about_others
from smrisk.errors import ConfigError
from smrisk.evidence import Evidence
from smrisk.policy import example_policy, load_policy
from smrisk.report import CategoryScore
from smrisk.scorer import Scorer
from smrisk.speakers import judge_speaker

POLICY = """\
[company]
name = "Acme Robotics"
aliases = ["Acme"]
public_domains = ["acme.com"]
internal_domains = ["corp.acme.internal"]

[[lexicon]]
id = "codenames"
risk = "confidential"
terms = ["Bluefin", "Project Kestrel"]
reason = "unreleased product code name"
match = "phrase"
route = "legal"

[[lexicon]]
id = "competitors"
risk = "derogatory"
terms = ["Zentrix"]
reason = "competitor: claims about them go to legal"
context_only = true
route = "legal"

[allow]
phrases = ["Kestrel Home"]

[[route]]
owner = "security"
when = ["confidential.password", "confidential.policy.internal_domains"]

[[route]]
owner = "hr"
when = ["derogatory"]

[speakers]
official_channels = ["@acme"]
spokespeople = ["j.doe"]
personal_disclaimer = "Views are my own"
"""


def _write(tmp_path: Path, text: str, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def policy_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("policy"), POLICY)


@pytest.fixture(scope="module")
def scorer(policy_path: Path) -> Scorer:
    return Scorer(smrisk.default_scorer().bundles, policy=load_policy(policy_path))


# -- validation: each mistake names the table, the key and the line ---------------------------

@pytest.mark.parametrize(("mistake", "replacement", "message"), [
    ('risk = "confidential"', 'risk = "secret"', r"policy.toml:9: \[\[lexicon\]\] #1 risk: must be one of confidential"),
    ('match = "phrase"', 'match = "fuzzy"', r":12: \[\[lexicon\]\] #1 match: must be one of word, name, phrase, regex"),
    ('context_only = true', 'context_only = "yes"', r":20: \[\[lexicon\]\] #2 context_only: must be true or false"),
    ('context_only = true', 'context_only = true\ndisparagement = 1', r":21: \[\[lexicon\]\] #2 disparagement: must be true or false"),
    ('route = "legal"\n\n[allow]', 'route = "legal"\nowner = "x"\n\n[allow]', r":22: \[\[lexicon\]\] #2 owner: unknown key"),
    ('name = "Acme Robotics"', 'nmae = "Acme Robotics"', r":2: \[company\] nmae: unknown key; known: name, aliases"),
    ('public_domains = ["acme.com"]', 'public_domains = ["not a domain"]', r":4: \[company\] public_domains: 'not a domain'"),
    ('when = ["derogatory"]', 'when = ["derogatroy"]', r":32: \[\[route\]\] #2 when: 'derogatroy' is neither .* did you mean 'derogatory'"),
    ('when = ["derogatory"]', "when = []", r":32: \[\[route\]\] #2 when: must be a non-empty list"),
    # a lexicon's id without the ".policy." of its rule's name: the policy's own lexicons of that risk are named
    ('when = ["derogatory"]', 'when = ["confidential.codename_s"]',
     r":32: \[\[route\]\] #2 when: 'confidential.codename_s' .*\(the rules of this policy's own confidential "
     r"lexicons: 'confidential.policy.codenames'\)$"),
    ('spokespeople = ["j.doe"]', 'spokespeople = "j.doe"', r":36: \[speakers\] spokespeople: must be a list"),
    ('[allow]', '[allowed]', r":23: top level allowed: unknown table or key"),
    ('"Project Kestrel"]', '{ term = "Project Kestrel", mach = "word" }]',
     r":10: \[\[lexicon\]\] #1 terms: term table #2: unknown key 'mach'; known: term, match; did you mean 'match'"),
    ('"Project Kestrel"]', '{ term = "Project Kestrel", match = "fuzzy" }]',
     r":10: \[\[lexicon\]\] #1 terms: term table #2: match must be one of word, name, phrase, regex, got 'fuzzy'"),
    ('"Project Kestrel"]', '{ term = 7 }]', r":10: \[\[lexicon\]\] #1 terms: term table #2: term must be a non-empty string, got 7"),
    ('"Project Kestrel"]', '{ match = "word" }]', r":10: \[\[lexicon\]\] #1 terms: term table #2: term must be a non-empty string"),
    ('"Project Kestrel"]', '3]', r":10: \[\[lexicon\]\] #1 terms: must be a non-empty list of non-empty strings or tables"),
])
def test_a_mistake_names_table_key_and_line(tmp_path: Path, mistake: str, replacement: str, message: str) -> None:
    assert mistake in POLICY
    path = _write(tmp_path, POLICY.replace(mistake, replacement, 1))
    with pytest.raises(ConfigError, match=message):
        load_policy(path)


def test_every_problem_of_one_lexicon_and_of_scoring_is_named_in_one_run(tmp_path: Path) -> None:
    """A lexicon's bad values are named beside its missing keys; a misspelt detector beside a bad max_chars."""
    path = _write(tmp_path, '[scoring]\ndisabled_detectors = ["confidential.pasword"]\nmax_chars = "lots"\n\n'
                            '[[lexicon]]\nrisk = "confidentail"\nterms = ["proj(ect"]\nmatch = "regex"\nscore = 2\n')
    with pytest.raises(ConfigError) as raised:
        load_policy(path)
    named = [line.split(": ", 2)[1] for line in str(raised.value).splitlines()[1:]]
    assert named == ["[scoring] disabled_detectors", "[scoring] max_chars", "[[lexicon]] #1", "[[lexicon]] #1 risk",
                     "[[lexicon]] #1 terms", "[[lexicon]] #1 score"]
    assert "max_chars must be a whole number, got 'lots'" in str(raised.value)


def test_every_bad_threshold_is_named_in_the_order_written(tmp_path: Path) -> None:
    path = _write(tmp_path, '[scoring]\nthresholds = { confidential = 2.0, derogatory = "high", ilegal = 0.5 }\n')
    with pytest.raises(ConfigError) as raised:
        load_policy(path)
    assert [line.split("thresholds: ")[1].split(" ")[:3] for line in str(raised.value).splitlines()[1:]] == [
        ["threshold", "for", "confidential"], ["threshold", "for", "derogatory"], ["unknown", "risk", "'ilegal';"]]


def test_every_problem_of_a_policy_is_named_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Independent mistakes in several tables (and two in one table) come in one error, in file order; a
    route naming a rule of the policy's own lexicons waits until the lexicons are valid (it may name a broken one)."""
    from smrisk.cli import main

    bad = (POLICY.replace('public_domains = ["acme.com"]', 'public_domains = ["not a domain"]')
           .replace('risk = "confidential"', 'risk = "confidental"')
           .replace('context_only = true', 'context_only = "yes"\nscore = "high"')
           .replace('when = ["derogatory"]', 'when = ["derogatroy"]')
           .replace('spokespeople = ["j.doe"]', 'spokespeople = "j.doe"'))
    path = _write(tmp_path, bad)
    assert main(["policy", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"6 problems in {path}:" in err
    lines = [line.strip() for line in err.splitlines()[1:]]
    assert [line.split(": ")[1] for line in lines] == [
        "[company] public_domains", "[[lexicon]] #1 risk", "[[lexicon]] #2 context_only", "[[lexicon]] #2 score",
        "[[route]] #2 when", "[speakers] spokespeople"]
    assert "confidential.password" not in err  # route #1's own rules are fine; the lexicons' are checked later
    with pytest.raises(ConfigError, match=r":32: \[\[route\]\] #2 when: 'derogatroy'"):  # one problem: its own message
        load_policy(_write(tmp_path, POLICY.replace('when = ["derogatory"]', 'when = ["derogatroy"]'), "one.toml"))


def test_a_misspelt_name_of_the_policy_s_own_rules_is_named_beside_other_problems(tmp_path: Path) -> None:
    """A route naming a rule no table of the file declares is a mistake whatever else is wrong: it is named in the
    same run (it was told only once the rest was fixed). A name a broken table does declare waits for that table."""
    text = ('[company]\nname = "Harrow"\nalias = "H"\ninternal_domains = ["corp.harrow.internal"]\n\n'
            '[[lexicon]]\nid = "codenames"\nrisk = "confidential"\nterms = ["Juniper"]\nreason = "code name"\nmatch = "words"\n\n'
            '[[route]]\nowner = "security"\nwhen = ["confidential.policy.internal_domain", "confidential.policy.codenames", '
            '"confidential.policy.internal_domains"]\n')
    with pytest.raises(ConfigError) as raised:
        load_policy(_write(tmp_path, text))
    lines = str(raised.value).splitlines()
    assert lines[0].endswith("3 problems in " + str(tmp_path / "policy.toml") + ":")
    assert [line.strip().split(": ")[1] for line in lines[1:]] == ["[company] alias", "[[lexicon]] #1 match", "[[route]] #1 when"]
    assert "'confidential.policy.internal_domain' is neither" in lines[3]
    assert "did you mean 'confidential.policy.internal_domains'" in lines[3]


def test_a_bad_regex_is_named(tmp_path: Path) -> None:
    bad = POLICY.replace('terms = ["Zentrix"]', 'terms = ["Zen(trix"]').replace("context_only = true", 'match = "regex"')
    with pytest.raises(ConfigError, match=r":18: \[\[lexicon\]\] #2 terms: bad regex 'Zen\(trix'"):
        load_policy(_write(tmp_path, bad))


def test_unreadable_and_invalid_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read policy"):
        load_policy(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_policy(_write(tmp_path, "[company\nname = 1"))
    (tmp_path / "latin1.toml").write_bytes("[company]\nname = \"Caf\xe9\"\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_policy(tmp_path / "latin1.toml")


def test_the_example_policy_is_valid_and_a_scoring_only_file_is_a_policy(tmp_path: Path) -> None:
    assert "codenames" in load_policy(_write(tmp_path, example_policy())).summary()
    only = load_policy(_write(tmp_path, "[scoring]\nthresholds = { derogatory = 0.9 }\n", "scoring.toml"))
    assert only.scoring.thresholds == {"derogatory": 0.9} and not only.lexicons


# -- what scoring does with it ----------------------------------------------------------------

@pytest.mark.parametrize("disguised", ["Bluefin", "B1uef1n", "B l u e f i n", "bluefin", "Вluefin", "Blue\u200bfin",
                                       "project   kestrel", "PR0JECT KESTREL",
                                       "B l u 3 f i n", "B.l.u.3.f.i.n"])  # spaced out with a digit for a letter
def test_code_names_match_through_obfuscation(scorer: Scorer, disguised: str) -> None:
    report = scorer.score(f"can't wait for {disguised} to launch")
    hits = [e for e in report.scores["confidential"].evidence if e.source == "confidential.policy.codenames"]
    assert hits and report.scores["confidential"].flagged
    assert hits[0].reason == "unreleased product code name"


def test_the_allow_list_hides_a_public_name_from_rules_and_model(policy_path: Path) -> None:
    """With "Kestrel" a code name, "Kestrel Home" (a public product) must not count: not for the
    rule, and not for the model, which reads the text with the phrase blanked out."""
    strict = POLICY.replace('terms = ["Bluefin", "Project Kestrel"]', 'terms = ["Bluefin", "Kestrel"]')
    allowed_scorer = Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(policy_path.parent, strict, "strict.toml")))
    plain_scorer = Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(
        policy_path.parent, strict.replace('phrases = ["Kestrel Home"]', "phrases = []"), "no_allow.toml")))
    text = "Kestrel Home ships today"
    allowed, plain = allowed_scorer.score(text), plain_scorer.score(text)
    assert allowed.allowed == ("Kestrel Home",) and plain.allowed == ()
    assert plain.scores["confidential"].flagged
    assert allowed.scores["confidential"].score < plain.scores["confidential"].score
    hits = [e for e in allowed.scores["confidential"].evidence if e.source.startswith("confidential.policy")]
    assert hits and all(e.score == 0 and e.cue == "Kestrel Home" for e in hits)  # kept for the record, weighing nothing
    assert allowed.route == ()
    blanked = smrisk.score(" " * len("Kestrel Home") + " ships today")
    assert allowed.scores["confidential"].model_probability == pytest.approx(blanked.scores["confidential"].model_probability)
    model_words = " ".join(e.text for r in allowed.scores.values() for e in r.evidence if e.from_model)
    assert "Kestrel" not in model_words and "Home" not in model_words


def test_routes_come_in_policy_order_with_their_reasons(scorer: Scorer) -> None:
    report = scorer.score("Bluefin demo: wiki is at wiki.corp.acme.internal, password is Hunter22!x", channel="@acme",
                          author="m.ortiz")
    owners = [r.owner for r in report.route]
    assert owners == ["security", "legal", "communications"]
    security = report.route[0]
    assert set(security.because) == {"confidential.password", "confidential.policy.internal_domains"}
    assert security.risks == ("confidential",)
    assert report.to_dict()["route"][1] == {"owner": "legal", "risks": ["confidential"], "because": ["confidential.policy.codenames"]}


def test_a_route_naming_access_codes_takes_backup_codes_too(tmp_path: Path) -> None:
    """Backup codes are access codes: a policy that sends access codes to security sends them there too,
    naming the narrower rule as the reason."""
    text = POLICY.replace('when = ["confidential.password", "confidential.policy.internal_domains"]',
                          'when = ["confidential.access_code"]', 1)
    scorer = Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(tmp_path, text)))
    report = scorer.score("parking my VPN backup codes here before the trip: 3390-1187, 6621-0045, 7718-2290")
    assert [(r.owner, r.because) for r in report.route] == [("security", ("confidential.recovery_codes",))]
    assert scorer.score("the door code for the lab is 8812, don't share it").route[0].owner == "security"
    report = scorer.score("the stockroom door is 3-1-4-1 until facilities fix the reader, don't share it")
    assert [(r.owner, r.because) for r in report.route] == [("security", ("confidential.lock_code",))]


def test_a_route_naming_only_the_broader_rule_still_takes_a_hit_read_more_narrowly(scorer: Scorer) -> None:
    """The test policy's security route names the password rule: a door code (read by both rules, shown as an
    access code) still goes to security, and the route names the rule it matched."""
    report = scorer.score("the door code for the lab is 8812, don't share it")
    assert (report.route[0].owner, report.route[0].because) == ("security", ("confidential.password",))


@pytest.mark.parametrize("text, reason", [
    ("the door code for the lab is 8812, don't share it", "confidential.access_code"),
    ("deploy key: AKIAIOSFODNN7EXAMPLE, rotate it friday", "confidential.aws_access_key"),
    ("DM us your password and we'll reset the account for you", "confidential.asks_for_credentials"),
    ("the stockroom door is 3-1-4-1 until facilities fix the reader, don't share it", "confidential.lock_code"),
])
def test_a_route_naming_secrets_takes_every_rule_that_finds_one(tmp_path: Path, text: str, reason: str) -> None:
    text_of_policy = POLICY.replace('when = ["confidential.password", "confidential.policy.internal_domains"]',
                                    'when = ["secrets"]', 1)
    scorer = Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(tmp_path, text_of_policy)))
    report = scorer.score(text)
    # the reading the reviewer is shown: the door code as an access code, not also as a password
    assert (report.route[0].owner, report.route[0].because) == ("security", (reason,))
    # personal data is no secret: a customer's e-mail address, found and flagged, does not go to security
    pii = scorer.score("Customer jane.doe@gmail.com called about her order, her home number is 617-555-0148")
    assert "confidential" in pii.flagged and {e.source for e in pii.scores["confidential"].evidence} >= {"confidential.email"}
    assert "security" not in [r.owner for r in pii.route]


def test_the_secrets_group_names_shipped_rules_and_checks_as_a_known_entry(tmp_path: Path) -> None:
    from smrisk.policy import _shipped_rules
    from smrisk.rule_kinds import RULE_GROUPS

    assert RULE_GROUPS["secrets"] <= _shipped_rules()
    policy = load_policy(_write(tmp_path, POLICY.replace('when = ["confidential.password", "confidential.policy.internal_domains"]',
                                                         'when = ["secrets"]', 1)))
    assert "route security: when secrets (34 rules)" in policy.summary()
    with pytest.raises(ConfigError, match="did you mean 'secrets'"):
        load_policy(_write(tmp_path, POLICY.replace('when = ["confidential.password", "confidential.policy.internal_domains"]',
                                                    'when = ["secretz"]', 1)))


def test_two_route_tables_keep_their_file_order(scorer: Scorer) -> None:
    report = scorer.score("the wifi password is Falcon2024x now, our idiot manager changed it again, what a moron")
    assert [r.owner for r in report.route][:2] == ["security", "hr"]


def test_a_context_only_term_routes_only_when_its_risk_is_flagged(scorer: Scorer) -> None:
    neutral = scorer.score("Zentrix announced a new gripper today")
    assert not neutral.flagged and neutral.route == ()
    insult = scorer.score("Zentrix are lying idiots and their robots are garbage")
    assert insult.flagged == ["derogatory"]
    assert [r.owner for r in insult.route] == ["hr", "legal"]


@pytest.mark.parametrize(("text", "leak"), [("#BluefinLaunch next week", True), ("#ProjectKestrelDemo tomorrow", True),
                                           ("#Bluefin2027 is real", True), ("#bluefinlaunch next week", False)])
def test_a_word_term_joined_to_more_words_in_a_hashtag_is_found(tmp_path: Path, text: str, leak: bool) -> None:
    policy = POLICY.replace('match = "phrase"', 'match = "word"')
    scorer = Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(tmp_path, policy)))
    evidence = scorer.score(text).scores["confidential"].evidence
    assert any(e.source == "confidential.policy.codenames" for e in evidence) is leak


# -- code names that are everyday words ---------------------------------------------------------

@pytest.mark.parametrize(("text", "leak"), [
    ("Anchor stores open in March, keep it quiet", True), ("the 4nchor pilot slipped again", True),
    ("soft launch of #anchor next week", True), ("a n c h o r ships soon", True), ("Our new anchor tenant is a bookstore", False),
    ("both anchors held overnight", False), ("lost my compass on the hike", False), ("Compass ships in May", True),
    ("my anchor-tenant lease", False),
    ("the local news anchor said it twice", False), ("Dropped anchor at the lake for the afternoon", False),
])
def test_a_name_term_counts_only_when_written_as_a_name(tmp_path: Path, text: str, leak: bool) -> None:
    policy = POLICY.replace('terms = ["Bluefin", "Project Kestrel"]', 'terms = ["Anchor", "Compass"]')
    policy = policy.replace('match = "phrase"', 'match = "name"')
    scorer = Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(tmp_path, policy)))
    evidence = scorer.score(text).scores["confidential"].evidence
    assert any(e.source == "confidential.policy.codenames" for e in evidence) is leak


@pytest.mark.parametrize(("text", "leak"), [
    ("project nightjar slips to May", True), ("Project Nightjar slips to May", True), ("Anchor ships in March", True),
    ("Dropped anchor at the lake", False), ("a nightjar sang all night", False),
])
def test_a_term_table_gives_one_term_its_own_match(tmp_path: Path, text: str, leak: bool) -> None:
    """One everyday-word code name need not put the whole lexicon on name matching, where a code name
    of several words written in lower case ("project nightjar") would be missed."""
    policy = POLICY.replace('terms = ["Bluefin", "Project Kestrel"]', 'terms = ["Project Nightjar", { term = "Anchor", match = "name" }]')
    policy = policy.replace('match = "phrase"', 'match = "word"')
    loaded = load_policy(_write(tmp_path, policy))
    assert loaded.lexicons[0].by_match() == {"word": ("Project Nightjar",), "name": ("Anchor",)}
    assert loaded.warnings == ()
    scorer = Scorer(smrisk.default_scorer().bundles, policy=loaded)
    evidence = scorer.score(text).scores["confidential"].evidence
    assert any(e.source == "confidential.policy.codenames" for e in evidence) is leak


def test_a_name_lexicon_warns_of_the_lower_case_several_word_terms_it_misses(tmp_path: Path) -> None:
    policy = POLICY.replace('terms = ["Bluefin", "Project Kestrel"]', 'terms = ["Anchor", "Project Nightjar"]')
    loaded = load_policy(_write(tmp_path, policy.replace('match = "phrase"', 'match = "name"')))
    assert len(loaded.warnings) == 1
    assert loaded.warnings[0].endswith(":10: [[lexicon]] #1 terms: 'Project Nightjar' matches by name, so 'project nightjar' "
                                       'in lower case is not counted; unless that is an everyday phrase, write it '
                                       '{ term = "Project Nightjar", match = "word" }')
    scorer = Scorer(smrisk.default_scorer().bundles, policy=loaded)
    assert not scorer.score("project nightjar slips to May").scores["confidential"].flagged  # what the warning is about


# -- disparagement: a claim against a competitor flags and routes; its name alone does not ---------

@pytest.fixture(scope="module")
def disparaging(tmp_path_factory: pytest.TempPathFactory) -> Scorer:
    text = POLICY.replace('context_only = true\n', 'context_only = true\ndisparagement = true\n', 1)
    return Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(tmp_path_factory.mktemp("d"), text)))


@pytest.mark.parametrize(("text", "cue"), [
    ("Zentrix robots break down every other week", "break down"),
    ("Unlike Zentrix, our robots don't send your floor plan anywhere", "Unlike Zentrix"),
    ("Compared to Zentrix, our arms actually lift things", "Compared to Zentrix"),
    ("Their gripper is held together with duct tape. Classic Zentrix", "duct tape"),  # the sentence before the name
    ("z3ntrix support will ignore you for months", "will ignore"),  # the name disguised
    ("Zentrix field techs are the rudest people I have met", "rudest"),  # a word of VADER's lexicon
    ("Zentrix shipped a new gripper today. We took one apart in the lab. Flimsy.", "Flimsy"),  # a short post is one thought
    ("Our customers got ripped off by Zentrix", "ripped off"),  # ours, but the cue acts on the rival
    ("My Zentrix arm broke down twice this month", "broke down"),  # the rival's product is what is ours
    ("Walked past the Zentrix booth, their demo crashed twice", "crashed"),  # a place in another clause
    ("Zentrix's new app is a pile of garbage", "garbage"),  # waste as a verdict, not counted material
    ("Zentrix dumped two truckloads of junk robots on the market", "junk"),
    ("Three service calls with Zentrix this quarter. Never again.", "Never again"),  # warns people off it
    ("Zentrix support took nine days to answer my ticket. Won’t be back", "Won’t be back"),  # a curly apostrophe
    ("Zentrix cancelled our service visit without a word. Won't be back", "Won't be back"),  # a negation ends with its sentence
    ("Zentrix says the firmware update fixes everything 🙄", "🙄"),  # an eye-roll
    ("Our arms pass every drop test. Can't say the same for Zentrix", "Can't say the same for Zentrix"),
])
def test_a_claim_against_a_competitor_flags_and_routes_to_legal(disparaging: Scorer, text: str, cue: str) -> None:
    report = disparaging.score(text)
    assert "derogatory" in report.flagged
    assert "legal" in [r.owner for r in report.route]
    claims = {e.text: e for e in report.scores["derogatory"].evidence if e.source == "derogatory.policy.competitors" and e.score}
    assert cue in claims and claims[cue].score > 0.5
    assert "ntrix" in claims[cue].reason  # the reviewer reads which name it runs down, as the post wrote it


@pytest.mark.parametrize("text", ["Congrats to the Zentrix team on the new gripper", "Zentrix and Acme will both be at ProMat",
                                  "Our garbage trucks come on Tuesdays", "Zentrix announced a new gripper. Their old one was a hit.",
                                  "Zentrix's new app isn't bad at all", "Our thoughts are with the Zentrix crew after the accident",
                                  "Fire drill with the Zentrix team today. Nobody failed the timing",
                                  "Saturday we're joining Zentrix for the riverside trash pickup. Bring gloves!",
                                  "Trash talk at bowling tonight, the Zentrix team brought a foam finger",
                                  "Zentrix is hosting the robotics meetup again, never a dull evening there"])
def test_a_neutral_mention_or_a_cue_alone_is_no_claim(disparaging: Scorer, text: str) -> None:
    evidence = disparaging.score(text).scores["derogatory"].evidence
    assert not [e for e in evidence if e.source == "derogatory.policy.competitors" and e.score > 0]


@pytest.mark.parametrize("text", [
    "Our delivery truck broke down outside Zentrix, running late today",  # said of our truck, by the rival's place
    "My laptop crashed during the Zentrix keynote, missed the end",  # said of my laptop
    "Roads are brutal near Zentrix this morning, leave early",  # the rival's name marks a place
    "Stuck in brutal traffic outside the Zentrix office again",
    "Told a joke at the Zentrix mixer and nobody laughed",  # a fixed phrase
    "The Zentrix intern is crashing on my couch this week",
    "Volunteered with the Zentrix crew at the river cleanup, 40 bags of garbage hauled out",  # waste counted
    "Friendly bet with the Zentrix booth on tonight's game, loser buys the first round",  # a bet's forfeit
    "Zentrix van slid off the road this morning, hope the driver is ok, the ice is brutal",  # a well-wish
    "The Zentrix campus smoking ban starts Monday, same as ours",  # a ban is a rule, not a verdict
])
def test_a_cue_said_of_something_else_is_no_claim(disparaging: Scorer, text: str) -> None:
    """A cue counts only when it is said of the competitor: not of something of ours, not where its
    name only marks a place, not inside a fixed phrase (sentences written for this test, not from data/policy)."""
    evidence = disparaging.score(text).scores["derogatory"].evidence
    assert not [e for e in evidence if e.source == "derogatory.policy.competitors" and e.score > 0]


@pytest.mark.parametrize(("text", "cue", "reason"), [
    ("Zentrix bribed the procurement team to win that tender, disgusting", "disgusting", "speaks of it with contempt"),
    ("Zentrix support is the worst", "the worst", "speaks of it with contempt"),
    ("Zentrix robots are junk", "junk", "says its products are poor or fail"),
])
def test_a_cue_names_what_it_says_of_the_competitor(disparaging: Scorer, text: str, cue: str, reason: str) -> None:
    """A word of contempt judges anything ("bribed ..., disgusting"): its reason must not say it speaks of products."""
    evidence = disparaging.score(text).scores["derogatory"].evidence
    reasons = [e.reason for e in evidence if e.source == "derogatory.policy.competitors" and e.text == cue]
    assert reasons and reasons[0].startswith(f"runs down Zentrix ({reason})")


def _accused(text: str, illegal_rule: bool = False, claim: bool = True) -> dict[str, CategoryScore]:
    """Scores by hand: illegal flagged by the model (and a rule), derogatory flagged by a claim against Zentrix."""
    at = text.index("Zentrix")
    illegal = [Evidence("illegal", "model", 0, 5, text[:5], 1.2, "model: wording typical of posts about illegal conduct")]
    if illegal_rule:
        illegal.append(Evidence("illegal", "illegal.bribery", 0, 5, text[:5], 0.9, "a bribe"))
    derogatory = [Evidence("derogatory", "derogatory.policy.competitors", at, at + 7, "Zentrix", 0.0, "competitor")]
    if claim:
        derogatory.append(Evidence("derogatory", "derogatory.policy.competitors", len(text) - 5, len(text), text[-5:], 0.9,
                                   "runs down Zentrix (says its products are poor or fail); competitor"))
    return {"illegal": CategoryScore("illegal", 0.4, True, 0.16, 0.4, tuple(illegal)),
            "derogatory": CategoryScore("derogatory", 0.9 if claim else 0.2, claim, 0.6, 0.1, tuple(derogatory))}


@pytest.mark.parametrize(("text", "lifted"), [
    ("Zentrix pads its invoices and bills customers twice. Crooks", True),  # the rival's conduct, alleged
    ("Everyone knows Zentrix buys its five-star reviews. Pathetic", True),
    ("At Acme we would never do that, but Zentrix ships used arms as new. Crooks", True),  # a denial is no actor
    ("I worked at Zentrix for years and I've seen them bill customers twice. Crooks", True),  # a witness is no actor
    ("serviced a Zentrix unit. cheapest garbage I've ever opened, zero engineering", True),  # a superlative's judge
    ("the worst robots we have ever bought were Zentrix arms. Crooks", True),
    ("first time I ever lifted a Zentrix demo unit off their booth, their security is junk", False),  # no superlative
    ("we copied the Zentrix price list off their guard's desk, their security is junk", False),  # we did it
    ("I'd pay their intern for the Zentrix roadmap, their team is junk", False),
    ("i swapped the Zentrix demo unit's labels lol, their stuff is junk", False),
])
def test_a_claim_against_a_rival_is_not_our_illegal_conduct(disparaging: Scorer, text: str, lifted: bool) -> None:
    scores, note = claims_about_others(text, _accused(text), disparaging.policy)
    assert scores["illegal"].flagged is not lifted and scores["derogatory"].flagged
    assert scores["illegal"].score == 0.4  # the model's reading stays, only the flag is lifted
    assert (note is not None) is lifted and (note is None or "Zentrix" in note)


def test_an_illegal_rule_hit_or_no_claim_keeps_the_flag(disparaging: Scorer) -> None:
    text = "Zentrix pads its invoices and bills customers twice. Crooks"
    assert claims_about_others(text, _accused(text, illegal_rule=True), disparaging.policy)[0]["illegal"].flagged
    assert claims_about_others(text, _accused(text, claim=False), disparaging.policy)[0]["illegal"].flagged


def test_the_scorer_lifts_the_flag_and_says_why(disparaging: Scorer) -> None:
    text = "Zentrix buys fake five-star reviews by the thousand. Pathetic."
    report = disparaging.score(text)
    assert report.flagged == ["derogatory"] and [r.owner for r in report.route] == ["hr", "legal"]
    assert any(note.startswith("illegal") and "Zentrix" in note for note in report.notes) == ("illegal" in smrisk.score(text).flagged)


def test_a_lifted_flag_is_told_in_the_json_the_batch_row_and_the_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reader of the CSV alone sees why ``illegal_score`` is over the threshold and ``illegal_flag`` is 0,
    ``--json`` says it per risk, and ``smrisk report`` does not call the flag one set at another threshold."""
    import pandas as pd

    from smrisk.audit.scored import read_scored
    from smrisk.audit.summary import summarise
    from smrisk.cli import main

    policy = _write(tmp_path, POLICY.replace('context_only = true\n', 'context_only = true\ndisparagement = true\n', 1))
    text = "Zentrix buys fake five-star reviews by the thousand. Pathetic."
    report = smrisk.score(text, policy=policy)
    illegal = report.scores["illegal"]
    assert illegal.score >= illegal.threshold and not illegal.flagged  # the model reads illegal conduct, the policy lifts it
    assert "Zentrix" in report.to_dict()["scores"]["illegal"]["flag_lifted"]
    assert report.to_dict()["scores"]["derogatory"]["flag_lifted"] is None
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    pd.DataFrame({"text": [text, "Lovely day at the Acme picnic"]}).to_csv(source, index=False)
    assert main(["batch", str(source), "-o", str(out), "--policy", str(policy), "--no-progress"]) == 0
    assert "flag_lifted=1" in capsys.readouterr().err
    rows = pd.read_csv(out, keep_default_na=False)
    assert rows["illegal_flag"].tolist() == [0, 0] and rows["illegal_score"][0] >= illegal.threshold
    assert rows["status"][0] == (f"flag_lifted: illegal {illegal.score:.2f} (threshold {illegal.threshold:.2f}) not flagged: "
                                 f"{illegal.lifted}") and "Zentrix" in rows["status"][0]
    assert rows["status"][1] == "ok"
    totals = summarise(read_scored(str(out)), {c: s.threshold for c, s in report.scores.items()}, {}).totals
    assert [t.disagreeing for t in totals.risks] == [0, 0, 0]


def _claims_from(tmp_path: Path, threshold: float) -> Scorer:
    text = POLICY.replace('context_only = true\n', f'context_only = true\ndisparagement = true\nclaim_threshold = {threshold}\n', 1)
    return Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(tmp_path, text)))


DIG = "If you like waiting six weeks for a spare part, Zentrix is for you"  # no cue word: the claims model reads it


def test_a_dig_the_claims_model_reads_is_a_claim_at_the_name(disparaging: Scorer) -> None:
    report = disparaging.score(DIG)
    assert "derogatory" in report.flagged and "legal" in [r.owner for r in report.route]
    claims = [e for e in report.scores["derogatory"].evidence if e.source == "derogatory.policy.competitors" and e.score]
    assert [e.text for e in claims] == ["Zentrix"]
    assert "read as a negative claim about it" in claims[0].reason and "'" in claims[0].reason  # the phrases that weigh


def test_claim_threshold_1_turns_the_reading_off(tmp_path: Path) -> None:
    assert "derogatory" not in _claims_from(tmp_path, 1.0).score(DIG).flagged


@pytest.mark.parametrize("text", ["Zentrix's new app is out", "Zentrix's support line is open on Sundays now",
                                  "Zentrix's new gripper is on display at ProMat"])
def test_a_plain_mention_of_a_rivals_product_is_no_claim(disparaging: Scorer, text: str) -> None:
    evidence = disparaging.score(text).scores["derogatory"].evidence
    assert not [e for e in evidence if e.source == "derogatory.policy.competitors" and e.score > 0]


def test_claim_threshold_defaults_and_is_validated(tmp_path: Path) -> None:
    from smrisk.policy import DEFAULT_CLAIM_THRESHOLD

    text = POLICY.replace('context_only = true\n', 'context_only = true\ndisparagement = true\n', 1)
    assert load_policy(_write(tmp_path, text)).lexicons[1].claim_threshold == DEFAULT_CLAIM_THRESHOLD
    assert load_policy(_write(tmp_path, POLICY)).lexicons[1].claim_threshold is None
    alone = POLICY.replace('context_only = true\n', 'context_only = true\nclaim_threshold = 0.2\n', 1)
    with pytest.raises(ConfigError, match=r"#2 claim_threshold: applies only with disparagement = true"):
        load_policy(_write(tmp_path, alone))
    with pytest.raises(ConfigError, match=r"#2 claim_threshold: must be in \(0, 1\], got 1.5"):
        _claims_from(tmp_path, 1.5)


def test_a_claim_names_the_party_without_its_possessive(disparaging: Scorer) -> None:
    evidence = disparaging.score("Wrong again: Zentrix's support is useless").scores["derogatory"].evidence
    reasons = [e.reason for e in evidence if e.source == "derogatory.policy.competitors" and e.score]
    assert reasons and all(r.startswith("runs down Zentrix (") for r in reasons)


def test_without_disparagement_a_claim_is_only_a_name(scorer: Scorer) -> None:
    evidence = scorer.score("Zentrix robots break down every other week").scores["derogatory"].evidence
    assert [e.score for e in evidence if e.source == "derogatory.policy.competitors"] == [0.0]


@pytest.mark.parametrize(("text", "author", "channel", "status"), [
    ("Our new arm ships in May!", "j.doe", "@acme", "ok"),
    ("Our new arm ships in May!", "J.Doe", "@ACME", "ok"),
    ("Our new arm ships in May!", "m.ortiz", "@acme", "needs_approval"),
    ("Our new arm ships in May!", None, "@acme", "needs_approval"),
    ("Proud to work at Acme Robotics!", "m.ortiz", "personal:@mo", "missing_disclaimer"),
    ("Proud to work at acme! views are MY own", "m.ortiz", "personal:@mo", "ok"),
    ("Great weekend hiking", "m.ortiz", "personal:@mo", "ok"),
])
def test_speaker_rules(scorer: Scorer, text: str, author: str | None, channel: str, status: str) -> None:
    report = scorer.score(text, author=author, channel=channel)
    assert report.speaker is not None and report.speaker.status == status
    assert ("communications" in [r.owner for r in report.route]) == (status == "needs_approval")
    assert f"speaker: {status}" in report.explain()


def test_no_channel_means_no_speaker_verdict(scorer: Scorer) -> None:
    assert scorer.score("Proud to work at Acme Robotics!").speaker is None


def test_public_domain_addresses_are_published_contact(scorer: Scorer) -> None:
    report = scorer.score("Questions? Write to jane.smith@acme.com")
    email = [e for e in report.scores["confidential"].evidence if e.source == "confidential.email"]
    assert email and email[0].score == 0.0 and not email[0].sensitive
    other = smrisk.score("Questions? Write to jane.smith@gmail.com")
    assert [e for e in other.scores["confidential"].evidence if e.source == "confidential.email"][0].sensitive


def test_a_published_address_neither_weighs_nor_routes(tmp_path: Path) -> None:
    """An address at a public domain is shown with its reason, but a route naming e-mail addresses (privacy)
    does not take it, even when the draft is flagged for something else."""
    text = POLICY.replace('when = ["confidential.password", "confidential.policy.internal_domains"]',
                          'when = ["confidential.email"]', 1)
    scorer = Scorer(smrisk.default_scorer().bundles, policy=load_policy(_write(tmp_path, text)))
    report = scorer.score("Project Bluefin ships in March. Questions? legal@acme.com")
    assert "confidential" in report.flagged and "confidential.email" in {e.source for e in report.scores["confidential"].evidence}
    assert "security" not in [r.owner for r in report.route]
    leak = scorer.score("Project Bluefin ships in March. Ask jane.smith@gmail.com")
    assert "security" in [r.owner for r in leak.route]


def test_every_report_records_the_policy_digest(policy_path: Path, scorer: Scorer) -> None:
    digest = hashlib.sha256(policy_path.read_bytes()).hexdigest()
    report = scorer.score("hello")
    assert report.policy == digest and report.to_dict()["policy"] == digest
    assert report.to_row()["policy_sha256"] == digest
    assert "policy_sha256" not in smrisk.score("hello").to_row()


def test_a_plural_or_possessive_is_the_same_name(scorer: Scorer) -> None:
    assert scorer.score("Two Kestrel Homes for the price of one this weekend").allowed == ("Kestrel Home",)
    report = scorer.score("the Bluefins are in the lab, Bluefin's arm too")
    hits = [e.text for e in report.scores["confidential"].evidence if e.source == "confidential.policy.codenames"]
    assert hits == ["Bluefins", "Bluefin's"]


def test_a_misspelt_disabled_detector_is_an_error(tmp_path: Path) -> None:
    body = POLICY + '\n[scoring]\ndisabled_detectors = ["confidential.pasword"]\n'
    with pytest.raises(ConfigError, match=r"\[scoring\] disabled_detectors: 'confidential.pasword' is not a detector .*"
                                          r"did you mean 'confidential.password'"):
        load_policy(_write(tmp_path, body))


@pytest.mark.parametrize("text", ["email me at b.kim@acme.com for a demo", "runbook: wiki.acme.io/ops/oncall",
                                  "acme.com/careers has my team's opening", "anyone else locked out of acme-crew.slack.com today?"])
def test_an_address_or_domain_does_not_name_the_company(scorer: Scorer, text: str) -> None:
    report = scorer.score(text, author="b.kim", channel="personal:@bkim")
    assert report.speaker is not None and report.speaker.status == "ok"


def test_a_company_name_inside_a_secret_names_nothing(scorer: Scorer) -> None:
    report = scorer.score("staging admin password is Acme!Summer2025x, rotate it", author="b.kim", channel="personal:@bkim")
    assert report.speaker is not None and report.speaker.status == "ok"


@pytest.mark.parametrize(("text", "status"), [
    ("@acme sent me flowers for my work anniversary", "missing_disclaimer"),  # the company's name as a handle
    ("thanks @AcmeBots for the mug!", "missing_disclaimer"),  # one of its official accounts
    ("write to b.kim@acme.com or b.kim@acmebots.io", "ok"),  # addresses, not handles
    ("@acme_fan and @acmebots2 posted the same pic", "ok"),  # other people's handles
])
def test_a_handle_of_the_company_names_it(tmp_path: Path, text: str, status: str) -> None:
    policy = load_policy(_write(tmp_path, POLICY.replace('official_channels = ["@acme"]', 'official_channels = ["@acme", "@AcmeBots"]')))
    verdict = judge_speaker(text, "b.kim", "personal:@bkim", policy.speakers, policy.company)
    assert verdict is not None and verdict.status == status


@pytest.mark.parametrize("text", ["Acme-branded mugs arrived!", "Proud to work at Acme.", "ten years at Acme. Wild"])
def test_the_company_named_in_prose_needs_the_disclaimer(scorer: Scorer, text: str) -> None:
    report = scorer.score(text, author="b.kim", channel="personal:@bkim")
    assert report.speaker is not None and report.speaker.status == "missing_disclaimer"


def test_a_config_given_beside_the_policy_keeps_its_allow_list(policy_path: Path) -> None:
    from smrisk.config import ScoringConfig

    scorer = Scorer(smrisk.default_scorer().bundles, config=ScoringConfig(thresholds={"derogatory": 0.9}),
                    policy=load_policy(policy_path))
    assert scorer.thresholds["derogatory"] == 0.9
    assert scorer.score("Kestrel Home ships today").allowed == ("Kestrel Home",)


def test_the_docs_name_every_rule_a_route_may_name() -> None:
    """docs/policy.md lists the detector and rule ids a route or disabled_detectors may name: every
    shipped one, and nothing that is not one (a rule added without the docs is a rule nobody routes)."""
    import re
    from pathlib import Path

    from smrisk.policy import _shipped_rules

    text = (Path(__file__).resolve().parents[1] / "docs" / "policy.md").read_text(encoding="utf-8")
    listed = text[text.index("- **Detectors** (route or disable)"):text.index("A route or `disabled_detectors` entry")]
    named = set(re.findall(r"`((?:confidential|derogatory|illegal)\.[a-z_]+)`", listed))
    assert named == _shipped_rules()


# -- the shipped companies: floors under what docs/policy.md measured ---------------------------

#: code-name recall and routing floors per company
COMPANIES = {"cobbleridge": (0.98, 0.82), "acme": (1.0, 0.95), "tidewell": (0.98, 0.90), "skyward": (0.98, 0.88),
             "fernhill": (1.0, 0.87)}


@pytest.mark.parametrize("company", sorted(COMPANIES))
def test_a_shipped_company_routes_and_judges_speakers_as_measured(company: str) -> None:
    """data/policy/<company>_*: Acme, Tidewell, Skyward and Fernhill were read while rules were written (development
    sets), Cobbleridge was written blind and is held out (docs/policy.md); the floors guard the rules and the models
    against regressions."""
    import pandas as pd

    root = Path(__file__).resolve().parents[1] / "data" / "policy"
    policy = load_policy(root / f"{company}_policy.toml")
    posts = pd.read_csv(root / f"{company}_posts.csv", dtype=str, keep_default_na=False)
    reports = smrisk.score_many(posts["text"].tolist(), policy=policy, authors=posts["author"].tolist(),
                                channels=posts["channel"].tolist())
    routes = [";".join(r.owner for r in report.route) for report in reports]
    speakers = [report.speaker.status if report.speaker else "" for report in reports]
    named = posts["codename"] != ""
    codenames = {lexicon.source for lexicon in policy.lexicons if lexicon.risk == "confidential" and not lexicon.context_only}
    caught = [report.scores["confidential"].flagged and any(e.source in codenames and e.score > 0
                                                            for e in report.scores["confidential"].evidence)
              for report in reports]
    recall, routing = COMPANIES[company]
    assert sum(c for c, n in zip(caught, named, strict=True) if n) / named.sum() >= recall
    assert (pd.Series(routes) == posts["expected_route"]).mean() >= routing
    assert (pd.Series(speakers) == posts["expected_speaker"]).mean() >= 0.95


def test_the_python_api_takes_a_policy_path_and_refuses_speaker_options_without_a_policy(policy_path: Path) -> None:
    """As on the command line: ``policy=`` may be the file's path, and an author or channel without a
    policy is an error rather than silently ignored (the speaker rules are in the policy)."""
    from smrisk.errors import InputTypeError

    by_path = smrisk.score("Reminder: Bluefin ships in March", policy=str(policy_path), author="j.doe", channel="@acme")
    loaded = smrisk.score("Reminder: Bluefin ships in March", policy=load_policy(policy_path), author="j.doe", channel="@acme")
    assert by_path.to_dict() == loaded.to_dict() and by_path.policy is not None
    with pytest.raises(ConfigError, match="speaker rules"):
        smrisk.score("hello", author="j.doe", channel="@acme")
    with pytest.raises(ConfigError, match="speaker rules"):
        smrisk.score_many(["hello"], channels=["@acme"])
    with pytest.raises(InputTypeError, match="load_policy"):
        smrisk.score("hello", policy=42)  # type: ignore[arg-type]
