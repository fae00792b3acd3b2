"""Insult words said of things: "what a stupid policy", "useless scanner froze again", "the new ERP is garbage".

People complain about their tools, rules, commute and weather in the words they would use for a person,
and such a complaint demeans no one: the derogatory risk needs someone it is aimed at. The model learned
"stupid" and "useless" from posts that insult people and reads them the same wherever they stand. So a
phrase in which an insult word describes a thing from a closed list (devices, software, rules and
processes, the weather and the commute, the writer's own figures) is hidden from the rules and the model
before they read the draft, as an allow-listed phrase is, and the report says so in a note.

It is hidden only where nobody stands behind the thing. Not hidden where the sentence names:

- the reader or an owner: "your app is garbage", "their stupid watch", "Dave's code is trash";
- a named firm: any capitalised word but a common word opening a sentence, a month or a day, "I", or all capitals
  (an acronym, "the new ERP", or shouting): "the Zentrix app is garbage", "what a useless update from Pellico";
- people by what they work with: "the stupid printer guy", "useless app developers";
- a person or group anywhere, a third person or "who": "this CRM is garbage and so is whoever bought it", "what a
  stupid policy from management" (team, staff, department, management, shift and support are people, not things);
- a person as the subject the insult is said of: "the receptionist is a useless tool".

The forms: an insult word before the thing ("what a stupid policy", "useless hand scanner"), after it ("the
new ERP is so useless", "why is the scanner so dumb"), a name for a person said of a thing ("this booking system
is an a**hole", "useless jackass of a pipeline"), and an insult alone in a clause after a sentence about a thing
("45 min delay and no announcement. Useless.").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from smrisk.interjections import AIMLESS, SWEARING
from smrisk.phrases import any_of

#: Why a rule hit on such a phrase weighs nothing (its reason gains this and the phrase).
SAID_OF_A_THING = "said of a thing, not a person"

#: Insult words that describe things as readily as people (adjectives, and nouns said as a verdict: "is garbage").
INSULTS = frozenset({
    "stupid", "stupidest", "dumb", "dumbest", "useless", "pathetic", "idiotic", "moronic", "worthless", "braindead",
    "brainless", "garbage", "trash", "trashy", "rubbish", "crap", "crappy", "shit", "shitty", "ridiculous", "lame",
    "absurd", "joke", "disgrace", "clown", "junk",
})
#: Names for a person that people also call a thing that lets them down, as a verdict on it ("this overbooking system
#: is an a**hole", "the pager is being a total asshole") or with "of a" ("useless jackass of a formula", "absolute
#: sh*tshow of a pipeline"); read only where what they are said of is a thing.
PERSONIFIED = frozenset({
    "asshole", "assholes", "arsehole", "arseholes", "jackass", "bastard", "bastards", "wanker", "fucker", "prick", "bitch",
    "idiot", "moron", "fool", "muppet", "imbecile", "dimwit", "buffoon",
    "dumbass", "shitshow", "clusterfuck", "piece of shit", "piece of crap", "piece of junk", "piece of garbage",
    "piece of trash", "pain in the ass", "pain in the arse", "pain in the butt", "pain in the neck", "bunch of crap",
    "bunch of shit", "bunch of bullshit", "bunch of garbage", "bunch of junk", "bunch of rubbish", "full of shit",
    "full of crap",
})
#: What an insult word may be said of: things, never people or the groups they work in, nor what a person says or
#: makes for others to read (a question, an idea, a joke, a review, a ticket): "what a stupid question" mocks the asker.
THINGS = frozenset("""
    printer printers scanner scanners machine machines computer computers laptop laptops pc pcs phone phones screen
    screens monitor keyboard mouse router wifi wi-fi internet connection signal fridge microwave oven kettle toaster
    coffee vending elevator lift door doors lock badge badges reader readers till tills register terminal terminals
    tablet tablets headset headsets charger chargers cable cables battery camera alarm alarms heater heating aircon ac
    thermostat chair chairs desk desks car truck van bus buses train trains tram plane flight flights bike forklift
    forklifts pallet jack trolley trolleys cart carts uniform uniforms vest lanyard canteen food lunch sandwich menu
    app apps update updates software program programs system systems website site page portal feature features
    interface ui design layout form forms spreadsheet spreadsheets erp crm database bug bugs code build builds
    script plugin browser algorithm autocorrect login captcha email emails inbox calendar invite invites password
    passwords vpn printout drive version release patch dashboard
    policy policies rule rules process procedure procedures schedule rota deadline deadlines meeting meetings
    paperwork survey change changes setup workflow
    requirement requirements quota quotas kpi kpis metric metrics numbers results figures forecast budget
    target targets bonus training course exam test tests game games match score ending season
    episode finale plot movie film song playlist book
    weather rain snow heat cold wind traffic commute roadworks construction detour delay delays queue queues wait
    parking car-park carpark noise smell monday mondays morning week weekend day year quarter situation thing things
    semicolon typo toner light lights heatwave timeout sprint formula button buttons setting settings font standup
    standups huddle webinar clock clocks latch crane cranes pump pumps pipe pipes boiler boilers freezer dishwasher
    radio radios mixer cutter sensor dispenser tug bin bins pipeline codebase engine generator compressor road roads
    highway motorway interstate storm
    frustration anxiety insomnia hangover hangovers jetlag allergies homework finals
