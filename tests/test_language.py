"""The "not English" note: for text that is clearly another language, never for terse English."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smrisk.language import unsupported_language_note


@pytest.mark.parametrize("text", [
    "project falcon ships next month, dont tell anyone",
    "ngl the new earbuds drop march 14, keep it quiet",
    "Revenue grew 12% year over year, as reported in today's earnings release.",
])
def test_terse_english_gets_no_note(text: str) -> None:
    assert unsupported_language_note(text) is None


@pytest.mark.parametrize("text", [
    "Der Hund läuft schnell über die Straße und bellt laut heute Morgen",
    "el perro corre rápido por la calle y ladra fuerte esta mañana",
    "el perro corre por la calle y ladra fuerte esta noche sin parar",  # ASCII only
    "Это сообщение написано полностью на русском языке для проверки",
])
def test_other_languages_get_a_note(text: str) -> None:
    assert unsupported_language_note(text) is not None


def _mostly_non_latin(text: str) -> bool:
    """The script test letter by letter: the definition the note's faster count must equal."""
    letters = [ch for ch in text[:5000] if ch.isalpha()]
    return len(letters) >= 10 and sum(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in letters) / len(letters) < 0.5


@given(st.lists(st.sampled_from(["abc ", "é", "ß", "ж", "щит ", "αβγ", "中文", "²", "½", "٣", "😀", " ", ".", "the ", "Ⅻ"]),
                max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_script_note_counts_letters_as_the_plain_definition(text: str) -> None:
    note = unsupported_language_note(text)
    assert (note is not None and "non-Latin script" in note) == _mostly_non_latin(text)


@pytest.mark.parametrize("text", [
    "Acme field service life: 3 Bluefin units, 1 rental car, 0 sleep",  # notes-style English: no function words
    "Q3 numbers: revenue up, churn down, hiring freeze lifted",
    "Hi happy birthday. Hi hi hi hi hi hi hi",  # one chat word that is also a stop word elsewhere
    "Miss ya, need ya, want ya, love ya.",
    "Merci beaucoup to the whole team, c'est la vie!",  # English with a foreign phrase
    "die hard fans per usual con the war den son will hat",  # English words that are other languages' stop words
    "$MU $WDC - Bull sees 2020 upsides for MU, WDC https://t.co/65zGfs82xI",  # a link's letters are not words
    "Columbia Care, NewLake Capital Enter $35M Sale-Leaseback Agreement",  # "care" is Romanian too
    "Had crème brûlée at the café with Zoë and Chloé after the Pokémon event",  # accented loanwords and names
    "Firśt, I aṃ ģoinģ ţo ţie ŷou uṗ and keeṗ ŷou çonśçiouś durinģ ţhe folloŵinģ",  # English in disguise
    "Sο I wаs in the grοcery stοre the οther day, and I fοund",  # Greek and Cyrillic look-alikes
])
def test_english_without_function_words_gets_no_note(text: str) -> None:
    assert unsupported_language_note(text) is None


@pytest.mark.parametrize(("text", "language"), [
    ("Wir haben heute das neue Produkt vorgestellt und sind sehr stolz darauf", "de"),
    ("Le nouveau modèle sort en mars, mais c'est encore confidentiel", "fr"),
    ("Hola amigos, mañana lanzamos nuestra nueva colección de verano en todas las tiendas", "es"),
    ("Oggi abbiamo lanciato il nostro nuovo prodotto, grazie a tutto il team", "it"),
    ("Vandaag lanceren we ons nieuwe product, dank aan het hele team", "nl"),
    # words German shares with English ("in", "was", "so", "am") do not count against it
    ("Ich bin am Montag in Berlin, was so toll war, und dann bin ich nach Hause gefahren.", "de"),
    # the language with the most function words is named, not the first that passes
    ("¿Dónde se encuentra la capital de Argentina?", "es"),
    ("Londra è una grande città del Regno Unito.", "it"),
    ("Hoje lançamos o nosso novo produto, obrigado a toda a equipe", "pt"),
    # languages with their grammar in word endings have few function words: their letters tell them
    ("Yarın yeni ürünümüzü tanıtıyoruz, tüm ekibe çok teşekkür ederiz!", "tr"),
    ("Müşteri hizmetleri iki haftadır cevap vermiyor, siparişim hâlâ gelmedi.", "tr"),
    ("Bugün hava çok güzel, sahilde yürüyüş yaptık ve dondurma yedik.", "tr"),
    ("Huomenna julkaisemme uuden tuotteemme, kiitos koko tiimille!", "fi"),
    ("Tänään oli todella kaunis ilma, kävimme rannalla kävelyllä ja söimme jäätelöä.", "fi"),
    ("Rytoj pristatome naują produktą, ačiū visai komandai!", "lt"),
    ("Šiandien negalėsiu ateiti į susitikimą, nes sergu ir turiu likti namuose.", "lt"),
    ("Šiandien buvo labai graži diena, vaikščiojome paplūdimiu ir valgėme ledus.", "lt"),
    ("Daugiau informacijos apie mūsų naują akciją rasite mūsų svetainėje.", "lt"),
])
def test_the_note_names_the_language(text: str, language: str) -> None:
    note = unsupported_language_note(text)
    assert note is not None and f"({language})" in note


def test_real_english_posts_get_no_note() -> None:
    """The team corpus is English throughout, and so is the SMS collection (with its chat words:
    "ya", "da", "hi", which are stop words of other languages)."""
    from smrisk.corpora import shared_datasets_dir, sms, team_corpus

    assert not [t for t in team_corpus()["text"] if unsupported_language_note(t)]
    folder = shared_datasets_dir()
    if not folder.is_dir():
        pytest.skip("../shared/datasets is absent")
    texts = sms(folder)["text"].tolist()
    assert sum(unsupported_language_note(t) is not None for t in texts) <= 0.001 * len(texts)


_ASCII_PIECES = ["el ", "perro ", "por ", "la ", "und ", "der ", "nous ", "The ", "dog", " ", "\n", "\t", "\x1c", "\x0b", "1",
                 "_", "-", "'", "Der", "UND", "d'un", "c'est", "http://x/la ", "@la", "#und", "www.y/el "]


@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=80),
                 st.lists(st.sampled_from(_ASCII_PIECES), max_size=30).map("".join)))
