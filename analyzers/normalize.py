"""Character-level folding shared by every analyzer, with an offset map.

``fold(text, lang)`` is the single definition of "the same text" for a language: the
word analyzers, the exact fields, KWIC and the tests all compare folded strings.

Pipeline (each step keeps a map from output characters back to input characters):

1. ``str.casefold`` over the whole text (C speed; a per-character map is built only
   when some character expands, e.g. ``ß`` -> ``ss``).
2. Unicode normalisation per *cluster*: a maximal run of "special" characters (those
   NFKC changes, combining marks, Hangul V/T jamo, and the language's own folding
   targets) together with the one character before it, which a combining mark may
   compose with. Outside clusters text is left alone, so ordinary text costs one regex
   scan. (The runs are maximal, so the character before one is never special.)
   A cluster gets NFKC (composes NFD input, folds width), casefold again, then:

   * en, fr, es: accents removed (NFD, drop combining marks, NFC). Spanish keeps the
     tilde of ``ñ`` (``año`` and ``ano`` are different words); French and English
     lose all accents (unaccented capitals such as ``ETATS`` are common in UN text);
   * ru: ``ё`` -> ``е``; stray combining marks (stress accents) dropped; ``й`` stays;
   * ar: diacritics (all combining marks, U+064B-065F and U+0670 among them) and
     tatweel dropped, ``أ إ آ ٱ`` -> ``ا``, ``ى`` -> ``ي``, Arabic-Indic digits ->
     ASCII. ``ة`` is kept (Snowball Arabic needs it);
   * zh: stray combining marks dropped.
3. zh only: OpenCC Traditional -> Simplified, character by character (see ``_t2s``:
   context-free and length-preserving, so it needs no offset map).

Offsets: ``offsets[i]`` is the index in the original text of the character that
produced folded character ``i``; ``offsets[-1] == len(text)``. The map is monotone.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache

from .cache import cache_dir
from .han import han_run_re

__all__ = ["fold", "fold_with_offsets", "span_end", "Folded"]

ACCENT_LANGS = frozenset({"en", "fr", "es"})
_ARABIC_MAP = {
    ord("أ"): "ا",
    ord("إ"): "ا",
    ord("آ"): "ا",
    ord("ٱ"): "ا",
    ord("ى"): "ي",
    ord("ـ"): None,  # tatweel
    **{0x0660 + d: str(d) for d in range(10)},
    **{0x06F0 + d: str(d) for d in range(10)},
}
_EXTRA_SPECIAL = {
    "ru": "ё",
    "ar": "".join(chr(c) for c in _ARABIC_MAP),
}
_HANGUL_VT = ((0x1161, 0x1175), (0x11A8, 0x11C2))
_SCAN_RANGES = ((0, 0x30000), (0xE0000, 0xE1000))
@cache
def _astral_re() -> re.Pattern[str]:
    return re.compile("[\U00010000-\U0010ffff]")

Folded = tuple[str, "list[int] | None"]


def _group(lang: str) -> str:
    return lang if lang in ("es", "ru", "ar") else ("accent" if lang in ACCENT_LANGS else "")


def _is_mark(c: str) -> bool:
    return unicodedata.category(c)[0] == "M" or unicodedata.combining(c) != 0


@cache
def _base_special() -> frozenset[int]:
    """Code points NFKC changes, combining marks and composable jamo (computed once)."""
    nfkc = unicodedata.normalize
    out = set()
    for lo, hi in _SCAN_RANGES:
        for cp in range(lo, hi):
            c = chr(cp)
            if nfkc("NFKC", c) != c or _is_mark(c):
                out.add(cp)
    for lo, hi in _HANGUL_VT:
        out.update(range(lo, hi + 1))
    return frozenset(out)


def _is_special(c: str, group: str) -> bool:
    """Whether `c` lies in `_special_ranges(group)`, told for one character without the
    tables (a test checks the two agree): a text none of whose characters is special
    folds to itself, and spares its process the run patterns' compilation."""
    cp = ord(c)
    if c in _EXTRA_SPECIAL.get(group, "") or any(lo <= cp <= hi for lo, hi in _HANGUL_VT):
        return True
    if not any(lo <= cp < hi for lo, hi in _SCAN_RANGES):
        return False
    if unicodedata.normalize("NFKC", c) != c or _is_mark(c):
        return True
    return group in ("accent", "es") and bool(unicodedata.decomposition(c)) and not c.isspace()


# Until a group's run patterns are compiled: the characters already told plain or
# special, and how many texts were told so (caches, bounded by Unicode and by
# `_TELL_TEXTS`).
_PLAIN: dict[str, set[str]] = {}
_SPECIAL: dict[str, set[str]] = {}
_TOLD: dict[str, int] = {}
_TELL_TEXTS = 1_000