""".split())
#: Words that, standing where a thing should, make the phrase about people (``THINGS`` holds none of them).
PEOPLE = frozenset("""
    guy guys people person man men woman women lady ladies staff team teams crew folks boss bosses manager managers
    worker workers employee employees customer customers client clients user users developer developers dev devs
    engineer engineers tech techs technician technicians designer designers driver drivers operator operators owner
    owners agent agents rep reps support kid kids boy boys girl girls competitor competitors rival rivals company
    companies firm firms brand brands department dept management admin admins clerk clerks cashier cashiers nurse
    nurses doctor doctors pilot pilots dude dudes bro bros colleague colleagues coworker coworkers shift shifts office
    hr ops leadership board government council human humans someone somebody anyone anybody everyone
    everybody loser losers
""".split())
#: Owners a thing may have and stay no one's to insult: time ("this quarter's numbers") and other things ("the
#: keyboard's space bar").
#: Owners a thing may have and stay no one's to insult: a time ("this quarter's numbers"); a thing's own is read too
#: ("the keyboard's space bar").
_TIMES = r"today|tonight|yesterday|monday|week|year|quarter|month|sprint"
#: Words that give the thing an owner other than the writer: "your app", "their stupid watch".
OWNERS = frozenset("your ur yer their his her its whose you u he she they them thy".split())
_INTENSIFIERS = (r"so|such|very|really|just|totally|completely|absolutely|utterly|truly|pretty|kinda|fucking|freaking|effing|"
                 r"bloody|damn|absolute|complete|total|utter|actual|literal|literally|the|a|an|most|super|beyond|officially|"
                 r"still|even|always|honestly|straight|big|giant|massive|huge")
#: Who may stand before the thing without owning it: "what a", "this", "the", "our", "my"; not "your", "their", "his".
_DETERMINERS = r"what\s+an?|such\s+an?|this|that|these|those|the|our|my|a|an|another|one|same|every"
_VERBS = (r"is|are|was|were|['’]s|['’]re|has\s+been|have\s+been|had\s+been|is\s+being|keeps?\s+being|looks?|seems?|"
          r"feels?|sounds?|gets?|got|(?:can|could|will|would|must)\s+be")
#: What may stand between a thing and what it is said to be: when or where it is ("the wifi here", "the printer on floor 2",
#: "the printer on the second floor").
_AFTER_THING = (r"(?:\s+(?:here|there|today|tonight|again|now|lately|still|at\s+work|in\s+here|on\s+site|these\s+days|"
                r"(?:on|in|at|by)\s+(?:the\s+)?(?:[a-z0-9-]+\s+)?[a-z0-9-]+))?")
_WORD = r"[a-z][a-z0-9-]*"
#: A clause's first word: after the text's start or a character that is neither a letter, a space nor an apostrophe.
_CLAUSE_START = r"(?:^|(?<=[^\w\s'’-]))\s*"
_FIRST = rf"(?:{_CLAUSE_START}|(?<![\w'’-])(?:{_DETERMINERS})\s+)"
#: Words that may come before a thing said to be an insult, in its clause ("honestly the wifi is a joke"); any other
#: word makes the thing part of something longer ("the interns this year are pathetic", "the woman at the till was").
_LEAD_INS = frozenset("""
    and but so honestly tbh ugh omg lol man well also plus now today again oh yeah god jeez seriously because cause cos
    coz when if i think guess swear mean feel reckon say said tell told like literally just
