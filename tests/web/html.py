"""A small reader of the pages' HTML for tests: every element with its attributes and
text, found by tag and attribute values."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    parts: list = field(default_factory=list)  # text and child elements, in order

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    def find_all(self, tag: str | None = None, **attrs) -> list[Element]:
        found = []
        for part in self.parts:
            if isinstance(part, Element):
                if (tag is None or part.tag == tag) and all(
                        part._has(name.rstrip("_"), value) for name, value in attrs.items()):
                    found.append(part)
                found += part.find_all(tag, **attrs)
        return found

    def _has(self, name: str, value) -> bool:
        """`class_="x"`: one of its classes; `name=True`: the attribute is there."""
        if value is True:
            return name in self.attrs
        if name == "class":
            return value in self.classes()
        return self.attrs.get(name) == value

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.stack[-1].parts.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].parts.append(data)


def parse_html(text: str) -> Element:
    reader = _Reader()
    reader.feed(text)
    return reader.root
