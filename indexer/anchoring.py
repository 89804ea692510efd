"""The outline's last passes: anchors for what the walk through the blocks left unlabelled.

The walk (`indexer.outline`) labels what the text numbers; these passes run once the
whole document is known, because an anchor here depends on what follows: an article's
body (one paragraph is the article itself, several count as `art3(1)`…), a preamble
(`intro`, `pp1`… before the first paragraph), and the residue, counted from the labelled
entry before it (`art5(2)+1`) so that text added elsewhere does not move it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from undocs.indexer.blocks import join_lines

# A lead-in that announces the paragraphs after it: it ends in a colon, or names them
# (`… in accordance with the following Principles.`).
_CHAPEAU_RE = re.compile(r"(?:following|suivants|suivantes|siguientes|следующ\w*|الآتية|التالية|"
                         r"下列)\W*\w*\W*\w*[.。]\s*$", re.IGNORECASE)
# `The General Assembly,` opens a resolution's preamble: its subject, not paragraph PP1.
_INTRO_RE = re.compile(r"^(?:The |La |El |L[’'])?(?:\w+\s+){0,4}(?:General Assembly|Security "
                       r"Council|Council|Conference|Assembly|Assemblée générale|Conseil de "
                       r"sécurité|Asamblea General|Consejo de Seguridad|Генеральная Ассамблея|"
                       r"Совет Безопасности|大会|安全理事会|الجمعية العامة|مجلس الأمن)\s*[,，،]?$")

@dataclass(slots=True)
class Entry:
    kind: str
    heading: tuple[str, ...]
    lines: list[tuple[int, str]]
    anchor: str | None = None  # None: given when the outline is finished (`finish`)
    number_scope: str = ""  # for numbered paragraphs: the scope their number counts in
    article: str = ""  # the article it stands in
    scope: str = ""  # "annex." inside an annex
    preamble: str = ""  # before a document's first paragraph: "yes", or "after intro"

    @property
    def text(self) -> str:
        lines = self.lines
        return lines[0][1] if len(lines) == 1 else join_lines([text for _, text in lines])



# An article's shape: its heading's anchor, then the anchor and kind of each body entry.
Shape = tuple[str, tuple[tuple[str, str], ...]]


def anchor_articles(bodies: list[tuple[Entry, list[Entry]]],
                    shapes: dict[str, list[Shape]] | None = None) -> None:
    """Anchor the unnumbered text of each article under it.

    One unnumbered paragraph is the article (`art9`). A lead-in before printed numbers,
    or one that announces the paragraphs after it, is the article too (the heading stays
    in the heading path; the heading line itself is `art9.title`). Articles that print no
    numbers at all (the scraped Charter) count their paragraphs, `art2(1)`…, as the
    versions that print them do; given `shapes` (other language versions', best first:
    `indexer.versions`), such an article takes the first with as many entries.
    """
    for head, made in bodies:
        body = [entry for entry in made if entry.kind not in _NOT_BODY]
        texts = [entry for entry in body if entry.anchor is None]
        if not texts:
            continue
        printed = len(texts) < len(body)
        shape = next((shape for shape in shapes.get(head.anchor, ())
                      if len(shape[1]) == len(texts)), None) if shapes and not printed else None
        if shape is not None:
            head.anchor = shape[0]
            for entry, (anchor, kind) in zip(texts, shape[1], strict=True):
                entry.anchor, entry.kind = anchor, kind
            continue
        if printed:
            lead = texts[0] if texts[0] is body[0] else None
        else:
            lead = texts[0] if len(texts) == 1 or _is_chapeau(texts) else None
        article = head.anchor
        if lead is not None:
            lead.anchor, lead.kind = article, "paragraph"
            head.anchor = f"{article}.title"
        if not printed:
            _count_paragraphs(article, [entry for entry in texts if entry is not lead],
                              lead.lines[-1][1] if lead is not None else "")


def article_shapes(bodies: list[tuple[Entry, list[Entry]]]) -> dict[str, Shape]:
    """The shape of every article, once anchored: what another version may borrow."""
    shapes = {}
    for head, made in bodies:
        body = tuple((entry.anchor, entry.kind) for entry in made
                     if entry.kind not in _NOT_BODY)
        shapes[head.anchor.removesuffix(".title")] = (head.anchor, body)
    return shapes


def tells_items(bodies: list[tuple[Entry, list[Entry]]]) -> bool:
    """Whether a document can tell its articles' lettered items from their paragraphs:
    it has no article to count, or prints labels, or writes some item in lower case
    after a lead-in. The scraped Russian and Arabic Charter do none of these (Russian
    capitalises the items, Arabic has no case)."""
    counted = False
    for _, made in bodies:
        body = [entry for entry in made if entry.kind not in _NOT_BODY]
        if any(entry.anchor is not None for entry in body):
            return True
        if any(_opens_lower(entry) for entry in body[1:]):
            return True
        counted = counted or len(body) > 1
    return not counted


def _is_chapeau(texts: list[Entry]) -> bool:
    """Whether the first paragraph of a number-less article leads in to the others (the
    Charter's `The Purposes of the United Nations are:`), not paragraph 1 itself (`… for
    the purpose of:`, then its items in lower case, then a paragraph 2)."""
    tail = texts[0].lines[-1][1].rstrip()
    if not tail.endswith((":", "：")) and not (
            tail.endswith((".", "。")) and _CHAPEAU_RE.search(tail[-40:])):
        return False
    if not _opens_lower(texts[1]):
        return True
    return all(_opens_lower(entry) for entry in texts[1:])


def _count_paragraphs(article: str, texts: list[Entry], lead: str) -> None:
    """`art2(1)`, `art2(2)`… for an article's paragraphs that print no numbers; items in
    lower case after a lead-in ending in a colon are its letters (`art55(a)`), as the
    versions that print them have them."""
    number, letter, parent = 0, 0, article
    lettering = False
    previous = lead
    for entry in texts:
        if _opens_lower(entry) and (lettering or previous.rstrip().endswith((":", "："))):
            letter += 1
            lettering = True
            entry.anchor, entry.kind = f"{parent}({chr(ord('a') + letter - 1)})", "subparagraph"
        else:
            number += 1
            letter, lettering = 0, False
            parent = entry.anchor = f"{article}({number})"
            entry.kind = "paragraph"
        previous = entry.lines[-1][1]


def _opens_lower(entry: Entry) -> bool:
    return entry.lines[0][1][:1].islower()


_NOT_BODY = frozenset(("article", "heading", "footnote"))


def anchor_preambles(entries: list[Entry]) -> None:
    """`pp1`, `pp2`… for the unnumbered paragraphs before a document's (or an annex's)
    first paragraph; `intro` for the `The General Assembly,` that opens them. After an
    intro, a paragraph that ends in a full stop (`Adopts the Declaration….`) is operative:
    the preamble ends before it."""
    counts: dict[str, int] = {}
    opened: set[str] = set()  # scopes whose preamble has an intro
    ended: set[str] = set()
    # a preamble precedes something: text over no numbered paragraph, article or
    # labelled heading (a note, an article pasted as one block) is no preamble
    structured = any(e.anchor not in (None, "title") for e in entries)
    for entry in entries:
        if entry.anchor is not None or not entry.preamble or entry.scope in ended:
            continue
        count = counts.get(entry.scope)
        if count is None and _INTRO_RE.match(entry.text):
            entry.anchor = f"{entry.scope}intro"
            counts[entry.scope] = 0
            opened.add(entry.scope)
            continue
        if entry.scope not in opened and (entry.preamble != "yes" or not structured):
            continue
        if entry.scope in opened and _ends_operative(entry.text):
            ended.add(entry.scope)
            continue
        counts[entry.scope] = (count or 0) + 1
        entry.anchor = f"{entry.scope}pp{counts[entry.scope]}"


def _ends_operative(text: str) -> bool:
    return text.rstrip().endswith((".", "。")) and not text.rstrip().endswith("..")


def anchor_residue(entries: list[Entry]) -> None:
    """What is still unlabelled counts from the labelled entry before it (`art5(2)+1`),
    so that text added elsewhere does not move it; `p<n>` before any labelled entry."""
    base, count = "", 0
    for entry in entries:
        if entry.anchor is not None:
            if entry.kind != "footnote":  # footnotes sit where the page ended
                base, count = entry.anchor, 0
            continue
        count += 1
        entry.anchor = f"{base}+{count}" if base else f"p{count}"
