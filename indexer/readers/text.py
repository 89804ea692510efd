"""Markdown and plain text: front matter, then one line of the block stream per source
line (markup and footer noise stripped by `indexer.markup`)."""

from __future__ import annotations

import re

from undocs.indexer.markup import clean_line
from undocs.indexer.readers import Reading

_FRONT_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def read_text(text: str) -> Reading:
    """Decoded text (`\\n` line ends) as a Reading; never raises."""
    lines = text.split("\n")
    front, body_start = front_matter(lines)
    return Reading(
        lines=[clean_line(index + 1, lines[index]) for index in range(body_start, len(lines))],
        front=front,
        sample=text[:20000],
    )


def front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """The `---` key: value block at the top of a file, keys folded to lower case, and
    the index of the first line after it."""
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first >= len(lines) or lines[first].strip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for index in range(first + 1, min(len(lines), first + 200)):
        line = lines[index]
        if line.strip() == "---":
            return fields, index + 1
        match = _FRONT_KEY_RE.match(line)
        if match:
            value = match.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields.setdefault(match.group(1).lower(), value)
    return {}, 0  # no closing line: not front matter but text
