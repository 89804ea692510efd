"""Files → paragraphs → index. Knows UN documents; knows nothing of the CLI."""

from indexer.parse import parse_bytes, parse_file, parse_text
from indexer.records import Document, Paragraph, ParseError

__all__ = ["Document", "Paragraph", "ParseError", "parse_bytes", "parse_file", "parse_text"]