""".split())
#: Capitalised words that are no name: a sentence's common first word, months and days.
_OPENERS = frozenset("""
    what such this that these those the our my a an another one same every so and but or why how honestly seriously
    ugh omg wow well man oh lol today tonight yesterday new old yet again just absolutely literally very really
    officially still even always most utterly totally completely pretty kinda bloody fucking freaking damn worst
""".split())
_CALENDAR = frozenset("""
    january february march april may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays
""".split())


def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """The forms as one pattern, compiled when a text first passes ``_STEM_TEST`` (30 ms: not at import)."""
    insult = rf"(?:{_alternation(INSULTS)})(?![\w*'’])"
    verdict = rf"{insult}(?:\s+(?:show|fire|machine|piece\s+of\s+(?:junk|crap|shit|garbage|trash|rubbish)))?"
    intensifiers = rf"(?:(?:{_INTENSIFIERS})\s+){{0,3}}"
    thing = rf"(?:{_alternation(THINGS)})"
    personified = "(?:" + "|".join(w.replace(" ", r"\s+") for w in sorted(PERSONIFIED, key=len, reverse=True)) + ")"
    # a word of the thing's name: not a determiner or an owner ("whoever approved this update" names no thing)
    word = rf"(?!(?:{_DETERMINERS}|{'|'.join(sorted(OWNERS))}|who|whoever|which)(?![\w'’-])){_WORD}"
    modifiers = rf"(?:(?:(?:{_TIMES}|{thing})['’]s|{word})\s+){{0,3}}"
    forms = [
        # "what a stupid policy", "useless hand scanner", "the dumbest rule ever"
        rf"(?P<before>{_FIRST}{intensifiers}{insult}\s+(?P<np1>{modifiers}{thing}))(?![\w'’-])",
        # "the new ERP is so useless", "this quarter's numbers are pathetic", "the wifi here is a joke"
        rf"(?P<after>{_FIRST}(?P<np2>{modifiers}{thing}){_AFTER_THING}\s+(?:{_VERBS})\s+{intensifiers}{verdict})(?![\w'’-])",
        # "why is the scanner so dumb"
        rf"(?P<asked>(?<![\w'’-])(?:why|how)\s+(?:is|are|was|were)\s+(?:{_DETERMINERS})\s+(?P<np3>{modifiers}{thing})\s+"
        rf"{intensifiers}{verdict})(?![\w'’-])",
        # "this overbooking system is an a**hole", "this interstate is a real piece of shit"
        rf"(?P<likened>{_FIRST}(?P<np4>{modifiers}{thing}){_AFTER_THING}\s+(?:{_VERBS})\s+(?:(?:{_INTENSIFIERS}|{_WORD})\s+){{0,3}}"
        rf"{personified})(?![\w'’-])",
        # "useless jackass of a formula", "what a petty asshole of a clock", "absolute sh*tshow of a pipeline"
        rf"(?P<of_a>{_FIRST}(?:(?:{_INTENSIFIERS}|{_WORD})\s+){{0,2}}(?:{personified}|{insult})\s+of\s+an?\s+"
        rf"(?P<np5>{modifiers}{thing}))(?![\w'’-])",
        # "45 min delay and no announcement. Useless." (a clause of the insult alone, after one about a thing)
        rf"(?P<alone>(?<=[.!?,;:\n])\s*{intensifiers}{insult})\s*(?=[^\w\s'’-]|$)",
    ]
    return re.compile("|".join(f"(?:{form})" for form in forms))


#: The pattern's forms, each with the group of what its insult is said of (None: in the sentence before).
_FORMS = {"before": "np1", "after": "np2", "asked": "np3", "likened": "np4", "of_a": "np5", "alone": None}
#: A text without any of these holds no phrase of the pattern: the insult words, and of each name for a person said of a
#: thing its rarest word ("pain in the neck": "pain"; "piece of crap": "crap", an insult word already).
_STEM_TEST = any_of(INSULTS | {words[0] if len(words) == 1 or not (INSULTS & set(words) or "shit" in words[-1]) else words[-1]
                               for words in map(str.split, PERSONIFIED)})
_FOLLOWING_WORD = re.compile(r"\s+([a-z][a-z0-9-]*)")
_LAST_WORD = re.compile(r"([a-z][a-z0-9'’-]*)\s*$")
_PERSON_SUFFIX = re.compile(r"(?:er|ers|or|ors|ist|ists|ian|ians|man|men)$")
#: Words ending as a person's role does that name none ("the dumbest rule ever", "useless app error").
_NOT_PEOPLE = frozenset("""
    error errors order orders paper papers water weather winter summer number numbers power folder folders timer
    filter filters corner dinner manner matter color colour poster posters header sticker stickers counter trailer
    shower burger burgers computer computers server servers cover letter letters chapter banner border sensor
