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

Since a version's anchors may come from its siblings, its content hash (`version_hash`)
covers theirs too: `undocs index` re-reads `un-charter.ru.md` when `un-charter.en.md`
changes, not only when its own bytes do.
"""

from __future__ import annotations

import hashlib
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


def version_hash(path: Path, data: bytes) -> str:
    """The sha256 of a file's bytes, and of the siblings its anchors may borrow from
    (their names and bytes): what decides whether `undocs index` re-reads it."""
    siblings = sibling_paths(path)
    if not siblings:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256(data)
    for sibling in siblings:
        try:
            sibling_data = sibling.read_bytes()
        except OSError:  # gone or unreadable: no reference, as in `sibling_shapes`
            continue
        digest.update(b"\0" + sibling.name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(sibling_data).digest())
    return digest.hexdigest()


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
