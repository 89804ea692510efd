"""CSL-JSON checked against the published JSON Schema of CSL input data (`csl-data.json`,
bundled in `data/` with its provenance), offline: the schema's references are all inside
it, and it refuses any key CSL does not define."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMA_FILE = Path(__file__).parent / "data" / "csl-data.json"


@cache
def validator():
    from jsonschema import Draft7Validator

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def schema_errors(items) -> list[str]:
    """Every way `items` (a CSL-JSON array) breaks the schema, as `path: message`."""
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
            for error in validator().iter_errors(items)]


def valid_csl_json(text: str) -> list[dict]:
    """The items of an export, asserted valid CSL-JSON."""
    items = json.loads(text)
    errors = schema_errors(items)
    assert not errors, "\n".join(errors)
    return items
