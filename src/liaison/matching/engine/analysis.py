"""One analyzer for Chinese, English and the two mixed.

Chinese runs are segmented by jieba (rjieba, the Rust port: the same dictionary and
algorithm, fast enough to analyse a million documents within the build budget) in search
mode, which adds the dictionary words inside a long word (转动惯量 → 转动, 惯量, 转动惯量),
and by overlapping character bigrams, which find a term that the segmenter cut another way
or does not know. Other words are NFKC-folded, lower-cased, stopped and Snowball-stemmed.
Both languages come out as terms in one space, so a Chinese need finds a mixed-language
profile through its Chinese words and its English acronyms alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import rjieba
import Stemmer

__all__ = ["DEFAULT_DICTIONARY", "Analyzer", "AnalyzerSettings"]

#: The institute's domain words shipped with Liaison (jieba user-dictionary format).
DEFAULT_DICTIONARY = "dictionary.txt"

# CJK ideographs (unified, extension A, compatibility); kana and hangul go to the word branch.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_CJK_START = re.compile(rf"[{_CJK}]")

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

# Segmentations of a run of ideographs are cached up to this length: short runs (a word
# between spaces or Latin letters) repeat across documents, long sentences seldom do.
_CACHED_RUN = 12
_CACHE_LIMIT = 500_000


@dataclass(frozen=True, slots=True)
class AnalyzerSettings:
    """What an index must remember to analyse its queries as it analysed its documents."""

    user_words: tuple[str, ...] = ()
    dictionary: str = ""  # the text of the extra dictionary file, kept in the index
    bigrams: bool = True
    search_mode: bool = True


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
        self._stemmer = Stemmer.Stemmer("english")
        self._words: dict[str, str] = {}
        self._runs: dict[str, tuple[str, ...]] = {}

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
        word = unicodedata.normalize("NFKC", word).strip().lower()
        if word:
            self._jieba.add_word(word, frequency, None)

    def terms(self, text: str) -> list[str]:
        """The terms a document is indexed under, in text order, repeated as often as met."""
        terms: list[str] = []
        words = self._words
        for token in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
            if token[0] >= "\u3400" and _CJK_START.match(token):
                terms.extend(self._segment(token))
                continue
            term = words.get(token)
            if term is None:
                term = "" if token in ENGLISH_STOPWORDS else self._stemmer.stemWord(token)
                if len(words) >= _CACHE_LIMIT:
                    words.clear()
                words[token] = term
            if term:
                terms.append(term)
        return terms

    def query_terms(self, text: str) -> list[str]:
        """The terms a query is searched with: the document analysis, so that they meet."""
        return self.terms(text)

    def surface_forms(self, text: str) -> dict[str, str]:
        """The terms of the text worth naming to a person, each with the word it was written as.

        A bigram is named only when it is a dictionary word: "电池" is, the "池的" that
        straddles two words is not, though both count in the score.
        """
        forms: dict[str, str] = {}
        for token in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
            if token[0] >= "\u3400" and _CJK_START.match(token):
                cut = self._jieba.cut_for_search if self.settings.search_mode else self._jieba.cut
                for word in cut(token, True):
                    if word not in CHINESE_STOPWORDS:
                        forms.setdefault(word, word)
                for i in range(len(token) - 1):
                    bigram = token[i : i + 2]
                    if bigram not in forms and self._jieba.has_word(bigram):
                        forms[bigram] = bigram
            elif token not in ENGLISH_STOPWORDS:
                forms.setdefault(self._stemmer.stemWord(token), token)
        return forms

    def _segment(self, run: str) -> tuple[str, ...]:
        cached = self._runs.get(run)
        if cached is not None:
            return cached
        cut = self._jieba.cut_for_search if self.settings.search_mode else self._jieba.cut
        terms = [word for word in cut(run, True) if word not in CHINESE_STOPWORDS]
        if self.settings.bigrams and len(run) > 1:
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        result = tuple(terms)
        if len(run) <= _CACHED_RUN:
            if len(self._runs) >= _CACHE_LIMIT:
                self._runs.clear()
            self._runs[run] = result
        return result


def _dictionary_entries(text: str) -> Iterable[tuple[str, int | None]]:
    """Lines of a jieba user dictionary: `word [frequency] [part of speech]`, # comments."""
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        frequency = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None
        yield fields[0], frequency
