"""Citation export: hits as BibTeX, CSL-JSON and RIS entries that reference managers
(Zotero, Mendeley, EndNote) import, and the short form a reader pastes into a text.

One entry per paragraph: the document's symbol, title, date and language, the paragraph
(`para. 3`, `Art. 2 (4)`) and the document's permanent link on the UN's resolver,
`https://undocs.org/<lang>/<symbol>`. The CLI (`cite`/`search --format bibtex`) and the
web page both call `export()`, so the files are the same wherever they come from.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

EXPORT_FORMATS = ("bibtex", "csl-json", "ris")
MEDIA_TYPES = {"bibtex": "application/x-bibtex",
               "csl-json": "application/vnd.citationstyles.csl+json",
               "ris": "application/x-research-info-systems"}
EXTENSIONS = {"bibtex": "bib", "csl-json": "json", "ris": "ris"}
AUTHOR = "United Nations"

_ARTICLE_RE = re.compile(r"art(\d+)((?:\([0-9a-z]+\))*)")
_NUMBERED_RE = re.compile(r"(\d[\w.]*)((?:\([0-9a-z]+\))*)")


def permanent_link(symbol: str, lang: str) -> str:
    """The UN's resolver for a symbol: the official document in that language; "" for a
    name taken from a file name (`un-charter`), which the resolver does not know."""
    if "/" not in symbol:
        return ""
    return f"https://undocs.org/{lang}/{quote(symbol, safe='/()')}"


def paragraph_label(anchor: str) -> str:
    """How a paragraph is named in a reference: `3` → `para. 3`, `4(b)` → `para. 4 (b)`,
    `art2(4)` → `Art. 2 (4)`, `annex.3` → `annex, para. 3`, `pp2` → `preambular para. 2`,
    footnotes (`fn8`) and blocks only undocs numbers (`p12`) keep their anchor, `¶p12`.
    `undocs cite` reads every one of them back."""
    prefix = ""
    if anchor.startswith("annex") and "." in anchor:
        annex, anchor = anchor.split(".", 1)
        number = annex[len("annex"):]
        prefix = f"annex {number.upper()}, " if number else "annex, "
    article = _ARTICLE_RE.fullmatch(anchor)
    if article:
        return f"{prefix}Art. {article.group(1)}{_subs(article.group(2))}"
    if anchor.startswith("pp") and anchor[2:].isdigit():
        return f"{prefix}preambular para. {anchor[2:]}"
    numbered = _NUMBERED_RE.fullmatch(anchor)
    if numbered:
        return f"{prefix}para. {numbered.group(1)}{_subs(numbered.group(2))}"
    return f"{prefix}¶{anchor}"


def _subs(parts: str) -> str:
    """`(b)(ii)` → ` (b) (ii)`."""
    return "".join(f" {part})" for part in parts.split(")") if part)


def short_citation(symbol: str, anchor: str) -> str:
    """`A/RES/80/6, para. 3`: what a reader pastes into a footnote (and `cite` reads)."""
    return f"{symbol}, {paragraph_label(anchor)}"


def _fields(hit: dict) -> dict:
    date = hit.get("date") or ""
    return {
        "symbol": hit["symbol"], "lang": hit["lang"], "anchor": hit["anchor"],
        # a title cut from a resolution's header may keep its colon: `… Court :`
        "title": (hit.get("title") or "").rstrip(" :;,") or hit["symbol"], "date": date,
        "parts": [int(p) for p in date.split("-") if p.isdigit()],
        "paragraph": paragraph_label(hit["anchor"]),
        "url": permanent_link(hit["symbol"], hit["lang"]),
        "key": re.sub(r"[^A-Za-z0-9]+", "-", f"{hit['symbol']}-{hit['anchor']}-{hit['lang']}")
        .strip("-"),
    }


# -- BibTeX ------------------------------------------------------------------------------
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                   "$": r"\$", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def _bibtex_value(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def bibtex_entry(hit: dict) -> str:
    f = _fields(hit)
    pairs = [("title", _bibtex_value(f["title"])), ("author", "{United Nations}"),
             ("organization", AUTHOR), ("number", _bibtex_value(f["symbol"])),
             ("howpublished", _bibtex_value(f"UN document {f['symbol']}")),
             ("note", _bibtex_value(f["paragraph"])), ("language", f["lang"])]
    if f["url"]:
        pairs.append(("url", f["url"]))
    if f["parts"]:
        pairs.insert(2, ("year", str(f["parts"][0])))
        pairs.insert(3, ("date", f["date"]))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in pairs)
    return f"@misc{{{f['key']},\n{body}\n}}\n"


# -- CSL-JSON ----------------------------------------------------------------------------
def csl_item(hit: dict) -> dict:
    f = _fields(hit)
    item = {"id": f["key"], "type": "document", "title": f["title"],
            "author": [{"literal": AUTHOR}], "publisher": AUTHOR, "number": f["symbol"],
            "section": f["paragraph"], "note": f["paragraph"], "language": f["lang"]}
    if f["url"]:
        item["URL"] = f["url"]
    if f["parts"]:
        item["issued"] = {"date-parts": [f["parts"]]}
    return item


# -- RIS ---------------------------------------------------------------------------------
def ris_entry(hit: dict) -> str:
    f = _fields(hit)
    tags = [("TY", "GEN"), ("ID", f["key"]), ("TI", f["title"]), ("AU", AUTHOR),
            ("PB", AUTHOR), ("M1", f["symbol"]), ("SE", f["paragraph"]),
            ("N1", f["paragraph"]), ("LA", f["lang"])]
    if f["url"]:
        tags.append(("UR", f["url"]))
    if f["parts"]:
        tags.insert(4, ("PY", str(f["parts"][0])))
        tags.insert(5, ("DA", "/".join(f"{p:02d}" for p in f["parts"])))
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags]
    return "\n".join(lines) + "\nER  - \n"


def export(fmt: str, hits: list[dict]) -> str:
    """The hits (their `to_dict()` form) as one file of `fmt` (see `EXPORT_FORMATS`)."""
    if fmt == "bibtex":
        return "\n".join(bibtex_entry(hit) for hit in hits)
    if fmt == "csl-json":
        return json.dumps([csl_item(hit) for hit in hits], ensure_ascii=False, indent=2) + "\n"
    if fmt == "ris":
        return "\n".join(ris_entry(hit) for hit in hits)
    raise ValueError(f"unknown export format {fmt!r} (use one of {', '.join(EXPORT_FORMATS)})")