@settings(max_examples=500, deadline=None)
def test_ascii_words_split_as_bytes_are_the_words_of_the_pattern(text: str) -> None:
    """An ASCII text's words and other-language function words, found on its bytes (every byte but a letter
    made a space, then split), are those the word pattern finds in the text."""
    from smrisk.language import _ANY_OTHER, _ANY_OTHER_BYTES, _ASCII_WORD, _LETTERS_ONLY

    words = _ASCII_WORD.findall(text.lower())
    letters = text.encode().lower().translate(_LETTERS_ONLY).split()
    assert letters == [w.encode() for w in words]
    assert sorted(_ANY_OTHER_BYTES.intersection(letters)) == sorted(w.encode() for w in _ANY_OTHER.intersection(words))


def _note_the_plain_way(text: str) -> str | None:
    """``unsupported_language_note`` as first written: every letter looked at, words found by the
    pattern, each language's words counted on their own. The shortcuts must give the same notes."""
    from smrisk.language import (
        _ALL,
        _ENGLISH,
        _MIN_DISTINCT,
        _MIN_SHARE,
        _MIN_WORDS,
        _NOT_WORDS,
        _OTHER,
        _WORD,
        NOTE_ENDING,
        OTHER_LANGUAGES,
        _by_letters,
    )

    head = text[:5000]
    letters = sum(map(str.isalpha, head))
    foreign = sum(1 for ch in head if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""))
    if letters >= 10 and (letters - foreign) / letters < 0.5:
        return f"the text is mostly in a non-Latin script; the language may be {NOTE_ENDING}"
    words = _WORD.findall(_NOT_WORDS.sub(" ", head).lower())
    best: tuple[int, str] | None = None
    for language in OTHER_LANGUAGES:
        found = [w for w in words if w in _OTHER[language]]
        if len(words) < _MIN_WORDS or len(set(found)) < _MIN_DISTINCT or len(found) < _MIN_SHARE * len(words):
            continue
        english = sum(1 for w in words if w in _ENGLISH and w not in _ALL[language])
        if len(found) > 2 * english and (best is None or len(found) > best[0]):
            best = (len(found), language)
    if best is None:
        return _by_letters(words) if len(words) >= _MIN_WORDS else None
    return f"the text looks like another language ({best[1]}); it may be {NOTE_ENDING}"


# function words of several languages, English ones, and characters outside ASCII of every kind: letters (Latin
# and not), a digit that is not a decimal digit, a circled letter, quotes, emoji, a combining mark, a zero-width space
_MIXED_PIECES = ["und", "der", "nicht", "les", "nous", "est", "el", "los", "que", "het", "een", "och", "the", "and",
                 "is", "in", "it", "car", "x1", " ", " ", " ", ",", "http://t.co/a…b", "#tag…", "@la", "é", "ü", "ß",
                 "п", "ı", "İ", "²", "①", "Ⓐ", "…", "“", "’", "😂", "—", "\u0301", "\u200b", "Straße", "niño"]


@given(st.lists(st.sampled_from(_MIXED_PIECES), max_size=40).map("".join))
@settings(max_examples=1500, deadline=None)
def test_the_note_is_the_one_the_plain_way_gives(text: str) -> None:
    assert unsupported_language_note(text) == _note_the_plain_way(text)


def test_the_note_is_the_one_the_plain_way_gives_on_real_posts() -> None:
    from smrisk.corpora import team_corpus

    texts = team_corpus()["text"].tolist()
    texts += [f"Der Chef sagt, {t} und das ist nicht gut" for t in texts[:300]]
    # a digit that is no decimal digit is a word of its own ("²"), so it counts among the words; an emoji does not
    texts += ["und der die ² ² ²", "und der die 😂 😂 😂", "und der die ① ② ③", "nous les est “ok” … —"]
    assert [unsupported_language_note(t) for t in texts] == [_note_the_plain_way(t) for t in texts]
