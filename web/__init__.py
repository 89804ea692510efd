"""`undocs serve`: the search page, the document and parallel views, and the HTTP API.

A layer on top of `undocs.search` that nothing else imports: `web.command` adds the
`serve` command to the CLI group, `web.app` builds the Starlette application, whose
pages (`web.pages`) and API routes (`web.api`) call the same library functions as the
command line.
"""
