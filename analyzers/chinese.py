"""Chinese word analyzer: fold (NFKC, case, OpenCC t2s) then jieba, offsets preserved.

Token stream guarantees (what phrases and highlights rely on):

* Han runs of the folded text go to jieba's accurate mode (HMM on) with the UN term
  dictionary ``un_terms_zh.txt``; runs of other letters/digits (``I-24/7`` ->
  ``i``, ``24``, ``7``; ``RevMod`` -> ``revmod``; ``2``) are words of their own,
  unstemmed and never dropped. There is no stop list (``和`` stays).
* Every accurate-mode word gets the next position: positions of distinct words are
  consecutive integers, so a phrase of accurate-mode words matches.
* Only with ``mode="index"`` (what Whoosh passes when indexing and what highlighting
  must pass): after a word of 3+ characters come its sub-words of 2+ characters that
  are in jieba's dictionary (a superset of jieba's search mode), at the SAME position
  as the word, each with its own start/end chars. Positions are thus non-decreasing,
  and strictly increasing between accurate-mode words; start chars are non-decreasing.
  Query mode (and ``query_terms``) emits accurate-mode words only.
* ``startchar``/``endchar`` index the original text, whatever the fold changed.

jieba and its dictionary load on the first Chinese text (about 0.7 s), from a private
``jieba.Tokenizer`` whose cache lives in the per-user cache directory; its logger is
silenced, and paddle is never enabled.
"""

from __future__ import annotations

import os
import threading

from whoosh.analysis import Analyzer, CompositeAnalyzer, Token, Tokenizer

from .cache import cache_dir
from .component import whole_value
from .han import han_runs_or_words
from .normalize import fold, fold_map, span_end

__all__ = ["ChineseTokenizer", "chinese_analyzer", "cache_dir", "jieba_tokenizer", "word_counts"]

USER_DICT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "un_terms_zh.txt")
CACHE_FILE = "jieba-0.42.1.cache"
_JIEBA: list = []
_LOCK = threading.Lock()


def jieba_tokenizer():
    """The process-wide private ``jieba.Tokenizer`` with the UN dictionary (lazy)."""
    if _JIEBA:
        return _JIEBA[0]
    with _LOCK:
        if not _JIEBA:
            import logging  # here: a process that never segments Chinese never loads it

            import jieba

            jieba.setLogLevel(logging.WARNING)
            logging.getLogger("jieba").setLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.tmp_dir = cache_dir()
            tok.cache_file = CACHE_FILE
            tok.initialize()
            tok.load_userdict(USER_DICT)
            _JIEBA.append(tok)
    return _JIEBA[0]


def _cut_block(tok):
    # The accurate-mode (HMM) segmenter jieba.cut applies to each Han block; calling it
    # directly skips jieba's own block splitting, which we do once with our regex.
    return tok._Tokenizer__cut_DAG


def _subwords(word: str, freq: dict) -> list[tuple[int, int]]:
    """(start, size) of the sub-words of 2+ characters of a 3+ character `word` that
    are in jieba's dictionary `freq`: the index-mode extras, left to right."""
    n = len(word)
    return [(k, size) for k in range(n - 1) for size in range(2, n - k + (k > 0))
            if freq.get(word[k:k + size])]


def word_counts(text: str) -> dict[str, int]:
    """How many times each token text occurs in the index-mode stream of `text`: what
    the word field records (it keeps no positions), without building tokens."""
    counts: dict[str, int] = {}
    cut = freq = None
    for m in han_runs_or_words(fold(text, "zh")):
        if m.group(1) is None:
            word = m.group()
            counts[word] = counts.get(word, 0) + 1
            continue
        if cut is None:
            tok = jieba_tokenizer()
            cut, freq = _cut_block(tok), tok.FREQ
        for word in cut(m.group()):
            counts[word] = counts.get(word, 0) + 1
            if len(word) > 2:
                for k, size in _subwords(word, freq):
                    sub = word[k:k + size]
                    counts[sub] = counts.get(sub, 0) + 1
    return counts


class ChineseTokenizer(Tokenizer):
    """Folded jieba words with token-counting positions and original-text offsets."""

    def __eq__(self, other):
        return self.__class__ is other.__class__

    def __hash__(self):
        return hash(self.__class__.__name__)

    def __repr__(self):
        return f"{self.__class__.__name__}()"

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield whole_value(t, value, fold(value, "zh"), start_pos, start_char)
            return
        folded, offs = fold_map(value, "zh")
        subwords = mode == "index"
        tok = cut = freq = None
        pos = start_pos
        for m in han_runs_or_words(folded):
            han = m.group(1) is not None
            if not han:
                words = (m.group(),)
            else:
                if cut is None:
                    tok = jieba_tokenizer()
                    cut, freq = _cut_block(tok), tok.FREQ
                words = cut(m.group())
            i = m.start()
            for w in words:
                j = i + len(w)
                t.text = w
                t.pos = pos
                if offs is None:
                    t.startchar = start_char + i
                    t.endchar = start_char + j
                else:
                    t.startchar = start_char + offs[i]
                    t.endchar = start_char + span_end(offs, j)
                if keeporiginal:
                    t.original = value[t.startchar - start_char:t.endchar - start_char]
                yield t
                if subwords and han and j - i > 2:
                    for k, size in _subwords(w, freq):
                        t.text = w[k:k + size]
                        if offs is None:
                            t.startchar = start_char + i + k
                            t.endchar = start_char + i + k + size
                        else:
                            t.startchar = start_char + offs[i + k]
                            t.endchar = start_char + span_end(offs, i + k + size)
                        if keeporiginal:
                            t.original = value[t.startchar - start_char:t.endchar - start_char]
                        yield t
                pos += 1
                i = j


def chinese_analyzer() -> Analyzer:
    """The Chinese word analyzer (field ``text_zh``)."""
    return CompositeAnalyzer(ChineseTokenizer())
