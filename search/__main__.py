"""`python -m search` runs the `undocs` command line."""

from undocs.search.cli import main

main()
