"""Query syntax tree → Whoosh query over the fields of every language searched.

A word is analysed by each language's analyzer and looked up in that language's word
field; a title or heading that holds it raises the score but never makes a match on
its own. A quoted phrase goes to the exact field (Chinese: character bigrams, so a
phrase matches every paragraph that contains it as a substring). An unquoted run of
Chinese matches either as jieba words or as a substring, so segmentation differences
between query and text cannot lose a hit; a run that is one word of the index whose
paragraphs hold it as a word wherever it occurs (`answers`) is looked up as that word,
with no phrase pass over the bigrams, and scores as before.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

from undocs.analyzers import LANGS, analyzer_for, exact_phrase_terms, query_terms
from undocs.analyzers.han import han_re, has_han
from undocs.analyzers.shingles import bigram_terms
from undocs.analyzers.words import word_texts
from undocs.indexer.languages import lang_code
from undocs.indexer.schema import PARA, exact_field, meta_field, word_field
from undocs.indexer.symbols import symbol_key
from undocs.search.query import And, Field, Not, Or, Phrase, QueryError, Word

_OTHER_WORD_RE = re.compile(r"[^\W_]")
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass
class Highlight:
    """What to mark in a hit's text, per language: word-field terms and exact phrases."""

    words: set[str] = field(default_factory=set)
    phrases: list[list[str]] = field(default_factory=list)
    # unquoted Chinese runs: (bigrams, jieba words); the run is marked where it occurs
    # as a substring, its words only in a paragraph that matched through them alone
    runs: list[tuple[list[str], set[str]]] = field(default_factory=list)


# Every paragraph (and no file record): what a negation is taken from.
PARAGRAPHS = wq.Term("record", PARA)


@dataclass
class Compiled:
    query: wq.Query | None  # None: the query is filters only (`lang:zh`)
    highlights: dict[str, Highlight]
    has_text: bool  # whether any word or phrase must match (else: filters, negations)
    filters: list[wq.Query] = field(default_factory=list)  # `field:value` ANDed at the top
    has_negation: bool = False  # a NOT somewhere: it ranges over every language
    has_inner_filter: bool = False  # a `field:value` under OR or NOT: so does it


def compile_query(node, langs: tuple[str, ...], segment, answers=None) -> Compiled:
    """`segment(text)` splits a Chinese run into the words to look up in `text_zh`
    (the Searcher passes a lookup in the index's own vocabulary, which spares a query
    the second it takes to load jieba). `answers(word, bigrams)`, if given, tells
    whether every paragraph holding `word` as a substring holds it as a word of
    `text_zh` too: then the substring needs no phrase pass."""
    highlights = {lang: Highlight() for lang in langs}
    compiler = _Compiler(langs, highlights, segment, answers)
    # `field:value` terms ANDed at the top level only narrow the hits: they become
    # filters (cached sets of documents), not clauses every candidate is scored against.
    conjuncts = list(node.nodes) if isinstance(node, And) else [node]
    filters = [field_query(n.name, n.value) for n in conjuncts if isinstance(n, Field)]
    rest = [n for n in conjuncts if not isinstance(n, Field)]
    if not rest:
        return Compiled(None, highlights, False, filters)
    query = compiler.build(rest[0] if len(rest) == 1 else And(tuple(rest)), negated=False)
    if query is None:
        raise QueryError("nothing to search for: the query has no searchable words")
    return Compiled(query, highlights, compiler.has_text, filters, compiler.has_negation,
                    compiler.has_inner_filter)


