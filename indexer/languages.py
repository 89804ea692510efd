"""Language names and codes as UN documents write them, in the six official languages."""

from __future__ import annotations

import re
from functools import cache

# Every way a header or front matter names a language, folded to lower case.
_NAMES = {
    "ar": ["ar", "ara", "arabic", "arabe", "árabe", "арабский", "العربية", "阿拉伯文"],
    "zh": ["zh", "zh-hans", "zh-cn", "chi", "chinese", "chinois", "chino", "китайский",
           "الصينية", "中文"],
    "en": ["en", "eng", "english", "anglais", "inglés", "ingles", "английский",
           "الإنكليزية", "الانكليزية", "الإنجليزية", "英文"],
    "fr": ["fr", "fre", "fra", "french", "français", "francais", "francés", "frances",
           "французский", "الفرنسية", "法文"],
    "ru": ["ru", "rus", "russian", "russe", "ruso", "русский", "الروسية", "俄文"],
    "es": ["es", "spa", "spanish", "espagnol", "español", "espanol", "испанский",
           "الإسبانية", "西班牙文"],
}
_BY_NAME = {name: code for code, names in _NAMES.items() for name in names}


def lang_code(name: str) -> str | None:
    """The two-letter code for a language name or code (`EN`, `Chinese`, `anglais`)."""
    return _BY_NAME.get(name.strip().strip(".:").lower())


@cache
def _guess_patterns() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    """(script patterns, function-word patterns of the Latin-script languages), compiled
    on first use: only parsing guesses languages, and a query process never does."""
    scripts = {
        "zh": re.compile(r"[\u4e00-\u9fff]"),
        "ar": re.compile(r"[\u0600-\u06ff]"),
        "ru": re.compile(r"[\u0400-\u04ff]"),
    }
    words = {
        "en": re.compile(r"\b(?:the|and|of|to|in|for|is|with)\b", re.IGNORECASE),
        "fr": re.compile(r"\b(?:les|des|du|et|une|dans|pour|est)\b", re.IGNORECASE),
        "es": re.compile(r"\b(?:los|las|del|y|una|para|por|el)\b", re.IGNORECASE),
    }
    return scripts, words


def guess_lang(text: str) -> str:
    """A language guess from a text sample, for files that name none: script first,
    then common function words to tell the Latin-script languages apart."""
    sample = text[:20000]
    scripts, words = _guess_patterns()
    counts = {lang: len(p.findall(sample)) for lang, p in scripts.items()}
    lang, count = max(counts.items(), key=lambda kv: kv[1])
    if count >= 20:
        return lang
    latin = {lang: len(p.findall(sample)) for lang, p in words.items()}
    return max(latin.items(), key=lambda kv: kv[1])[0] if any(latin.values()) else "en"
