"""Home addresses in forms pyap's grammars (US, Canada, Britain) do not read, where the post says whose they are.

pyap reads "42 Oak Street, Springfield, IL 62704" but not "27 Wattle St, Fitzroy VIC 3065", "512 Rue
Saint-Denis, Montréal" or "Lindenstraße 12, 10969 Berlin". Such forms are read only after a cue that the
address is a person's ("I live at", "our house", "my new address", "pick me up from"), so a shop's or a
venue's published address is left alone: without the cue a house number and a street word are too
common in ordinary posts to be taken for personal data.
"""

from __future__ import annotations

import re

#: Street words after the house number: the English ones pyap knows, and the common ones of other countries
STREET_TYPES = ("street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|ter|"
                "circle|cir|highway|hwy|parkway|pkwy|square|sq|crescent|cres|close|trail|trl|alley|row|walk|pike|"
                "parade|grove|gardens|mews|esplanade")
#: Street words before the street's name (French, Spanish, Italian, Portuguese): "12 rue de Rivoli"
LEADING_TYPES = "rue|avenue|av|boulevard|bd|chemin|allée|impasse|quai|calle|avenida|carrer|via|viale|piazza|rua|travessa"
#: Endings of street names written as one word before the number (German, Dutch, Scandinavian): "Lindenstraße 12"
#: (none of them inside common English words: a registry calls the detector wherever one occurs)
NAME_ENDINGS = ("straße", "strasse", "str.", "weg", "allee", "platz", "gasse", "laan", "straat", "gracht", "plein", "vägen",
                "gatan")

_CUE = (r"(?:\b(?:i|we|they|he|she) (?:now )?live at|\blives? at|\bliving at|\b(?:our|my|new) (?:new )?(?:house|place|home|"
        r"flat|apartment|apt|address|addy)|\b(?:home|new|his|her|their|my|our) (?:address|addy)(?: is)?|\badresse|\bdirecci[oó]n|"
        # a parcel left somewhere ("leave the parcel with the neighbours at ...")
        r"\b(?:parcel|package|delivery|post)\b[^.!?\n\d]{0,40}?\bat\b|"
        r"\bpick (?:me|us) up (?:from|at)(?: (?:home|my place|the house))?|\b(?:at|round|to) (?:ours|mine)\b|\bchez (?:nous|moi)|"
        r"\b(?:send|mail|post|deliver|ship) (?:it|them|the \w+) to(?: my (?:place|house|home))?|"
        # a customer-care reply repeating where an order goes or a visit is ("will be redelivered to ...", "the tech
        # will visit ...")
        r"\b(?:re)?deliver(?:ed|y)? (?:to|at)|\bship(?:ped|ping)? to|\b(?:will|to|can) (?:visit|call at|come to|come by))")
#: a word of a street's name: not a distance or a direction ("2 blocks from Main St" is no address)
_NAME_WORD = r"(?!(?:from|to|of|off|near|past|on|in|at|by|the|blocks?|mins?|minutes|miles?|km|doors?|streets?)\b)[\w'’.-]+"
_NUMBER_FIRST = (r"\d{1,5}[a-z]?(?:[/-]\d{1,5})?,?\s+(?:(?:" + LEADING_TYPES + r")\s+[\w'’.-]+(?:\s+[\w'’.-]+){0,3}|"
                 r"(?:" + _NAME_WORD + r"\s+){1,4}?(?:" + STREET_TYPES + r")\.?)")
_NAME_FIRST = (r"(?:[\w'’.-]*(?:" + "|".join(re.escape(e) for e in NAME_ENDINGS) + r")|"
               # a street word first, the number after the name ("Calle de Toledo 42", "Via Roma 12")
               r"(?:calle|avenida|avda\.?|paseo|plaza|carrer|via|viale|piazza|rua|corso)\s+(?:[\w'’.-]+\s+){0,3}?[\w'’.-]+,?)"
               r"\s+\d{1,4}[a-z]?(?:-[a-z0-9]{1,4})?")  # "Prinsengracht 612-II"
