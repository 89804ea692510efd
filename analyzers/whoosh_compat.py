"""Importing Whoosh without `urllib.request`, which costs every command on an index ~20 ms.

Every Whoosh module starts by importing `whoosh.compat`, and Whoosh 2.7's `whoosh.compat`
runs `from urllib.request import urlretrieve` unconditionally, for a download helper
Whoosh itself never calls. Importing `urllib.request` pulls in `http.client`, `email`,
`ssl` and `socket`: about 20 ms of CPU in every command that touches the
index, none of which undocs uses (it never opens a network connection).

So `whoosh.compat` is imported here, first, with a placeholder module standing in for
`urllib.request` for the length of that one import; the placeholder is removed at once,
so that any later `import urllib.request` loads the real module. `whoosh.compat
.urlretrieve` stays usable: it imports the real function on its first call.

Every undocs module that imports Whoosh imports this module above its first Whoosh
import (`import undocs.analyzers.whoosh_compat`, which ruff's isort keeps in a section
of its own, before third-party imports: see pyproject.toml); in `analyzers`, the
package's `__init__` does it before any submodule runs. So whichever undocs module is
imported first, Whoosh is loaded through here, while a command that never touches the
index (`--help`, `parse`) loads no Whoosh at all. `tests/analyzers/test_whoosh_compat.py`
checks every such module; `tests/search/test_process.py` that a search process loads no
`urllib.request`. Where Whoosh is already loaded (a program imported it itself), this
does nothing.
"""

from __future__ import annotations

import sys
import types


def _urlretrieve(*args, **kwargs):
    """`urllib.request.urlretrieve`, imported when first called."""
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def import_whoosh_compat() -> None:
    """Import `whoosh.compat` without `urllib.request` (idempotent)."""
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        import whoosh.compat  # noqa: F401 - loaded already, or urllib.request costs nothing more

        return
    import urllib  # the package only (cheap): the parent of the placeholder

    placeholder = types.ModuleType("urllib.request", "Stands in while whoosh.compat loads.")
    placeholder.urlretrieve = _urlretrieve
    sys.modules["urllib.request"] = placeholder
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is placeholder:
            del sys.modules["urllib.request"]
        if getattr(urllib, "request", None) is placeholder:
            del urllib.request


import_whoosh_compat()
