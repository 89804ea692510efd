"""Pairing a language version with its siblings where its own text cannot tell.

The scraped Russian and Arabic Charter print no item labels and write no item in lower
case, so Article 55's `the United Nations shall promote: (a) …; (b) …` and Article 1's
`The Purposes … are: 1. …; 2. …` look alike: counted on their own, Article 55's items
would be `art55(1)`… where the other versions have `art55(a)`. Such a version takes the
shape of each unnumbered article (its anchors, in order) from a sibling file of the same
document in another language that can tell (`un-charter.en.md` beside
`un-charter.ru.md`; English, French, Spanish, then Chinese), the first whose article has
as many entries; any other article is counted as before. A version that can tell is
parsed from its own text alone.
"""

from __future__ import annotations

from pathlib import Path

from undocs.indexer.anchoring import Shape, article_shapes, tells_items
from undocs.indexer.filenames import split_name
from undocs.indexer.languages import lang_code

REFERENCE_LANGS = ("en", "fr", "es", "zh")  # versions that write items in lower case or print them
TEXT_SUFFIXES = ("md", "txt", "markdown")  # siblings read cheaply (no PDF is parsed for this)


def sibling_paths(path: Path) -> list[Path]:
    """The other language versions of `path` beside it (`name.LANG.md`), best first."""
    stem, suffix, lang = split_name(path.name)
    if not lang or suffix.lower() not in TEXT_SUFFIXES:
        return []
    own = lang_code(lang)
    siblings = [path.with_name(f"{stem}.{other}.{suffix}")
                for other in REFERENCE_LANGS if other != own]
    return [sibling for sibling in siblings if sibling.is_file()]


def sibling_shapes(path: Path) -> dict[str, list[Shape]]:
    """The article shapes `path` may borrow, best first: those of the siblings that
    tell items from paragraphs themselves (a sibling that cannot is no reference)."""
    from undocs.indexer.parse import outline_of  # parse imports this module
    from undocs.indexer.records import ParseError

    shapes: dict[str, list[Shape]] = {}
    for sibling in sibling_paths(path):
        try:
            outline = outline_of(sibling)
        except (OSError, ParseError):  # no reference; its own parse names the problem
            continue
        if tells_items(outline.bodies):
            outline.finish()
            for article, shape in article_shapes(outline.bodies).items():
                shapes.setdefault(article, []).append(shape)
    return shapes