""".split()) | STOP_WORDS
_SENTENCE_END = re.compile(r"[.!?\n]")
_CLAUSE_END = re.compile(r"[.!?,;:\n]")
_WHO = re.compile(r"\bwho(?:ever|m|mever)?\b")
#: The reader, in the same sentence: the thing may be theirs ("you just bought another useless phone").
_READER = re.compile(r"\b(?:you|your|yours|yourself|u|ur|ya)\b")
_WORDS = re.compile(r"[a-z][a-z0-9-]*")
_COPULA = re.compile(r"(?:\b(?:is|are|was|were|be|been|being|am)|['’](?:s|re|m))\s*$")
_PRONOUNS = frozenset("i me we us he him she her they them".split())
_THIRD_PERSONS = frozenset("he him she her they them".split())
_POINTING = frozenset({"it", "this", "that"})
_CAPITALISED = re.compile(r"[A-Za-z][\w'’-]*")
#: Words that open a sentence, capitalised, and are no name: common openers, function words, intensifiers and the
#: module's own words.
_COMMON = _OPENERS | STOP_WORDS | INSULTS | THINGS | SWEARING | AIMLESS | frozenset(_INTENSIFIERS.split("|")) | frozenset(
    "hello hi hey thanks thank please sorry yes no nope yep great good nice cool sigh ah argh honestly lovely".split())
_I = frozenset({"I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "I'll", "I’ll"})


def insults_of_things(folded: str, written: Callable[[int, int], str]) -> list[tuple[int, int]]:
    """Where, in ``folded`` (the lower-cased folded text), an insult word is said of a thing that nobody stands
    behind. ``written(start, end)`` is the caller's own text of a span of ``folded``: names are read in its case."""
    if not _STEM_TEST(folded):  # most texts hold no insult word at all
        return []
    bounds = _Bounds(folded)
    found: list[tuple[int, int]] = []
    for match in _pattern().finditer(folded):
        form = _form(match)
        if _aimed_at_a_thing(bounds, match, form, written):
            phrase = match.group(form)
            found.append((match.start(form) + len(phrase) - len(phrase.lstrip()), match.end(form)))
    return found


def _form(match: re.Match[str]) -> str:
    """Which of the pattern's forms matched."""
    return next(name for name in _FORMS if match.group(name) is not None)


#: How far, in characters, a sentence or clause is read around a phrase: a text without full stops is not read whole
#: for each of its phrases (that would take time growing with the square of its length).
_REACH = 300


class _Bounds:
    """Where the sentences and clauses of a text begin and end, found once for all its phrases."""

    def __init__(self, folded: str) -> None:
        self.text = folded
        self._sentence_ends = [m.end() for m in _SENTENCE_END.finditer(folded)]  # just after each sentence's last mark
        self._clause_ends = [m.end() for m in _CLAUSE_END.finditer(folded)]

    def sentence_start(self, at: int) -> int:
        """Where the sentence holding ``at`` starts (at most ``_REACH`` before it)."""
        return max(_last_at_most(self._sentence_ends, at), at - _REACH)

    def sentence_end(self, at: int) -> int:
        """Where the sentence holding ``at`` ends, before its closing mark (at most ``_REACH`` after it)."""
        i = bisect_left(self._sentence_ends, at + 1)
        end = self._sentence_ends[i] - 1 if i < len(self._sentence_ends) else len(self.text)
        return min(end, at + _REACH)

    def clause_start(self, at: int) -> int:
        """Where the clause holding ``at`` starts (at most ``_REACH`` before it)."""
        return max(_last_at_most(self._clause_ends, at), at - _REACH)


