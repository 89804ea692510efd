"""The query language: words, "phrases", OR, NOT/-, parentheses, field:value filters.

`parse_query` turns a query string into a small syntax tree; `compile_query` turns
that tree into a Whoosh query over every language's fields. Errors are `QueryError`s
whose message names the part of the query at fault.

Grammar (AND binds tighter than OR; words side by side are ANDed):

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary+                       ("AND" between them is allowed)
    unary   := ("NOT" | "-") unary | atom
    atom    := "(" query ")" | "phrase" | field ":" value | word
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KNOWN_FIELDS = ("lang", "symbol", "date", "speaker")
# Bounds on a query's work (a passage to trace goes to `undocs source`):
MAX_QUERY_CHARS = 2_000
MAX_TERMS = 100  # words, phrases and filters
MAX_TERM_CHARS = 200  # one word, phrase or filter value
MAX_DEPTH = 32  # nested parentheses


class QueryError(ValueError):
    """A query that cannot be understood; the message names the part at fault."""


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True)
class Not:
    node: object


@dataclass(frozen=True)
class And:
    nodes: tuple


@dataclass(frozen=True)
class Or:
    nodes: tuple


_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "«": "»", "„": "“"}
_TOKEN_RE = re.compile(r"""\s*(?:(?P<open>[(（])|(?P<close>[)）])|(?P<quote>["“「『«„])"""
                       r"""|(?P<word>[^\s()（）"“「『«„]+))""")
_FIELD_RE = re.compile(r"^(?P<neg>-?)(?P<name>[A-Za-z_]+):(?P<value>.*)$", re.DOTALL)


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "phrase", "word", "field", "or", "and", "not"
    text: str
    position: int
    negated: bool = False
    name: str = ""


def _lex(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(query):
        match = _TOKEN_RE.match(query, position)
        if not match or match.end() == position:
            break  # only whitespace is left
        start = match.start(match.lastgroup)
        if match.group("open"):
            tokens.append(_Token("(", "(", start))
            position = match.end()
        elif match.group("close"):
            tokens.append(_Token(")", ")", start))
            position = match.end()
        elif match.group("quote"):
            end = _closing_quote(query, start, start)
            negated = start > 0 and query[start - 1] == "-"
            if negated and tokens and tokens[-1].text == "-":
                tokens.pop()
            tokens.append(_Token("phrase", query[match.end():end], start, negated))
            position = end + 1
        else:
            word = match.group("word")
            position = match.end()
            field = _FIELD_RE.match(word)
            # `name:value` is a field (known or not: an unknown one is an error), except
            # where it reads as a URL (`http://…`)
            if field and (field.group("name").lower() in KNOWN_FIELDS or (
                    field.group("value") and not field.group("value").startswith("/"))):
                name = field.group("name").lower()
                if name not in KNOWN_FIELDS:
                    raise QueryError(f"unknown field '{field.group('name')}:' in "
                                     f"{_excerpt(word)} (known: "
                                     f"{', '.join(f + ':' for f in KNOWN_FIELDS)})")
                value = field.group("value")
                if not value and query[position:position + 1] in _QUOTES:
                    end = _closing_quote(query, position, start)  # symbol:"S/RES/2712 (2023)"
                    value = query[position + 1:end]
                    position = end + 1
                if not value:
                    raise QueryError(f"'{name}:' needs a value")
                tokens.append(_Token("field", value, start, bool(field.group("neg")), name))
            elif word in ("OR", "|", "||"):
                tokens.append(_Token("or", word, start))
            elif word in ("AND", "&&", "+"):
                tokens.append(_Token("and", word, start))
            elif word == "NOT":
                tokens.append(_Token("not", word, start))
            elif word.startswith("-") and len(word) > 1:
                tokens.append(_Token("word", word[1:], start, negated=True))
            elif word == "-":
                tokens.append(_Token("not", word, start))
            else:
                tokens.append(_Token("word", word, start))
    return tokens


def _closing_quote(query: str, opening: int, shown_from: int) -> int:
    """Where the quote opened at `opening` closes; unterminated, an error showing the
    query from `shown_from`."""
    end = query.find(_QUOTES[query[opening]], opening + 1)
    if end < 0:
        raise QueryError(f"unterminated quote at position {opening + 1}: "
                         f"{_excerpt(query[shown_from:])}")
    return end


def _excerpt(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.index = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self):
        terms = [token for token in self.tokens if token.kind in ("word", "phrase", "field")]
        if len(terms) > MAX_TERMS:
            raise QueryError(f"too many search terms ({len(terms)}; at most {MAX_TERMS}); "
                             "to find where a passage comes from, use `undocs source`")
        for token in terms:
            if len(token.text) > MAX_TERM_CHARS:
                kind = "phrase" if token.kind == "phrase" else "word"
                raise QueryError(f"{kind} at position {token.position + 1} too long "
                                 f"({len(token.text):,} characters; at most "
                                 f"{MAX_TERM_CHARS}); to find where a passage comes from, "
                                 "use `undocs source`")
        depth = deepest = 0
        for token in self.tokens:
            depth += {"(": 1, ")": -1}.get(token.kind, 0)
            deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise QueryError(f"parentheses nested {deepest} deep (at most {MAX_DEPTH})")
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            raise QueryError(f"unbalanced ')' at position {token.position + 1}")
        return node

    def or_expr(self):
        nodes = [self.and_expr()]
        while self.peek() is not None and self.peek().kind == "or":
            operator = self.take()
            if self.peek() is None or self.peek().kind in (")", "or"):
                raise QueryError(f"'{operator.text}' at position {operator.position + 1} "
                                 "has nothing after it")
            nodes.append(self.and_expr())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self):
        nodes = []
        while True:
            token = self.peek()
            if token is None or token.kind in (")", "or"):
                break
            if token.kind == "and":
                self.take()
                continue
            nodes.append(self.unary())
        if not nodes:
            token = self.peek()
            if token is None:
                raise QueryError("empty query" if not self.tokens else
                                 "the query ends where a search term was expected")
            if token.kind == ")":
                raise QueryError(f"unbalanced ')' at position {token.position + 1}")
            raise QueryError(f"'{token.text}' at position {token.position + 1} has nothing "
                             "before it")
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self):
        token = self.take()
        if token.kind == "not":
            if self.peek() is None or self.peek().kind in (")", "or"):
                raise QueryError(f"'{token.text}' at position {token.position + 1} has "
                                 "nothing after it")
            return Not(self.unary())
        if token.kind == "(":
            if self.peek() is not None and self.peek().kind == ")":
                raise QueryError(f"empty parentheses at position {token.position + 1}")
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise QueryError(f"unbalanced '(' at position {token.position + 1}")
            self.take()
            return node
        if token.kind == ")":
            raise QueryError(f"unbalanced ')' at position {token.position + 1}")
        if token.kind == "phrase":
            node = Phrase(token.text)
        elif token.kind == "field":
            node = Field(token.name, token.text)
        else:
            node = Word(token.text)
        return Not(node) if token.negated else node


def parse_query(query: str):
    """The syntax tree of `query`; `QueryError` names what is wrong with it."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(query):,} characters; at most "
                         f"{MAX_QUERY_CHARS:,})")
    if not query.strip():
        raise QueryError("empty query")
    return _Parser(_lex(query)).parse()
