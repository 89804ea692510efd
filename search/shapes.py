"""Which queries `search.topk` ranks without scoring every match: per language, terms
under AND, OR and AndMaybe, and the terms ("drivers") whose postings together are the
part's matches (a word; a two-word phrase, one shingle of the exact field; an unquoted
Chinese word as jieba's word OR its bigram). A language's part of another shape is
scored whole (`Clause.drivers` None); a query whose parts are not one language each
has no clauses at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import undocs.analyzers.whoosh_compat  # noqa: F401 - before Whoosh (see there)

from whoosh import query as wq

from undocs.analyzers import LANGS
from undocs.search.terms import encoded


@dataclass
class Node:
    """A term, or AND / OR / AndMaybe (`maybe`: children[0] raised by children[1]) of
    nodes, children in the order `search.evaluate` adds their scores."""

    kind: str
    children: list[Node] = field(default_factory=list)
    fieldname: str = ""
    btext: bytes | None = None  # None: a term no field can hold (matches nothing)

    def terms(self):
        if self.kind == "term":
            yield self
        for child in self.children:
            yield from child.terms()

    def nodes(self):
        yield self
        for child in self.children:
            yield from child.nodes()


@dataclass
class Clause:
    """One language's part: its tree and drivers, or (`whole`) a part of another shape,
    whose every match is scored."""

    part: wq.Query
    tree: Node | None = None
    drivers: list[Node] | None = None

    def weakly_bounded(self) -> bool:
        """Whether block bounds seldom spare this clause's blocks: several drivers (a
        Chinese word OR its bigram: the two bounds add up nearly flat across blocks)
        or an AND of terms (the bigrams of a Chinese word, bounded per document)."""
        return len(self.drivers) > 1 or any(node.kind == "and" and len(node.children) > 1
                                            for node in self.tree.nodes())


def language_clauses(evaluator, query: wq.Query) -> list[Clause] | None:
    """The per-language clauses of `query`, or None for another shape (or for no
    clause of the shapes taken: nothing to gain)."""
    parts = query.subqueries if type(query) is wq.Or and not query.minmatch \
        and query.scale is None and query.boost == 1.0 else [query]
    clauses = []
    langs = []
    for part in parts:
        lang = querylang_of(part)
        if lang is None:
            return None
        langs.append(lang)
        tree = term_tree(evaluator, part)
        drivers = drivers_of(tree) if tree is not None else None
        if tree is None or drivers is None:
            clauses.append(Clause(part))
            continue
        clauses.append(Clause(part, tree, drivers))
    if len(set(langs)) != len(langs) or all(c.drivers is None for c in clauses):
        return None  # matches of two clauses could meet in one paragraph
    return clauses


def term_tree(evaluator, query: wq.Query) -> Node | None:
    """`query` as terms under AND, OR and AndMaybe, or None for another shape."""
    if query.boost != 1.0:
        return None
    kind = type(query)
    if kind is wq.Term:
        field_ = evaluator.field_or_none(query.fieldname)
        if field_ is None:
            return None
        found = encoded(field_, [query.text])
        return Node("term", fieldname=query.fieldname, btext=found[0] if found else None)
    if kind is wq.AndMaybe:
        children = [term_tree(evaluator, query.a), term_tree(evaluator, query.b)]
        return None if None in children else Node("maybe", children)
    if kind is wq.And:
        if any(type(sub) is wq.Not for sub in query.subqueries):
            return None
        children = [term_tree(evaluator, sub) for sub in query.subqueries]
        if None in children or not children:
            return None  # before the sizes, which cost a lookup per segment
        reader = evaluator.reader()  # `Evaluator._and`'s order of addition
        sizes = [sub.estimate_size(reader) for sub in query.subqueries]
        order = sorted(range(len(children)), key=sizes.__getitem__)
        return Node("and", [children[i] for i in order])
    if kind is wq.Or and not query.minmatch and query.scale is None:
        children = [term_tree(evaluator, sub) for sub in query.subqueries]
        return None if None in children or not children else Node("or", children)
    return None


def drivers_of(node: Node) -> list[Node] | None:
    """The terms whose postings together are `node`'s matches, or None."""
    if node.kind == "term":
        return [node]
    if node.kind == "maybe":
        return drivers_of(node.children[0])
    if node.kind == "and":
        return drivers_of(node.children[0]) if len(node.children) == 1 else None
    found: list[Node] = []
    for child in node.children:
        drivers = drivers_of(child)
        if drivers is None:
            return None
        found.extend(drivers)
    return found


def querylang_of(query: wq.Query) -> str | None:
    """The one language of every field `query` reads, or None."""
    if type(query) in (wq.Term, wq.Phrase, wq.Prefix):
        return lang_of(query.fieldname)
    if type(query) in (wq.And, wq.Or, wq.AndMaybe):
        langs = {querylang_of(child) for child in query.children()}
        return langs.pop() if len(langs) == 1 else None
    return None


def lang_of(fieldname: str) -> str | None:
    """The language of a per-language field (`text_en`, `exact_zh`, `meta_fr`)."""
    lang = fieldname.rpartition("_")[2]
    return lang if lang in LANGS and fieldname != lang else None
