"""`python -m search` runs the `undocs` command line."""

from search.cli import main

main()