def _needs_patterns(text: str, group: str) -> bool:
    """Whether `text` holds a character folding must look at, each character told once
    by `_is_special` (set operations do the rest at C speed). A query process folds a
    query and a few snippets: where none holds an accent or a full-width form, it never
    compiles the patterns (4 ms a group). A process that folds many texts compiles them
    at the first text that needs them, or after `_TELL_TEXTS` texts anyway, for
    a compiled pattern scans text faster than a set is built."""
    told = _TOLD.get(group, 0)
    if told >= _TELL_TEXTS:
        return True
    _TOLD[group] = told + 1
    plain = _PLAIN.setdefault(group, set())
    special = _SPECIAL.setdefault(group, set())
    new = set(text).difference(plain)
    if not new or not new.isdisjoint(special):
        return bool(new)
    for c in new:
        if _is_special(c, group):
            special.add(c)
            return True
        plain.add(c)
    return False


_TABLES_VERSION = 1  # bump when what `_special_ranges` computes changes


def _special_ranges(group: str) -> list[tuple[int, int]]:
    """The code point ranges folding must look at in `group`, from the per-user cache:
    scanning all of Unicode costs a query process 40-50 ms. Keyed by the Unicode
    version of this Python, so an upgrade recomputes them."""
    name = f"fold-{unicodedata.unidata_version}-{_TABLES_VERSION}-{group or 'plain'}.json"
    path = os.path.join(cache_dir(), name)
    try:
        with open(path, encoding="ascii") as handle:
            return [(int(a), int(b)) for a, b in json.load(handle)]
    except (OSError, ValueError, TypeError):
        pass
    ranges = _compute_ranges(group)
    try:
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="ascii") as handle:
            json.dump(ranges, handle)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache only costs the scan
    return ranges


def _compute_ranges(group: str) -> list[tuple[int, int]]:
    cps = set(_base_special())
    if group in ("accent", "es"):
        for lo, hi in _SCAN_RANGES:
            for cp in range(lo, hi):
                c = chr(cp)
                if unicodedata.decomposition(c) and not c.isspace():
                    cps.add(cp)
    cps.update(ord(c) for c in _EXTRA_SPECIAL.get(group, ""))
    ranges, start, prev = [], None, None
    for cp in sorted(cps):
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            ranges.append((start, prev))
            start = prev = cp
    if start is not None:
        ranges.append((start, prev))
    return ranges


_COMPILED: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}  # by `_cluster_re`


