"""A larger corpus made deterministically from the real paragraphs of ``corpus/``.

Each generated document is one language, 60-150 paragraphs sampled (with replacement,
``random.Random(seed)``) from that language's corpus paragraphs, their own leading
labels (``41.``, ``(a)``, ``3.6.1``, ``一、``) stripped and replaced by ``1.``, ``2.``...
It is written as ``gen-<lang>-<n>.<lang>.md`` with front matter (``symbol: GEN/<LANG>/<n>``),
so every file is a valid undocs input with its own symbol. Without ``langs``, each
document's language is drawn in proportion to the corpus text of that language.

Library use (from another benchmark in this folder): ``from corpusgen import generate``.
Command line: ``.venv/bin/python benchmarks/corpusgen.py OUT_DIR [--mb N] [--lang zh]``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from undocs.analyzers import LANGS
from undocs.indexer import parse_file

ROOT = Path(__file__).resolve().parent.parent

CORPUS = ROOT / "corpus"
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 60, 150

# The labels the parser reads at the start of a block (see indexer/labels.py), possibly
# several in a row (`4. (a) ...`); stripped before the paragraph is renumbered.
_LABEL_RE = re.compile(
    r"\s*(?:"
    r"\d{1,2}\.(?:\d{1,2}|[a-z])(?:\.\d{1,2})?(?:\s+|$)"  # dotted: 3.6.1
    r"|\d{1,3}[.．](?:\s+|(?=[^\d\s.．]))"  # number: 41.
    r"|[(（](?:[a-z]{1,4}|[а-я]|[\u0621-\u064a])[)）]\s*"  # (a) (iv) (б)
    r"|(?:[a-z]|[а-я]|[\u0621-\u064a])[)）]\s*"  # a)
    r"|[一二三四五六七八九十]{1,3}、\s*"  # 一、
    r")"
)


def strip_label(text: str) -> str:
    """`text` on one line without the paragraph labels it opens with."""
    text = " ".join(text.split())
    while True:
        match = _LABEL_RE.match(text)
        if not match or not match.group(0):
            return text
        text = text[match.end():]


def corpus_paragraphs(corpus: Path = CORPUS) -> dict[str, list[str]]:
    """The label-stripped, non-empty paragraph texts of every corpus file, per language."""
    pools: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for path in sorted(corpus.glob("*.*.md")):
        if path.name.split(".")[-2] not in LANGS:
            continue
        document = parse_file(path)
        for paragraph in document.paragraphs:
            text = strip_label(paragraph.text)
            if text:
                pools[document.lang].append(text)
    return {lang: texts for lang, texts in pools.items() if texts}


@dataclass
class Generated:
    folder: Path
    files: int = 0
    paragraphs: int = 0
    text_bytes: int = 0  # UTF-8 bytes of the paragraph texts (what MB/s figures count)
    file_bytes: int = 0  # bytes of the files, front matter and labels included
    per_lang: dict[str, int] = field(default_factory=dict)  # text bytes per language
    digest: str = ""  # sha256 over all files, to check that a seed gives the same corpus
    texts: list[str] = field(default_factory=list)  # the paragraph texts, if kept

    @property
    def mb(self) -> float:
        return self.text_bytes / 1e6

    def summary(self) -> str:
        """One line for the benchmarks' output: sizes, language shares, digest."""
        shares = ", ".join(f"{lang} {size / self.text_bytes:.0%}"
                           for lang, size in self.per_lang.items())
        return (f"{self.files} files, {self.paragraphs} paragraphs, {self.mb:.2f} MB text "
                f"({self.file_bytes / 1e6:.2f} MB files; {shares}); sha256 {self.digest[:16]}")


def generate(out_dir: Path, mb: float, seed: int = 0, langs: tuple[str, ...] | None = None,
             keep_texts: bool = False, corpus: Path = CORPUS) -> Generated:
    """Write documents into `out_dir` until their paragraph text reaches `mb` MB (1e6 B).

    `langs` restricts the documents to those languages (e.g. ``("zh",)``); the default
    is all corpus languages, weighted by their share of the corpus text.
    `keep_texts` keeps the paragraph texts in the result, in file order.
    """
    rng = random.Random(seed)
    pools = corpus_paragraphs(corpus)
    if langs is not None:
        pools = {lang: pools[lang] for lang in langs}
    order = sorted(pools)
    weights = [sum(len(t.encode("utf-8")) for t in pools[lang]) for lang in order]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = Generated(out_dir, per_lang=dict.fromkeys(order, 0))
    counters = dict.fromkeys(order, 0)
    digest = hashlib.sha256()
    target = int(mb * 1e6)
    while result.text_bytes < target:
        lang = rng.choices(order, weights)[0]
        counters[lang] += 1
        n = counters[lang]
        texts = [rng.choice(pools[lang])
                 for _ in range(rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS))]
        body = "\n\n".join(f"{i}. {text}" for i, text in enumerate(texts, 1))
        data = (f"---\nsymbol: GEN/{lang.upper()}/{n}\nlang: {lang}\n---\n\n{body}\n"
                ).encode()
        (out_dir / f"gen-{lang}-{n:05d}.{lang}.md").write_bytes(data)
        digest.update(data)
        size = sum(len(t.encode("utf-8")) for t in texts)
        result.files += 1
        result.paragraphs += len(texts)
        result.text_bytes += size
        result.file_bytes += len(data)
        result.per_lang[lang] += size
        if keep_texts:
            result.texts.extend(texts)
    result.digest = digest.hexdigest()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the documents into")
    parser.add_argument("--mb", type=float, default=10.0, help="MB of paragraph text")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lang", action="append", choices=LANGS,
                        help="only this language (repeatable); default: all, in proportion")
    args = parser.parse_args()
    gen = generate(args.out, args.mb, args.seed, tuple(args.lang) if args.lang else None)
    print(gen.summary())


if __name__ == "__main__":
    main()