#: What may follow the street: a town and a region or postcode ("Fitzroy VIC 3065", "Montréal QC H2X 3K8",
#: "10969 Berlin"), each part optional; capitalised words only, so the sentence after the address is left out
_LOCALITY = (r"(?:,?\s+(?-i:\d{4}\s?[A-Z]{2})(?![\w-]))?"  # a Dutch postcode ("1017 KS")
             r"(?:,?\s+(?-i:(?:\d{4,5}\s+)?[A-ZÀ-Ý][a-zà-ÿ'’.-]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ'’.-]+){0,2})){0,2}"  # suburb, town
             r"(?:,?\s+(?-i:[A-Z]{2,3}))?(?:,?\s+(?-i:[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4,5}))?")
_CUES = re.compile(r"(?i)" + _CUE)
# after the cue, a few words without a digit ("Home address for the wedding invites: 12 ..."), then the address
_ADDRESS_AFTER = re.compile(r"(?i)[^\d\n.]{0,40}?(?<![\w-])((?:" + _NUMBER_FIRST + "|" + _NAME_FIRST + r")" + _LOCALITY +
                            r")(?![\w-])")
#: An Australian address, cue or not: number, street, suburb, state and postcode ("17 Banksia St, Marrickville NSW 2204")
_AUSTRALIAN = re.compile(r"(?i)(?<![\w/-])\d{1,5}[a-z]?(?:/\d{1,5})?\s+(?:[\w'’.-]+\s+){1,3}?(?:" + STREET_TYPES + r")\.?,?"
                         r"(?:\s+(?-i:[A-Z][a-z'’-]+)){1,3},?\s+(?-i:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}(?!\d)")
#: The words an Indian address starts with (the registry calls the detector where one is a whole word)
INDIAN_UNITS = frozenset({"flat", "house", "h.no", "plot", "cross", "main", "nagar", "block", "layout", "colony", "sector",
                          "marg", "stage", "phase"})  # (and the street words after a "12/3," start, ``_INDIAN_PLACE``)
#: An Indian address, cue or not: a flat or house number, a few comma-separated parts, and a six-digit PIN code
#: (a start of "12/3," is a date as often, so a street or block word must follow: "2nd Cross", "Jayanagar 4th Block")
_INDIAN_PLACE = r"(?=[^.!?\n]{0,120}?\b(?:cross|main|road|rd|street|st|nagar|block|layout|colony|sector|lane|marg|stage|phase))"
_INDIAN = re.compile(r"(?i)(?:\b(?:flat|house|h\.? ?no\.?|plot)\s*(?:no\.?\s*)?\d{1,5}[a-z]?|"
                     r"(?<![\w/-])\d{1,4}/\d{1,4}" + _INDIAN_PLACE + r"),(?:[^,.!?\n]{2,40},){1,6}"
                     r"[^,.!?\n\d]{0,40}?\s(?-i:[A-Z][a-z]+)[ -]\d{6}\b")


#: a word every cue holds, found before the cues are tried at every position
_CUE_HINT = re.compile(r"(?i)liv|hous|place|home|flat|apartment|apt|addres|addy|adresse|direcci|pick|send|mail|post|deliver|ship|"
                       r"ours|mine|chez|parcel|package")


def home_addresses(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` holding a home address after a cue that it is one (see the module's docstring)."""
    found = [match.span() for match in _INDIAN.finditer(text)] if "," in text else []
    found += [match.span() for match in _AUSTRALIAN.finditer(text)]
    if _CUE_HINT.search(text) is None:
        return found
    end = 0
    for cue in _CUES.finditer(text):
        match = _ADDRESS_AFTER.match(text, cue.end()) if cue.start() >= end else None
        if match is not None and not any(a < match.end(1) and match.start(1) < b for a, b in found):
            found.append(match.span(1))
            end = match.end()
    return found
