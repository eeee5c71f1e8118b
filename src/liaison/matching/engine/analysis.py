"""One analyzer for Chinese, English and the two mixed.

Chinese runs are segmented by jieba (rjieba, the Rust port: the same dictionary and
algorithm, fast enough to analyse a million documents within the build budget) in search
mode, which adds the dictionary words inside a long word (转动惯量 → 转动, 惯量, 转动惯量),
and by overlapping character bigrams, which find a term that the segmenter cut another way
or does not know. Other words are NFKC-folded, lower-cased, stopped and Snowball-stemmed.
jieba's tokens are joined by spaces and the stopping and stemming are done by a Tantivy
text analyzer in Rust (the same one the index registers for its word fields): a Python
loop over the tokens cost as much as jieba itself, and the index gets one string per field.
Both languages come out as terms in one space, so a Chinese need finds a mixed-language
profile through its Chinese words and its English acronyms alike.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import rjieba
import tantivy

__all__ = [
    "DEFAULT_DICTIONARY",
    "WORDS_TOKENIZER",
    "Analysis",
    "Analyzer",
    "AnalyzerSettings",
    "bigrams",
    "is_meaningful",
    "marked_spans",
    "normalised",
    "query_text",
    "word_analyzer",
]

#: The institute's domain words shipped with Liaison (jieba user-dictionary format).
DEFAULT_DICTIONARY = "dictionary.txt"

# CJK ideographs (unified, extension A, compatibility); kana and hangul go to the word branch.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(rf"[{_CJK}]+")
# Characters whose NFKC form is another word: letterlike symbols (℃, Ⅲ), enclosed and
# squared forms, compatibility ideographs, ligatures, full-width letters and digits,
# half-width katakana. Not the full-width punctuation of every Chinese sentence, which jieba
# skips as it is and which would make every Chinese text pay for NFKC.
_COMPATIBILITY = re.compile(
    "[\u2100-\u218f\u2460-\u24ff\u3200-\u33ff\uf900-\ufaff\ufb00-\ufb4f"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffdc]"
)

# Lucene's English stopwords plus the words of the same weight that Snowball's list adds;
# short on purpose: BM25's idf already discounts what is common, and every stopword
# removed is a word a query can no longer ask for.
_ENGLISH_STOPWORDS = """a an and are as at be been but by can could did do does for from had has have he her
    his how i if in into is it its may might must no not of on or our she should so such
    than that the their them then there these they this those to too us was we were what
    when where which while who whom why will with would you your"""
ENGLISH_STOPWORDS = frozenset(_ENGLISH_STOPWORDS.split())

# Function words that jieba returns as words of their own and that say nothing of a topic.
_CHINESE_STOPWORDS = """的 了 和 与 及 或 是 在 对 为 中 等 以 于 其 之 也 而 并 从 由 被 把 将 这 那 该 各 此
    个 上 下 就 都 又 还 与其 以及 及其 并且 或者 而且 但是 因此 所以 如果 通过 进行 一种 一个
    我们 本文 文中 其中 对于 关于 以上 以下"""
CHINESE_STOPWORDS = frozenset(_CHINESE_STOPWORDS.split())

# Legal forms of a company's name: in every enterprise's name and every need it writes,
# they say nothing of a topic. Taken out of a query's text before it is analysed, so that
# their parts (有限, 公司, "co") are not searched either. "co" only as a word of its own
# ("Co., Ltd."), not the prefix of "co-culture".
_LEGAL_FORMS = re.compile(
    r"股份有限公司|有限责任公司|有限公司|"
    r"(?<![\w-])(?:co|ltd|inc|llc|gmbh|corp|plc|pte|pty)(?![\w-])\.?",
    re.IGNORECASE,
)
# Markup typed or pasted into a query: its tag names are not what the text is about.
_MARKUP = re.compile(r"<[^<>]*>")
# A word as the highlighting reads it: letters and digits, not ideographs (marked as written).
_WORD = re.compile(rf"[^\W_{_CJK}]+")

#: the name under which an index registers `Analyzer.word_analyzer` for its word fields
WORDS_TOKENIZER = "liaison_words"


@dataclass(frozen=True, slots=True)
class AnalyzerSettings:
    """What an index must remember to analyse its queries as it analysed its documents."""

    user_words: tuple[str, ...] = ()
    dictionary: str = ""  # the text of the extra dictionary file, kept in the index
    bigrams: bool = True
    search_mode: bool = True


class Analysis(NamedTuple):
    """A text's words (jieba's and the stemmed others) and its runs of ideographs."""

    words: list[str]
    runs: list[str]


class Analyzer:
    """Turns text into index terms; the same terms for documents and for queries."""

    def __init__(
        self,
        *,
        user_words: Iterable[str] = (),
        dictionary: Path | None = None,
        bigrams: bool = True,
        search_mode: bool = True,
    ) -> None:
        self.settings = AnalyzerSettings(
            user_words=tuple(user_words),
            dictionary=dictionary.read_text(encoding="utf-8") if dictionary else "",
            bigrams=bigrams,
            search_mode=search_mode,
        )
        self._jieba = rjieba.Jieba()
        shipped = resources.files(__package__).joinpath(DEFAULT_DICTIONARY)
        for text in (shipped.read_text(encoding="utf-8"), self.settings.dictionary):
            for word, frequency in _dictionary_entries(text):
                self._add_word(word, frequency)
        for word in self.settings.user_words:
            self._add_word(word, None)
        self._cut = self._jieba.cut_for_search if search_mode else self._jieba.cut
        self.word_analyzer = word_analyzer()
        self._words = self.word_analyzer.analyze

    @classmethod
    def from_settings(cls, settings: AnalyzerSettings) -> Analyzer:
        analyzer = cls(
            user_words=settings.user_words,
            bigrams=settings.bigrams,
            search_mode=settings.search_mode,
        )
        for word, frequency in _dictionary_entries(settings.dictionary):
            analyzer._add_word(word, frequency)
        analyzer.settings = settings
        return analyzer

    def _add_word(self, word: str, frequency: int | None) -> None:
        word = normalised(word).strip()
        if word:
            self._jieba.add_word(word, frequency, None)

    def tokens(self, text: str) -> tuple[str, str]:
        """The normalised text, and jieba's word tokens of it joined by spaces.

        The tokens are what the index's word fields are given (their analyzer stops and
        stems them); punctuation, spaces and a compound like "boundary-layer", which jieba
        gives beside its parts, are left out. This is the hot loop of building an index.
        """
        text = normalised(text)
        return text, " ".join(filter(str.isalnum, self._cut(text, True)))

    def runs(self, text: str) -> list[str]:
        """The runs of ideographs of a normalised text, for its bigrams (made by the index)."""
        return _CJK_RUN.findall(text) if self.settings.bigrams else []

    def words(self, tokens: str) -> list[str]:
        """The terms of a token string from `tokens`: stopped and stemmed."""
        return self._words(tokens)

    def analyse(self, text: str) -> Analysis:
        """The text's words, and its runs of ideographs for the bigrams."""
        text, tokens = self.tokens(text)
        return Analysis(self._words(tokens), self.runs(text))

    def terms(self, text: str) -> list[str]:
        """The terms a document is indexed under: its words, then its bigrams."""
        words, runs = self.analyse(text)
        return words + bigrams(runs)

    def query_terms(self, text: str) -> list[str]:
        """The terms a query is searched with: the document analysis, so that they meet."""
        return self.terms(text)

    def surface_forms(self, text: str) -> dict[str, str]:
        """The terms of the text worth naming to a person, each with the word it was written as.

        A bigram is named only when it is a dictionary word: "电池" is, the "池的" that
        straddles two words is not, though both count in the score.
        """
        text = normalised(text)
        forms: dict[str, str] = {}
        for token in filter(str.isalnum, self._cut(text, True)):
            for term in self._words(token):
                forms.setdefault(term, token)
        for bigram in bigrams(_CJK_RUN.findall(text)):
            if bigram not in forms and self._jieba.has_word(bigram):
                forms[bigram] = bigram
        return forms