def _last_at_most(ends: list[int], at: int) -> int:
    """The greatest of the sorted ``ends`` that is at most ``at``, or 0."""
    i = bisect_right(ends, at)
    return ends[i - 1] if i else 0


def _aimed_at_a_thing(bounds: _Bounds, match: re.Match[str], form: str, written: Callable[[int, int], str]) -> bool:
    """Whether the insult word of ``match`` (of the pattern's ``form``) is said of a thing nobody stands behind."""
    folded = bounds.text
    start, end = match.start(form), match.end(form)
    sentence_start, sentence_end = bounds.sentence_start(start), bounds.sentence_end(end)
    if form == "alone":  # the thing is in what comes before, from the sentence before on: all of it about things only
        reach = bounds.sentence_start(sentence_start - 1) if sentence_start else 0
        before = folded[reach:start]
        words = _WORDS.findall(before)
        return (not THINGS.isdisjoint(words) and not _names_people(folded, reach, sentence_end)
                and not _names_someone(written(reach, sentence_end)))
    noun_phrase = _FORMS[form]
    assert noun_phrase is not None  # every form but "alone" holds its thing
    if any(w in PEOPLE or w in OWNERS for w in match.group(noun_phrase).split()):
        return False
    if form in ("before", "of_a") and (_followed_by_person(folded, match.end(noun_phrase)) or _said_of_a_subject(bounds, start)):
        return False
    if form in ("after", "asked", "likened") and _followed_by_person(folded, end):  # "the help desk are the stupidest people"
        return False
    if form in ("after", "likened"):
        lead = _LAST_WORD.search(folded, bounds.clause_start(start), start)
        if lead is not None and lead.group(1) not in _LEAD_INS:
            return False
    return not _names_people(folded, sentence_start, sentence_end) and not _names_someone(written(sentence_start, sentence_end))


def _names_people(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` (a sentence) names anyone but the writer, who could stand behind the thing or be
    the one the insult is for: the reader, a person or group ("just like the guy who built it", "what a stupid policy
    from management"), a third person, or "who" ("and so is whoever bought it")."""
    if _WHO.search(folded, start, end) or _READER.search(folded, start, end):
        return True
    words = _WORDS.findall(folded, start, end)
    return not (PEOPLE.isdisjoint(words) and OWNERS.isdisjoint(words) and _THIRD_PERSONS.isdisjoint(words))


def _said_of_a_subject(bounds: _Bounds, start: int) -> bool:
    """Whether the phrase at ``start`` says what a subject before it is ("the receptionist is a useless tool"), and that
    subject is not a thing alone ("the printer on floor 3 is the stupidest machine ever built" is)."""
    before = bounds.text[bounds.clause_start(start):start]
    copula = _COPULA.search(before)
    if copula is None:
        return False
    subject = _WORDS.findall(before[:copula.start()])
    a_thing = not THINGS.isdisjoint(subject) or not _POINTING.isdisjoint(subject)  # "this is the dumbest printer"
    return not a_thing or not (PEOPLE.isdisjoint(subject) and OWNERS.isdisjoint(subject) and _PRONOUNS.isdisjoint(subject))


def _followed_by_person(folded: str, end: int) -> bool:
    """Whether the word after ``end`` names people: "printer guy", "app developers", "the stupidest people"."""
    following = _FOLLOWING_WORD.match(folded, end)
    if following is None:
        return False
    word = following.group(1)
    return word in PEOPLE or (word not in THINGS and word not in _NOT_PEOPLE and bool(_PERSON_SUFFIX.search(word)))


def _names_someone(text: str) -> bool:
    """Whether the caller's own words hold a name: a capitalised word that is not "I", not all capitals (an acronym,
    or shouting), not a month or a day, and not a common word opening a sentence."""
    for word in _CAPITALISED.finditer(text):
        written = word.group()
        if not any(c.isupper() for c in written) or written.isupper() or written in _I:
            continue
        lower = written.lower()
        before = text[:word.start()].rstrip()
        opening = not before or not (before[-1].isalnum() or before[-1] in ",;:-")  # after a full stop, quote, bracket, emoji
        if lower in _CALENDAR or (opening and written[1:].islower() and lower in _COMMON):
            continue
        return True
    return False
