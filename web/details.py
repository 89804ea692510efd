"""The session and agenda filters: `session=80&agenda=74` on the search page and
`/api/search`, offered where the index holds documents whose header block gives them.

They are query fields (`session:80 agenda:74`), so a filter joins the query text: the
query layer checks each value and words its error, as for `undocs search 'agenda:x'`.
"""

from __future__ import annotations

from undocs.search.compile import header_query

HEADER_FIELDS = ("session", "agenda")


def header_fields(searcher) -> tuple[str, ...]:
    """The header fields some indexed document has (the form shows only these)."""
    present = set()
    for record in searcher.documents():
        present.update(k for k in (record.get("meta") or {}).get("details") or {}
                       if k in HEADER_FIELDS)
    return tuple(name for name in HEADER_FIELDS if name in present)


def fold_header_filters(pairs) -> list[tuple[str, str]]:
    """Request (name, value) pairs with `session`/`agenda` folded into the query pair,
    for the search command's own parameters to read (a filter alone is a query)."""
    pairs = list(pairs)
    values = {name: value for name, value in pairs if name in HEADER_FIELDS}
    if not any(value.strip() for value in values.values()):
        return [(name, value) for name, value in pairs if name not in HEADER_FIELDS]
    query = " ".join(value for name, value in pairs if name == "query" and value)
    rest = [(name, value) for name, value in pairs
            if name != "query" and name not in HEADER_FIELDS]
    return [("query", with_header_filters(query, values)), *rest]


def with_header_filters(query: str, values: dict[str, str]) -> str:
    """`query` narrowed by the given filters: `(nations OR court) session:80 agenda:74`.
    Each value is checked first (a QueryError names it), so what joins the query is a
    plain number such as `74` or `99(r)`."""
    terms = []
    for name in HEADER_FIELDS:
        value = (values.get(name) or "").strip()
        if value:
            header_query(name, value)  # the query layer's check and message
            terms.append(f"{name}:{value.lower().replace(' ', '')}")
    if not terms:
        return query
    return " ".join(([f"({query})"] if query.strip() else []) + terms)


def openapi_header_parameters() -> list[dict]:
    """The filters in `/api/search`'s OpenAPI parameters."""
    examples = {"session": "80", "agenda": "74"}
    return [{"name": name, "in": "query", "required": False,
             "description": f"Only documents whose header block gives this {name} "
                            f"(the query field {name}:{examples[name]}).",
             "schema": {"type": "string"}} for name in HEADER_FIELDS]
