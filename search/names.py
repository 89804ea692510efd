"""Documents by the names researchers call them: symbols, titles and short names.

A citation may open with a symbol (`A/RES/80/9`), a document's title in any language
version (`Charter of the United Nations`, `联合国宪章`) or a common short name
(`UN Charter`, `UNTOC`). Titles come from the index; short names from `ALIASES`, a small
curated table. A name that fits several documents answers to none of them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from undocs.indexer.symbols import symbol_key

# Short names in common use → the symbol the bundled corpus gives the document (its file
# name, for documents without a UN symbol). Each with where the short name is used.
ALIASES: dict[str, tuple[str, ...]] = {
    # un.org titles its pages "UN Charter" and "United Nations Charter"
    "un-charter": ("UN Charter", "United Nations Charter", "U.N. Charter"),
    # UNODC's own abbreviation; "Palermo Convention" after its signing conference;
    # "Organized Crime Convention" (打击有组织犯罪公约) is the short form the CTOC reports use
    "untoc": ("UNTOC", "Palermo Convention", "Organized Crime Convention",
              "打击有组织犯罪公约", "联合国打击跨国有组织犯罪公约"),
    # the abbreviation of the convention's own secretariat (unfccc.int)
    "unfccc": ("UNFCCC", "Climate Change Convention"),
    # unstats.un.org: "Global indicator framework for the Sustainable Development Goals"
    "sdg-indicators": ("SDG indicators", "global indicator framework"),
}

_TATWEEL = "\u0640"
_EDGE_PUNCTUATION = " \t:;,.：；，。"


def fold_name(text: str) -> str:
    """A name as compared: width and case folded, no tatweel, one space between words."""
    text = unicodedata.normalize("NFKC", text).replace(_TATWEEL, "").casefold()
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION)


@dataclass
class DocumentNames:
    """Every name the indexed documents answer to, folded, each with the symbol keys it
    names (more than one: ambiguous)."""

    display: dict[str, str]  # symbol key → symbol as written
    names: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_records(cls, records: list[dict]) -> DocumentNames:
        display = {r["symbol_key"]: r["symbol"] for r in records}
        table = cls(display)
        for record in records:
            if record.get("title"):
                table.add(record["title"], record["symbol_key"])
        for key, aliases in ALIASES.items():
            if symbol_key(key) in display:
                for alias in aliases:
                    table.add(alias, symbol_key(key))
        return table

    def add(self, name: str, key: str) -> None:
        folded = fold_name(name)
        if len(folded) >= 3:
            self.names.setdefault(folded, set()).add(key)

    def split(self, text: str) -> tuple[str, str] | None:
        """(symbol key, the rest of `text` as typed) if `text` opens with a known symbol
        or name, the longest that fits, else None. Raises ValueError naming the documents
        an ambiguous name fits. Looks up each prefix of `text` that ends where a word
        does, so the cost follows the citation's length, not the index's size."""
        normalised = symbol_key(text)
        for end in range(len(normalised), 0, -1):
            rest = normalised[end:]
            if rest and (rest[0].isalnum() or rest[0] in "/-."):
                continue  # `A/RES/80/99` does not open with `A/RES/80/9`
            key = normalised[:end]
            if key in self.display:
                return key, _after(text, key, symbol_key)
        folded = fold_name(text)
        for end in range(len(folded), 2, -1):
            name = folded[:end]
            keys = self.names.get(name)
            if not keys or not _boundary(name, folded[end:]):
                continue
            if len(keys) > 1:
                raise ValueError(f"{name!r} names several documents: "
                                 f"{', '.join(sorted(self.display[k] for k in keys))}")
            return next(iter(keys)), _after(text, name, fold_name)
        return None


def _after(text: str, prefix: str, normalise) -> str:
    """What follows, as typed, the shortest start of `text` that normalises to `prefix`."""
    for end in range(1, len(text) + 1):
        if normalise(text[:end]) == prefix:
            return text[end:]
    return ""


def _is_han(character: str) -> bool:
    return "\u3400" <= character <= "\u9fff"  # (a pattern would cost cite 1.4 ms to compile)


def _boundary(name: str, rest: str) -> bool:
    """A name ends where a word does; Chinese runs on with no space (`联合国宪章第二条`)."""
    if not rest or not rest[0].isalnum():
        return True
    return _is_han(name[-1]) or _is_han(rest[0])
