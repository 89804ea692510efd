"""Helpers of `benchmarks/scale.py`: cache and builds, query sets, the measuring children
(undocs warm, tantivy), updates, and the report. Imported with `benchmarks/` on `sys.path`."""
