"""What file names say: `name.LANG.md` as this project writes them, and the names ODS
serves (`A_RES_80_39-EN.pdf`, `N2607585E.pdf`)."""

from __future__ import annotations

import re

from undocs.indexer.languages import lang_code


def name_lang(name: str) -> str:
    """The language a file name states, or ""."""
    return lang_code(split_name(name)[2]) or ods_name(name)[1]


def split_name(name: str) -> tuple[str, str, str]:
    """`udhr.zh.md` → (`udhr`, `md`, `zh`); the language part is empty if absent."""
    parts = name.split(".")
    if len(parts) >= 3 and lang_code(parts[-2]) and len(parts[-2]) <= 7:
        return ".".join(parts[:-2]), parts[-1], parts[-2]
    if len(parts) >= 2:
        return ".".join(parts[:-1]), parts[-1], ""
    return name, "", ""


_ODS_NAME_RE = re.compile(r"^(?P<symbol>[A-Z][A-Za-z0-9._]*(?:_[A-Za-z0-9.]+)+(?: \(\d{4}\))?)"
                          r"-(?P<lang>AR|ZH|EN|FR|RU|ES)$", re.IGNORECASE)
_ODS_JOB_RE = re.compile(r"^[NGV]\d{7}(?P<lang>[ACEFRS])?$")
_JOB_LANGS = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}


def ods_name(name: str) -> tuple[str, str]:
    """Symbol and language from a file name as ODS serves it: `A_RES_80_39-EN.pdf` →
    (`A/RES/80/39`, `en`); `N2607585E.pdf` → (``, `en`); ("", "") otherwise."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    match = _ODS_NAME_RE.match(stem)
    if match:
        return match.group("symbol").replace("_", "/"), match.group("lang").lower()
    match = _ODS_JOB_RE.match(stem)
    if match and match.group("lang"):
        return "", _JOB_LANGS[match.group("lang")]
    return "", ""
