"""Citations as users type them → (document, anchors, language).

`A/RES/80/11 27`, `CTOC/COP/WG.3/2023/4 ¶41 (zh)`, `… para. 29`, `… paragraph 4 (b)`,
`… 第41段`, `… 第 4 段(b)分段`, `… párrafo 41`, `… Article 14`, `… art. 52`, `… 第十八条`,
`… 第二条第四项`, `… 第十三条第一项(丑)款`, `… Статья 13`, `… المادة 17`,
`A/RES/80/9, annex, para. 3`, `… footnote 8`, `… Chapter VII`: all name an anchor;
`… paras. 5-6`, `… paras. 3 and 5` name several, and `;` separates citations.
`S/PV.10011, p. 5`, `… pp. 3-4`, `… page 5`, `… págs. 3-4`, `… стр. 5`, `… 第5页` name
pages of a PDF instead. Error messages quote the citation as it was typed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from undocs.indexer.symbols import symbol_key
from undocs.search.anchor_forms import CitationError, parse_anchors, split_language
from undocs.search.names import DocumentNames

__all__ = ["CitationError", "CitationRef", "parse_citations", "parse_pages", "unknown_document"]


@dataclass(frozen=True)
class CitationRef:
    symbol_key: str
    anchor: str
    lang: str | None
    annex_given: bool = False
    typed: str = ""  # the part of the citation that named this anchor, as typed
    pages: tuple[int, int] | None = None  # a page citation: first and last page, no anchor


# pages: `p.` with its dot (`p5` is the anchor p5, `pp3` a preambular paragraph)
_PAGE_RANGE = r"(?:\s*(?:-|–|—|to\b|à\b|a\b|al\b|до\b|至|到)\s*(?:第\s*)?(\d{1,4}))?"
_PAGE_RES = (
    re.compile(r"^(?:pp?\.|pages?\b|págs?\.|pags?\.|páginas?\b|paginas?\b|стр\.|страницы?\b)"
               rf"\s*(\d{{1,4}}){_PAGE_RANGE}$", re.IGNORECASE),
    re.compile(rf"^第\s*(\d{{1,4}}){_PAGE_RANGE}\s*页$"),
)



def parse_citations(text: str, names: DocumentNames, has_anchor=None) -> list[CitationRef]:
    """Every anchor a citation names, in the order written. `;` separates citations; one
    that names no document continues the document of the one before it. `has_anchor(key,
    anchor)`, if given, picks the documents an error message offers as examples."""
    refs: list[CitationRef] = []
    key = None
    for part in [p for p in text.split(";") if p.strip()] or [text]:
        key, rest = _split_document(part, names, text, key, has_anchor)
        pages, lang = parse_pages(rest)
        if pages is not None:
            refs.append(CitationRef(key, "", lang, typed=part.strip(), pages=pages))
            continue
        anchors, lang = parse_anchors(rest)
        refs += [CitationRef(key, anchor, lang, annex, part.strip())
                 for anchor, annex in anchors]
    return refs


def _split_document(part: str, names: DocumentNames, whole: str, previous: str | None,
                    has_anchor) -> tuple[str, str]:
    try:
        found = names.split(part.strip())
    except ValueError as err:
        raise CitationError(f"{err}, in citation {whole!r}; use its symbol") from None
    if found:
        return found
    if previous is not None:
        return previous, part
    if not part.strip():
        raise CitationError("empty citation: name a document and a paragraph, "
                            f"e.g. {_example(names)}")
    anchor = _first_anchor(part)
    if anchor is not None:
        having = [key for key in sorted(names.display, key=lambda k: ("/" not in k, k))[:50]
                  if has_anchor is None or has_anchor(key, anchor)]
        raise CitationError(f"no document named in {whole!r}; name one, "
                            f"e.g. {_example(names, part.strip(), having)}")
    guess = re.split(r"[\s,¶]", part.strip(), maxsplit=1)[0]
    raise unknown_document(guess, names.display, f" in citation {whole!r}")


def _first_anchor(text: str) -> str | None:
    try:
        return parse_anchors(text)[0][0][0]
    except CitationError:
        return None


def _example(names: DocumentNames, anchor: str = "¶3", first: list[str] | None = None) -> str:
    """`'A/RES/80/9 ¶41' (documents: A/RES/80/6, A/RES/80/9, …, 7 in all)`, with a
    document from `first` (those that have the paragraph) where there is one."""
    symbols = sorted(names.display.values(), key=lambda s: ("/" not in s, s))
    if not symbols:
        return f"'A/RES/80/9 {anchor}' (the index holds no documents)"
    example = names.display[first[0]] if first else symbols[0]
    listed = ", ".join(symbols[:4]) + (f", … {len(symbols)} in all" if len(symbols) > 4 else "")
    return f"'{example} {anchor}' (documents: {listed})"


def unknown_document(name: str, known: dict[str, str], where: str = "") -> CitationError:
    """The error for a symbol no indexed document has, with the closest ones."""
    close = difflib.get_close_matches(symbol_key(name), list(known), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(known[k] for k in close)}?" if close else ""
    return CitationError(f"unknown document {name!r}{where}{hint}")


def parse_pages(rest: str) -> tuple[tuple[int, int] | None, str | None]:
    """((first page, last page), language or None) if what follows the symbol names
    pages (`p. 5`, `pp. 3-4`, `page 5 (en)`, `第5页`), else (None, None)."""
    text, lang = split_language(rest.strip(" ,;:"))
    for pattern in _PAGE_RES:
        page = pattern.match(text)
        if page:
            first = int(page.group(1))
            last = int(page.group(2) or first)
            if last < first:
                raise CitationError(f"the pages in {rest.strip()!r} end before they start")
            return (first, last), lang
    return None, None
