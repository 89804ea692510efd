"""The ways `undocs count` groups the paragraphs a query matches.

A module of its own so that the command line can offer them (`--by`) without loading
the searcher; `search.concordance` does the grouping."""

GROUPINGS = ("doc", "lang", "year", "body", "speaker")