class _Compiler:
    def __init__(self, langs, highlights, segment, answers=None):
        self.langs = langs
        self.highlights = highlights
        self.segment = segment
        self.answers = answers
        self.has_text = False
        self.has_negation = False
        self.has_inner_filter = False

    def build(self, node, negated: bool) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node.text, negated)
        if isinstance(node, Phrase):
            return self.phrase(node.text, negated)
        if isinstance(node, Field):
            # inside OR or NOT a filter is a clause of its own: held to paragraphs, or
            # its file records (which carry `lang`, `symbol_key`, `date` too) would match
            self.has_inner_filter = True
            return wq.And([PARAGRAPHS, field_query(node.name, node.value)])
        if isinstance(node, Not):
            inner = self.build(node.node, not negated)
            if inner is None:
                return None
            self.has_negation = True
            # Whoosh's Not matches every other document, file records included
            return wq.And([PARAGRAPHS, wq.Not(inner)])
        parts = [self.build(child, negated) for child in node.nodes]
        parts = [part for part in parts if part is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if isinstance(node, And):
            return wq.And(parts)
        assert isinstance(node, Or)
        return wq.Or(parts)

    def word(self, text: str, negated: bool) -> wq.Query | None:
        per_lang = []
        han_only = _only_han(text)
        for lang in self.langs:
            if lang == "zh" and has_han(text):
                query = self._chinese_word(text, negated)
            elif han_only:
                continue  # Chinese characters mean nothing to the other analyzers
            else:
                query = self._word_in(text, lang, negated)
            if query is not None:
                per_lang.append(query)
        return self._any_language(per_lang, negated)

    def _word_in(self, text: str, lang: str, negated: bool) -> wq.Query | None:
        terms = word_terms(text, lang)
        if not terms:
            return None
        if not negated:
            self.highlights[lang].words.update(terms)
        if len(terms) == 1:
            match = wq.Term(word_field(lang), terms[0])
        else:  # `I-24/7`, `INF/1/Rev.1`: the parts in sequence, as written
            match = _exact(lang, text, phrase_terms(text, lang))
        boost = wq.And([wq.Term(meta_field(lang), term) for term in terms])
        return wq.AndMaybe(match, boost)

    def _chinese_word(self, text: str, negated: bool) -> wq.Query | None:
        words = self.segment(text)
        grams = exact_phrase_terms(text, "zh")
        if not grams:
            return None
        if not negated:
            self.highlights["zh"].runs.append((grams, set(words)))
        as_words = wq.And([wq.Term(word_field("zh"), w) for w in words]) if words else None
        if self._answered(words, grams):
            # the same paragraphs and scores as the OR below: each holds every bigram,
            # scored as the phrase scores them, and no positions are compared
            bigrams = wq.And([wq.Term(exact_field("zh"), gram) for gram in grams])
            match = wq.AndMaybe(as_words, bigrams)
        else:
            as_substring = exact_query("zh", grams)
            match = wq.Or([as_words, as_substring]) if as_words is not None else as_substring
        boost = wq.Or([wq.Term(meta_field("zh"), w) for w in words]) if words else None
        return wq.AndMaybe(match, boost) if boost is not None else match

    def _answered(self, words: list[str], grams: list[str]) -> bool:
        """Whether the run is one word of `text_zh` that answers for its substring: a
        word is a substring of its paragraph, so its paragraphs are among the
        substring's; when the index has no other (`answers`), the two are the same."""
        if self.answers is None or len(words) != 1 or len(grams) < 2:
            return False  # one or two characters: the substring is one term, no phrase
        word = words[0]
        if grams != [word[i:i + 2] for i in range(len(word) - 1)]:
            return False
        return self.answers(word, grams)

    def phrase(self, text: str, negated: bool) -> wq.Query | None:
        per_lang = []
        han_only = _only_han(text)
        for lang in self.langs:
            if han_only and lang != "zh":
                continue
            terms = phrase_terms(text, lang)
            if not terms:
                continue
            if not negated:
                self.highlights[lang].phrases.append(terms)
            per_lang.append(_exact(lang, text, terms))
        return self._any_language(per_lang, negated)

    def _any_language(self, per_lang: list[wq.Query], negated: bool) -> wq.Query | None:
        if not per_lang:
            return None
        self.has_text = self.has_text or not negated
        return per_lang[0] if len(per_lang) == 1 else wq.Or(per_lang)


def word_terms(text: str, lang: str) -> list[str]:
    """`analyzers.query_terms`: outside Chinese the stemmed words of the folded text,
    without building the analyzer (`WordTokenizer | StemFilter`) per word and language."""
    return query_terms(text, lang) if lang == "zh" else word_texts(text, lang, stem=True)


def phrase_terms(text: str, lang: str) -> list[str]:
    """`analyzers.exact_phrase_terms`, likewise: outside Chinese the pairs of the words."""
    return exact_phrase_terms(text, lang) if lang == "zh" else bigram_terms(word_texts(text, lang))


def _only_han(text: str) -> bool:
    """Whether `text` has Chinese characters and no letters or digits of another script."""
    return has_han(text) and not _OTHER_WORD_RE.search(han_re().sub("", text))


def _exact(lang: str, text: str, terms: list[str]) -> wq.Query:
    """The exact-field query of `text` (its `terms`); Latin text searched in Chinese
    is guarded by its words."""
    query = exact_query(lang, terms)
    if lang == "zh" and not has_han(text):
        query = _latin_in_chinese(text, query)
    return query


def _latin_in_chinese(text: str, substring: wq.Query) -> wq.Query:
    """Latin words in Chinese text (`I-24/7`, `RevMod`) as a character-bigram phrase,
    guarded by its inner words (word tokens of `text_zh`): rare words find the few
    candidates, so the long phrase of common Latin bigrams is checked only there."""
    # Only words inside the phrase are whole tokens of the text: `egional organizations`
    # is a substring of `regional organizations`, so the edge words cannot guard.
    stripped = text.strip()
    words = [t.text for t in analyzer_for("zh")(stripped, chars=True, mode="query")
             if 0 < t.startchar and t.endchar < len(stripped)]  # no Han: no jieba either
    if not words:
        return substring
    return wq.And([*(wq.Term(word_field("zh"), w) for w in dict.fromkeys(words)), substring])


def exact_query(lang: str, terms: list[str]) -> wq.Query:
    """The exact-field query for `exact_phrase_terms`: a phrase, one term, or for a
    single Chinese character the prefix of the character bigrams (`analyzers.ngram`)."""
    fieldname = exact_field(lang)
    if len(terms) > 1:
        return wq.Phrase(fieldname, terms)
    if lang == "zh" and len(terms[0]) == 1:
        return wq.Prefix(fieldname, terms[0])
    return wq.Term(fieldname, terms[0])


def field_query(name: str, value: str) -> wq.Query:
    """`lang:zh`, `symbol:A/RES/80/*`, `date:2023`, `date:2020..2023-06`,
    `speaker:"Russian Federation"`."""
    if name == "lang":
        code = lang_code(value)
        if code is None:
            raise QueryError(f"unknown language in 'lang:{value}' (use one of "
                             f"{', '.join(LANGS)})")
        return wq.Term("lang", code)
    if name == "symbol":
        return symbol_query(value)
    if name in ("session", "agenda"):
        return header_query(name, value)
    if name == "speaker":  # verbatim records: the speaker or the State they speak for
        from undocs.indexer.speakers import speaker_key  # its patterns: only when asked

        key = speaker_key(value)
        return wq.Or([wq.Term("speaker_key", key), wq.Term("speaker_for_key", key)])
    return date_query(value, f"date:{value}")


def header_query(name: str, value: str) -> wq.Query:
    """`session:80`, `agenda:74`, `agenda:99(r)`: what a resolution's header block says."""
    item = value.lower().replace(" ", "")
    pattern = r"\d{1,3}" if name == "session" else r"\d{1,3}(?:\([a-z]{1,2}\))?"
    if not re.fullmatch(pattern, item):
        example = "80" if name == "session" else "74 or 99(r)"
        raise QueryError(f"bad {name} {value!r} in '{name}:{value}' (use a number: "
                         f"{name}:{example})")
    return wq.Term(name, str(int(item)) if item.isdigit() else item)


def symbol_query(pattern: str) -> wq.Query:
    key = symbol_key(pattern)
    if "*" in key or "?" in key:
        return wq.Wildcard("symbol_key", key)
    return wq.Term("symbol_key", key)


def date_query(value: str, where: str) -> wq.Query:
    """A year, month or day, or a range `A..B` with either end open."""
    if ".." in value:
        low, _, high = value.partition("..")
        for part in (low, high):
            if part:
                _check_date(part, where)
        if not low and not high:
            raise _bad_date(value, where)
        if low and high and low > high:
            raise QueryError(f"empty date range in '{where}' ({low} is after {high})")
        return wq.TermRange("date", low or None, (high + "\uffff") if high else None)
    _check_date(value, where)
    return wq.Prefix("date", value)


def _check_date(value: str, where: str) -> None:
    """A year, month or day that exists (`2023-02-30` does not)."""
    if not _DATE_RE.match(value):
        raise _bad_date(value, where)
    parts = [int(part) for part in value.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise _bad_date(value, where) from None


def _bad_date(value: str, where: str) -> QueryError:
    return QueryError(f"bad date {value!r} in '{where}' (use YYYY, YYYY-MM or YYYY-MM-DD; "
                      "a range as A..B)")
