"""Text → tokens: the Whoosh analyzers of the six UN languages."""