def _cluster_re(group: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Run patterns: (BMP-only text, text with astral characters), compiled once."""
    patterns = _COMPILED.get(group)
    if patterns is None:
        patterns = _COMPILED[group] = _compile_cluster_re(group)
    return patterns


def _compile_cluster_re(group: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    ranges = _special_ranges(group)

    def cls(rs: list[tuple[int, int]]) -> str:
        return "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
            for a, b in rs
        )

    # sre matches a class of BMP characters with a bitmap but scans a class that also
    # holds astral ones range by range: keep the astral ranges in their own class.
    bmp = cls([(a, min(b, 0xFFFF)) for a, b in ranges if a <= 0xFFFF])
    astral = cls([(max(a, 0x10000), b) for a, b in ranges if b > 0xFFFF])
    return (re.compile(f"[{bmp}]+"), re.compile(f"(?:[{bmp}]|[{astral}])+"))


def _drop_marks(s: str, keep_tilde_n: bool = False) -> str:
    if keep_tilde_n:
        return "".join(
            c
            for i, c in enumerate(s)
            if not _is_mark(c) or (c == "\u0303" and i and s[i - 1] in "nN")
        )
    return "".join(c for c in s if not _is_mark(c))


_G_CACHE: dict[str, dict[str, str]] = {}


def _g(s: str, group: str) -> str:
    """Fold one cluster (memoised: clusters such as "，" repeat endlessly)."""
    cache = _G_CACHE.setdefault(group, {})
    out = cache.get(s)
    if out is not None:
        return out
    norm = unicodedata.normalize
    out = norm("NFKC", norm("NFKC", s).casefold())
    if group in ("accent", "es"):
        out = norm("NFC", _drop_marks(norm("NFD", out), keep_tilde_n=group == "es"))
    else:
        if group == "ru":
            out = out.replace("ё", "е")
        elif group == "ar":
            out = out.translate(_ARABIC_MAP)
        out = _drop_marks(out)
    if len(cache) > 200_000:
        cache.clear()
    cache[s] = out
    return out


def _compose(outer: list[int] | None, inner: list[int] | None) -> list[int] | None:
    """Map through ``inner`` (new -> mid) then ``outer`` (mid -> original)."""
    if inner is None:
        return outer
    if outer is None:
        return inner
    return [outer[i] for i in inner]


def _casefold(text: str) -> Folded:
    cf = text.casefold()
    if len(cf) == len(text):
        return cf, None
    offs: list[int] = []
    for i, c in enumerate(text):
        offs.extend([i] * len(c.casefold()))
    offs.append(len(text))
    return cf, offs


def _clusters(text: str, group: str) -> Folded:
    pieces: list[str] = []
    spans: list[tuple[int, int, list[int] | None]] = []
    if text.isascii():  # NFKC and the marks leave ASCII alone: spare the patterns'
        return text, None  # compilation (10 ms a language) to an ASCII query
    if group not in _COMPILED and not _needs_patterns(text, group):
        return text, None  # likewise for text without a character to fold ("curly quotes")
    last = 0
    changed_len = False
    bmp_re, full_re = _cluster_re(group)
    for m in (full_re if _astral_re().search(text) else bmp_re).finditer(text):
        a, b = m.span()
        if a > last:  # the character before a run may compose with it
            a -= 1
        src = text[a:b]
        out = _g(src, group)
        if out == src:
            continue
        parts = [_g(c, group) for c in src]
        if "".join(parts) == out:
            local = [a + i for i, p in enumerate(parts) for _ in p]
        else:
            local = [a] * len(out)
        if len(local) != b - a or local != list(range(a, b)):
            changed_len = True
        pieces.append(text[last:a])
        pieces.append(out)
        spans.append((a, b, local))
        last = b
    if not spans:
        return text, None
    pieces.append(text[last:])
    folded = "".join(pieces)
    if not changed_len:
        return folded, None
    offs: list[int] = []
    last = 0
    for a, b, local in spans:
        offs.extend(range(last, a))
        offs.extend(local)
        last = b
    offs.extend(range(last, len(text) + 1))
    return folded, offs


_T2S: list = []
_T2S_SEEN: set[str] = set()
_T2S_TABLE: dict[int, str] = {}
_T2S_CHANGED: set[str] = set()  # the characters _T2S_TABLE converts
_T2S_SEP = "\x1f"


def _t2s_converter():
    if not _T2S:
        import opencc

        _T2S.append(opencc.OpenCC("t2s"))
    return _T2S[0]


def _t2s(text: str) -> str:
    """OpenCC t2s applied character by character (context-free, length-preserving).

    OpenCC's phrase table makes whole-text conversion context-dependent (``藉此`` ->
    ``借此`` but ``藉`` alone stays), which would break ``fold(substring) ==
    substring of fold`` and with it quoted-phrase search. Each new Han character is
    converted once (in one OpenCC call per text) and cached; the text is then mapped
    with ``str.translate``. Conversions that are not one character to one are ignored.
    """
    if text.isascii():
        return text
    chars = set(text)
    han_run = han_run_re()
    new = [c for c in chars - _T2S_SEEN if han_run.match(c)]
    if new:
        conv = _t2s_converter()
        parts = conv.convert(_T2S_SEP.join(new)).split(_T2S_SEP)
        if len(parts) != len(new):
            parts = [conv.convert(c) for c in new]
        for c, p in zip(new, parts, strict=False):
            if len(p) == 1 and p != c:
                _T2S_TABLE[ord(c)] = p
                _T2S_CHANGED.add(c)
        _T2S_SEEN.update(new)
    if not _T2S_CHANGED.isdisjoint(chars):
        return text.translate(_T2S_TABLE)
    return text


@lru_cache(maxsize=8)
def fold_map(text: str, lang: str) -> Folded:
    """Folded text and offset map, or ``None`` for the map when it is the identity.

    The last few results are cached (the map is shared: read it, never change it): the
    indexer folds a paragraph once per field, a snippet once per phrase it marks."""
    group = _group(lang)
    out, offs = _casefold(text)
    out, offs2 = _clusters(out, group)
    offs = _compose(offs, offs2)
    if lang == "zh":
        out = _t2s(out)
    return out, offs


def fold(text: str, lang: str) -> str:
    """The folded form of ``text`` in ``lang`` (see the module docstring)."""
    return fold_map(text, lang)[0]


def fold_with_offsets(text: str, lang: str) -> tuple[str, list[int]]:
    """``fold`` plus, for each folded character, its index in ``text`` (and ``len(text)``)."""
    out, offs = fold_map(text, lang)
    if offs is None:
        offs = list(range(len(out) + 1))
    return out, offs


def span_end(offs: list[int], end: int) -> int:
    """Original end offset of a folded span ``[start, end)`` with ``end > start``.

    Normally ``offs[end]``; when one original character expanded into several folded
    ones and the span stops inside that expansion (``½`` -> ``1⁄2``), the end moves to
    the next original character so the span is never empty.
    """
    e = offs[end]
    prev = offs[end - 1]
    if e > prev:
        return e
    return offs[bisect_right(offs, prev)]