def query_text(text: str) -> str:
    """A query's text without markup and without the legal forms of company names."""
    return _LEGAL_FORMS.sub(" ", _MARKUP.sub(" ", text))


def is_meaningful(term: str) -> bool:
    """Whether a query term can say what a text is about.

    A lone letter or a number alone cannot: "1" from "alert(1)", the "20" of "20%", a
    headcount; they match documents at random and, being rare, with a high idf. A single
    ideograph can ("钛").
    """
    if term.isdigit():
        return False
    return len(term) > 1 or _CJK_RUN.match(term) is not None


def marked_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the matched terms stand in `text`, as (start, end), whole words only.

    A word is marked when it is one of the terms or has the stem of one ("coatings" for the
    term "coating"), never a term found inside another word ("co" in "recognition"). Chinese
    has no spaces between words: an ideographic term is marked wherever it is written.
    """
    stems: set[str] = set()
    ideographic: set[str] = set()
    analyze = _stemmer().analyze
    for term in terms:
        term = normalised(term).strip()
        if not term:
            continue
        if _CJK_RUN.search(term):
            ideographic.add(term)
        else:
            stems.add(term)
            stems.update(analyze(term))
    spans: list[tuple[int, int]] = []
    if stems:
        for word in _WORD.finditer(text):
            written = normalised(word.group())
            if written in stems or any(stem in stems for stem in analyze(written)):
                spans.append(word.span())
    if ideographic:
        pattern = re.compile("|".join(map(re.escape, sorted(ideographic, key=len, reverse=True))))
        spans.extend(found.span() for found in pattern.finditer(_lowered(text)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _lowered(text: str) -> str:
    """The text lower-cased where that keeps every character's place (offsets into it hold)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


@functools.cache
def _stemmer() -> tantivy.TextAnalyzer:
    """Lower-casing and English stemming of single words, for the highlighting."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def word_analyzer() -> tantivy.TextAnalyzer:
    """Stopwords out, then English Snowball stemming (ideographs pass through unchanged)."""
    stopwords = sorted(ENGLISH_STOPWORDS | CHINESE_STOPWORDS)
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.custom_stopword(stopwords))
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def bigrams(runs: Iterable[str]) -> list[str]:
    """Overlapping character bigrams of each run, none across two runs."""
    return [run[i : i + 2] for run in runs for i in range(len(run) - 1)]


def normalised(text: str) -> str:
    # NFKC (full-width Latin to ASCII, compatibility ideographs to unified) costs more than
    # all the rest of the analysis on plain text; only text that needs it pays for it.
    if _COMPATIBILITY.search(text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _dictionary_entries(text: str) -> Iterable[tuple[str, int | None]]:
    """Lines of a jieba user dictionary: `word [frequency] [part of speech]`, # comments."""
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        frequency = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None
        yield fields[0], frequency
